//! Stage pipelines: an ordered list of stages, one of them initial, and the
//! sub-stages a lead may carry (DESIGN §3.2, §5). Built in as
//! `leadx_pipeline`; a config may replace it or add its own under
//! `policy.workflows`.

use crate::error::Problem;

/// The built-in LeadX pipeline's name.
pub const LEADX_PIPELINE: &str = "leadx_pipeline";

/// One stage of a configured pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageSpec {
    /// The stage's id, unique in its workflow, not empty.
    pub id: String,
    /// Whether new leads start here (exactly one stage is initial).
    pub initial: bool,
}

/// A stage pipeline as a config writes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkflowSpec {
    /// The workflow's name (`leadx_pipeline` replaces the built-in one).
    pub name: String,
    /// The stages, in pipeline order.
    pub stages: Vec<StageSpec>,
    /// The sub-stages a lead may carry at any stage.
    pub sub_stages: Vec<String>,
}

/// A named stage pipeline, frozen.
#[derive(Debug, Clone)]
pub(crate) struct StagePipeline {
    pub(crate) name: Box<str>,
    stages: Vec<Box<str>>,
    initial: usize,
    sub_stages: Vec<Box<str>>,
}

impl StagePipeline {
    /// LeadX: new (initial), contacted, qualified, proposal, negotiation;
    /// sub-stages won, closed, parked.
    pub(crate) fn leadx() -> Self {
        StagePipeline {
            name: LEADX_PIPELINE.into(),
            stages: ["new", "contacted", "qualified", "proposal", "negotiation"]
                .into_iter()
                .map(Into::into)
                .collect(),
            initial: 0,
            sub_stages: ["won", "closed", "parked"].into_iter().map(Into::into).collect(),
        }
    }

    /// Validates a configured pipeline (problems at `policy.workflows.<name>`).
    pub(crate) fn from_spec(spec: &WorkflowSpec, problems: &mut Vec<Problem>) -> Option<Self> {
        let before = problems.len();
        let path = format!("policy.workflows.{}", spec.name);
        let mut report = |at: String, message: String| problems.push(Problem { path: at, message });
        if spec.name.is_empty() {
            report(
                "policy.workflows".into(),
                "a workflow name must not be empty".into(),
            );
        }
        if spec.stages.is_empty() {
            report(
                format!("{path}.stages"),
                "a workflow needs at least one stage".into(),
            );
        }
        for (i, stage) in spec.stages.iter().enumerate() {
            if stage.id.is_empty() {
                report(
                    format!("{path}.stages[{i}].id"),
                    "a stage id must not be empty".into(),
                );
            } else if spec.stages.iter().take(i).any(|s| s.id == stage.id) {
                report(
                    format!("{path}.stages[{i}].id"),
                    format!("duplicate stage `{}`", stage.id),
                );
            }
        }
        let initial: Vec<usize> = (0..spec.stages.len())
            .filter(|&i| spec.stages.get(i).is_some_and(|s| s.initial))
            .collect();
        if !spec.stages.is_empty() && initial.len() != 1 {
            report(
                format!("{path}.stages"),
                format!("exactly one stage must be initial, found {}", initial.len()),
            );
        }
        for (i, sub_stage) in spec.sub_stages.iter().enumerate() {
            if sub_stage.is_empty() {
                report(
                    format!("{path}.sub_stages[{i}]"),
                    "a sub-stage must not be empty".into(),
                );
            } else if spec.sub_stages.iter().take(i).any(|s| s == sub_stage) {
                report(
                    format!("{path}.sub_stages[{i}]"),
                    format!("duplicate sub-stage `{sub_stage}`"),
                );
            }
        }
        (problems.len() == before).then(|| StagePipeline {
            name: spec.name.as_str().into(),
            stages: spec.stages.iter().map(|s| s.id.as_str().into()).collect(),
            initial: initial.first().copied().unwrap_or(0),
            sub_stages: spec.sub_stages.iter().map(|s| s.as_str().into()).collect(),
        })
    }

    /// The stage a new lead starts at.
    pub(crate) fn initial(&self) -> &str {
        self.stages.get(self.initial).map_or("", |s| s)
    }

    pub(crate) fn has_stage(&self, stage: &str) -> bool {
        self.stages.iter().any(|s| &**s == stage)
    }

    pub(crate) fn has_sub_stage(&self, sub_stage: &str) -> bool {
        self.sub_stages.iter().any(|s| &**s == sub_stage)
    }

    pub(crate) fn stages(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| &**s)
    }

    pub(crate) fn sub_stages(&self) -> impl Iterator<Item = &str> {
        self.sub_stages.iter().map(|s| &**s)
    }
}
