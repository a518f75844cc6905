//! Assignment routing for C hosts: one lead or a batch over pools of
//! member structs (`assign_input.rs` reads them), answered into caller
//! storage as indexes into the caller's own arrays. Nothing is allocated
//! for the caller, so there is nothing to free.

use leadrules::assignment::{Assignment, FieldValue, Skipped};
use leadrules::Detail;

use crate::assign_input::{
    array, array_mut, leadrules_assign_lead, leadrules_pool, many_leads, one_lead, pools, Pools,
    LEADRULES_NO_INDEX,
};
use crate::engine::{engine_arg, leadrules_engine};
use crate::error::Failure;
use crate::guard;
use crate::status::leadrules_status;
use crate::transfer::LEADRULES_MAX_REASONS;

// A member fails at most the eight eligibility checks.
const _: () = assert!(LEADRULES_MAX_REASONS >= 8);

/// A member passed over, and every eligibility check it failed.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_skipped {
    /// The pool it was passed over in, an index into the call's `pools`.
    pub pool: u32,
    /// The member, an index into that pool's `members`.
    pub member: u32,
    /// How many entries of `reasons` are set (1 to 8).
    pub reason_count: u32,
    /// The failed checks in their order, as `LEADRULES_DENIAL_*` codes:
    /// `_INACTIVE`, `_AWAY`, `_OFF_SHIFT`, `_AT_CAPACITY`, `_NOT_LICENSED`,
    /// `_MEMBER_OUTSIDE_ORG`, `_ZERO_WEIGHT`, `_NOT_ACCEPTED`.
    pub reasons: [u32; LEADRULES_MAX_REASONS],
}

/// Who gets one lead. Indexes point into the caller's arrays; the strings
/// are borrowed from the engine (valid until `leadrules_engine_free`, never
/// freed by the caller).
///
/// When `allowed`, the host applies the effects the JSON answer lists:
/// the lead's owner becomes the assignee, the pool's cursor becomes the
/// assignee, and the assignee is notified.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct leadrules_assignment {
    /// Whether the lead was assigned (then `reason` is 0).
    pub allowed: bool,
    /// 0 when assigned; else `LEADRULES_DENIAL_NO_RULE_MATCHED` or
    /// `LEADRULES_DENIAL_NO_ELIGIBLE_MEMBER`.
    pub reason: u32,
    /// The rule that assigned, or on a denial the last rule tried, as its
    /// id (`rule_len` bytes of UTF-8, borrowed from the engine); NULL when
    /// no rule applied.
    pub rule: *const u8,
    /// The length of `rule` in bytes.
    pub rule_len: usize,
    /// The pool the assignee was picked from, an index into `pools`;
    /// `LEADRULES_NO_INDEX` on a denial.
    pub pool: u32,
    /// The assignee, an index into `pools[pool].members`;
    /// `LEADRULES_NO_INDEX` on a denial.
    pub assignee: u32,
    /// For `no_eligible_member`, the last pool tried, by name
    /// (`reason_pool_len` bytes, borrowed from the engine: the rule may
    /// name a pool the call lacks); NULL otherwise.
    pub reason_pool: *const u8,
    /// The length of `reason_pool` in bytes.
    pub reason_pool_len: usize,
    /// Where this lead's skipped members start in the call's
    /// `skipped_out` (0 for a single lead).
    pub skipped_start: usize,
    /// How many members were passed over (round robin: those visited
    /// before the pick; least loaded and denials: every ineligible one).
    /// Entries at `skipped_out` indexes from `skipped_capacity` on were
    /// not written.
    pub skipped_count: usize,
}

/// Where the skipped members of a call go (the caller's array and how
/// many were found so far), and where each pool's last pick stands: the
/// members an answer names are looked up from there, since round robin
/// visits them in order from the last pick.
struct Sink<'o> {
    out: &'o mut [leadrules_skipped],
    count: usize,
    /// Per pool, the index after its last pick.
    next: Vec<usize>,
    /// The pool name looked up last and its index (a batch names one
    /// pool lead after lead).
    last_pool: Option<(*const u8, usize, u32)>,
}

impl<'o> Sink<'o> {
    fn new(out: &'o mut [leadrules_skipped], pools: usize) -> Self {
        Sink {
            out,
            count: 0,
            next: vec![0; pools],
            last_pool: None,
        }
    }

