//! Warnings: findings about a workflow that are legal but suspicious. They
//! never stop a config from loading; the host reads them from the engine.
//!
//! They are found without asking every stage about every action: the
//! actions offered from every open stage (`"from": "*"`) go to the same
//! places from each (steps aside), so they are looked at once; a listed
//! action once per stage it lists. The one part that grows faster than
//! the text is reachability through steps from `"*"`: each reached stage
//! tries each distinct step, at most 1,000 × 1,000 tries a workflow.

use crate::error::Problem;
use crate::roles::CapabilitySet;
use crate::workflow::compile::{Action, Stage, Workflow};
use crate::workflow::moves::{Goal, Move, Offer};
use crate::workflow::spec::{DueRule, Party, StageSet, WorkflowSpec};

impl Workflow {
    /// Findings that do not stop the config from loading: stages no action
    /// reaches or leaves, actions nobody can take. `grants` is every
    /// capability set a non-system role holds.
    pub(crate) fn warnings(&self, spec: &WorkflowSpec, grants: &[CapabilitySet]) -> Vec<Problem> {
        let base = format!("policy.workflows.{}", self.name);
        let mut out = Vec::new();
        let mut warn = |path: String, message: String| out.push(Problem { path, message });
        let shared = Shared::of(&self.actions);
        let reached = self.reachable(&shared);
        let leaves = self.stages_left(&shared);
        for (s, stage) in self.stages.iter().enumerate() {
            if !reached.get(s).copied().unwrap_or(false) {
                warn(
                    format!("{base}.stages[{s}]"),
                    format!(
                        "no sequence of actions leads from the initial stage `{}` to stage `{}`",
                        self.initial(),
                        stage.id
                    ),
                );
            }
            if !stage.terminal && !leaves.get(s).copied().unwrap_or(false) {
                warn(
                    format!("{base}.stages[{s}]"),
                    format!("stage `{}` is not terminal but no action leaves it", stage.id),
                );
            }
        }
        let actions = spec.actions.as_deref().unwrap_or_default();
        let open = OpenStages::of(&self.stages);
        for (a, action) in self.actions.iter().enumerate() {
            // Actions a pipeline gets without listing them are reported at
            // the workflow itself: they have no path of their own.
            let written = actions.get(a);
            let at = |key: &str| match written {
                Some(_) => format!("{base}.actions[{a}].{key}"),
                None => base.clone(),
            };
            let (offered, timed) = self.offered(action, &open);
            let lists_stages = written.is_none_or(|w| match &w.from {
                StageSet::AnyOpen => self.stages.iter().any(|st| !st.terminal),
                StageSet::Listed(ids) => !ids.is_empty(),
            });
            if !offered && lists_stages {
                warn(
                    at("to"),
                    format!(
                        "action `{}` leads past the ends of the stage order from every stage offering it",
                        action.id
                    ),
                );
            } else if !offered {
                warn(at("from"), format!("no stage offers action `{}`", action.id));
            }
            if let Some((index, name)) = &action.capability {
                let system = action.party == Some(Party::System);
                if system || !grants.iter().any(|g| g.has_index(*index)) {
                    let who = if system {
                        "the system actor holds no capabilities"
                    } else {
                        "no role grants it"
                    };
                    warn(
                        at("who"),
                        format!(
                            "nobody can take action `{}`: it needs `{name}` and {who}",
                            action.id
                        ),
                    );
                }
            }
            match action.when_due {
                Some(DueRule::Require) if !timed => warn(
                    at("when_due"),
                    format!(
                        "action `{}` waits for a deadline that none of its stages runs",
                        action.id
                    ),
                ),
                Some(DueRule::Deny) if !timed => warn(
                    at("when_due"),
                    format!(
                        "`deny` has no effect: none of the stages of `{}` runs an expiry period",
                        action.id
                    ),
                ),
                _ => {}
            }
        }
        out
    }

    /// The stages some sequence of actions leads to from the initial one
    /// (a depth-first search).
    fn reachable(&self, shared: &Shared) -> Vec<bool> {
        let count = self.stages.len();
        // The actions whose list names each stage.
        let mut listing: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (a, action) in self.actions.iter().enumerate() {
            for &s in listed(action) {
                if let Some(at) = listing.get_mut(s as usize) {
                    at.push(a);
                }
            }
        }
        let mut reached = vec![false; count];
        let mut queue = Vec::new();
        let mut visit = |to: usize, queue: &mut Vec<usize>| {
            if let Some(seen) = reached.get_mut(to).filter(|seen| !**seen) {
                *seen = true;
                queue.push(to);
            }
        };
        visit(self.initial, &mut queue);
        let mut shared_targets_visited = false;
        while let Some(stage) = queue.pop() {
            let open = self.stages.get(stage).is_some_and(|s| !s.terminal);
            // A stage the user chooses: every stage is reachable.
            if open && shared.field {
                return vec![true; count];
            }
            for action in listing
                .get(stage)
                .into_iter()
                .flatten()
                .filter_map(|&a| self.actions.get(a))
            {
                match action.goal.move_from(stage, count) {
                    Move::FromField(_) => return vec![true; count],
                    Move::To(to) => visit(to, &mut queue),
                    Move::Illegal | Move::Stay => {}
                }
            }
            if open {
                // The same from every open stage: visited once.
                if !shared_targets_visited {
                    shared_targets_visited = true;
                    for &to in &shared.targets {
                        visit(to, &mut queue);
                    }
                }
                for &step in &shared.steps {
                    if let Move::To(to) = Goal::Step(step).move_from(stage, count) {
                        visit(to, &mut queue);
                    }
                }
            }
        }
        reached
    }

