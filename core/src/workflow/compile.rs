//! Compiling a [`WorkflowSpec`] into tables, after validation
//! (`validate`) has collected every problem with its path under
//! `policy.workflows.<name>`. Each action holds the stages that offer it
//! and where it goes ([`moves`](crate::workflow::moves)), at the size the
//! config writes them, so a transition is a few lookups and the compiled
//! form grows with the config text, not with `stages × actions`.

use std::collections::{HashMap, HashSet};

use crate::error::{path_key, Problem};
use crate::expiry::Phase;
use crate::roles::{CapabilityNames, MAX_CAPABILITIES};
use crate::workflow::accepted::AcceptedPeriod;
use crate::workflow::builtin::pipeline_actions;
use crate::workflow::moves::{Goal, Move, Offer};
use crate::workflow::spec::{ActionSpec, DueRule, FieldType, Party, StageSet, Target, WorkflowSpec};
use crate::workflow::steps::{EffectStep, Field, Source, MAX_ACTION_ITEMS, MAX_WORKFLOW_ITEMS};
use crate::workflow::validate::{check_effects, check_fields, check_stages, ActionPath};

/// A compiled workflow.
#[derive(Debug, Clone)]
pub(crate) struct Workflow {
    pub(crate) name: Box<str>,
    pub(crate) stages: Vec<Stage>,
    pub(crate) sub_stages: Vec<Box<str>>,
    pub(crate) actions: Vec<Action>,
    pub(crate) initial: usize,
    /// The initial stage offers an action that lets the user choose the
    /// stage (`set_stage`).
    starts_anywhere: bool,
    /// Some stage runs an expiry period: leads carry a template and a clock.
    pub(crate) uses_expiry: bool,
    /// Some decision reads `now` (expiry, or an effect that stamps it).
    pub(crate) needs_now: bool,
    /// Name indexes of large workflows; a few names are faster compared.
    stage_names: Option<HashMap<Box<str>, usize>>,
    action_names: Option<HashMap<Box<str>, usize>>,
}

/// Up to this many stages (or actions), names are found by comparing them.
const COMPARED_NAMES: usize = 16;

