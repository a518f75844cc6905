//! The vocabulary of the protocol, declared once: every code enum (denial
//! reasons, error codes, effect kinds, routes, pipelines, channels) is one
//! call of `vocabulary!` below, one line a code.
//!
//! Each line gives the code's variant, its number, its stable snake_case
//! name and, for enums declared `with messages`, its sentence for humans.
//! The macro makes the enum (`#[repr(u32)]`, the number its discriminant)
//! with `ALL` (documentation order), `NAMES`, `as_str`, `as_cstr`,
//! `number`, `from_number`, `from_name`, `doc`, `message` where there is
//! one, `Display`, and the [`Code`] trait through which the generators
//! read every enum alike. Everything else that lists codes comes from
//! here: the C header's constants and status enum (`ffi/tests/header.rs`
//! writes `ffi/src/vocabulary.rs`, which cbindgen reads), Python's
//! `leadrules/_codes.py` (`core/tests/python_codes.rs`), the lists the
//! bindings use at run time, and the checks of the docs' code tables
//! (`core/tests/documented_codes.rs`). `make header` rewrites the
//! generated files; their tests fail while one is stale, and
//! `core/tests/one_vocabulary.rs` fails on any other list of codes.
//!
//! Why a `macro_rules!` table rather than a `build.rs` one: the enums stay
//! ordinary Rust that rustdoc, rust-analyzer and grep see where they are
//! declared; a duplicate number fails to compile (the numbers are the
//! discriminants); and core keeps no build script. The generated files
//! need the table at run time anyway, which the [`Code`] trait gives.
//!
//! Numbers are public ABI (C's `LEADRULES_DENIAL_*` values and statuses):
//! a published number never changes and is never given to another code,
//! even after its code is gone; a new code takes the next free number of
//! its group. Names are public too (JSON, Python's enum values). To add a
//! code: one line here, its row in docs/protocol.md, `make header`
//! (docs/protocol.md#adding-a-code).

use std::ffi::CStr;
use std::fmt;
use std::hash::Hash;

/// What every code enum declared by `vocabulary!` offers, for code that
/// handles them all alike (the generators of the C header and of Python's
/// enums, the checks of the docs).
pub trait Code: Copy + Eq + Hash + fmt::Debug + fmt::Display + 'static {
    /// The enum's name, as the bindings name their own (`"DenialCode"`).
    const TYPE_NAME: &'static str;
    /// Every code, in documentation order.
    const CODES: &'static [Self];
    /// The stable number (C's value).
    fn number(self) -> u32;
    /// The stable snake_case name (JSON's and Python's value).
    fn as_str(self) -> &'static str;
    /// The sentence for humans, for enums that have one.
    fn message(self) -> Option<&'static str>;
    /// The declaration's doc comment of the code, one line a line.
    fn doc(self) -> &'static str;
    /// The code numbered `number`, if any.
    fn from_number(number: u32) -> Option<Self>;
    /// The code named `name`, if any.
    fn from_name(name: &str) -> Option<Self>;
}

