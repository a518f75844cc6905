//! `transition` and `actions` over a compiled workflow
//! (docs/rules.md#checks-and-answers).
//!
//! Checks, each failed one listed in this order: who may act (the party
//! rule, then the capability), then the stage (`illegal_transition`); when
//! the stage offers the action, the deadline (`lead_expired`,
//! `not_yet_due`) and then the form fields in their declared order
//! (`missing_field`, `invalid_field`). A stage that does not offer the
//! action makes the deadline and the fields moot.

use serde_json::Value;

use crate::decision::Decision;
use crate::effect::{Effect, FieldValue};
use crate::error::{Error, ErrorCode};
use crate::expiry::{out_of_range, ExpiryStatus, Template};
use crate::policy::Policy;
use crate::reason::{DenialCode, Reason, Reasons};
use crate::time::parse_timestamp;
use crate::workflow::compile::{Action, Workflow};
use crate::workflow::lead::{FormFields, WorkflowLead, WorkflowRequest};
use crate::workflow::moves::Move;
use crate::workflow::spec::{DueRule, FieldType, Party};
use crate::workflow::steps::{EffectStep, Field, Source};
use crate::workflow::unknown_stage;
use crate::workflow::view::{ActionId, ActionRef, WorkflowView};
use crate::workflow::{ActionOption, TransitionDecision, TransitionKind};

/// A request resolved against its workflow, with its deadline computed.
struct Resolved<'a> {
    policy: &'a Policy,
    workflow: &'a Workflow,
    stage: usize,
    template: &'a Template,
    /// `Some(true)` when the lead's expiry has run out; `None` where no
    /// expiry runs.
    due: Option<bool>,
    request: WorkflowRequest<'a>,
}

