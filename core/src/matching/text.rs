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
/// into several, and removal may leave runs of spaces).
fn fold(text: &str) -> String {
    let unmarked: String = text.nfkd().filter(|&c| !is_mark(c)).collect();
    let mut folded = String::with_capacity(unmarked.len());
    for word in unmarked
        .to_lowercase()
        .chars()
        .filter(|&c| !is_punctuation_or_symbol(c))
        .collect::<String>()
        .split_whitespace()
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
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
    use super::{company, name};

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