/// Declares one code enum; see the module's documentation.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident with messages {
            $( $(#[doc = $doc:literal])* $variant:ident = $number:literal, $text:literal, $message:literal; )*
        }
    ) => {
        vocabulary!(@enum $(#[$meta])* $name { $( $(#[doc = $doc])* $variant = $number, $text, $message; )* });

        impl $name {
            /// A sentence for humans; details are rendered beside it, not inside.
            pub const fn message(self) -> &'static str {
                match self {
                    $( $name::$variant => $message, )*
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $number:literal, $text:literal; )*
        }
    ) => {
        vocabulary!(@enum $(#[$meta])* $name { $( $(#[doc = $doc])* $variant = $number, $text; )* });
    };
    (@some) => { None };
    (@some $message:literal) => { Some($message) };
    (
        @enum $(#[$meta:meta])* $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident = $number:literal, $text:literal $(, $message:literal)?; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum $name {
            $( $(#[doc = $doc])* $variant = $number, )*
        }

        impl $name {
            /// Every code, in documentation order.
            pub const ALL: [$name; [$($number),*].len()] = [$($name::$variant),*];

            /// The stable names of [`Self::ALL`], in its order.
            pub const NAMES: [&'static str; [$($number),*].len()] = [$($text),*];

            /// The stable snake_case name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )*
                }
            }

            /// The stable name as a C string, for the C API, which hands out
            /// static NUL-terminated names.
            pub const fn as_cstr(self) -> &'static CStr {
                match self {
                    $( $name::$variant => match CStr::from_bytes_with_nul(concat!($text, "\0").as_bytes()) {
                        Ok(name) => name,
                        Err(_) => c"",
                    }, )*
                }
            }

            /// The stable number, never reused (C's value).
            pub const fn number(self) -> u32 {
                self as u32
            }

            /// The code numbered `number`, if this build has one.
            pub const fn from_number(number: u32) -> Option<$name> {
                match number {
                    $( $number => Some($name::$variant), )*
                    _ => None,
                }
            }

            /// Looks a code up by its stable name.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $( $text => Some($name::$variant), )*
                    _ => None,
                }
            }

            /// The declaration's doc comment of the code, one line a line.
            pub const fn doc(self) -> &'static str {
                match self {
                    $( $name::$variant => concat!($($doc, "\n"),*), )*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Code for $name {
            const TYPE_NAME: &'static str = stringify!($name);
            const CODES: &'static [$name] = &$name::ALL;

            fn number(self) -> u32 {
                $name::number(self)
            }

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn message(self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => vocabulary!(@some $($message)?), )*
                }
            }

            fn doc(self) -> &'static str {
                $name::doc(self)
            }

            fn from_number(number: u32) -> Option<$name> {
                $name::from_number(number)
            }

            fn from_name(name: &str) -> Option<$name> {
                $name::from_name(name)
            }
        }
    };
}

