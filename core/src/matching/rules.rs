//! The `matching` policy as compiled: the default region and the rules,
//! each an id, the match values it compares (in its order) and what a
//! match means to the host.

use crate::matching::phone::Region;

/// A match value a rule compares, by its config name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchField {
    /// `phone`: the lead's `phone` and each of its `mobiles`, in E.164.
    Phone,
    /// `email`: the lead's `email` and each of its `emails`, normalised.
    Email,
    /// `name`: the person's name, folded.
    Name,
    /// `company`: the company's name, folded, legal suffixes dropped.
    Company,
}

impl MatchField {
    /// Every field, in documentation order.
    pub const ALL: [MatchField; 4] = [
        MatchField::Phone,
        MatchField::Email,
        MatchField::Name,
        MatchField::Company,
    ];

    /// The config name.
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchField::Phone => "phone",
            MatchField::Email => "email",
            MatchField::Name => "name",
            MatchField::Company => "company",
        }
    }

    /// The field named `name` in a config.
    pub fn from_name(name: &str) -> Option<MatchField> {
        MatchField::ALL.into_iter().find(|field| field.as_str() == name)
    }

    /// The field's place in [`MatchField::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// What a matching rule asks of the host, weakest first: the order is
/// the strength `match` answers the strongest of (block > link > alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum MatchAction {
    /// Save, and flag the lead as a likely duplicate.
    Alert,
    /// Offer to link the two leads (the `link` kind's decision).
    Link,
    /// Refuse to save the lead (`duplicate_blocked`).
    Block,
}

impl MatchAction {
    /// Every action, in the order of the config's documentation.
    pub const ALL: [MatchAction; 3] = [MatchAction::Block, MatchAction::Alert, MatchAction::Link];

    /// The config and protocol name.
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchAction::Alert => "alert",
            MatchAction::Link => "link",
            MatchAction::Block => "block",
        }
    }

    /// The action named `name` in a config.
    pub fn from_name(name: &str) -> Option<MatchAction> {
        MatchAction::ALL
            .into_iter()
            .find(|action| action.as_str() == name)
    }
}

/// One matching rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRule {
    /// Its id, unique in the policy, the prefix of its keys.
    pub id: Box<str>,
    /// The values compared, in key order; never empty, no field twice.
    pub fields: Vec<MatchField>,
    /// What a match by this rule means.
    pub action: MatchAction,
}

/// The `matching` policy: no rules (nothing ever matches) by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// Where a phone number without its country code is read; without
    /// one, only numbers written with `+` give a value.
    pub default_region: Option<Region>,
    /// The rules, in policy order (the order a match lists them in).
    pub rules: Vec<MatchRule>,
}

impl Matching {
    /// Whether any rule compares `field` (the values of other fields are
    /// never computed).
    pub(crate) fn uses(&self, field: MatchField) -> bool {
        self.rules.iter().any(|rule| rule.fields.contains(&field))
    }
}
