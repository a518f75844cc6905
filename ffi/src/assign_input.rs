//! The facts of an assignment as C hosts pass them: a lead's fields as an
//! array of typed values, pools as arrays of member structs. Read here into
//! core's views (`AssignLead`, `Pool`, `Member`); every check that is the
//! protocol's (a blank id, a repeated member, a member's `accepts`) is
//! core's, at the protocol's path, so the C call and the JSON entry refuse
//! the same facts with the same error.

use std::collections::HashMap;
use std::slice;

use leadrules::assignment::{AssignLead, FieldValue, LeadFields, Member, Number, Pool};
use leadrules::{Engine, OrgId};

use crate::error::Failure;
use crate::strings::utf8;

/// `leadrules_field.kind`: no value (as JSON `null`): the field counts as
/// missing, as if the pair were not there.
pub const LEADRULES_FIELD_NULL: u32 = 0;
/// `leadrules_field.kind`: text, in `text` / `text_len`.
pub const LEADRULES_FIELD_TEXT: u32 = 1;
/// `leadrules_field.kind`: a number, in `number` (finite).
pub const LEADRULES_FIELD_NUMBER: u32 = 2;
/// `leadrules_field.kind`: a boolean, in `boolean`.
pub const LEADRULES_FIELD_BOOL: u32 = 3;
/// `leadrules_field.kind`: present but neither text, number nor boolean
/// (a JSON array or object): only `exists` and an empty `not_in` hold.
pub const LEADRULES_FIELD_OTHER: u32 = 4;

/// `leadrules_member.capacity` of a member with no limit.
pub const LEADRULES_NO_CAPACITY: u64 = u64::MAX;

/// An index the answer does not name (no pool, no member, an unused pool's
/// cursor).
pub const LEADRULES_NO_INDEX: u32 = u32::MAX;

/// One field of a lead, by name, as rule and member conditions test it.
/// The caller owns the struct and the bytes it points to; a call reads
/// them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_field {
    /// The field's name, `name_len` bytes of UTF-8 (`"country"`).
    pub name: *const u8,
    /// The length of `name` in bytes.
    pub name_len: usize,
    /// What the value is: `LEADRULES_FIELD_TEXT`, `_NUMBER`, `_BOOL`,
    /// `_NULL` or `_OTHER`; only the member it names is read.
    pub kind: u32,
    /// The text of a `LEADRULES_FIELD_TEXT`, `text_len` bytes of UTF-8.
    pub text: *const u8,
    /// The length of `text` in bytes.
    pub text_len: usize,
    /// The value of a `LEADRULES_FIELD_NUMBER`; NaN and infinities are
    /// refused (JSON has no such numbers).
    pub number: f64,
    /// The value of a `LEADRULES_FIELD_BOOL`.
    pub boolean: bool,
}

/// A lead to assign. The caller owns the struct and what it points to; a
/// call reads them during the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_assign_lead {
    /// The lead's id, `id_len` bytes of UTF-8.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The org that holds the lead, an index from `leadrules_engine_org`.
    pub org: u32,
    /// The lead's fields, `field_count` of them (NULL when 0); where a
    /// name repeats, its first field counts.
    pub fields: *const leadrules_field,
    /// The number of entries of `fields`.
    pub field_count: usize,
}

/// One user of a pool, with the live facts eligibility reads. The caller
/// owns the struct and what it points to; a call reads them during the
/// call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_member {
    /// The user's id, `id_len` bytes of UTF-8; distinct within its pool.
    pub id: *const u8,
    /// The length of `id` in bytes.
    pub id_len: usize,
    /// The user's org id as text, `org_len` bytes of UTF-8 (compared as
    /// text with the lead's org id, not looked up).
    pub org: *const u8,
    /// The length of `org` in bytes.
    pub org_len: usize,
    /// The user's role, an index from `leadrules_engine_role`.
    pub role: u32,
    /// `false` for a user who left or was disabled (JSON default `true`).
    pub active: bool,
    /// `true` while away: vacation, sick, manually paused.
    pub away: bool,
    /// The calendar of the user's working hours; NULL (with length 0) for
    /// none.
    pub calendar: *const u8,
    /// The length of `calendar` in bytes.
    pub calendar_len: usize,
    /// How many open leads the user holds now (JSON default 0).
    pub open_leads: u64,
    /// The most open leads the user takes; `LEADRULES_NO_CAPACITY` for no
    /// limit (the JSON default).
    pub capacity: u64,
    /// The user's share of leads (JSON default 1); 0 takes none.
    pub weight: u64,
    /// The member's own conditions on the lead, as the JSON text of the
    /// protocol's `accepts` array (`[{"field": "lang", "in": ["en"]}]`);
    /// NULL (with length 0) for none. Compiled at every call.
    pub accepts: *const u8,
    /// The length of `accepts` in bytes.
    pub accepts_len: usize,
}