impl Policy {
    /// May the actor take `action` on the lead, with these form `fields`
    /// (an object, or `None` for none)? Errors for the request's own
    /// structure: `unknown_workflow` (`workflow`), `unknown_action`
    /// (`action`), `unknown_stage` (`lead.stage`, `lead.sub_stage`),
    /// `unknown_template` (`lead.template`), `invalid_request` for a
    /// missing `now` or lead key the workflow needs.
    pub(crate) fn transition<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
        action: ActionRef<'_>,
        fields: Option<FormFields<'a>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        let view = self.require_workflow_view(request.workflow, "workflow")?;
        let workflow = view.workflow;
        // The action is judged before the lead, as the reader does.
        let (index, spec) = action_of(view, action)?;
        let stage = self.check_as_read(workflow, request)?;
        self.decide_transition(workflow, stage, (index, spec), request, fields)
    }

    /// [`Engine::transition`] for a request the protocol reader read, which
    /// checked its stages and `now` as it read them.
    pub(crate) fn transition_read<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
        action: ActionId,
        fields: Option<FormFields<'a>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        let view = self.require_workflow_view(request.workflow, "workflow")?;
        let workflow = view.workflow;
        let (index, spec) = action_of(view, ActionRef::Id(action))?;
        // Looked up for its index; a stage the reader admitted is found.
        let stage = stage_of(workflow, request.lead.stage, || "lead.stage".to_owned())?;
        self.decide_transition(workflow, stage, (index, spec), request, fields)
    }

    /// The transition's answer, once its workflow, the lead's stage and
    /// the action are resolved (the workflow and request checked).
    fn decide_transition<'a>(
        &'a self,
        workflow: &'a Workflow,
        stage: usize,
        (index, spec): (usize, &'a Action),
        request: &WorkflowRequest<'a>,
        fields: Option<FormFields<'a>>,
    ) -> Result<TransitionDecision<'a>, Error> {
        let resolved = self.resolve(workflow, stage, request, std::slice::from_ref(spec))?;
        let lead = &request.lead;
        let mut reasons = resolved.who_reasons(spec);
        let movement = workflow.move_of(resolved.stage, index);
        let mut to = match movement {
            Move::Illegal => None,
            Move::Stay => Some(lead.stage),
            Move::To(stage) => workflow.stages.get(stage).map(|s| &*s.id),
            Move::FromField(_) => None,
        };
        let mut values = Vec::new();
        if movement == Move::Illegal {
            reasons.push(Reason::new(DenialCode::IllegalTransition));
        } else {
            reasons.extend(resolved.due_reason(spec));
            values = read_fields(workflow, spec, lead, fields, &mut reasons);
            if let Move::FromField(field) = movement {
                to = values.get(field).and_then(|v| v.stage);
            }
        }
        let effects = if reasons.is_empty() {
            resolved.effects(spec, movement, to, &values)?
        } else {
            Vec::new()
        };
        Ok(Decision {
            reasons,
            effects,
            kind: TransitionKind { from: lead.stage, to },
        })
    }

    /// Every action of the workflow, in its order, for the actor and the
    /// lead now: allowed or not (form fields not looked at), and the fields
    /// each requires. Errors as for [`Engine::transition`].
    pub(crate) fn actions<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        let workflow = self.require_workflow(request.workflow, "workflow")?;
        let stage = self.check_as_read(workflow, request)?;
        self.decide_actions(workflow, stage, request)
    }

    /// [`Engine::actions`] for a request the protocol reader read.
    pub(crate) fn actions_read<'a>(
        &'a self,
        request: &WorkflowRequest<'a>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        let workflow = self.require_workflow(request.workflow, "workflow")?;
        let stage = stage_of(workflow, request.lead.stage, || "lead.stage".to_owned())?;
        self.decide_actions(workflow, stage, request)
    }

    /// Every action's answer, once the workflow and the lead's stage are
    /// resolved (the request checked).
    fn decide_actions<'a>(
        &'a self,
        workflow: &'a Workflow,
        stage: usize,
        request: &WorkflowRequest<'a>,
    ) -> Result<Vec<ActionOption<'a>>, Error> {
        let resolved = self.resolve(workflow, stage, request, &workflow.actions)?;
        Ok(workflow
            .actions
            .iter()
            .enumerate()
            .map(|(index, spec)| ActionOption {
                action: &spec.id,
                reasons: resolved.action_reasons(index, spec),
                requires: spec.requires.iter().map(|f| &**f).collect(),
            })
            .collect())
    }

    /// What [`Policy::actions_read`] answers, as one bit per action (bit
    /// `a % 64` of `row[a / 64]` set when action `a` is allowed), for a
    /// request whose workflow is `workflow` and whose lead is at `stage`
    /// (checked already): the same rule, asked once per action, with the
    /// lead's deadline computed once. Nothing is allocated.
    pub(crate) fn action_row(
        &self,
        workflow: &Workflow,
        stage: usize,
        request: &WorkflowRequest<'_>,
        row: &mut [u64],
    ) -> Result<(), Error> {
        let resolved = self.resolve(workflow, stage, request, &workflow.actions)?;
        for (index, spec) in workflow.actions.iter().enumerate() {
            if resolved.action_reasons(index, spec).is_empty() {
                if let Some(word) = row.get_mut(index / 64) {
                    *word |= 1 << (index % 64);
                }
            }
        }
        Ok(())
    }

    /// The errors [`Engine::transition`] / [`Engine::actions`] would
    /// answer for the lead, checked ahead of the form fields.
    pub(crate) fn check_workflow_request(
        &self,
        request: &WorkflowRequest<'_>,
        asked: &[Action],
    ) -> Result<(), Error> {
        let workflow = self.require_workflow(request.workflow, "workflow")?;
        let stage = stage_of(workflow, request.lead.stage, || "lead.stage".to_owned())?;
        self.resolve(workflow, stage, request, asked).map(|_| ())
    }

    /// What the protocol reader checks of a workflow request as it reads
    /// it (the workflow, the lead's stage and sub-stage, `now` where the
    /// workflow reads the time), checked for a request built by hand, with
    /// the same errors.
    /// Answers the lead's stage index.
    fn check_as_read(&self, workflow: &Workflow, request: &WorkflowRequest<'_>) -> Result<usize, Error> {
        let lead = &request.lead;
        let stage = stage_of(workflow, lead.stage, || "lead.stage".to_owned())?;
        check_sub_stage(workflow, lead.sub_stage, || "lead.sub_stage".to_owned())?;
        if workflow.needs_now && request.now.is_none() {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                "now",
                format!("missing `now`: workflow `{}` reads the time", workflow.name),
            ));
        }
        Ok(stage)
    }

    /// Resolves the template and the deadline of a request checked as
    /// read, its workflow and stage given ([`Policy::check_as_read`]); the lead must
    /// carry the party keys that `asked` actions check.
    fn resolve<'a>(
        &'a self,
        workflow: &'a Workflow,
        stage: usize,
        request: &WorkflowRequest<'a>,
        asked: &[Action],
    ) -> Result<Resolved<'a>, Error> {
        let lead = &request.lead;
        // The partner rule compares with both companies (the sourcing one
        // gets its own answer); the source rule with the sourcing company.
        for (key, value, parties) in [
            ("partner", lead.partner, &[Party::Partner][..]),
            ("source", lead.source, &[Party::Partner, Party::Source][..]),
        ] {
            let checked = asked
                .iter()
                .any(|a| a.party.is_some_and(|p| parties.contains(&p)));
            if checked && value.is_none() {
                return Err(Error::new(
                    ErrorCode::InvalidRequest,
                    format!("lead.{key}"),
                    format!("missing `{key}`: workflow `{}` checks it", workflow.name),
                ));
            }
        }
        let template = self.require_template(if workflow.uses_expiry { lead.template } else { None })?;
        let due = match request.now {
            Some(now) => {
                let phase = workflow.stages.get(stage).and_then(|s| s.expiry);
                let status = ExpiryStatus::of(phase, template, &lead.clock, now, None)?;
                status.expires_at.map(|_| status.due)
            }
            None => None,
        };
        Ok(Resolved {
            policy: self,
            workflow,
            stage,
            template,
            due,
            request: *request,
        })
    }
}