    /// The index of the pool named `name` (a rule's pool name, the same
    /// text lead after lead).
    fn pool(&mut self, pools: &Pools<'_>, name: &str) -> u32 {
        match self.last_pool {
            Some((ptr, len, index)) if ptr == name.as_ptr() && len == name.len() => index,
            _ => {
                let index = pools.index_of(name);
                self.last_pool = Some((name.as_ptr(), name.len(), index));
                index
            }
        }
    }

    /// The hint of pool `pool`: the index after its last pick.
    fn hint(&self, pool: u32) -> usize {
        usize::try_from(pool)
            .ok()
            .and_then(|p| self.next.get(p))
            .copied()
            .unwrap_or(0)
    }

    /// Writes `skipped` (those that fit) and answers how many there were.
    fn write(&mut self, pools: &Pools<'_>, skipped: &[Skipped<'_>]) -> usize {
        let mut last: Option<(&str, u32, u32)> = None;
        for skip in skipped {
            let pool = match last {
                Some((name, index, _)) if name == skip.pool => index,
                _ => self.pool(pools, skip.pool),
            };
            let hint = match last {
                Some((_, index, member)) if index == pool => member as usize + 1,
                _ => self.hint(pool),
            };
            let member = pools.member_of(pool, skip.member, hint);
            last = Some((skip.pool, pool, member));
            if let Some(slot) = self.out.get_mut(self.count) {
                let mut entry = leadrules_skipped {
                    pool,
                    member,
                    reason_count: 0,
                    reasons: [0; LEADRULES_MAX_REASONS],
                };
                for (slot, code) in entry.reasons.iter_mut().zip(skip.reasons.iter()) {
                    *slot = code.number();
                    entry.reason_count += 1;
                }
                *slot = entry;
            }
            self.count += 1;
        }
        skipped.len()
    }

    /// The C answer for one core answer; its skipped members written.
    fn answer(&mut self, pools: &Pools<'_>, assignment: &Assignment<'_>) -> leadrules_assignment {
        let reason = assignment.reasons.iter().next();
        let reason_pool = reason.and_then(|r| match r.detail {
            Detail::Pool(pool) => Some(pool),
            _ => None,
        });
        let pool = assignment
            .pool
            .map_or(LEADRULES_NO_INDEX, |name| self.pool(pools, name));
        let skipped_start = self.count;
        let skipped_count = self.write(pools, &assignment.skipped);
        let assignee = assignment.assignee.map_or(LEADRULES_NO_INDEX, |id| {
            pools.member_of(pool, id, self.hint(pool))
        });
        if let Some(next) = usize::try_from(pool).ok().and_then(|p| self.next.get_mut(p)) {
            *next = assignee as usize + 1;
        }
        leadrules_assignment {
            allowed: assignment.allowed(),
            reason: reason.map_or(0, |r| r.code.number()),
            rule: assignment.rule.map_or(std::ptr::null(), str::as_ptr),
            rule_len: assignment.rule.map_or(0, str::len),
            pool,
            assignee,
            reason_pool: reason_pool.map_or(std::ptr::null(), str::as_ptr),
            reason_pool_len: reason_pool.map_or(0, str::len),
            skipped_start,
            skipped_count,
        }
    }
}

/// The caller's array of `capacity` entries at `out` (NULL only when
/// `capacity` is 0).
///
/// # Safety
/// A non-NULL `out` must point to `capacity` writable entries.
unsafe fn out_array<'o, T>(out: *mut T, capacity: usize, name: &str) -> Result<&'o mut [T], Failure> {
    // SAFETY: the caller guarantees `capacity` writable entries at `out`.
    unsafe { array_mut(out, capacity, || name.to_owned()) }
}