/// A pool of users a rule may pick from, with its rotation cursor. The
/// caller owns the struct and what it points to; a call reads them during
/// the call only.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct leadrules_pool {
    /// The pool's name, as rules name it, `name_len` bytes of UTF-8;
    /// distinct within one call.
    pub name: *const u8,
    /// The length of `name` in bytes.
    pub name_len: usize,
    /// The id of the member the last pick went to (round robin starts
    /// after it); NULL (with length 0) to start at the first member.
    pub cursor: *const u8,
    /// The length of `cursor` in bytes.
    pub cursor_len: usize,
    /// The members in rotation order, `member_count` of them (NULL when 0).
    pub members: *const leadrules_member,
    /// The number of entries of `members`.
    pub member_count: usize,
}

/// The pools of one call read into core's view, with each name's index.
pub(crate) struct Pools<'a> {
    pub(crate) pools: Vec<Pool<'a>>,
    pub(crate) index: HashMap<&'a str, u32>,
}

impl Pools<'_> {
    /// The index of the pool named `name`.
    pub(crate) fn index_of(&self, name: &str) -> u32 {
        self.index.get(name).copied().unwrap_or(LEADRULES_NO_INDEX)
    }

    /// The index of the member `id` of pool `pool`, searched from `hint`
    /// (round robin and least loaded visit members in order, so the next
    /// one named is nearly always the one after the last).
    pub(crate) fn member_of(&self, pool: u32, id: &str, hint: usize) -> u32 {
        let Some(members) = usize::try_from(pool)
            .ok()
            .and_then(|p| self.pools.get(p))
            .map(|p| &p.members)
        else {
            return LEADRULES_NO_INDEX;
        };
        let n = members.len();
        (0..n)
            .map(|k| (hint + k) % n)
            // The answer's ids are the members' own slices: the same
            // pointer is the member, without comparing bytes.
            .find(|&i| {
                members
                    .get(i)
                    .is_some_and(|m| std::ptr::eq(m.id, id) || m.id == id)
            })
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or(LEADRULES_NO_INDEX)
    }
}

/// `len` writable entries at `ptr`, checked as [`array`] checks them and
/// made mutable from the caller's own pointer: a mutable slice must not
/// come from a shared one (writes through it are undefined behaviour, which
/// an optimised build may drop).
///
/// # Safety
/// A non-NULL `ptr` must point to `len` writable entries valid for `'a`,
/// used by nothing else meanwhile.
pub(crate) unsafe fn array_mut<'a, T>(
    ptr: *mut T,
    len: usize,
    name: impl Fn() -> String,
) -> Result<&'a mut [T], Failure> {
    // SAFETY: only the checks are asked of `array`; its slice is dropped.
    let checked = unsafe { array(ptr.cast_const(), len, name) }?.len();
    if checked == 0 {
        return Ok(&mut []);
    }
    // SAFETY: not NULL, aligned, within isize::MAX bytes (checked above);
    // the caller guarantees `len` writable entries for `'a`.
    Ok(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

/// `len` entries at `ptr`: NULL only when `len` is 0, aligned, within
/// `isize::MAX` bytes.
///
/// # Safety
/// A non-NULL `ptr` must point to `len` readable entries valid for `'a`.
pub(crate) unsafe fn array<'a, T>(
    ptr: *const T,
    len: usize,
    name: impl Fn() -> String,
) -> Result<&'a [T], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(&name()))
        };
    }
    if !ptr.is_aligned() {
        return Err(Failure::invalid(format!(
            "`{}` is not aligned for its type",
            name()
        )));
    }
    if len
        .checked_mul(size_of::<T>())
        .is_none_or(|bytes| bytes > isize::MAX as usize)
    {
        return Err(Failure::invalid(format!(
            "`{}` is longer than isize::MAX bytes",
            name()
        )));
    }
    // SAFETY: not NULL, aligned, within isize::MAX bytes; the caller
    // guarantees `len` readable entries for `'a`.
    Ok(unsafe { slice::from_raw_parts(ptr, len) })
}

