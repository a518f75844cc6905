//! The `name` and `company` match values: Unicode NFKD, combining marks
//! removed, lower-cased, punctuation and symbols (general categories P*
//! and S*) removed, whitespace collapsed to single spaces; a company also
//! loses its trailing legal suffixes, repeatedly (`Acme Pvt Ltd` and
//! `ACME Private Limited` are both `acme`). Categories come from the
//! Unicode tables of the crates, not from a hand-written list, so a name
//! in any script is read alike.

use unicode_general_category::{get_general_category, GeneralCategory as G};
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::UnicodeNormalization;

/// The legal suffixes a company name drops from its end, as normalised
/// words.
pub const LEGAL_SUFFIXES: [&str; 14] = [
    "ltd", "limited", "llc", "inc", "pvt", "private", "gmbh", "corp", "co", "plc", "llp", "sa", "ag", "bv",
];

/// The match value of a person's name, if anything is left of it.
pub fn name(text: &str) -> Option<String> {
    let mut value = String::new();
    name_into(text, &mut value).then_some(value)
}

/// The match value of a company's name, legal suffixes dropped, if
/// anything is left of it.
pub fn company(text: &str) -> Option<String> {
    let mut value = String::new();
    company_into(text, &mut value).then_some(value)
}

/// [`name`], written at the end of `out`; `false` (and nothing written)
/// for no value.
pub(crate) fn name_into(text: &str, out: &mut String) -> bool {
    let start = out.len();
    fold_into(text, out);
    out.len() > start
}

/// [`company`], written at the end of `out`; `false` (and nothing
/// written) for no value.
pub(crate) fn company_into(text: &str, out: &mut String) -> bool {
    let start = out.len();
    fold_into(text, out);
    while let Some(folded) = out.get(start..) {
        let (rest, last) = folded.rsplit_once(' ').unwrap_or(("", folded));
        if !LEGAL_SUFFIXES.contains(&last) {
            break;
        }
        let keep = start + rest.len();
        out.truncate(keep);
    }
    out.len() > start
}

/// NFKD, marks out, lower case, punctuation and symbols out, whitespace
/// collapsed (the steps in that order: lower-casing may turn one letter
/// into several, and removal may leave runs of spaces), appended to `out`
/// in one pass. ASCII text needs neither NFKD nor marks. Other text is
/// decomposed a char at a time: NFKD is each char's full decomposition,
/// then the canonical reordering of the chars of non-zero combining
/// class, which are marks, removed anyway, so the order never shows; a
/// char of non-zero class that the category tables (of an older Unicode)
/// do not call a mark would be kept, so text with one takes the steps one
/// by one. Lower case is taken a char at a time, which is the whole
/// string's lower case except for a capital sigma (its lower case depends
/// on its neighbours), so text with one takes the steps one by one too.
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        return fold_ascii(text, out);
    }
    let start = out.len();
    let mut gap = false;
    let mut stepwise = false;
    for c in text.chars() {
        if c.is_ascii() {
            push_ascii(out, start, &mut gap, c);
            continue;
        }
        decompose_compatible(c, |d| {
            if stepwise || is_mark(d) {
                return;
            }
            if d == CAPITAL_SIGMA || canonical_combining_class(d) != 0 {
                stepwise = true;
                return;
            }
            for lower in d.to_lowercase() {
                push_folded(out, start, &mut gap, lower);
            }
        });
        if stepwise {
            out.truncate(start);
            return fold_stepwise(text, out);
        }
    }
}

/// Greek capital sigma: lower-cased to `ς` at the end of a word, `σ`
/// elsewhere.
const CAPITAL_SIGMA: char = '\u{3a3}';

/// [`fold_into`] of ASCII text: every ASCII punctuation mark and symbol is
/// in P* or S*, and Rust's whitespace in ASCII is these six bytes.
fn fold_ascii(text: &str, out: &mut String) {
    let start = out.len();
    let mut gap = false;
    for b in text.bytes() {
        push_ascii(out, start, &mut gap, char::from(b));
    }
}

/// [`push_folded`] of an ASCII char.
fn push_ascii(out: &mut String, start: usize, gap: &mut bool, c: char) {
    match c {
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ' => *gap = out.len() > start,
        _ if c.is_ascii_punctuation() => {}
        _ => {
            if *gap {
                out.push(' ');
                *gap = false;
            }
            out.push(c.to_ascii_lowercase());
        }
    }
}