vocabulary! {
    /// Why a request was denied. The snake_case names are part of the API;
    /// the numbers are C's `LEADRULES_DENIAL_*`, grouped by rule area.
    /// `docs/protocol.md` tables every code with its meaning and detail key.
    #[non_exhaustive]
    pub enum DenialCode with messages {
        /// The actor's role lacks the `handover` capability (a sales licence).
        SalesLicenceRequired = 1, "sales_licence_required", "handover and cross silo need a sales licence (a role with the handover capability)";
        /// The actor does not belong to the org that holds the lead.
        NotInLeadOrg = 2, "not_in_lead_org", "the actor does not belong to the org that holds the lead";
        /// The actor neither owns the lead nor may manage its org's leads.
        NotLeadOwner = 3, "not_lead_owner", "the actor does not own the lead and may not manage the org's leads";
        /// The target org is the org that already holds the lead.
        SameOrg = 4, "same_org", "the lead is already held by the target org";
        /// The target org is in another community (another tree).
        OutsideCommunity = 5, "outside_community", "the target org is in another community";
        /// The pair is not a parent↔child edge: use cross silo instead.
        CrossSiloRequired = 6, "cross_silo_required", "the orgs are not parent and child: use cross silo instead of handover";
        /// The pair is a parent↔child edge: use handover instead.
        HandoverRequired = 7, "handover_required", "the orgs are parent and child: use handover instead of cross silo";
        /// The parent end of the edge has handover switched off.
        HandoverDisabled = 8, "handover_disabled", "handover is switched off on the parent org of this edge";
        /// The nearest common ancestor has cross silo switched off.
        CrossSiloDisabled = 9, "cross_silo_disabled", "cross silo is switched off on the nearest common ancestor of the two orgs";
        /// Without `manage_lifecycle`, or when handed over to sales, a new lead
        /// starts at the initial stage.
        StageNotPermitted = 10, "stage_not_permitted", "a new lead starts at the initial stage without manage_lifecycle or when handed over to sales";
        /// Without `manage_lifecycle`, or when handed over to sales, a new lead
        /// has no sub-stage.
        SubStageNotPermitted = 11, "sub_stage_not_permitted", "a new lead has no sub-stage without manage_lifecycle or when handed over to sales";
        /// The actor may not give the lead to another user (no `assign`, no
        /// `manage_lifecycle`, or the lead goes to sales unowned).
        AssignNotPermitted = 12, "assign_not_permitted", "the actor may not assign the lead to another user";
        /// The assignee belongs to another org than the actor.
        AssigneeOutsideOrg = 13, "assignee_outside_org", "a lead can only be assigned to a user of the actor's own org";
        /// The lead's creator handed it over to sales and may no longer edit it.
        LockedAfterHandover = 14, "locked_after_handover", "the creator handed the lead over to sales and may no longer edit it";
        /// The actor's role lacks a capability the request needs.
        CapabilityRequired = 15, "capability_required", "the actor's role lacks a capability this request needs";
        /// Only `link_leads` holders or the project's assignment owner may link.
        LinkNotPermitted = 16, "link_not_permitted", "only a user with the link_leads capability or the owner of the project's assignment may link leads";
        /// A lead cannot be linked to itself.
        SameLead = 17, "same_lead", "a lead cannot be linked to itself";
        /// The two leads belong to different projects.
        DifferentProject = 18, "different_project", "only leads of the same project can be linked";
        /// The primary lead is not in a work-in-progress status.
        PrimaryNotWip = 19, "primary_not_wip", "the primary lead is not in a work-in-progress status";
        /// The secondary lead is not in a work-in-progress status.
        SecondaryNotWip = 20, "secondary_not_wip", "the secondary lead is not in a work-in-progress status";
        /// The chosen owner is neither lead's sales manager.
        OwnerNotParty = 21, "owner_not_party", "the chosen owner must be the sales manager of one of the two leads";
        /// The lead's current stage does not offer this action.
        IllegalTransition = 22, "illegal_transition", "the lead's current stage does not offer this action";
        /// A form field the action needs is absent, null, empty or blank.
        MissingField = 23, "missing_field", "a field this action needs is missing";
        /// A form field has a value the action cannot use.
        InvalidField = 24, "invalid_field", "a field has a value this action cannot use";
        /// Only users of the lead's partner company may take this action.
        NotPartnerUser = 25, "not_partner_user", "only users of the lead's partner company may take this action";
        /// The company that sourced the lead may not act on it as a partner.
        SourcingCompanyCannotAct = 26, "sourcing_company_cannot_act", "the company that sourced the lead cannot take the partner's actions";
        /// Only users of the company that sourced the lead may take this action.
        NotSourcingUser = 27, "not_sourcing_user", "only users of the company that sourced the lead may take this action";
        /// Only the system actor takes this action (automatic transitions).
        SystemOnly = 28, "system_only", "only the system actor takes this action";
        /// The action waits for the lead's deadline, which has not come.
        NotYetDue = 29, "not_yet_due", "the lead's deadline has not come yet";
        /// The lead's deadline has passed: the action is no longer possible.
        LeadExpired = 30, "lead_expired", "the lead's deadline has passed";
        /// No assignment rule applies to the lead (none of their conditions hold).
        NoRuleMatched = 31, "no_rule_matched", "no assignment rule applies to this lead";
        /// Every pool of the matched rule is empty or has nobody eligible;
        /// carries `pool` (the last pool tried).
        NoEligibleMember = 32, "no_eligible_member", "nobody in the rule's pools can take this lead";
        /// A pool member is not active (left, disabled).
        Inactive = 33, "inactive", "the member is not active";
        /// A pool member is away (vacation, sick, manually paused).
        Away = 34, "away", "the member is away";
        /// A pool member's calendar is closed at `now`.
        OffShift = 35, "off_shift", "the member is off shift (their calendar is closed now)";
        /// A pool member holds as many open leads as its capacity.
        AtCapacity = 36, "at_capacity", "the member holds as many open leads as their capacity";
        /// A pool member's role lacks the `receive_leads` capability.
        NotLicensed = 37, "not_licensed", "the member's role may not receive leads";
        /// A pool member belongs to another org than the lead.
        MemberOutsideOrg = 38, "member_outside_org", "the member belongs to another org than the lead";
        /// A pool member's weight is zero: it takes no leads.
        ZeroWeight = 39, "zero_weight", "the member's weight is zero";
        /// The lead fails a pool member's own `accepts` conditions.
        NotAccepted = 40, "not_accepted", "the lead does not meet the member's own conditions";
        /// The new owner's role lacks the `receive_leads` capability.
        AssigneeNotLicensed = 41, "assignee_not_licensed", "the new owner's role may not receive leads";
        /// The new owner already owns the lead.
        SameOwner = 42, "same_owner", "the lead already has this owner";
        /// A `block` matching rule matched a candidate: the lead duplicates
        /// one already saved; carries `lead` (the first blocking candidate).
        DuplicateBlocked = 50, "duplicate_blocked", "the lead duplicates a saved lead that a blocking matching rule protects";
    }
}