    /// For each stage, whether some action takes a lead from it elsewhere.
    fn stages_left(&self, shared: &Shared) -> Vec<bool> {
        let count = self.stages.len();
        let mut leaves: Vec<bool> = self
            .stages
            .iter()
            .enumerate()
            .map(|(s, stage)| !stage.terminal && shared.leave(s, count))
            .collect();
        for action in &self.actions {
            for &s in listed(action) {
                let s = s as usize;
                let away = match action.goal.move_from(s, count) {
                    Move::To(to) => to != s,
                    Move::FromField(_) => count > 1,
                    Move::Illegal | Move::Stay => false,
                };
                if let Some(leaves) = leaves.get_mut(s).filter(|_| away) {
                    *leaves = true;
                }
            }
        }
        leaves
    }

    /// Whether some stage offers the action a legal move, and whether one
    /// of those runs an expiry period.
    fn offered(&self, action: &Action, open: &OpenStages) -> (bool, bool) {
        let count = self.stages.len();
        match (&action.offer, action.goal) {
            (_, Goal::Nowhere) => (false, false),
            (Offer::Listed(stages), goal) => stages
                .iter()
                .map(|&s| s as usize)
                .filter(|&s| goal.move_from(s, count) != Move::Illegal)
                .fold((false, false), |(_, timed), s| {
                    (
                        true,
                        timed || self.stages.get(s).is_some_and(|st| st.expiry.is_some()),
                    )
                }),
            // The stages from which the step stays within the order.
            (Offer::AnyOpen, Goal::Step(step)) => {
                let first = if step < 0 { step.unsigned_abs() } else { 0 };
                let end = if step > 0 {
                    count.saturating_sub(step.unsigned_abs())
                } else {
                    count
                };
                open.between(first, end)
            }
            (Offer::AnyOpen, Goal::Stay | Goal::To(_) | Goal::FromField(_)) => open.between(0, count),
        }
    }
}

/// The stages an action lists (none for one offered from `"*"`).
fn listed(action: &Action) -> &[u32] {
    match &action.offer {
        Offer::Listed(stages) => stages,
        Offer::AnyOpen => &[],
    }
}

/// Where the actions offered from every open stage (`"*"`) go: the same
/// from each, steps aside.
#[derive(Debug, Default)]
struct Shared {
    /// Some action lets the user choose the stage.
    field: bool,
    /// The stages they go to, ascending, each once.
    targets: Vec<usize>,
    /// Their steps, ascending, each once.
    steps: Vec<isize>,
    /// The smallest step forward and the smallest step back: a stage the
    /// steps leave is one these leave.
    forward: Option<usize>,
    back: Option<usize>,
}

impl Shared {
    fn of(actions: &[Action]) -> Self {
        let mut shared = Shared::default();
        for action in actions.iter().filter(|a| a.offer == Offer::AnyOpen) {
            match action.goal {
                Goal::FromField(_) => shared.field = true,
                Goal::To(to) => shared.targets.push(to),
                Goal::Step(step) => shared.steps.push(step),
                Goal::Nowhere | Goal::Stay => {}
            }
        }
        shared.targets.sort_unstable();
        shared.targets.dedup();
        shared.steps.sort_unstable();
        shared.steps.dedup();
        shared.forward = shared.steps.iter().find(|&&k| k > 0).map(|k| k.unsigned_abs());
        shared.back = shared
            .steps
            .iter()
            .rev()
            .find(|&&k| k < 0)
            .map(|k| k.unsigned_abs());
        shared
    }

    /// Whether they take a lead from the open stage `stage`, of `count`,
    /// elsewhere.
    fn leave(&self, stage: usize, count: usize) -> bool {
        (self.field && count > 1)
            || self.targets.iter().take(2).any(|&to| to != stage)
            || self
                .forward
                .is_some_and(|k| stage.checked_add(k).is_some_and(|to| to < count))
            || self.back.is_some_and(|k| stage >= k)
    }
}

/// How many open stages, and open stages running an expiry period, come
/// before each stage: any range of stages answered in two subtractions.
struct OpenStages {
    open: Vec<usize>,
    timed: Vec<usize>,
}

impl OpenStages {
    fn of(stages: &[Stage]) -> Self {
        let mut counts = OpenStages {
            open: Vec::with_capacity(stages.len() + 1),
            timed: Vec::with_capacity(stages.len() + 1),
        };
        let (mut open, mut timed) = (0, 0);
        counts.open.push(0);
        counts.timed.push(0);
        for stage in stages {
            open += usize::from(!stage.terminal);
            timed += usize::from(!stage.terminal && stage.expiry.is_some());
            counts.open.push(open);
            counts.timed.push(timed);
        }
        counts
    }

    /// Whether some open stage in `first..end` is there, and runs an
    /// expiry period.
    fn between(&self, first: usize, end: usize) -> (bool, bool) {
        if first >= end {
            return (false, false);
        }
        let count = |prefix: &[usize]| {
            prefix
                .get(end)
                .zip(prefix.get(first))
                .map_or(0, |(end, first)| end.saturating_sub(*first))
        };
        (count(&self.open) > 0, count(&self.timed) > 0)
    }
}