/// A name → index map for a long list; `None` for a short one.
fn name_index<'n>(names: impl ExactSizeIterator<Item = &'n str>) -> Option<HashMap<Box<str>, usize>> {
    (names.len() > COMPARED_NAMES).then(|| {
        let mut index = HashMap::with_capacity(names.len());
        for (i, name) in names.enumerate() {
            // The first of a repeated name wins, as a scan would find it.
            index.entry(name.into()).or_insert(i);
        }
        index
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub(crate) id: Box<str>,
    pub(crate) terminal: bool,
    pub(crate) archived: bool,
    pub(crate) expiry: Option<Phase>,
}

#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub(crate) id: Box<str>,
    /// The capability's index in the engine's vocabulary, and its name.
    pub(crate) capability: Option<(u8, Box<str>)>,
    pub(crate) party: Option<Party>,
    pub(crate) when_due: Option<DueRule>,
    pub(crate) fields: Vec<Field>,
    pub(crate) effects: Vec<EffectStep>,
    /// The names of the required fields, for `actions`.
    pub(crate) requires: Vec<Box<str>>,
    /// The stages that offer the action.
    pub(crate) offer: Offer,
    /// Where it goes from them.
    pub(crate) goal: Goal,
}

impl Workflow {
    pub(crate) fn stage_index(&self, id: &str) -> Option<usize> {
        match &self.stage_names {
            Some(names) => names.get(id).copied(),
            None => self.stages.iter().position(|s| &*s.id == id),
        }
    }

    pub(crate) fn action_index(&self, id: &str) -> Option<usize> {
        match &self.action_names {
            Some(names) => names.get(id).copied(),
            None => self.actions.iter().position(|a| &*a.id == id),
        }
    }

    pub(crate) fn has_sub_stage(&self, sub_stage: &str) -> bool {
        self.sub_stages.iter().any(|s| &**s == sub_stage)
    }

    /// Whether a lifecycle manager may create a lead at `stage`: the
    /// initial one, or any stage when the initial stage offers an action
    /// that lets the user choose the stage (`set_stage`). Elsewhere a lead
    /// must travel the workflow's actions, with their checks and effects.
    pub(crate) fn may_start_at(&self, stage: &str) -> bool {
        stage == self.initial() || self.starts_anywhere
    }

    pub(crate) fn initial(&self) -> &str {
        self.stages.get(self.initial).map_or("", |s| &s.id)
    }

    /// The move `action` makes from `stage` (both valid indexes).
    pub(crate) fn move_of(&self, stage: usize, action: usize) -> Move {
        match (self.stages.get(stage), self.actions.get(action)) {
            (Some(at), Some(action)) if action.offer.offers(stage, at.terminal) => {
                action.goal.move_from(stage, self.stages.len())
            }
            _ => Move::Illegal,
        }
    }

    /// The number of `(stage, action)` pairs the tables answer: the size
    /// of the dense table they replace, not what they hold.
    pub(crate) fn table_size(&self) -> usize {
        self.stages.len().saturating_mul(self.actions.len())
    }
}

/// Validates `spec`, interning the capabilities its actions require, and
/// compiles it; `None` after reporting every problem.
pub(crate) fn compile(
    spec: &WorkflowSpec,
    capabilities: &mut CapabilityNames,
    problems: &mut Vec<Problem>,
) -> Option<Workflow> {
    let before = problems.len();
    // Problems are shortened when the error is made; the name goes into
    // their paths as its stand-in, not once per problem in full.
    let base = format!("policy.workflows.{}", path_key(&spec.name));
    let mut report = |path: String, message: String| problems.push(Problem { path, message });
    if spec.name.is_empty() {
        report(
            "policy.workflows".into(),
            "a workflow name must not be empty".into(),
        );
    }
    let generated;
    let actions: &[ActionSpec] = match &spec.actions {
        Some(actions) => actions,
        None => {
            generated = pipeline_actions(!spec.sub_stages.is_empty());
            &generated
        }
    };
    // Sizes first: past them nothing else is looked at, so that an
    // oversized config costs no more than reading it.
    let sizes = [
        ("stages", spec.stages.len()),
        ("sub_stages", spec.sub_stages.len()),
        ("actions", actions.len()),
    ];
    let mut oversized = false;
    for (key, count) in sizes.into_iter().filter(|&(_, count)| count > MAX_WORKFLOW_ITEMS) {
        report(
            format!("{base}.{key}"),
            format!("{count} {key}: a workflow may hold at most {MAX_WORKFLOW_ITEMS}"),
        );
        oversized = true;
    }
    for (a, action) in actions.iter().enumerate() {
        for (key, count) in [("fields", action.fields.len()), ("effects", action.effects.len())] {
            if count > MAX_ACTION_ITEMS {
                report(
                    format!("{base}.actions[{a}].{key}"),
                    format!("{count} {key}: an action may hold at most {MAX_ACTION_ITEMS}"),
                );
                oversized = true;
            }
        }
    }
    if oversized {
        return None;
    }
    check_stages(spec, &base, &mut report);
    let stage_ids: HashMap<&str, usize> = spec
        .stages
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let stage_index = |id: &str| stage_ids.get(id).copied();
    let accepted_period = AcceptedPeriod::of(spec);
    let mut action_ids = HashSet::with_capacity(actions.len());
    let mut compiled_actions = Vec::with_capacity(actions.len());
    // The stages one action lists so far; cleared after each action.
    let mut listed = vec![false; spec.stages.len()];
    for (a, action) in actions.iter().enumerate() {
        let at = ActionPath {
            base: &base,
            index: a,
        };
        if action.id.is_empty() {
            report(format!("{at}.id"), "an action id must not be empty".into());
        } else if !action_ids.insert(action.id.as_str()) {
            report(format!("{at}.id"), format!("duplicate action `{}`", action.id));
        }
        let fields = check_fields(action, spec, &at, &mut report);
        let field_index = |name: &str| action.fields.iter().position(|f| f.name == name);
        // The stages offering the action, then where it goes from them.
        let offer = match &action.from {
            StageSet::AnyOpen => Offer::AnyOpen,
            StageSet::Listed(ids) => {
                let mut offering = Vec::with_capacity(ids.len());
                for (j, id) in ids.iter().enumerate() {
                    match stage_index(id) {
                        None => report(format!("{at}.from[{j}]"), format!("unknown stage `{id}`")),
                        Some(s) if listed.get(s).copied().unwrap_or(true) => {
                            report(format!("{at}.from[{j}]"), format!("stage `{id}` is listed twice"));
                        }
                        Some(s) if spec.stages.get(s).is_some_and(|st| st.terminal) => report(
                            format!("{at}.from[{j}]"),
                            format!("stage `{id}` is terminal: no action may leave it"),
                        ),
                        Some(s) => {
                            if let (Some(seen), Ok(index)) = (listed.get_mut(s), u32::try_from(s)) {
                                *seen = true;
                                offering.push(index);
                            }
                        }
                    }
                }
                for &s in &offering {
                    if let Some(seen) = listed.get_mut(s as usize) {
                        *seen = false;
                    }
                }
                offering.sort_unstable();
                Offer::Listed(offering.into_boxed_slice())
            }
        };
        let goal = match &action.to {
            Target::Stay => Goal::Stay,
            Target::Stage(id) => stage_index(id).map_or(Goal::Nowhere, Goal::To),
            Target::Step(step) => Goal::Step(isize::try_from(*step).unwrap_or(isize::MAX)),
            Target::Field(name) => field_index(name).map_or(Goal::Nowhere, Goal::FromField),
        };
        if accepted_period.entered_unrecorded(action, &offer, goal) {
            report(
                format!("{at}.effects"),
                format!(
                    "action `{}` enters a stage whose accepted period runs from `accepted_at`: \
                     it must record `accepted_at` from `now`",
                    action.id
                ),
            );
        }
        match &action.to {
            Target::Stage(id) if stage_index(id).is_none() => {
                report(format!("{at}.to"), format!("unknown stage `{id}`"));
            }
            Target::Step(0) => report(
                format!("{at}.to"),
                "a step of 0 goes nowhere: use null to stay".into(),
            ),
            Target::Field(name) => match action.fields.iter().find(|f| &f.name == name) {
                Some(field) if field.kind == FieldType::Stage && field.required => {}
                Some(_) => report(
                    format!("{at}.to"),
                    format!("field `{name}` must be a required field of type `stage`"),
                ),
                None => report(
                    format!("{at}.to"),
                    format!("`{name}` is not a field of this action"),
                ),
            },
            Target::Stay | Target::Stage(_) | Target::Step(_) => {}
        }
        let capability = match &action.who.capability {
            None => None,
            Some(name) if name.is_empty() => {
                report(
                    format!("{at}.who.capability"),
                    "a capability name must not be empty".into(),
                );
                None
            }
            Some(name) => match capabilities.intern(name) {
                Some(index) => Some((index, name.as_str().into())),
                None => {
                    report(
                        format!("{at}.who.capability"),
                        format!("an engine knows at most {MAX_CAPABILITIES} capabilities"),
                    );
                    None
                }
            },
        };
        let effects = check_effects(action, !spec.sub_stages.is_empty(), &at, &mut report);
        compiled_actions.push(Action {
            id: action.id.as_str().into(),
            capability,
            party: action.who.party,
            when_due: action.when_due,
            requires: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name.clone())
                .collect(),
            fields,
            effects,
            offer,
            goal,
        });
    }
    if problems.len() != before {
        return None;
    }
    let initial = spec.stages.iter().position(|s| s.initial).unwrap_or(0);
    let initial_is_terminal = spec.stages.get(initial).is_some_and(|s| s.terminal);
    let starts_anywhere = compiled_actions
        .iter()
        .any(|a| matches!(a.goal, Goal::FromField(_)) && a.offer.offers(initial, initial_is_terminal));
    let uses_expiry = spec.stages.iter().any(|s| s.expiry.is_some());
    let stamps_now = compiled_actions.iter().any(|a| {
        a.effects.iter().any(|e| {
            matches!(
                e,
                EffectStep::Record {
                    from: Source::Now,
                    ..
                } | EffectStep::CreateTask { .. }
            )
        })
    });
    Some(Workflow {
        stage_names: name_index(spec.stages.iter().map(|s| s.id.as_str())),
        action_names: name_index(compiled_actions.iter().map(|a| &*a.id)),
        name: spec.name.as_str().into(),
        stages: spec
            .stages
            .iter()
            .map(|s| Stage {
                id: s.id.as_str().into(),
                terminal: s.terminal,
                archived: s.archived,
                expiry: s.expiry,
            })
            .collect(),
        sub_stages: spec.sub_stages.iter().map(|s| s.as_str().into()).collect(),
        actions: compiled_actions,
        initial,
        starts_anywhere,
        uses_expiry,
        needs_now: uses_expiry || stamps_now,
    })
}