vocabulary! {
    /// The stable, documented error codes. Their snake_case names are part of
    /// the API (JSON `error.code`, Python `Error.code`, C status names); their
    /// numbers are C's statuses: 200-299 errors in a request, 300-399 errors
    /// in an engine config (0-199 are the C API's own).
    #[non_exhaustive]
    pub enum ErrorCode {
        /// The request text is not JSON.
        InvalidJson = 200, "invalid_json";
        /// The request is JSON but its structure is wrong: a missing field, a
        /// wrong type, an empty id. `path` names the field.
        InvalidRequest = 201, "invalid_request";
        /// `kind` names no request kind of protocol v1 that this build answers.
        UnknownKind = 202, "unknown_kind";
        /// An org id that the engine's directory does not contain.
        UnknownOrg = 203, "unknown_org";
        /// A role that the engine's policy does not define.
        UnknownRole = 204, "unknown_role";
        /// A workflow (stage pipeline) that the engine's policy does not define.
        UnknownWorkflow = 205, "unknown_workflow";
        /// An action that the workflow does not define.
        UnknownAction = 206, "unknown_action";
        /// A stage or sub-stage that the workflow does not define.
        UnknownStage = 207, "unknown_stage";
        /// A timestamp that is not RFC 3339 with an offset.
        InvalidTimestamp = 209, "invalid_timestamp";
        /// An expiry template (program) that the engine's policy does not define.
        UnknownTemplate = 208, "unknown_template";
        /// A duration that is not one the request may give: an `sla`
        /// `target` that is not hours, minutes and seconds (`PT4H30M`).
        InvalidDuration = 210, "invalid_duration";
        /// A calendar that the engine's policy does not define (an `sla`
        /// request's or an assignment member's `calendar`).
        UnknownCalendar = 211, "unknown_calendar";
        /// A prepared fact (an actor or a lead read once into a handle)
        /// made by another engine: its interned ids are that engine's, so
        /// it is refused rather than read as this engine's. `path` names
        /// the argument (`actor`, `lead`, `leads[3]`).
        ForeignHandle = 212, "foreign_handle";
        /// The engine config does not validate; `problems` lists every finding.
        InvalidConfig = 300, "invalid_config";
    }
}

vocabulary! {
    /// What an effect asks the host to do: the `kind` of its JSON form
    /// (`docs/protocol.md` tables each kind's keys). The numbers are not
    /// published yet; they are kept all the same, for a C API to come.
    #[non_exhaustive]
    pub enum EffectKind {
        /// Move the lead to another org's pipeline, with no owner.
        Transfer = 1, "transfer";
        /// Post a notification about the lead, to an org or a user.
        Notify = 2, "notify";
        /// Set a lead's stage and sub-stage.
        SetStage = 3, "set_stage";
        /// Set a lead's owner, or leave it unowned.
        SetOwner = 4, "set_owner";
        /// Place the new lead in a pipeline.
        SetPipeline = 5, "set_pipeline";
        /// Make the lead read-only for a user, who still sees it.
        Lock = 6, "lock";
        /// Let a user see a lead without acting on it.
        AddViewer = 7, "add_viewer";
        /// Add a mobile number to a lead's alternate contacts.
        AddAlternateContact = 8, "add_alternate_contact";
        /// Cancel a scheduled event of a lead.
        CancelEvent = 9, "cancel_event";
        /// Set a lead's status.
        SetStatus = 10, "set_status";
        /// Show a lead only in one list, with a tag.
        SetVisibility = 11, "set_visibility";
        /// Set or clear a lead's sub-stage.
        SetSubStage = 12, "set_sub_stage";
        /// Store a value on the lead: an audit time, a reason, an id.
        Record = 13, "record";
        /// Set or clear the lead's expiry deadline.
        SetExpiry = 14, "set_expiry";
        /// Archive the lead.
        Archive = 15, "archive";
        /// Bring the lead back from the archive.
        Unarchive = 16, "unarchive";
        /// Set the lead's need maturity.
        SetMaturity = 17, "set_maturity";
        /// Create a task about the lead.
        CreateTask = 18, "create_task";
        /// Record an action's form values in a section of the lead's history.
        AddHistory = 19, "add_history";
        /// Post a note to the lead's feed.
        AddFeedNote = 20, "add_feed_note";
        /// Move an assignment pool's rotation cursor to a member.
        AdvanceCursor = 21, "advance_cursor";
    }
}