/// Who gets `lead` among `pools` (`pool_count` of them)? The typed form of
/// the JSON `assign` request with one `lead`: same rules, same answer.
///
/// `now` (Unix seconds, or `LEADRULES_NO_TIME`) matters only to members
/// with a calendar. On success `*assignment_out` is written, and the
/// members passed over go to `skipped_out` (room for `skipped_capacity`
/// entries): `assignment_out->skipped_count` is how many there were, of
/// which the first `skipped_capacity` are written, as `snprintf` does (a
/// member is skipped at most once per rule tried; `pools`' total member
/// count per rule is always enough). A denial is a success with `allowed
/// == false`.
///
/// Errors: the protocol's, at the protocol's path, exactly as the JSON
/// entry answers the same request: a blank id (`lead.id`,
/// `pools.<name>.members[i].id`, `.org`, `.calendar`, `pools.<name>.cursor`)
/// or a repeated member id is `LEADRULES_STATUS_INVALID_REQUEST`; a bad
/// member `accepts` is `..._INVALID_REQUEST` at its path
/// (`pools.<name>.members[i].accepts[0].in`), or `..._INVALID_JSON` at
/// `pools.<name>.members[i].accepts` for text that is not JSON; a calendar
/// the engine lacks is `..._UNKNOWN_CALENDAR`; a `now` outside the years
/// 0000-9999 is `..._INVALID_TIMESTAMP` at `now`. Misuse, with the C field
/// named in the message (`pools[1].members[3].id`) and an empty path: a
/// NULL pointer is `..._NULL_ARGUMENT`, text that is not UTF-8
/// `..._INVALID_UTF8`, an org or role index the engine lacks, a field kind
/// out of range, a number that is NaN or infinite, two pools with one name,
/// or a misaligned array `..._INVALID_PARAMETER`. Nothing is written on
/// failure.
///
/// Ownership: `engine`, `lead`, `pools` and everything they point to are
/// borrowed for the duration of the call only; the library keeps no
/// pointer to them. `*assignment_out` and `skipped_out` are caller storage;
/// the strings in the answer are borrowed from the engine. Nothing to free.
///
/// NULL: a NULL `engine`, `lead` or `assignment_out` is
/// `LEADRULES_STATUS_NULL_ARGUMENT`; `pools` and `skipped_out` may be NULL
/// only with a count or capacity of 0; in the structs, NULL (with length 0)
/// means none for `cursor`, `calendar` and `accepts`, and an array may be
/// NULL when its count is 0.
///
/// Threads: any number of threads may ask one engine at once, each into
/// its own outputs.
///
/// # Safety
/// `engine` must be NULL or a live engine; `lead` NULL or valid; `pools`
/// NULL or `pool_count` readable entries; every pointer inside them NULL
/// or its length of readable entries or bytes; `assignment_out` NULL or
/// writable; `skipped_out` NULL or `skipped_capacity` writable entries.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "a C signature: inputs, then out-params")]
pub unsafe extern "C" fn leadrules_engine_assign(
    engine: *const leadrules_engine,
    lead: *const leadrules_assign_lead,
    pools: *const leadrules_pool,
    pool_count: usize,
    now: i64,
    assignment_out: *mut leadrules_assignment,
    skipped_out: *mut leadrules_skipped,
    skipped_capacity: usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        // SAFETY: the caller guarantees `lead` is NULL or valid to read.
        let lead = unsafe { lead.as_ref() }.ok_or_else(|| Failure::null("lead"))?;
        if assignment_out.is_null() {
            return Err(Failure::null("assignment_out"));
        }
        if !assignment_out.is_aligned() {
            return Err(Failure::invalid("`assignment_out` is not aligned for its type"));
        }
        // SAFETY: the caller guarantees `skipped_capacity` writable entries.
        let skipped = unsafe { out_array(skipped_out, skipped_capacity, "skipped_out") }?;
        let now = leadrules::require_unix_now(now)?;
        let mut pairs: Vec<(&str, FieldValue<'_>)> = Vec::new();
        // SAFETY: the caller guarantees the lead's pointers.
        let lead = unsafe { one_lead(engine, lead, &mut pairs) }?;
        // SAFETY: the caller guarantees `pool_count` readable entries.
        let pool_array = unsafe { array(pools, pool_count, || "pools".to_owned()) }?;
        // SAFETY: the caller guarantees the pointers inside the pools.
        let pools = unsafe { self::pools(engine, pool_array) }?;
        let assignment = engine.assign(&lead, &pools.pools, now)?;
        let written = Sink::new(skipped, pools.pools.len()).answer(&pools, &assignment);
        // SAFETY: `assignment_out` is not NULL, aligned, and the caller
        // guarantees it writable.
        unsafe { assignment_out.write(written) };
        Ok(())
    })
}

