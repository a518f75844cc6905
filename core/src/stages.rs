//! Stage pipelines: an ordered list of stages (the first is the initial
//! one) and the sub-stages a lead may carry (DESIGN §3.2, §5).

/// The built-in LeadX pipeline's name.
pub const LEADX_PIPELINE: &str = "leadx_pipeline";

/// A named stage pipeline, frozen.
#[derive(Debug, Clone)]
pub(crate) struct StagePipeline {
    pub(crate) name: Box<str>,
    stages: Vec<Box<str>>,
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
            sub_stages: ["won", "closed", "parked"].into_iter().map(Into::into).collect(),
        }
    }

    /// The stage a new lead starts at.
    pub(crate) fn initial(&self) -> &str {
        self.stages.first().map_or("", |s| s)
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