vocabulary! {
    /// The two ways a lead moves between orgs of one community. The numbers
    /// are C's `LEADRULES_ROUTE_*` (0 there is "no route").
    pub enum Route {
        /// Along one parent↔child edge.
        Handover = 1, "handover";
        /// Between any other pair of orgs of one community.
        CrossSilo = 2, "cross_silo";
    }
}

vocabulary! {
    /// What a warning in an answer is about (`warnings[].code`): findings
    /// that do not change the answer, reported only when the engine is
    /// asked to (`policy.requests.unknown_keys: "warn"`).
    #[non_exhaustive]
    pub enum WarningCode {
        /// A request key the protocol does not define for its object; the
        /// message suggests the known key it is nearly spelled as, if any.
        UnknownKey = 1, "unknown_key";
    }
}

vocabulary! {
    /// The pipeline a lead lands in.
    #[non_exhaustive]
    pub enum Pipeline {
        /// The org's manager pipeline, awaiting a manager to accept and assign.
        Manager = 1, "manager";
        /// A user's own pipeline ("My Pipeline").
        User = 2, "user";
    }
}

vocabulary! {
    /// Where a notification goes.
    #[non_exhaustive]
    pub enum Channel {
        /// The org's sales feed.
        SalesFeed = 1, "sales_feed";
        /// A user's sales app (mobile notification).
        SalesApp = 2, "sales_app";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<C: Code>() {
        let mut names = std::collections::BTreeSet::new();
        for &code in C::CODES {
            assert_ne!(code.number(), 0, "{code}: 0 means no code in C");
            assert_eq!(C::from_number(code.number()), Some(code));
            assert_eq!(C::from_name(code.as_str()), Some(code));
            assert!(names.insert(code.as_str()), "{code} named twice");
            assert!(!code.doc().trim().is_empty(), "{code} has no doc");
            let snake = code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            assert!(snake, "{code} is not snake_case");
            assert!(code.message().is_none_or(|m| !m.is_empty()));
        }
        assert_eq!(C::from_number(0), None);
        assert_eq!(C::from_name(""), None);
    }

    #[test]
    fn every_vocabulary_is_consistent() {
        check::<DenialCode>();
        check::<ErrorCode>();
        check::<EffectKind>();
        check::<Route>();
        check::<Pipeline>();
        check::<Channel>();
        check::<WarningCode>();
    }

    #[test]
    fn c_names_are_the_names() {
        for code in DenialCode::ALL {
            assert_eq!(code.as_cstr().to_str().ok(), Some(code.as_str()));
        }
        for code in ErrorCode::ALL {
            assert_eq!(code.as_cstr().to_str().ok(), Some(code.as_str()));
        }
        assert_eq!(Route::CrossSilo.as_cstr(), c"cross_silo");
    }

    #[test]
    fn numbers_are_pinned() {
        // Published numbers never change; new codes take the next ones.
        let pinned = [
            (DenialCode::SalesLicenceRequired, 1),
            (DenialCode::CapabilityRequired, 15),
            (DenialCode::InvalidField, 24),
            (DenialCode::LeadExpired, 30),
        ];
        for (code, number) in pinned {
            assert_eq!(code.number(), number, "{code}");
        }
        assert_eq!(ErrorCode::UnknownTemplate.number(), 208);
        assert_eq!(ErrorCode::InvalidTimestamp.number(), 209);
        assert_eq!(ErrorCode::InvalidConfig.number(), 300);
        assert_eq!((Route::Handover.number(), Route::CrossSilo.number()), (1, 2));
    }
}
