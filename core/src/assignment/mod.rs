//! Assignment routing: which user gets a lead
//! (docs/rules.md#assignment). One job per file: `condition` (conditions
//! on lead fields, compiled once), `rules` (the policy's rules, validated
//! and compiled at load, and the unreachable-rule warning), `pool` (the
//! request's lead, pools and members), `distinct` (a pool's member ids
//! are distinct, checked cheaply), `shift` (working hours, the hook
//! calendars fill), `eligibility` (the checks, in order), `strategy`
//! (round robin, least loaded), `route` (one lead, with fall-through),
//! `batch` (many leads, counts and cursors threaded through).
//!
//! Everything here reads base types only (the org directory, the role
//! table) and is handed them by the engine facade, so the compiled rules
//! can live in the policy without a cycle.

pub(crate) mod batch;
pub(crate) mod condition;
pub(crate) mod distinct;
pub(crate) mod eligibility;
pub(crate) mod pool;
pub(crate) mod route;
pub(crate) mod rules;
pub(crate) mod shift;
pub(crate) mod strategy;

pub use batch::Assignments;
pub use condition::{Condition, FieldValue, LeadFields, Number};
pub use eligibility::SkipReasons;
pub use pool::{AssignLead, Member, Pool};
pub use route::Assignment;
pub use rules::Strategy;
pub use strategy::Skipped;

use smallvec::SmallVec;

use crate::error::{Error, ErrorCode};
use crate::hours::Calendars;
use crate::path::Path;
use crate::time::Timestamp;

/// The most `leads × members` one batch may hold (members counted over
/// every pool of the request): each lead may visit, and its answer list,
/// every member, so a batch's cost and answer grow with this product, not
/// with the request's size. A million is a bulk import of 20,000 leads
/// over a pool of 50; a larger batch is `invalid_request` at `leads`
/// (split it, passing the answer's `cursors` and counts along).
pub const MAX_BATCH_MEMBER_VISITS: usize = 1_000_000;

/// `invalid_request` at `leads` for a batch over [`MAX_BATCH_MEMBER_VISITS`].
pub(crate) fn check_batch_size(leads: usize, pools: &[Pool<'_>]) -> Result<(), Error> {
    let members: usize = pools.iter().map(|p| p.members.len()).sum();
    if leads.saturating_mul(members) > MAX_BATCH_MEMBER_VISITS {
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            "leads",
            format!(
                "{leads} leads over {members} pool members is more than {MAX_BATCH_MEMBER_VISITS} \
                 lead-member pairs in one batch: split the batch"
            ),
        ));
    }
    Ok(())
}

/// The checks of a typed request's pools that the reader makes while
/// reading JSON, for each member in order: its id is not an earlier
/// member's of the same pool (`invalid_request` at
/// `pools.<pool>.members[i].id`), its calendar is one the policy defines
/// (`unknown_calendar` at `pools.<pool>.members[i].calendar`); then, if
/// some member names a calendar, `now` is given (`invalid_request` at
/// `now`). Answers, from the same pass, where round robin starts in each
/// pool (after the member its cursor names, else at the first).
pub(crate) fn check_pools(
    calendars: &Calendars,
    pools: &[Pool<'_>],
    now: Option<Timestamp>,
) -> Result<Starts, Error> {
    let mut starts = Starts::with_capacity(pools.len());
    let mut named = false;
    for pool in pools {
        let found = distinct::scan(&pool.members, pool.cursor);
        if found.calendars {
            // The calendars of the members before the repeat come first.
            let before = pool.members.get(..found.repeat.unwrap_or(pool.members.len()));
            for (i, member) in before.unwrap_or_default().iter().enumerate() {
                if let Some(calendar) = member.calendar {
                    shift::require_calendar(calendars, calendar, || member_path(pool.name, i, "calendar"))?;
                    named = true;
                }
            }
        }
        if let Some((i, member)) = found.repeat.and_then(|i| Some((i, pool.members.get(i)?))) {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                member_path(pool.name, i, "id"),
                format!("member `{}` appears twice in one pool", member.id),
            ));
        }
        starts.push(match found.cursor {
            Some(i) if i + 1 < pool.members.len() => i + 1,
            _ => 0,
        });
    }
    if named {
        shift::require_now(now)?;
    }
    Ok(starts)
}

/// Where round robin starts in each pool of a request, by the pool's index.
pub(crate) type Starts = SmallVec<[usize; 4]>;

/// `pools.<pool>.members[i].<key>`, as the reader renders it.
fn member_path(pool: &str, i: usize, key: &str) -> String {
    Path::Root
        .key("pools")
        .key(pool)
        .key("members")
        .index(i)
        .key(key)
        .render()
}