/// The index and spec of the action `action` names in `workflow`;
/// `unknown_action` when it names none there.
fn action_of<'w>(workflow: WorkflowView<'w>, action: ActionRef<'_>) -> Result<(usize, &'w Action), Error> {
    workflow
        .action_index(action)
        .and_then(|index| Some((index, workflow.workflow.actions.get(index)?)))
        .ok_or_else(|| {
            let message = match action {
                ActionRef::Name(name) => format!("`{name}` is not an action of `{}`", workflow.name()),
                ActionRef::Id(id) => format!(
                    "action handle {} is not an action of `{}`",
                    id.index(),
                    workflow.name()
                ),
            };
            Error::new(ErrorCode::UnknownAction, "action", message)
        })
}

/// The index of the lead's `stage` in `workflow`; `unknown_stage` at
/// `path()` when it has none (the reader's check and the typed calls').
pub(crate) fn stage_of(
    workflow: &Workflow,
    stage: &str,
    path: impl FnOnce() -> String,
) -> Result<usize, Error> {
    workflow
        .stage_index(stage)
        .ok_or_else(|| unknown_stage(&path(), stage, &workflow.name))
}

/// `unknown_stage` at `path()` for a sub-stage `workflow` does not have.
pub(crate) fn check_sub_stage(
    workflow: &Workflow,
    sub_stage: Option<&str>,
    path: impl FnOnce() -> String,
) -> Result<(), Error> {
    match sub_stage.filter(|s| !workflow.has_sub_stage(s)) {
        Some(sub_stage) => Err(unknown_stage(&path(), sub_stage, &workflow.name)),
        None => Ok(()),
    }
}

