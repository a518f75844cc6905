//! Warnings: findings about a workflow that are legal but suspicious. They
//! never stop a config from loading; the host reads them from the engine.

use crate::error::Problem;
use crate::roles::CapabilitySet;
use crate::workflow::compile::{Move, Workflow};
use crate::workflow::spec::{DueRule, Party, WorkflowSpec};

impl Workflow {
    /// Findings that do not stop the config from loading: stages no action
    /// reaches or leaves, actions nobody can take. `grants` is every
    /// capability set a non-system role holds.
    pub(crate) fn warnings(&self, spec: &WorkflowSpec, grants: &[CapabilitySet]) -> Vec<Problem> {
        let base = format!("policy.workflows.{}", self.name);
        let mut out = Vec::new();
        let mut warn = |path: String, message: String| out.push(Problem { path, message });
        let any_field_target = self.has_field_target();
        for (s, stage) in self.stages.iter().enumerate() {
            let reached = s == self.initial
                || any_field_target
                || (0..self.stages.len()).any(|from| {
                    (0..self.actions.len()).any(|a| self.move_of(from, a) == Move::To(s) && from != s)
                });
            if !reached {
                warn(
                    format!("{base}.stages[{s}]"),
                    format!("no action leads to stage `{}`", stage.id),
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
            let at = actions
                .get(a)
                .map_or_else(|| format!("{base}.actions"), |_| format!("{base}.actions[{a}]"));
            let offered: Vec<usize> = (0..self.stages.len())
                .filter(|&s| self.move_of(s, a) != Move::Illegal)
                .collect();
            if offered.is_empty() {
                warn(
                    format!("{at}.from"),
                    format!("no stage offers action `{}`", action.id),
                );
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
                        format!("{at}.who"),
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
                    format!("{at}.when_due"),
                    format!(
                        "action `{}` waits for a deadline that none of its stages runs",
                        action.id
                    ),
                ),
                Some(DueRule::Deny) if !timed => warn(
                    format!("{at}.when_due"),
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
}