/// Assigns `leads` (`lead_count` of them) in order over `pools`, each
/// counted before the next (open leads, cursors): the typed form of the
/// JSON `assign` request with `leads`, the same answers as asking one by
/// one and applying each.
///
/// `assignments_out` receives one `leadrules_assignment` per lead, in
/// order; it must have room for `lead_count` entries
/// (`assignments_capacity`), else the call is
/// `LEADRULES_STATUS_INVALID_PARAMETER` and writes nothing. The members
/// passed over go to `skipped_out`, each lead's from its `skipped_start`;
/// `*skipped_count_out` is how many there were in all, of which the first
/// `skipped_capacity` are written, as `snprintf` does. `cursors_out` must
/// have room for `pool_count` entries (`cursors_capacity`, else
/// `..._INVALID_PARAMETER`): entry `p` is the member index of pool `p`'s
/// cursor after the batch, or `LEADRULES_NO_INDEX` when no assignment used
/// pool `p` (its cursor is unchanged).
///
/// Errors as for `leadrules_engine_assign` (the lead fields named
/// `leads[i].id`, ...), and: a lead id repeated in the batch is
/// `..._INVALID_REQUEST` at `leads[i].id`; more than 1,000,000 leads x
/// pool members is `..._INVALID_REQUEST` at `leads` (split the batch,
/// passing the cursors and counts along). Nothing is written on failure.
///
/// Ownership, NULL and Threads: as for `leadrules_engine_assign`; `leads`,
/// `pools`, `skipped_out` and `cursors_out` may be NULL only with a count
/// or capacity of 0; `assignments_out` likewise; `skipped_count_out` never.
///
/// # Safety
/// As for `leadrules_engine_assign`; `leads` NULL or `lead_count` readable
/// entries; `assignments_out`, `skipped_out` and `cursors_out` NULL or
/// their capacities of writable entries; `skipped_count_out` NULL or
/// writable.
#[no_mangle]
#[allow(clippy::too_many_arguments, reason = "a C signature: inputs, then out-params")]
pub unsafe extern "C" fn leadrules_engine_assign_many(
    engine: *const leadrules_engine,
    leads: *const leadrules_assign_lead,
    lead_count: usize,
    pools: *const leadrules_pool,
    pool_count: usize,
    now: i64,
    assignments_out: *mut leadrules_assignment,
    assignments_capacity: usize,
    skipped_out: *mut leadrules_skipped,
    skipped_capacity: usize,
    skipped_count_out: *mut usize,
    cursors_out: *mut u32,
    cursors_capacity: usize,
) -> leadrules_status {
    guard::status(|| {
        // SAFETY: the caller guarantees a live engine or NULL.
        let engine = unsafe { engine_arg(engine) }?.core();
        if skipped_count_out.is_null() {
            return Err(Failure::null("skipped_count_out"));
        }
        if !skipped_count_out.is_aligned() {
            return Err(Failure::invalid("`skipped_count_out` is not aligned for size_t"));
        }
        if assignments_capacity < lead_count {
            return Err(Failure::invalid(format!(
                "`assignments_capacity` is {assignments_capacity}, less than `lead_count` {lead_count}: \
                 `assignments_out` needs one entry per lead"
            )));
        }
        if cursors_capacity < pool_count {
            return Err(Failure::invalid(format!(
                "`cursors_capacity` is {cursors_capacity}, less than `pool_count` {pool_count}: \
                 `cursors_out` needs one entry per pool"
            )));
        }
        // SAFETY: the caller guarantees each array's capacity of writable entries.
        let assignments = unsafe { out_array(assignments_out, assignments_capacity, "assignments_out") }?;
        // SAFETY: as above.
        let skipped = unsafe { out_array(skipped_out, skipped_capacity, "skipped_out") }?;
        // SAFETY: as above.
        let cursors = unsafe { out_array(cursors_out, cursors_capacity, "cursors_out") }?;
        let now = leadrules::require_unix_now(now)?;
        // SAFETY: the caller guarantees `lead_count` readable entries.
        let lead_array = unsafe { array(leads, lead_count, || "leads".to_owned()) }?;
        let mut pairs: Vec<(&str, FieldValue<'_>)> = Vec::new();
        // SAFETY: the caller guarantees the pointers inside the leads.
        let leads = unsafe { many_leads(engine, lead_array, &mut pairs) }?;
        // SAFETY: the caller guarantees `pool_count` readable entries.
        let pool_array = unsafe { array(pools, pool_count, || "pools".to_owned()) }?;
        // SAFETY: the caller guarantees the pointers inside the pools.
        let pools = unsafe { self::pools(engine, pool_array) }?;
        let batch = engine.assign_many(&leads, &pools.pools, now)?;
        let mut sink = Sink::new(skipped, pools.pools.len());
        for (slot, assignment) in assignments.iter_mut().zip(&batch.assignments) {
            *slot = sink.answer(&pools, assignment);
        }
        for slot in cursors.iter_mut().take(pool_count) {
            *slot = LEADRULES_NO_INDEX;
        }
        for (pool, member) in &batch.cursors {
            let index = pools.index_of(pool);
            let member = pools.member_of(index, member, 0);
            if let Some(slot) = usize::try_from(index).ok().and_then(|i| cursors.get_mut(i)) {
                *slot = member;
            }
        }
        // SAFETY: not NULL, and the caller guarantees it writable.
        unsafe { skipped_count_out.write(sink.count) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign_input::{leadrules_member, LEADRULES_NO_CAPACITY};
    use crate::engine::{
        leadrules_engine_free, leadrules_engine_new, leadrules_engine_org, leadrules_engine_role,
    };

    /// The answer's `rule` and `reason_pool` are documented as borrowed
    /// from the engine, valid until it is freed: they must never point
    /// into the caller's own strings (a request's pool name), which the
    /// caller may free as soon as the call returns.
    #[test]
    fn the_rule_and_the_pool_of_an_answer_are_the_engines_strings() {
        let config = r#"{"orgs": [{"id": "north"}], "policy": {"assignment": {"rules": [
            {"id": "web", "pools": ["inside"], "strategy": "round_robin"}]}}}"#;
        let mut engine = std::ptr::null_mut();
        let (mut north, mut pro) = (0, 0);
        // SAFETY: every pointer is valid for its length; out-params are writable.
        let statuses = unsafe {
            [
                leadrules_engine_new(config.as_ptr(), config.len(), &mut engine),
                leadrules_engine_org(engine, "north".as_ptr(), 5, &mut north),
                leadrules_engine_role(engine, "professional".as_ptr(), 12, &mut pro),
            ]
        };
        assert_eq!(statuses, [leadrules_status::Ok; 3]);
        // The caller's strings live in one buffer, whose range is checked.
        let caller = String::from("inside|L1|u1|north");
        let at = |from: usize, len: usize| caller.get(from..from + len).unwrap_or_default().as_ptr();
        let member = leadrules_member {
            id: at(10, 2),
            id_len: 2,
            org: at(13, 5),
            org_len: 5,
            role: pro,
            active: true,
            away: true,
            calendar: std::ptr::null(),
            calendar_len: 0,
            open_leads: 0,
            capacity: LEADRULES_NO_CAPACITY,
            weight: 1,
            accepts: std::ptr::null(),
            accepts_len: 0,
        };
        let pool = leadrules_pool {
            name: at(0, 6),
            name_len: 6,
            cursor: std::ptr::null(),
            cursor_len: 0,
            members: &member,
            member_count: 1,
        };
        let lead = leadrules_assign_lead {
            id: at(7, 2),
            id_len: 2,
            org: north,
            fields: std::ptr::null(),
            field_count: 0,
        };
        let mut answer = std::mem::MaybeUninit::<leadrules_assignment>::uninit();
        // SAFETY: every pointer is valid for its length; `answer` is writable.
        let status = unsafe {
            leadrules_engine_assign(
                engine,
                &lead,
                &pool,
                1,
                i64::MIN,
                answer.as_mut_ptr(),
                std::ptr::null_mut(),
                0,
            )
        };
        assert_eq!(status, leadrules_status::Ok);
        // SAFETY: written on success.
        let answer = unsafe { answer.assume_init() };
        assert_eq!(answer.reason, crate::codes::LEADRULES_DENIAL_NO_ELIGIBLE_MEMBER);
        let inside = |ptr: *const u8| caller.as_bytes().as_ptr_range().contains(&ptr);
        assert!(
            !answer.rule.is_null() && !inside(answer.rule),
            "`rule` points into the caller's strings"
        );
        assert!(
            !answer.reason_pool.is_null() && !inside(answer.reason_pool),
            "`reason_pool` points into the caller's strings"
        );
        drop(caller);
        // SAFETY: the engine's strings stay valid until it is freed.
        let (rule, pool) = unsafe {
            (
                std::slice::from_raw_parts(answer.rule, answer.rule_len),
                std::slice::from_raw_parts(answer.reason_pool, answer.reason_pool_len),
            )
        };
        assert_eq!((rule, pool), (&b"web"[..], &b"inside"[..]));
        // SAFETY: the engine came from leadrules_engine_new and is freed once.
        unsafe { leadrules_engine_free(engine) };
    }
}
