//! The `name` and `company` match values: Unicode NFKD, combining marks
//! removed, lower-cased, punctuation and symbols (general categories P*
//! and S*) removed, whitespace collapsed to single spaces; a company also
//! loses its trailing legal suffixes, repeatedly (`Acme Pvt Ltd` and
//! `ACME Private Limited` are both `acme`). Categories come from the
//! Unicode tables of the crates, not from a hand-written list, so a name
//! in any script is read alike.

use unicode_general_category::{get_general_category, GeneralCategory as G};
use unicode_normalization::UnicodeNormalization;

/// The legal suffixes a company name drops from its end, as normalised
/// words.
pub const LEGAL_SUFFIXES: [&str; 14] = [
    "ltd", "limited", "llc", "inc", "pvt", "private", "gmbh", "corp", "co", "plc", "llp", "sa", "ag", "bv",
];

/// The match value of a person's name, if anything is left of it.
pub fn name(text: &str) -> Option<String> {
    let folded = fold(text);
    (!folded.is_empty()).then_some(folded)
}

/// The match value of a company's name, legal suffixes dropped, if
/// anything is left of it.
pub fn company(text: &str) -> Option<String> {
    let mut folded = fold(text);
    loop {
        let (rest, last) = folded.rsplit_once(' ').unwrap_or(("", folded.as_str()));
        if !LEGAL_SUFFIXES.contains(&last) {
            break;
        }
        let keep = rest.len();
        folded.truncate(keep);
    }
    (!folded.is_empty()).then_some(folded)
}

/// NFKD, marks out, lower case, punctuation and symbols out, whitespace
/// collapsed (the steps in that order: lower-casing may turn one letter
/// into several, and removal may leave runs of spaces). Written in one
/// pass into one string: ASCII text needs neither NFKD nor marks; other
/// text is lower-cased a char at a time, which is the whole string's
/// lower case except for a capital sigma (its lower case depends on its
/// neighbours), so text with one takes the steps one by one.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    let mut folded = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd().filter(|&c| !is_mark(c)) {
        if c == CAPITAL_SIGMA {
            return fold_stepwise(text);
        }
        for lower in c.to_lowercase() {
            push_folded(&mut folded, &mut gap, lower);
        }
    }
    folded
}

/// Greek capital sigma: lower-cased to `ς` at the end of a word, `σ`
/// elsewhere.
const CAPITAL_SIGMA: char = '\u{3a3}';

/// [`fold`] of ASCII text: every ASCII punctuation mark and symbol is in
/// P* or S*, and Rust's whitespace in ASCII is these six bytes.
fn fold_ascii(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut gap = false;
    for b in text.bytes() {
        match b {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => gap = !folded.is_empty(),
            _ if b.is_ascii_punctuation() => {}
            _ => {
                if gap {
                    folded.push(' ');
                    gap = false;
                }
                folded.push(char::from(b.to_ascii_lowercase()));
            }
        }
    }
    folded
}

/// Appends `c` (lower-cased) to `folded`: whitespace only marks a gap,
/// written as one space before the next kept char; punctuation and
/// symbols are dropped.
fn push_folded(folded: &mut String, gap: &mut bool, c: char) {
    if c.is_whitespace() {
        *gap = !folded.is_empty();
    } else if !is_punctuation_or_symbol(c) {
        if *gap {
            folded.push(' ');
            *gap = false;
        }
        folded.push(c);
    }
}

/// [`fold`], step by step: the whole string lower-cased at once.
fn fold_stepwise(text: &str) -> String {
    let unmarked: String = text.nfkd().filter(|&c| !is_mark(c)).collect();
    let mut folded = String::with_capacity(unmarked.len());
    let mut gap = false;
    for c in unmarked.to_lowercase().chars() {
        push_folded(&mut folded, &mut gap, c);
    }
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
