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
            let Some(slot) = values.by_field.get_mut(field.index()) else {
                continue;
            };
            match field {
                MatchField::Phone => (lead.phone.iter().chain(&lead.mobiles))
                    .filter_map(|text| phone(text, region))
                    .for_each(|value| push_distinct(slot, value)),
                MatchField::Email => (lead.email.iter().chain(&lead.emails))
                    .filter_map(|text| email(text))
                    .for_each(|value| push_distinct(slot, value)),
                MatchField::Name => slot.extend(lead.name.and_then(name)),
                MatchField::Company => slot.extend(lead.company.and_then(company)),
            }
        }
        values
    }

    /// The values of `field`.
    pub(crate) fn get(&self, field: MatchField) -> &[String] {
        self.by_field.get(field.index()).map_or(&[], Vec::as_slice)
    }
}

/// Adds `value` unless `values` has it: the first spelling stays first.
/// Lists are at most a hundred values long: a scan beats hashing them.
fn push_distinct(values: &mut Vec<String>, value: String) {
    if !values.contains(&value) {
        values.push(value);
    }
}