/// The UTF-8 text at `ptr + len`, the argument named only on failure.
///
/// # Safety
/// A non-NULL `ptr` must point to `len` readable bytes valid for `'a`.
pub(crate) unsafe fn text<'a>(
    ptr: *const u8,
    len: usize,
    name: impl Fn() -> String,
) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(&name()));
    }
    // SAFETY: forwarded to the caller; bytes are always aligned.
    let bytes = unsafe { array(ptr, len, &name) }?;
    // Ids, names and values are nearly always short ASCII: checked word by
    // word, without the general decoder's call (a batch reads six a lead).
    if bytes.is_ascii() {
        // SAFETY: ASCII is UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => utf8(bytes, &name()),
    }
}

/// As [`text`], NULL with length 0 being none.
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn optional_text<'a>(
    ptr: *const u8,
    len: usize,
    name: impl Fn() -> String,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded to the caller.
    unsafe { text(ptr, len, name) }.map(Some)
}

/// `id`, refused by core as the protocol refuses the field at `path()`
/// (blank); the path is rendered only then.
fn id_at(id: &str, path: impl FnOnce() -> String) -> Result<&str, Failure> {
    match leadrules::require_id(id, "") {
        Ok(id) => Ok(id),
        Err(_) => Ok(leadrules::require_id(id, &path())?),
    }
}

/// The org at `index`, the argument named only on failure.
fn org_at(engine: &Engine, index: u32, name: impl FnOnce() -> String) -> Result<OrgId, Failure> {
    usize::try_from(index)
        .ok()
        .and_then(|i| engine.org_at(i))
        .ok_or_else(|| {
            Failure::invalid(format!(
                "`{}` is {index}, but the engine has {} orgs",
                name(),
                engine.org_count()
            ))
        })
}

/// The field names read so far, by position, with the pointer and length
/// they came from: a batch's leads name their fields from the same bytes
/// (a host's constants), each checked once.
type Names<'a> = Vec<(*const u8, usize, &'a str)>;

/// A lead's fields appended to `pairs`; `at` names the lead in C
/// (`lead`, `leads[3]`).
///
/// # Safety
/// `lead.fields` NULL or `lead.field_count` readable entries, each
/// pointer in them NULL or its length of readable bytes, valid for `'a`.
unsafe fn fields<'a>(
    lead: &leadrules_assign_lead,
    pairs: &mut Vec<(&'a str, FieldValue<'a>)>,
    names: &mut Names<'a>,
    at: &dyn Fn() -> String,
) -> Result<(), Failure> {
    // SAFETY: the caller guarantees the array.
    let fields: &'a [leadrules_field] =
        unsafe { array(lead.fields, lead.field_count, || format!("{}.fields", at())) }?;
    for (i, field) in fields.iter().enumerate() {
        let named = |what: &str| format!("{}.fields[{i}].{what}", at());
        let name = match names.get(i) {
            Some(&(ptr, len, name)) if ptr == field.name && len == field.name_len => name,
            _ => {
                // SAFETY: the caller guarantees `name_len` bytes at `name`.
                let name = unsafe { text(field.name, field.name_len, || named("name")) }?;
                names.truncate(i);
                names.push((field.name, field.name_len, name));
                name
            }
        };
        let value = match field.kind {
            LEADRULES_FIELD_NULL => continue,
            LEADRULES_FIELD_TEXT => {
                // SAFETY: the caller guarantees `text_len` bytes at `text`.
                let value = unsafe { text(field.text, field.text_len, || named("text")) }?;
                FieldValue::Text(value)
            }
            LEADRULES_FIELD_NUMBER if field.number.is_finite() => FieldValue::Number(Number(field.number)),
            LEADRULES_FIELD_NUMBER => {
                return Err(Failure::invalid(format!(
                    "`{}` is {}, not a JSON number",
                    named("number"),
                    field.number
                )))
            }
            LEADRULES_FIELD_BOOL => FieldValue::Bool(field.boolean),
            LEADRULES_FIELD_OTHER => FieldValue::Other,
            kind => {
                return Err(Failure::invalid(format!(
                    "`{}` is {kind}; expected a LEADRULES_FIELD_* value (0-4)",
                    named("kind")
                )))
            }
        };
        pairs.push((name, value));
    }
    Ok(())
}