/// Appends `c` (lower-cased) to the value begun at `start` of `out`:
/// whitespace only marks a gap, written as one space before the next kept
/// char; punctuation and symbols are dropped.
fn push_folded(out: &mut String, start: usize, gap: &mut bool, c: char) {
    if c.is_whitespace() {
        *gap = out.len() > start;
    } else if !is_punctuation_or_symbol(c) {
        if *gap {
            out.push(' ');
            *gap = false;
        }
        out.push(c);
    }
}

/// [`fold_into`], step by step: the whole string lower-cased at once.
fn fold_stepwise(text: &str, out: &mut String) {
    let unmarked: String = text.nfkd().filter(|&c| !is_mark(c)).collect();
    let start = out.len();
    let mut gap = false;
    for c in unmarked.to_lowercase().chars() {
        push_folded(out, start, &mut gap, c);
    }
}

/// A value's fold, in a string of its own.
#[cfg(test)]
fn fold(text: &str) -> String {
    let mut folded = String::new();
    fold_into(text, &mut folded);
    folded
}

fn is_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark
    )
}

fn is_punctuation_or_symbol(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
    )
}

#[cfg(test)]
mod tests {
    use super::{company, fold, is_mark, is_punctuation_or_symbol, name};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    /// The steps as the contract lists them, one string each.
    fn fold_reference(text: &str) -> String {
        let unmarked: String = text.nfkd().filter(|&c| !is_mark(c)).collect();
        let kept: String = unmarked
            .to_lowercase()
            .chars()
            .filter(|&c| !is_punctuation_or_symbol(c))
            .collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn one_pass_folds_as_the_steps_do() {
        for text in [
            "  José   O'Brien-Núñez ",
            "ΟΔΥΣΣΕΥΣ Σ",
            "\u{1d6ba}ΑΣ x",
            "ǅemal ß İstanbul",
            "a\u{1c}b\u{0b}c\u{85}d\u{a0}e",
            "- a -- b -",
            "Ａｃｍｅ　Ltd",
            "",
        ] {
            assert_eq!(fold(text), fold_reference(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn one_pass_folds_any_text_as_the_steps_do(text in any::<String>()) {
            prop_assert_eq!(fold(&text), fold_reference(&text));
        }

        #[test]
        fn one_pass_folds_letters_marks_and_gaps_as_the_steps_do(
            text in "[ a-zA-Z\\-'.,\t\u{a0}\u{300}\u{301}\u{3a3}\u{3c3}\u{391}\u{1d6ba}\u{130}\u{df}\u{1c5}éÉŒ]{0,24}"
        ) {
            prop_assert_eq!(fold(&text), fold_reference(&text));
        }
    }

    #[test]
    fn chars_of_a_combining_class_fold_as_the_steps_do() {
        // Every char of non-zero combining class, in pairs out of order
        // and after a letter: marks, and the newer ones the category
        // tables do not know.
        let classed: Vec<char> = (0..=0x10_ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| unicode_normalization::char::canonical_combining_class(c) != 0)
            .collect();
        for pair in classed.windows(2) {
            if let [a, b] = pair {
                let text = format!("Ab{b}{a} {a}x{b}");
                assert_eq!(fold(&text), fold_reference(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn accents_punctuation_and_spaces_fold_away() {
        assert_eq!(
            name("  José   O'Brien-Núñez ").as_deref(),
            Some("jose obriennunez")
        );
        assert_eq!(name("ＪＡＮＥ\tDoe").as_deref(), Some("jane doe"));
        assert_eq!(name(" .,;| "), None);
    }

    #[test]
    fn companies_drop_every_trailing_legal_suffix() {
        for spelling in [
            "Acme Pvt Ltd",
            "ACME Private Limited",
            "Acme",
            "Acme, Inc.",
            "acme co. ltd",
        ] {
            assert_eq!(company(spelling).as_deref(), Some("acme"), "{spelling}");
        }
        assert_eq!(company("Co Ltd"), None);
        assert_eq!(company("Ltd Acme").as_deref(), Some("ltd acme"));
    }
}
