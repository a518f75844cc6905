//! Warnings: findings about a workflow that are legal but suspicious. They
//! never stop a config from loading; the host reads them from the engine.

use crate::error::Problem;
use crate::roles::CapabilitySet;
use crate::workflow::compile::{Move, Workflow};
use crate::workflow::spec::{DueRule, Party, StageSet, WorkflowSpec};

impl Workflow {
    /// Findings that do not stop the config from loading: stages no action
    /// reaches or leaves, actions nobody can take. `grants` is every
    /// capability set a non-system role holds.
    pub(crate) fn warnings(&self, spec: &WorkflowSpec, grants: &[CapabilitySet]) -> Vec<Problem> {
        let base = format!("policy.workflows.{}", self.name);
        let mut out = Vec::new();
        let mut warn = |path: String, message: String| out.push(Problem { path, message });
        let reached = self.reachable();
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
            let leaves = (0..self.actions.len()).any(|a| match self.move_of(s, a) {
                Move::To(to) => to != s,
                Move::FromField(_) => self.stages.len() > 1,
                Move::Illegal | Move::Stay => false,
            });
            if !stage.terminal && !leaves {
                warn(
                    format!("{base}.stages[{s}]"),
                    format!("stage `{}` is not terminal but no action leaves it", stage.id),
                );
            }
        }
        let actions = spec.actions.as_deref().unwrap_or_default();
        for (a, action) in self.actions.iter().enumerate() {
            // Actions a pipeline gets without listing them are reported at
            // the workflow itself: they have no path of their own.
            let written = actions.get(a);
            let at = |key: &str| match written {
                Some(_) => format!("{base}.actions[{a}].{key}"),
                None => base.clone(),
            };
            let offered: Vec<usize> = (0..self.stages.len())
                .filter(|&s| self.move_of(s, a) != Move::Illegal)
                .collect();
            let lists_stages = written.is_none_or(|w| match &w.from {
                StageSet::AnyOpen => self.stages.iter().any(|st| !st.terminal),
                StageSet::Listed(ids) => !ids.is_empty(),
            });
            if offered.is_empty() && lists_stages {
                warn(
                    at("to"),
                    format!(
                        "action `{}` leads past the ends of the stage order from every stage offering it",
                        action.id
                    ),
                );
            } else if offered.is_empty() {
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
            let timed = offered
                .iter()
                .any(|&s| self.stages.get(s).is_some_and(|st| st.expiry.is_some()));
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
    /// (a breadth-first search over the move table).
    fn reachable(&self) -> Vec<bool> {
        let mut reached = vec![false; self.stages.len()];
        let mut queue = vec![self.initial];
        if let Some(first) = reached.get_mut(self.initial) {
            *first = true;
        }
        while let Some(stage) = queue.pop() {
            for a in 0..self.actions.len() {
                match self.move_of(stage, a) {
                    // A stage the user chooses: every stage is reachable.
                    Move::FromField(_) => return vec![true; self.stages.len()],
                    Move::To(to) => {
                        if let Some(seen) = reached.get_mut(to).filter(|seen| !**seen) {
                            *seen = true;
                            queue.push(to);
                        }
                    }
                    Move::Illegal | Move::Stay => {}
                }
            }
        }
        reached
    }
}
