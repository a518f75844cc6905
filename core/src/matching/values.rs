//! A lead's normalised match values, field by field: each distinct, in
//! the order the record gives them (`phone` before `mobiles`, `email`
//! before `emails`). A value that normalises to nothing is left out.

use crate::matching::email::email;
use crate::matching::phone::phone;
use crate::matching::record::MatchLead;
use crate::matching::rules::{MatchField, Matching};
use crate::matching::text::{company, name};

/// The normalised values of one lead, by [`MatchField::index`]; a field no
/// rule compares is not computed (and stays empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Values {
    by_field: [Vec<String>; 4],
}

impl Values {
    /// The values of `lead` for the fields `matching`'s rules compare.
    pub(crate) fn of(matching: &Matching, lead: &MatchLead<'_>) -> Values {
        let mut values = Values::default();
        let region = matching.default_region;
        for field in MatchField::ALL {
            if !matching.uses(field) {
                continue;
            }
            let found: Vec<String> = match field {
                MatchField::Phone => (lead.phone.iter().chain(&lead.mobiles))
                    .filter_map(|text| phone(text, region))
                    .collect(),
                MatchField::Email => (lead.email.iter().chain(&lead.emails))
                    .filter_map(|text| email(text))
                    .collect(),
                MatchField::Name => lead.name.and_then(name).into_iter().collect(),
                MatchField::Company => lead.company.and_then(company).into_iter().collect(),
            };
            if let Some(slot) = values.by_field.get_mut(field.index()) {
                *slot = distinct(found);
            }
        }
        values
    }

    /// The values of `field`.
    pub(crate) fn get(&self, field: MatchField) -> &[String] {
        self.by_field.get(field.index()).map_or(&[], Vec::as_slice)
    }
}

/// `values` without repeats, first spelling first. Lists are at most a
/// hundred values long: a scan beats hashing them.
fn distinct(values: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept
}