impl<'a> Resolved<'a> {
    /// The party rule, then the capability.
    fn who_reasons(&self, action: &'a Action) -> Reasons<'a> {
        let actor = &self.request.actor;
        let lead = &self.request.lead;
        let system = self.policy.roles.is_system(actor.role);
        let mut reasons = Reasons::new();
        match action.party {
            None => {}
            // The system actor runs automatic transitions; it is no
            // company's user, whatever org it names.
            Some(Party::Partner) => {
                if actor.org.is_some() && actor.org == lead.source && !system {
                    reasons.push(Reason::new(DenialCode::SourcingCompanyCannotAct));
                } else if system || actor.org.is_none() || actor.org != lead.partner {
                    reasons.push(Reason::new(DenialCode::NotPartnerUser));
                }
            }
            Some(Party::Source) if system || actor.org.is_none() || actor.org != lead.source => {
                reasons.push(Reason::new(DenialCode::NotSourcingUser));
            }
            Some(Party::Owner) if lead.owner != Some(actor.id) => {
                reasons.push(Reason::about_lead(DenialCode::NotLeadOwner, lead.id));
            }
            Some(Party::System) if !system => {
                reasons.push(Reason::new(DenialCode::SystemOnly));
            }
            Some(Party::Source | Party::Owner | Party::System) => {}
        }
        if let Some((index, name)) = &action.capability {
            if !self.policy.capabilities(actor.role).has_index(*index) {
                reasons.push(Reason::missing_named(name));
            }
        }
        reasons
    }

    /// Why the action at `index` is denied, form fields not looked at:
    /// who may act, then the stage, then (where the stage offers it) the
    /// deadline. Empty when allowed.
    fn action_reasons(&self, index: usize, spec: &'a Action) -> Reasons<'a> {
        let mut reasons = self.who_reasons(spec);
        if self.workflow.move_of(self.stage, index) == Move::Illegal {
            reasons.push(Reason::new(DenialCode::IllegalTransition));
        } else {
            reasons.extend(self.due_reason(spec));
        }
        reasons
    }

    /// The deadline rule, where an expiry runs.
    fn due_reason(&self, action: &Action) -> Option<Reason<'a>> {
        match (action.when_due, self.due) {
            (Some(DueRule::Deny), Some(true)) => Some(Reason::new(DenialCode::LeadExpired)),
            (Some(DueRule::Require), Some(false) | None) => Some(Reason::new(DenialCode::NotYetDue)),
            _ => None,
        }
    }

    /// The plan: stage, archive, expiry (all implied by the stage flags),
    /// then the action's own effects in order.
    fn effects(
        &self,
        action: &'a Action,
        movement: Move,
        to: Option<&'a str>,
        values: &[FieldRead<'a>],
    ) -> Result<Vec<Effect<'a>>, Error> {
        let workflow = self.workflow;
        let request = &self.request;
        let lead = &request.lead;
        let mut effects = Vec::with_capacity(action.effects.len() + 3);
        let target = match (movement, to) {
            (Move::To(_) | Move::FromField(_), Some(to)) => workflow.stage_index(to),
            _ => None,
        };
        if let (Some(target), Some(to)) = (target, to) {
            effects.push(Effect::SetStage {
                lead: Some(lead.id),
                stage: to,
                sub_stage: lead.sub_stage,
            });
            let was_archived = workflow.stages.get(self.stage).is_some_and(|s| s.archived);
            let archived = workflow.stages.get(target).is_some_and(|s| s.archived);
            if archived && !was_archived {
                effects.push(Effect::Archive { lead: lead.id });
            } else if was_archived && !archived {
                effects.push(Effect::Unarchive { lead: lead.id });
            }
            if workflow.uses_expiry {
                let expires_at = match workflow.stages.get(target).and_then(|s| s.expiry) {
                    Some(phase) => {
                        let now = request.now.ok_or_else(|| out_of_range("now"))?;
                        Some(
                            self.template
                                .deadline_from(phase, now)
                                .ok_or_else(|| out_of_range("now"))?,
                        )
                    }
                    None => None,
                };
                effects.push(Effect::SetExpiry {
                    lead: Some(lead.id),
                    expires_at,
                });
            }
        }
        for template in &action.effects {
            let value = |source: &Source| -> Option<FieldValue<'a>> {
                match source {
                    Source::Now => request.now.map(FieldValue::Time),
                    Source::Actor => Some(FieldValue::Text(request.actor.id)),
                    Source::Field(i) => values.get(*i).and_then(|v| v.value).map(FieldValue::Json),
                }
            };
            match template {
                EffectStep::Record { field, from } => {
                    if let Some(value) = value(from) {
                        effects.push(Effect::Record {
                            lead: lead.id,
                            field,
                            value,
                        });
                    }
                }
                EffectStep::SetMaturity { maturity } => effects.push(Effect::SetMaturity {
                    lead: lead.id,
                    maturity,
                }),
                EffectStep::CreateTask {
                    task,
                    subject,
                    owner_from,
                } => {
                    let owner = owner_from
                        .as_deref()
                        .and_then(|key| lead.text(key))
                        .unwrap_or(request.actor.id);
                    if let Some(start) = request.now {
                        effects.push(Effect::CreateTask {
                            lead: lead.id,
                            task,
                            subject: subject.as_deref(),
                            owner,
                            reporter: request.actor.id,
                            start,
                        });
                    }
                }
                EffectStep::AddHistory { section } => effects.push(Effect::AddHistory {
                    lead: lead.id,
                    section,
                    values: action
                        .fields
                        .iter()
                        .zip(values)
                        .filter_map(|(field, read)| Some((&*field.name, read.value?)))
                        .collect(),
                }),
                EffectStep::AddFeedNote { field } => {
                    if let Some(note) = values.get(*field).and_then(|v| v.text) {
                        effects.push(Effect::AddFeedNote { lead: lead.id, note });
                    }
                }
                EffectStep::SetSubStage { field } => effects.push(Effect::SetSubStage {
                    lead: lead.id,
                    sub_stage: field.and_then(|i| values.get(i)).and_then(|v| v.text),
                }),
            }
        }
        Ok(effects)
    }
}

