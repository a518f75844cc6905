//! `expiry` and `sweep` (docs/rules.md#expiry-and-sweeping): one lead's
//! deadline, and many leads at once — which are due now, and when the next one
//! will be.

use std::collections::HashSet;

use crate::error::{Error, ErrorCode};
use crate::expiry::{ExpiryStatus, OffsetCache, MEMO_LEADS};
use crate::policy::Policy;
use crate::time::Timestamp;
use crate::workflow::compile::Workflow;
use crate::workflow::WorkflowRef;
use crate::workflow::{unknown_stage, WorkflowLead};

/// The answer to a sweep.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sweep<'a> {
    /// The ids of the leads due now, in input order.
    pub due: Vec<&'a str>,
    /// The earliest deadline still in the future: when to sweep next.
    pub next_deadline: Option<Timestamp>,
}

impl Policy {
    /// The lead's deadline in `workflow` at `now`. Errors: `unknown_workflow`
    /// (`workflow`), `unknown_stage` (`lead.stage`, `lead.sub_stage`),
    /// `unknown_template` (`lead.template`), and `invalid_request` for a
    /// missing deadline input or an `expires_at` before `created_at`.
    pub(crate) fn expiry(
        &self,
        workflow: WorkflowRef<'_>,
        lead: &WorkflowLead<'_>,
        now: Timestamp,
    ) -> Result<ExpiryStatus, Error> {
        let workflow = self.require_workflow(workflow, "workflow")?;
        self.expiry_in(workflow, lead, now, None)
    }

    /// Every lead's deadline at `now`: the ids that are due, in input order,
    /// and the earliest deadline still to come. Each lead is judged alone,
    /// so the order of `leads` changes nothing but the order of `due`.
    /// Errors as for [`Engine::expiry`], with paths `leads[i]...`; two leads
    /// with one id are `invalid_request` at the second's `leads[i].id`.
    pub(crate) fn sweep<'a>(
        &self,
        workflow: WorkflowRef<'_>,
        leads: &[WorkflowLead<'a>],
        now: Timestamp,
    ) -> Result<Sweep<'a>, Error> {
        let workflow = self.require_workflow(workflow, "workflow")?;
        let mut seen = HashSet::with_capacity(leads.len());
        let mut sweep = Sweep::default();
        let mut cache = (leads.len() >= MEMO_LEADS).then(OffsetCache::default);
        for (i, lead) in leads.iter().enumerate() {
            if !seen.insert(lead.id) {
                return Err(Error::new(
                    ErrorCode::InvalidRequest,
                    format!("leads[{i}].id"),
                    format!("lead `{}` appears twice in one sweep", lead.id),
                ));
            }
            let status = self
                .expiry_in(workflow, lead, now, cache.as_mut())
                .map_err(|e| e.rebased("lead", &format!("leads[{i}]")))?;
            match status.expires_at {
                Some(_) if status.due => sweep.due.push(lead.id),
                Some(deadline) => {
                    sweep.next_deadline =
                        Some(sweep.next_deadline.map_or(deadline, |next| next.min(deadline)));
                }
                None => {}
            }
        }
        Ok(sweep)
    }

    pub(crate) fn expiry_in(
        &self,
        workflow: &Workflow,
        lead: &WorkflowLead<'_>,
        now: Timestamp,
        cache: Option<&mut OffsetCache>,
    ) -> Result<ExpiryStatus, Error> {
        let stage = workflow
            .stage_index(lead.stage)
            .and_then(|s| workflow.stages.get(s))
            .ok_or_else(|| unknown_stage("lead.stage", lead.stage, &workflow.name))?;
        if let Some(sub_stage) = lead.sub_stage.filter(|s| !workflow.has_sub_stage(s)) {
            return Err(unknown_stage("lead.sub_stage", sub_stage, &workflow.name));
        }
        let template = self.require_template(if workflow.uses_expiry { lead.template } else { None })?;
        ExpiryStatus::of(stage.expiry, template, &lead.clock, now, cache)
    }
}
