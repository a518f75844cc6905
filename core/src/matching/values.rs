//! A lead's normalised match values, field by field: each distinct, in
//! the order the record gives them (`phone` before `mobiles`, `email`
//! before `emails`). A value that normalises to nothing is left out.
//!
//! Every value is written end to end into one string (a lead has a few
//! short values: one allocation instead of one a value and one a field).

use smallvec::SmallVec;

use crate::matching::email::email_into;
use crate::matching::phone::phone_into;
use crate::matching::record::MatchLead;
use crate::matching::rules::{MatchField, Matching};
use crate::matching::text::{company_into, name_into};

/// The normalised values of one lead, by [`MatchField::index`]; a field no
/// rule compares is not computed (and stays empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Values {
    /// Every value, end to end.
    text: String,
    /// Each field's values, as byte ranges of `text`.
    spans: [SmallVec<[(usize, usize); 2]>; 4],
}

impl Values {
    /// The values of `lead` for the fields `matching`'s rules compare.
    pub(crate) fn of(matching: &Matching, lead: &MatchLead<'_>) -> Values {
        let mut values = Values {
            text: String::with_capacity(96),
            spans: Default::default(),
        };
        let region = matching.default_region;
        for field in MatchField::ALL {
            if !matching.uses(field) {
                continue;
            }
            match field {
                MatchField::Phone => {
                    for text in lead.phone.iter().chain(&lead.mobiles) {
                        values.push(field, |out| phone_into(text, region, out));
                    }
                }
                MatchField::Email => {
                    for text in lead.email.iter().chain(&lead.emails) {
                        values.push(field, |out| email_into(text, out));
                    }
                }
                MatchField::Name => {
                    if let Some(text) = lead.name {
                        values.push(field, |out| name_into(text, out));
                    }
                }
                MatchField::Company => {
                    if let Some(text) = lead.company {
                        values.push(field, |out| company_into(text, out));
                    }
                }
            }
        }
        values
    }

    /// Writes a value of `field` by `write` (which says whether it wrote
    /// one), kept unless the field has it already: the first spelling
    /// stays first. Lists are at most a hundred values long: a scan beats
    /// hashing them.
    fn push(&mut self, field: MatchField, write: impl FnOnce(&mut String) -> bool) {
        let start = self.text.len();
        if !write(&mut self.text) {
            self.text.truncate(start);
            return;
        }
        let end = self.text.len();
        let (text, spans) = (&self.text, &mut self.spans);
        let Some(spans) = spans.get_mut(field.index()) else {
            return;
        };
        let value = text.get(start..end);
        if spans.iter().any(|&(s, e)| text.get(s..e) == value) {
            self.text.truncate(start);
        } else {
            spans.push((start, end));
        }
    }

    /// The values of `field`.
    pub(crate) fn get(&self, field: MatchField) -> FieldValues<'_> {
        FieldValues {
            text: &self.text,
            spans: self
                .spans
                .get(field.index())
                .map_or(&[], |spans| spans.as_slice()),
        }
    }
}

/// The values of one field of a lead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldValues<'a> {
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl<'a> FieldValues<'a> {
    /// How many values there are.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The `i`-th value.
    pub(crate) fn get(&self, i: usize) -> Option<&'a str> {
        let &(start, end) = self.spans.get(i)?;
        self.text.get(start..end)
    }

    /// The values, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Whether `value` is one of them.
    pub(crate) fn contains(&self, value: &str) -> bool {
        self.iter().any(|mine| mine == value)
    }
}
