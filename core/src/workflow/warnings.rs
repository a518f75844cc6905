//! Warnings: findings about a workflow that are legal but suspicious. They
//! never stop a config from loading; the host reads them from the engine.
//!
//! They are found without asking every stage about every action: the
//! actions offered from every open stage (`"from": "*"`) go to the same
//! places from each (steps aside), so they are looked at once; a listed
//! action once per stage it lists; steps from `"*"` are tried from each
//! reached stage all at once, 64 stages to a word.

use crate::error::{path_key, quoted_value, Problem};
use crate::roles::CapabilitySet;
use crate::workflow::bits::{ones, Bits};
use crate::workflow::compile::{Action, Stage, Workflow};
use crate::workflow::moves::{Goal, Move, Offer};
use crate::workflow::spec::{DueRule, Party, StageSet, WorkflowSpec};

impl Workflow {
    /// Findings that do not stop the config from loading: stages no action
    /// reaches or leaves, actions nobody can take. `grants` is every
    /// capability set a non-system role holds.
    pub(crate) fn warnings(&self, spec: &WorkflowSpec, grants: &[CapabilitySet]) -> Vec<Problem> {
        // Warnings are shortened when the engine is built; the name and the
        // initial stage's id go into each as their stand-ins, not in full.
        let base = format!("policy.workflows.{}", path_key(&self.name));
        let initial = quoted_value(self.initial());
        let mut out = Vec::new();
        let mut warn = |path: String, message: String| out.push(Problem { path, message });
        let shared = Shared::of(&self.actions, self.stages.len());
        let reached = self.reachable(&shared);
        let leaves = self.stages_left(&shared);
        for (s, stage) in self.stages.iter().enumerate() {
            if !reached.get(s).copied().unwrap_or(false) {
                warn(
                    format!("{base}.stages[{s}]"),
                    format!(
                        "no sequence of actions leads from the initial stage `{initial}` to stage `{}`",
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
        let mut reached = Bits::new(count);
        let mut queue = Vec::new();
        let visit = |to: usize, reached: &mut Bits, queue: &mut Vec<usize>| {
            if to < count && !reached.contains(to) {
                reached.insert(to);
                queue.push(to);
            }
        };
        visit(self.initial, &mut reached, &mut queue);
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
                    Move::To(to) => visit(to, &mut reached, &mut queue),
                    Move::Illegal | Move::Stay => {}
                }
            }
            if open {
                // The same from every open stage: visited once.
                if !shared_targets_visited {
                    shared_targets_visited = true;
                    for &to in &shared.targets {
                        visit(to, &mut reached, &mut queue);
                    }
                }
                // Stage `64 × w + j` is `stage + step` for the step at
                // offset `64 × w + j - stage + count`.
                for w in 0..reached.word_count() {
                    let first = (w * 64 + count)
                        .checked_sub(stage)
                        .and_then(|f| isize::try_from(f).ok());
                    let steps = first.map_or(0, |first| shared.steps.word_at(first));
                    for j in ones(reached.in_range(w, steps) & !reached.word(w)) {
                        visit(w * 64 + j, &mut reached, &mut queue);
                    }
                }
            }
        }
        (0..count).map(|s| reached.contains(s)).collect()
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
    /// Their steps that stay within the order from some stage, each at
    /// offset `step + count`.
    steps: Bits,
    /// The smallest step forward and the smallest step back: a stage the
    /// steps leave is one these leave.
    forward: Option<usize>,
    back: Option<usize>,
}

impl Shared {
    fn of(actions: &[Action], count: usize) -> Self {
        let mut shared = Shared {
            steps: Bits::new(count.saturating_mul(2)),
            ..Shared::default()
        };
        for action in actions.iter().filter(|a| a.offer == Offer::AnyOpen) {
            match action.goal {
                Goal::FromField(_) => shared.field = true,
                Goal::To(to) => shared.targets.push(to),
                Goal::Step(step) => {
                    let size = step.unsigned_abs();
                    let nearest = if step > 0 {
                        &mut shared.forward
                    } else {
                        &mut shared.back
                    };
                    if step != 0 && nearest.is_none_or(|k| size < k) {
                        *nearest = Some(size);
                    }
                    if let Some(offset) = count.checked_add_signed(step) {
                        shared.steps.insert(offset);
                    }
                }
                Goal::Nowhere | Goal::Stay => {}
            }
        }
        shared.targets.sort_unstable();
        shared.targets.dedup();
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
