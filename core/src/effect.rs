//! Effects: what the host must do when a decision allows the request.
//! The engine never mutates anything; it returns this plan.

use crate::orgs::OrgId;

/// The pipeline a lead lands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pipeline {
    /// The org's manager pipeline, awaiting a manager to accept and assign.
    Manager,
    /// A user's own pipeline ("My Pipeline").
    User,
}

impl Pipeline {
    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Pipeline::Manager => "manager",
            Pipeline::User => "user",
        }
    }
}

/// Where a notification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Channel {
    /// The org's sales feed.
    SalesFeed,
    /// A user's sales app (mobile notification).
    SalesApp,
}

impl Channel {
    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::SalesFeed => "sales_feed",
            Channel::SalesApp => "sales_app",
        }
    }
}

/// One step of the plan the host applies (in order, in one transaction).
/// The JSON form is an object whose `kind` is [`Effect::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
        /// Which kind of pipeline.
        pipeline: Pipeline,
        /// The org whose pipeline it is.
        org: OrgId,
        /// For a user's own pipeline, whose; `None` for the manager pipeline.
        user: Option<&'a str>,
    },
    /// Make the lead read-only for a user, who still sees it.
    Lock {
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
}

impl Effect<'_> {
    /// Every effect kind, in documentation order.
    pub const KINDS: [&'static str; 12] = [
        "transfer",
        "notify",
        "set_stage",
        "set_owner",
        "set_pipeline",
        "lock",
        "add_viewer",
        "add_alternate_contact",
        "cancel_event",
        "set_status",
        "set_visibility",
        "set_sub_stage",
    ];

    /// The effect's kind, as written in the JSON `kind` key.
    pub const fn kind(&self) -> &'static str {
        match self {
            Effect::Transfer { .. } => "transfer",
            Effect::Notify { .. } => "notify",
            Effect::SetStage { .. } => "set_stage",
            Effect::SetOwner { .. } => "set_owner",
            Effect::SetPipeline { .. } => "set_pipeline",
            Effect::Lock { .. } => "lock",
            Effect::SetSubStage { .. } => "set_sub_stage",
            Effect::NotifyUser { .. } => "notify",
            Effect::AddViewer { .. } => "add_viewer",
            Effect::AddAlternateContact { .. } => "add_alternate_contact",
            Effect::CancelEvent { .. } => "cancel_event",
            Effect::SetStatus { .. } => "set_status",
            Effect::SetVisibility { .. } => "set_visibility",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Channel, Effect, Pipeline};
    use crate::orgs::OrgId;

    #[test]
    fn every_variant_kind_is_listed() {
        let org = OrgId(0);
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
                pipeline: Pipeline::User,
                org,
                user: Some("u"),
            },
            Effect::Lock { user: "u" },
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
        ];
        let mut kinds: Vec<&str> = all.iter().map(Effect::kind).collect();
        let mut listed = Effect::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        listed.sort_unstable();
        assert_eq!(kinds, listed);
    }
}