/// One lead and its fields. `c_name` names it in C (`lead`, `leads[3]`),
/// `path` in the protocol (`lead`, `leads[3]`: the same words).
///
/// # Safety
/// As for [`fields`], and `lead.id` NULL or `id_len` readable bytes.
unsafe fn lead_head<'a>(
    engine: &Engine,
    lead: &leadrules_assign_lead,
    at: &dyn Fn() -> String,
) -> Result<(&'a str, OrgId), Failure> {
    // SAFETY: the caller guarantees `id_len` bytes at `id`.
    let id = unsafe { text(lead.id, lead.id_len, || format!("{}.id", at())) }?;
    let id = id_at(id, || format!("{}.id", at()))?;
    let org = org_at(engine, lead.org, || format!("{}.org", at()))?;
    Ok((id, org))
}

/// The one lead of `leadrules_engine_assign`, its fields in `pairs`.
///
/// # Safety
/// As for [`lead_head`].
pub(crate) unsafe fn one_lead<'a>(
    engine: &Engine,
    lead: &leadrules_assign_lead,
    pairs: &'a mut Vec<(&'a str, FieldValue<'a>)>,
) -> Result<AssignLead<'a>, Failure> {
    let at = || "lead".to_owned();
    // SAFETY: forwarded to the caller.
    let (id, org) = unsafe { lead_head(engine, lead, &at) }?;
    // SAFETY: forwarded to the caller.
    unsafe { fields(lead, pairs, &mut Names::new(), &at) }?;
    Ok(AssignLead {
        id,
        org,
        fields: LeadFields::Pairs(pairs),
    })
}

/// The leads of a batch, ids distinct; their fields live in `pairs`,
/// filled first, and are sliced for each lead.
///
/// # Safety
/// As for [`lead_head`], for every lead of `leads`.
pub(crate) unsafe fn many_leads<'a>(
    engine: &Engine,
    leads: &[leadrules_assign_lead],
    pairs: &'a mut Vec<(&'a str, FieldValue<'a>)>,
) -> Result<Vec<AssignLead<'a>>, Failure> {
    // The leads are built here, their fields set once `pairs` is full:
    // no second list of them (a batch's temporaries add to what the
    // allocator gives back to the system after each call).
    let mut read = Vec::with_capacity(leads.len());
    let mut starts = Vec::with_capacity(leads.len());
    // Room for every field (a count past any real batch is not trusted
    // before its array is checked).
    let fields_in_all = leads
        .iter()
        .fold(0usize, |n, lead| n.saturating_add(lead.field_count));
    pairs.reserve(fields_in_all.min(1 << 20));
    let mut names = Names::new();
    for (i, lead) in leads.iter().enumerate() {
        let at = || format!("leads[{i}]");
        // SAFETY: forwarded to the caller.
        let (id, org) = unsafe { lead_head(engine, lead, &at) }?;
        starts.push(pairs.len());
        // SAFETY: forwarded to the caller.
        unsafe { fields(lead, pairs, &mut names, &at) }?;
        read.push(AssignLead {
            id,
            org,
            fields: LeadFields::None,
        });
    }
    leadrules::require_distinct_leads(read.iter().map(|lead| lead.id), |i| format!("leads[{i}].id"))?;
    let pairs: &'a [(&'a str, FieldValue<'a>)] = pairs;
    let ends = starts.iter().skip(1).copied().chain([pairs.len()]);
    for ((lead, &start), end) in read.iter_mut().zip(&starts).zip(ends) {
        lead.fields = LeadFields::Pairs(pairs.get(start..end).unwrap_or_default());
    }
    Ok(read)
}

