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
}

impl Channel {
    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::SalesFeed => "sales_feed",
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
    /// Set the new lead's stage and sub-stage.
    SetStage {
        /// The stage.
        stage: &'a str,
        /// The sub-stage, or `None`.
        sub_stage: Option<&'a str>,
    },
    /// Set the new lead's owner (`None`: unowned, awaiting a manager).
    SetOwner {
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
}

impl Effect<'_> {
    /// Every effect kind, in documentation order.
    pub const KINDS: [&'static str; 6] = [
        "transfer",
        "notify",
        "set_stage",
        "set_owner",
        "set_pipeline",
        "lock",
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
                stage: "new",
                sub_stage: None,
            },
            Effect::SetOwner { owner: None },
            Effect::SetPipeline {
                pipeline: Pipeline::User,
                org,
                user: Some("u"),
            },
            Effect::Lock { user: "u" },
        ];
        let kinds: Vec<&str> = all.iter().map(Effect::kind).collect();
        assert_eq!(kinds, Effect::KINDS);
    }
}
