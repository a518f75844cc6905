//! Effects: what the host must do when a decision allows the request.
//! The engine never mutates anything; it returns this plan.

use serde_json::Value;

use crate::orgs::OrgId;
use crate::time::Timestamp;
pub use crate::vocabulary::{Channel, EffectKind, Pipeline};

/// A value an effect carries into the lead's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// An instant (rendered RFC 3339 in UTC).
    Time(Timestamp),
    /// Text, such as the actor's id.
    Text(&'a str),
    /// A form value, as the request gave it.
    Json(&'a Value),
}

/// One step of the plan the host applies (in order, in one transaction).
/// The JSON form is an object whose `kind` is [`Effect::kind`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effect<'a> {
    /// Move the lead to another org's pipeline, with no owner.
    Transfer {
        /// The lead's id.
        lead: &'a str,
        /// The org that held the lead.
        from: OrgId,
        /// The org that now holds it.
        to: OrgId,
        /// The pipeline it lands in.
        pipeline: Pipeline,
    },
    /// Post a notification about the lead.
    Notify {
        /// Where it is posted.
        channel: Channel,
        /// The org whose channel receives it.
        org: OrgId,
        /// The lead it is about.
        lead: &'a str,
    },
    /// Set a lead's stage and sub-stage.
    SetStage {
        /// The lead; `None` for the lead being created.
        lead: Option<&'a str>,
        /// The stage.
        stage: &'a str,
        /// The sub-stage, or `None`.
        sub_stage: Option<&'a str>,
    },
    /// Set a lead's owner (`None`: unowned, awaiting a manager).
    SetOwner {
        /// The lead; `None` for the lead being created.
        lead: Option<&'a str>,
        /// The owning user's id.
        owner: Option<&'a str>,
    },
    /// Place the new lead in a pipeline.
    SetPipeline {
        /// The lead, when the creation request named its id; `None`
        /// otherwise (the lead being created).
        lead: Option<&'a str>,
        /// Which kind of pipeline.
        pipeline: Pipeline,
        /// The org whose pipeline it is.
        org: OrgId,
        /// For a user's own pipeline, whose; `None` for the manager pipeline.
        user: Option<&'a str>,
    },
    /// Make the lead read-only for a user, who still sees it.
    Lock {
        /// The lead, when the creation request named its id; `None`
        /// otherwise (the lead being created).
        lead: Option<&'a str>,
        /// The user who may no longer edit the lead.
        user: &'a str,
    },
    /// Set or clear a lead's sub-stage.
    SetSubStage {
        /// The lead.
        lead: &'a str,
        /// The sub-stage, or `None` to clear it.
        sub_stage: Option<&'a str>,
    },
    /// Notify a user about a lead.
    NotifyUser {
        /// Where it is posted.
        channel: Channel,
        /// Who is notified.
        user: &'a str,
        /// The lead it is about.
        lead: &'a str,
    },
    /// Let a user see a lead without acting on it.
    AddViewer {
        /// The lead.
        lead: &'a str,
        /// The viewer.
        user: &'a str,
    },
    /// Add a mobile number to a lead's alternate contacts.
    AddAlternateContact {
        /// The lead that gains the number.
        lead: &'a str,
        /// The number.
        mobile: &'a str,
    },
    /// Cancel a scheduled event of a lead.
    CancelEvent {
        /// The lead.
        lead: &'a str,
        /// The event's id.
        event: &'a str,
    },
    /// Set a lead's status, optionally pointing at the lead it is linked to.
    SetStatus {
        /// The lead.
        lead: &'a str,
        /// The new status.
        status: &'a str,
        /// The primary lead it now belongs to, for `linked`.
        linked_to: Option<&'a str>,
    },
    /// Show a lead only in one list, with a tag.
    SetVisibility {
        /// The lead.
        lead: &'a str,
        /// The only list it appears in (`"all"`).
        list: &'a str,
        /// The tag it carries there (`"linked"`).
        tag: &'a str,
    },
    /// Store a value on the lead: an audit time, a reason, an id.
    Record {
        /// The lead.
        lead: &'a str,
        /// The lead field to store into (`accepted_at`).
        field: &'a str,
        /// The value.
        value: FieldValue<'a>,
    },
    /// Set (or, with `None`, clear) the lead's expiry deadline.
    SetExpiry {
        /// The lead; `None` for a lead being created whose request named
        /// no id.
        lead: Option<&'a str>,
        /// The new deadline; `None` where no expiry runs.
        expires_at: Option<Timestamp>,
    },
    /// Archive the lead (it entered an archived stage).
    Archive {
        /// The lead.
        lead: &'a str,
    },
    /// Bring the lead back from the archive (it left an archived stage).
    Unarchive {
        /// The lead.
        lead: &'a str,
    },
    /// Set the lead's need maturity.
    SetMaturity {
        /// The lead.
        lead: &'a str,
        /// The maturity (`sales_ready`, `discovered`, `not_interested`).
        maturity: &'a str,
    },
    /// Create a task about the lead.
    CreateTask {
        /// The lead.
        lead: &'a str,
        /// The task's name (`handoff`).
        task: &'a str,
        /// Its subject line, if the workflow gives one.
        subject: Option<&'a str>,
        /// Who must do it.
        owner: &'a str,
        /// Who created it (the actor).
        reporter: &'a str,
        /// When it starts (`now`).
        start: Timestamp,
    },
    /// Record the action's form values in a section of the lead's history.
    AddHistory {
        /// The lead.
        lead: &'a str,
        /// The history section (`proceed_to_handoff`).
        section: &'a str,
        /// The values filled in, by field name, in the action's field order.
        values: Vec<(&'a str, &'a Value)>,
    },
    /// Post a note to the lead's feed.
    AddFeedNote {
        /// The lead.
        lead: &'a str,
        /// The note's text.
        note: &'a str,
    },
    /// Move an assignment pool's rotation cursor (the host stores it and
    /// passes it back with the pool next time).
    AdvanceCursor {
        /// The pool.
        pool: &'a str,
        /// The member the next rotation starts after.
        cursor: &'a str,
    },
}