/// The pools, names distinct, each member read as the protocol reads it
/// (paths `pools.<name>.members[i].<field>`).
///
/// # Safety
/// Every pointer in `pools` NULL or its length of readable entries or
/// bytes, valid for `'a`.
pub(crate) unsafe fn pools<'a>(engine: &Engine, pools: &'a [leadrules_pool]) -> Result<Pools<'a>, Failure> {
    if u32::try_from(pools.len()).is_err() {
        return Err(Failure::invalid("`pool_count` is over UINT32_MAX - 1"));
    }
    let mut read = Pools {
        pools: Vec::with_capacity(pools.len()),
        index: HashMap::with_capacity(pools.len()),
    };
    for (p, pool) in pools.iter().enumerate() {
        // SAFETY: the caller guarantees `name_len` bytes at `name`.
        let name = unsafe { text(pool.name, pool.name_len, || format!("pools[{p}].name")) }?;
        let number = u32::try_from(p).unwrap_or(LEADRULES_NO_INDEX);
        if let Some(first) = read.index.insert(name, number) {
            return Err(Failure::invalid(format!(
                "`pools[{p}].name` is `{name}`, the name of pools[{first}]: pool names are distinct"
            )));
        }
        // SAFETY: the caller guarantees `cursor_len` bytes at `cursor` or NULL.
        let cursor = unsafe { optional_text(pool.cursor, pool.cursor_len, || format!("pools[{p}].cursor")) }?;
        let cursor = cursor
            .map(|c| id_at(c, || format!("pools.{name}.cursor")))
            .transpose()?;
        // SAFETY: the caller guarantees the members array.
        let members: &'a [leadrules_member] =
            unsafe { array(pool.members, pool.member_count, || format!("pools[{p}].members")) }?;
        if u32::try_from(members.len()).is_err() {
            return Err(Failure::invalid(format!(
                "`pools[{p}].member_count` is over UINT32_MAX - 1"
            )));
        }
        let mut list = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            // SAFETY: forwarded to the caller.
            list.push(unsafe { self::member(engine, member, name, p, i) }?);
        }
        leadrules::require_distinct_members(list.iter().map(|m| m.id), |i| {
            format!("pools.{name}.members[{i}].id")
        })?;
        read.pools.push(Pool {
            name,
            cursor,
            members: list,
        });
    }
    Ok(read)
}

/// Member `i` of pool `p` (named `pool`).
///
/// # Safety
/// Every pointer in `member` NULL or its length of readable bytes, valid
/// for `'a`.
unsafe fn member<'a>(
    engine: &Engine,
    member: &leadrules_member,
    pool: &str,
    p: usize,
    i: usize,
) -> Result<Member<'a>, Failure> {
    let c_name = |what: &str| format!("pools[{p}].members[{i}].{what}");
    let path = |what: &str| format!("pools.{pool}.members[{i}].{what}");
    // SAFETY: the caller guarantees `id_len` bytes at `id`.
    let id = unsafe { text(member.id, member.id_len, || c_name("id")) }?;
    let id = id_at(id, || path("id"))?;
    // SAFETY: the caller guarantees `org_len` bytes at `org`.
    let org = unsafe { text(member.org, member.org_len, || c_name("org")) }?;
    let org = id_at(org, || path("org"))?;
    let role = usize::try_from(member.role)
        .ok()
        .and_then(|r| engine.role_at(r))
        .ok_or_else(|| {
            Failure::invalid(format!(
                "`{}` is {}, not a role of the engine",
                c_name("role"),
                member.role
            ))
        })?;
    let mut read = Member::new(id, org, role);
    read.active = member.active;
    read.away = member.away;
    // SAFETY: the caller guarantees `calendar_len` bytes at `calendar` or NULL.
    let calendar = unsafe { optional_text(member.calendar, member.calendar_len, || c_name("calendar")) }?;
    read.calendar = calendar.map(|c| id_at(c, || path("calendar"))).transpose()?;
    read.open_leads = member.open_leads;
    read.capacity = (member.capacity != LEADRULES_NO_CAPACITY).then_some(member.capacity);
    read.weight = member.weight;
    // SAFETY: the caller guarantees `accepts_len` bytes at `accepts` or NULL.
    let accepts = unsafe { optional_text(member.accepts, member.accepts_len, || c_name("accepts")) }?;
    if let Some(accepts) = accepts {
        read.accepts = leadrules::require_accepts(accepts, &path("accepts"))?;
    }
    Ok(read)
}