/// A form field as read: its value when usable, its text, the stage it
/// names (for a `stage` field).
#[derive(Debug, Clone, Copy, Default)]
struct FieldRead<'a> {
    value: Option<&'a Value>,
    text: Option<&'a str>,
    stage: Option<&'a str>,
}

/// Checks every field of `action` in order, pushing `missing_field` or
/// `invalid_field`; returns what was read, one entry per field.
fn read_fields<'a>(
    workflow: &'a Workflow,
    action: &'a Action,
    lead: &WorkflowLead<'a>,
    fields: Option<FormFields<'a>>,
    reasons: &mut Reasons<'a>,
) -> Vec<FieldRead<'a>> {
    action
        .fields
        .iter()
        .map(|field| {
            let value = fields.and_then(|f| f.get(&field.name));
            if is_missing(value) {
                if field.required {
                    reasons.push(Reason::about_field(DenialCode::MissingField, &field.name));
                }
                return FieldRead::default();
            }
            match value.and_then(|v| usable(workflow, field, lead, v)) {
                Some(read) => read,
                None => {
                    reasons.push(Reason::about_field(DenialCode::InvalidField, &field.name));
                    FieldRead::default()
                }
            }
        })
        .collect()
}

/// Absent, null, empty or blank text, an empty list or object.
fn is_missing(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(map)) => map.is_empty(),
        Some(Value::Bool(_) | Value::Number(_)) => false,
    }
}

/// The field's value if the action can use it.
fn usable<'a>(
    workflow: &'a Workflow,
    field: &Field,
    lead: &WorkflowLead<'a>,
    value: &'a Value,
) -> Option<FieldRead<'a>> {
    let mut read = FieldRead {
        value: Some(value),
        text: value.as_str(),
        stage: None,
    };
    let fits = match field.kind {
        FieldType::Text => {
            let differs = |text: &str| field.differs_from.iter().all(|key| lead.text(key) != Some(text));
            read.text.is_some_and(differs)
        }
        FieldType::Number => value
            .as_f64()
            .is_some_and(|n| n.is_finite() && field.min.is_none_or(|min| n >= min)),
        FieldType::Timestamp => read.text.is_some_and(|t| parse_timestamp(t, "").is_ok()),
        FieldType::Boolean => value.is_boolean(),
        FieldType::Stage => {
            read.stage = read
                .text
                .and_then(|t| workflow.stage_index(t))
                .and_then(|i| workflow.stages.get(i))
                .map(|s| &*s.id);
            read.stage.is_some()
        }
        FieldType::SubStage => read.text.is_some_and(|t| workflow.has_sub_stage(t)),
    };
    fits.then_some(read)
}