impl Effect<'_> {
    /// Every effect kind's name, in documentation order.
    pub const KINDS: [&'static str; EffectKind::ALL.len()] = EffectKind::NAMES;

    /// The effect's kind, as written in the JSON `kind` key.
    pub const fn kind(&self) -> &'static str {
        self.effect_kind().as_str()
    }

    /// The effect's kind.
    pub const fn effect_kind(&self) -> EffectKind {
        match self {
            Effect::Transfer { .. } => EffectKind::Transfer,
            Effect::Notify { .. } | Effect::NotifyUser { .. } => EffectKind::Notify,
            Effect::SetStage { .. } => EffectKind::SetStage,
            Effect::SetOwner { .. } => EffectKind::SetOwner,
            Effect::SetPipeline { .. } => EffectKind::SetPipeline,
            Effect::Lock { .. } => EffectKind::Lock,
            Effect::SetSubStage { .. } => EffectKind::SetSubStage,
            Effect::AddViewer { .. } => EffectKind::AddViewer,
            Effect::AddAlternateContact { .. } => EffectKind::AddAlternateContact,
            Effect::CancelEvent { .. } => EffectKind::CancelEvent,
            Effect::SetStatus { .. } => EffectKind::SetStatus,
            Effect::SetVisibility { .. } => EffectKind::SetVisibility,
            Effect::Record { .. } => EffectKind::Record,
            Effect::SetExpiry { .. } => EffectKind::SetExpiry,
            Effect::Archive { .. } => EffectKind::Archive,
            Effect::Unarchive { .. } => EffectKind::Unarchive,
            Effect::SetMaturity { .. } => EffectKind::SetMaturity,
            Effect::CreateTask { .. } => EffectKind::CreateTask,
            Effect::AddHistory { .. } => EffectKind::AddHistory,
            Effect::AddFeedNote { .. } => EffectKind::AddFeedNote,
            Effect::AdvanceCursor { .. } => EffectKind::AdvanceCursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Channel, Effect, FieldValue, Pipeline};
    use crate::orgs::OrgId;

    #[test]
    fn every_variant_kind_is_listed() {
        let org = OrgId(0);
        let now = crate::time::parse_timestamp("2026-11-23T09:30:00Z", "now");
        let Ok(now) = now else { return };
        let note = serde_json::Value::from("n");
        let all = [
            Effect::Transfer {
                lead: "L",
                from: org,
                to: org,
                pipeline: Pipeline::Manager,
            },
            Effect::Notify {
                channel: Channel::SalesFeed,
                org,
                lead: "L",
            },
            Effect::SetStage {
                lead: None,
                stage: "new",
                sub_stage: None,
            },
            Effect::SetOwner {
                lead: None,
                owner: None,
            },
            Effect::SetPipeline {
                lead: None,
                pipeline: Pipeline::User,
                org,
                user: Some("u"),
            },
            Effect::Lock {
                lead: None,
                user: "u",
            },
            Effect::SetSubStage {
                lead: "L",
                sub_stage: None,
            },
            Effect::NotifyUser {
                channel: Channel::SalesApp,
                user: "u",
                lead: "L",
            },
            Effect::AddViewer { lead: "L", user: "u" },
            Effect::AddAlternateContact {
                lead: "L",
                mobile: "+1",
            },
            Effect::CancelEvent {
                lead: "L",
                event: "e",
            },
            Effect::SetStatus {
                lead: "L",
                status: "linked",
                linked_to: Some("P"),
            },
            Effect::SetVisibility {
                lead: "L",
                list: "all",
                tag: "linked",
            },
            Effect::Record {
                lead: "L",
                field: "accepted_at",
                value: FieldValue::Time(now),
            },
            Effect::SetExpiry {
                lead: Some("L"),
                expires_at: None,
            },
            Effect::Archive { lead: "L" },
            Effect::Unarchive { lead: "L" },
            Effect::SetMaturity {
                lead: "L",
                maturity: "sales_ready",
            },
            Effect::CreateTask {
                lead: "L",
                task: "handoff",
                subject: None,
                owner: "u",
                reporter: "u",
                start: now,
            },
            Effect::AddHistory {
                lead: "L",
                section: "s",
                values: vec![("notes", &note)],
            },
            Effect::AddFeedNote { lead: "L", note: "n" },
            Effect::AdvanceCursor {
                pool: "inside",
                cursor: "u1",
            },
        ];
        let mut kinds: Vec<&str> = all.iter().map(Effect::kind).collect();
        let mut listed = Effect::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        listed.sort_unstable();
        assert_eq!(kinds, listed);
    }
}
