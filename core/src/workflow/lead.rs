//! The facts a workflow question looks at: who acts, and the lead as the
//! host's record has it. Workflows compare org ids as text (a partner
//! company need not be in the org directory), so no org is resolved here;
//! the workflow itself is named by its handle.

use serde_json::{Map, Value};

use crate::expiry::ExpiryClock;
use crate::roles::RoleId;
use crate::time::Timestamp;
use crate::workflow::view::WorkflowId;

/// The user taking (or asking about) an action. Unlike an
/// [`Actor`](crate::Actor), its org is text (see [`WorkflowActor::org`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkflowActor<'a> {
    /// The user's id (compared with `lead.owner`).
    pub id: &'a str,
    /// The user's company or org, compared with `lead.partner` and
    /// `lead.source`; `None` belongs to neither. Text, not an
    /// [`OrgId`](crate::OrgId) as in [`Actor`](crate::Actor): partner and
    /// sourcing companies need not be orgs of the directory, and are not
    /// looked up.
    pub org: Option<&'a str>,
    /// The user's role (`system` for automatic transitions).
    pub role: RoleId,
}

/// A lead in a workflow. Only `id` and `stage` are always needed; which
/// other keys a workflow reads is listed in `docs/protocol.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkflowLead<'a> {
    /// The lead's id.
    pub id: &'a str,
    /// Its current stage.
    pub stage: &'a str,
    /// Its current sub-stage, if any.
    pub sub_stage: Option<&'a str>,
    /// The owning user, if any.
    pub owner: Option<&'a str>,
    /// The partner company the lead is assigned to.
    pub partner: Option<&'a str>,
    /// The company that sourced the lead.
    pub source: Option<&'a str>,
    /// The user responsible for distribution (owner of the handoff task).
    pub distribution_owner: Option<&'a str>,
    /// The timestamps its deadline is computed from.
    pub clock: ExpiryClock,
    /// The expiry template (program) it follows; `None` is `default`.
    pub template: Option<&'a str>,
}

impl<'a> WorkflowLead<'a> {
    /// A lead with only an id and a stage.
    pub fn new(id: &'a str, stage: &'a str) -> Self {
        WorkflowLead {
            id,
            stage,
            ..WorkflowLead::default()
        }
    }

    /// The value of a lead key that actions may compare with or copy
    /// (`LEAD_TEXT_KEYS`).
    pub(crate) fn text(&self, key: &str) -> Option<&'a str> {
        match key {
            "owner" => self.owner,
            "partner" => self.partner,
            "source" => self.source,
            "distribution_owner" => self.distribution_owner,
            _ => None,
        }
    }
}

/// The question shared by `transition` and `actions`: a workflow, an
/// actor, a lead and the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkflowRequest<'a> {
    /// The workflow ([`Engine::workflow_id`](crate::Engine::workflow_id)).
    pub workflow: WorkflowId,
    /// Who acts.
    pub actor: WorkflowActor<'a>,
    /// The lead.
    pub lead: WorkflowLead<'a>,
    /// The time of the request; required by workflows that read it.
    pub now: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::WorkflowLead;
    use crate::workflow::LEAD_TEXT_KEYS;

    #[test]
    fn every_documented_lead_key_is_readable() {
        let lead = WorkflowLead {
            owner: Some("o"),
            partner: Some("p"),
            source: Some("s"),
            distribution_owner: Some("d"),
            ..WorkflowLead::new("L", "new")
        };
        for key in LEAD_TEXT_KEYS {
            assert!(lead.text(key).is_some(), "{key}");
        }
        assert_eq!(lead.text("stage"), None);
    }
}

/// The form fields a transition is asked with, by name: a borrowed view of
/// a JSON object (`FormFields::of(&value)`), so a host keeps its own value
/// and the answer can borrow the values it copies into effects. A field's
/// value is JSON because a form is: text, a number, a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormFields<'a>(&'a Map<String, Value>);

impl<'a> FormFields<'a> {
    /// The fields of a JSON object; `None` for any other value.
    pub fn of(fields: &'a Value) -> Option<Self> {
        fields.as_object().map(FormFields)
    }

    /// The fields of a JSON object's map.
    #[deprecated(note = "use `FormFields::of(&value)`, or `From<&Map>`")]
    pub const fn new(fields: &'a Map<String, Value>) -> Self {
        FormFields(fields)
    }

    /// The value of the field named `name`, if the form has it.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.0.get(name)
    }

    /// The fields, by name, in the form's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'a str, &'a Value)> + 'a {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// How many fields the form has.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the form has no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> From<&'a Map<String, Value>> for FormFields<'a> {
    fn from(fields: &'a Map<String, Value>) -> Self {
        FormFields(fields)
    }
}
