//! The lookups and checks a binding makes for its host, each answering the
//! exact error of the protocol (code, path, message) when it fails. C and
//! Python call these instead of building errors themselves, so the two
//! cannot drift: a name the engine lacks is reported once, here.
//!
//! A lookup answers at the field the looked-up name fills in a request:
//! `workflow`, `stage`, `template` (docs/choices.md, "lookup paths").

use std::collections::HashSet;

use crate::assignment::condition::compile_list;
use crate::assignment::Condition;
use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};
use crate::json::{self, Refusal};
use crate::path::Path;
use crate::protocol::check_request_size;
use crate::time::Timestamp;

impl Engine {
    /// The code of stage `stage` of `workflow`, for
    /// [`LeadColumns::stages`](crate::LeadColumns::stages):
    /// `unknown_workflow` at `workflow` for a workflow the engine lacks,
    /// then `unknown_stage` at `stage` for a stage that workflow lacks.
    pub fn require_stage_code(&self, workflow: &str, stage: &str) -> Result<u32, Error> {
        let found = self
            .require_workflow(workflow, "workflow")?
            .workflow
            .stage_index(stage);
        found.and_then(|index| u32::try_from(index).ok()).ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownStage,
                "stage",
                format!("`{stage}` is not a stage of `{workflow}`"),
            )
        })
    }

    /// The code of the expiry template `template`, for
    /// [`LeadColumns::templates`](crate::LeadColumns::templates):
    /// `unknown_template` at `template` for a name the policy lacks.
    pub fn require_template_code(&self, template: &str) -> Result<u32, Error> {
        self.template_code(template).ok_or_else(|| {
            Error::new(
                ErrorCode::UnknownTemplate,
                "template",
                format!("unknown template `{template}`"),
            )
        })
    }
}

/// An id a host passed to a typed call (`actor.id`, `lead.owner`, ...),
/// refused as the protocol refuses it: an empty or whitespace-only id is
/// `invalid_request` at `path`, its message naming the last key of `path`.
#[inline]
pub fn require_id<'a>(id: &'a str, path: &str) -> Result<&'a str, Error> {
    // A typed check reads several ids per call: one byte decides for
    // almost every id, inlined into the binding's call.
    if id.as_bytes().first().is_some_and(u8::is_ascii_graphic) {
        return Ok(id);
    }
    require_id_scanned(id, path)
}

/// [`require_id`] for an id that starts with whitespace, a non-ASCII
/// character or nothing: the Unicode-aware scan.
#[cold]
fn require_id_scanned<'a>(id: &'a str, path: &str) -> Result<&'a str, Error> {
    if id.trim().is_empty() {
        let key = path.rsplit('.').next().unwrap_or(path);
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            path,
            format!("`{key}` must not be empty or blank"),
        ));
    }
    Ok(id)
}

/// The facts of an edit check that only hold together: a lead handed over
/// to sales names its creator, since the lock after handover is the
/// creator's and, without one, the edit would pass unchecked.
/// `invalid_request` at `lead.creator`, as the JSON entry refuses it.
pub fn require_creator_after_handover(lead: &EditedLead<'_>) -> Result<(), Error> {
    if lead.handed_over_to_sales && lead.creator.is_none() {
        return Err(Error::new(
            ErrorCode::InvalidRequest,
            "lead.creator",
            "a lead handed over to sales must name its creator",
        ));
    }
    Ok(())
}

/// A pool member's `accepts` given as JSON text by a binding that reads no
/// request JSON (C): compiled as the protocol compiles the member's
/// `accepts` array, the first problem `invalid_request` at its path below
/// `path` (`pools.inside.members[2].accepts[0].in`). Text that is not JSON
/// is `invalid_json` at `path`; text over the request size limit is
/// `invalid_request` at `path`.
pub fn require_accepts(text: &str, path: &str) -> Result<Vec<Condition>, Error> {
    check_request_size(text.len()).map_err(|e| Error::new(e.code, path, e.message))?;
    let value = json::parse(text).map_err(|refusal| match refusal {
        Refusal::NotJson(e) => Error::new(
            ErrorCode::InvalidJson,
            path,
            format!("`accepts` is not valid JSON: {e}"),
        ),
        Refusal::Repeated(inner) => Error::new(
            ErrorCode::InvalidRequest,
            below(path, &inner),
            "this key appears twice in its object: which one is meant is not clear",
        ),
    })?;
    let root = Path::Root;
    let at = root.key(path);
    let mut first: Option<Error> = None;
    let conditions = compile_list(&value, &at, false, &mut |problem: &Path<'_>, message: String| {
        first.get_or_insert_with(|| Error::new(ErrorCode::InvalidRequest, problem.render(), message));
    });
    match (first, conditions) {
        (Some(error), _) => Err(error),
        (None, conditions) => Ok(conditions.unwrap_or_default()),
    }
}

/// `inner`, a path inside a value, below `path`, the value's own.
fn below(path: &str, inner: &str) -> String {
    match (path.is_empty(), inner.is_empty() || inner.starts_with('[')) {
        (true, _) => inner.to_owned(),
        (false, true) => format!("{path}{inner}"),
        (false, false) => format!("{path}.{inner}"),
    }
}

/// The members of a pool a binding builds (their ids in order):
/// `invalid_request` at `path(i)` (the `id` of member `i`) for the first
/// id the pool had already, as the protocol refuses a repeated member.
pub fn require_distinct_members<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    path: impl FnOnce(usize) -> String,
) -> Result<(), Error> {
    match first_repeat(ids) {
        None => Ok(()),
        Some((i, id)) => Err(Error::new(
            ErrorCode::InvalidRequest,
            path(i),
            format!("member `{id}` appears twice in one pool"),
        )),
    }
}

/// The leads of a batch a binding builds (their ids in order):
/// `invalid_request` at `path(i)` (the `id` of lead `i`) for the first id
/// the batch had already, as the protocol refuses a repeated lead.
pub fn require_distinct_leads<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    path: impl FnOnce(usize) -> String,
) -> Result<(), Error> {
    match first_repeat(ids) {
        None => Ok(()),
        Some((i, id)) => Err(Error::new(
            ErrorCode::InvalidRequest,
            path(i),
            format!("lead `{id}` appears twice in one batch"),
        )),
    }
}

/// The candidates of a match by stored keys a binding builds: each id
/// not blank and none repeated, else `invalid_request` at `path(i)` (the
/// `id` of candidate `i`), as the protocol refuses the candidates of
/// `match`.
pub fn require_keyed_candidates<K>(
    candidates: &[crate::matching::KeyedLead<'_, K>],
    path: impl Fn(usize) -> String,
) -> Result<(), Error> {
    // In candidate order, each id checked before it is compared, as the
    // reader reads them.
    let mut seen = HashSet::with_capacity(candidates.len());
    for (i, candidate) in candidates.iter().enumerate() {
        if require_id(candidate.id, "").is_err() {
            require_id(candidate.id, &path(i))?;
        }
        if !seen.insert(candidate.id) {
            return Err(Error::new(
                ErrorCode::InvalidRequest,
                path(i),
                format!("candidate `{}` appears twice", candidate.id),
            ));
        }
    }
    Ok(())
}

/// The first id equal to an earlier one, with its position.
fn first_repeat<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<(usize, &'a str)> {
    let ids = ids.into_iter();
    let mut seen = HashSet::with_capacity(ids.size_hint().0);
    ids.enumerate().find(|(_, id)| !seen.insert(*id))
}

/// A list contact field of a lead to match (`mobiles`, `emails`) of
/// `count` values, as a binding passes it: more than
/// [`MAX_LIST_VALUES`](crate::matching::MAX_LIST_VALUES) is
/// `invalid_request` at `path` (`lead.mobiles`), as the protocol refuses
/// the list.
pub fn require_match_list(count: usize, path: &str) -> Result<(), Error> {
    use crate::matching::MAX_LIST_VALUES;
    if count <= MAX_LIST_VALUES {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::InvalidRequest,
        path,
        format!("at most {MAX_LIST_VALUES} values a list field (a lead's keys grow with their product)"),
    ))
}

/// An instant given as Unix seconds by a binding (C's `now`): `None` for
/// [`NO_TIME`](crate::NO_TIME); a value outside the years 0000–9999 is
/// `invalid_timestamp` at `now`, as the column sweep refuses it.
pub fn require_unix_now(seconds: i64) -> Result<Option<Timestamp>, Error> {
    if seconds == crate::NO_TIME {
        return Ok(None);
    }
    let at = (crate::expiry::TIME_RANGE.0..=crate::expiry::TIME_RANGE.1)
        .contains(&seconds)
        .then(|| chrono::DateTime::from_timestamp(seconds, 0))
        .flatten();
    match at {
        Some(at) => Ok(Some(at.fixed_offset())),
        None => Err(Error::new(
            ErrorCode::InvalidTimestamp,
            "now",
            format!("{seconds} is outside the years 0000-9999"),
        )),
    }
}

/// An amount of open time given as seconds by a binding (an SLA's
/// `target`, the time a calendar adds): a negative one is
/// `invalid_request` at `path`.
pub fn require_open_seconds(seconds: i64, path: &str) -> Result<i64, Error> {
    if seconds >= 0 {
        return Ok(seconds);
    }
    let key = path.rsplit('.').next().unwrap_or(path);
    Err(Error::new(
        ErrorCode::InvalidRequest,
        path,
        format!("`{key}` cannot be negative"),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_match_list_is_refused_as_the_protocol_refuses_it() {
        let engine = crate::Engine::from_json(
            r#"{"policy": {"matching": {"rules": [{"id": "m", "keys": ["phone"], "action": "alert"}]}}}"#,
        )
        .map_err(|e| e.message);
        let Ok(engine) = engine else {
            return assert!(engine.is_ok(), "{engine:?}");
        };
        let mobiles: Vec<String> = (0..101).map(|i| format!("\"+1 555 0{i:03}\"")).collect();
        let request = format!(
            r#"{{"kind": "match_keys", "lead": {{"mobiles": [{}]}}}}"#,
            mobiles.join(",")
        );
        let answered = engine.decide_json(&request);
        let refused = super::require_match_list(101, "lead.mobiles").err();
        assert_eq!(refused.as_ref(), answered.error());
        assert!(super::require_match_list(100, "lead.mobiles").is_ok());
    }

    #[test]
    fn keyed_candidates_are_refused_as_the_reader_refuses_them() {
        use crate::matching::KeyedLead;
        let keys: [&str; 0] = [];
        let lead = |id| KeyedLead { id, keys: &keys[..] };
        let path = |i: usize| format!("candidates[{i}].id");
        assert!(super::require_keyed_candidates(&[lead("A"), lead("B")], path).is_ok());
        for (candidates, at) in [
            (
                vec![lead("A"), lead("B"), lead("A"), lead(" ")],
                "candidates[2].id",
            ),
            (vec![lead("A"), lead(""), lead("A")], "candidates[1].id"),
        ] {
            let refused = super::require_keyed_candidates(&candidates, path).err();
            assert_eq!(
                refused.as_ref().map(|e| (e.code, e.path.as_str())),
                Some((ErrorCode::InvalidRequest, at))
            );
        }
        // The reader's own error for the same repeat, word for word.
        let request = r#"{"kind": "match", "lead": {}, "candidates": [{"id": "A"}, {"id": "A"}]}"#;
        let answered = Engine::default().decide_json(request);
        let refused = super::require_keyed_candidates(&[lead("A"), lead("A")], path).err();
        assert_eq!(refused.as_ref(), answered.error());
    }

    use super::*;
    use crate::protocol::error_value;

    fn envelope(error: &Error) -> String {
        error_value(error).to_string()
    }

    /// The error the JSON entry answers for `request`.
    fn json_error(engine: &Engine, request: &str) -> String {
        engine.decide_json(request).into_string()
    }

    #[test]
    fn stage_codes_answer_or_name_the_field() {
        let engine = Engine::default();
        assert_eq!(
            engine.require_stage_code("partner_lead", "pending").ok(),
            engine.stage_code("partner_lead", "pending")
        );
        let error = engine.require_stage_code("nope", "pending").err();
        let error = error
            .as_ref()
            .map(|e| (e.code, e.path.as_str(), e.message.as_str()));
        assert_eq!(
            error,
            Some((ErrorCode::UnknownWorkflow, "workflow", "unknown workflow `nope`"))
        );
        let error = engine.require_stage_code("partner_lead", "limbo").err();
        let error = error
            .as_ref()
            .map(|e| (e.code, e.path.as_str(), e.message.as_str()));
        assert_eq!(
            error,
            Some((
                ErrorCode::UnknownStage,
                "stage",
                "`limbo` is not a stage of `partner_lead`"
            ))
        );
    }

    #[test]
    fn template_codes_answer_or_name_the_template_field() {
        let engine = Engine::default();
        assert_eq!(
            engine.require_template_code("default").ok(),
            engine.template_code("default")
        );
        let error = engine.require_template_code("mars").err();
        let error = error
            .as_ref()
            .map(|e| (e.code, e.path.as_str(), e.message.as_str()));
        assert_eq!(
            error,
            Some((ErrorCode::UnknownTemplate, "template", "unknown template `mars`"))
        );
    }

    #[test]
    fn ids_are_refused_as_the_protocol_refuses_them() {
        let engine = Engine::from_json(
            r#"{"orgs": [{"id": "hq", "handover": true}, {"id": "north", "parent": "hq"}]}"#,
        )
        .unwrap_or_default();
        for id in ["", " ", "\t\n"] {
            let request = serde_json::json!({"kind": "handover",
                "actor": {"id": id, "org": "north", "role": "professional"},
                "lead": {"id": "L1", "org": "north", "owner": "u1"}, "to": "hq"});
            let typed = require_id(id, "actor.id").err().map(|e| envelope(&e));
            assert_eq!(typed, Some(json_error(&engine, &request.to_string())), "{id:?}");
        }
        assert_eq!(require_id("u1", "actor.id").ok(), Some("u1"));
    }

    #[test]
    fn a_handed_over_lead_without_creator_is_refused_as_the_protocol_refuses_it() {
        let engine = Engine::from_json(r#"{"orgs": [{"id": "north"}]}"#).unwrap_or_default();
        let request = r#"{"kind": "edit", "actor": {"id": "b1", "org": "north", "role": "basic"},
            "lead": {"id": "L1", "org": "north", "owner": "b1", "handed_over_to_sales": true}}"#;
        let org = engine.org("north");
        assert!(org.is_some());
        let Some(org) = org else { return };
        let mut lead = EditedLead {
            id: "L1",
            org,
            owner: Some("b1"),
            creator: None,
            handed_over_to_sales: true,
        };
        let typed = require_creator_after_handover(&lead).err().map(|e| envelope(&e));
        assert_eq!(typed, Some(json_error(&engine, request)));
        lead.creator = Some("b1");
        assert_eq!(require_creator_after_handover(&lead).ok(), Some(()));
        lead.creator = None;
        lead.handed_over_to_sales = false;
        assert_eq!(require_creator_after_handover(&lead).ok(), Some(()));
    }

    #[test]
    fn accepts_text_is_refused_as_the_protocol_refuses_the_array() {
        let engine = Engine::from_json(r#"{"orgs": [{"id": "north"}]}"#).unwrap_or_default();
        let at = "pools.inside.members[0].accepts";
        for accepts in [
            r#"{"field": "x"}"#,
            r#"[{"field": "x"}]"#,
            r#"[{"field": "x", "in": 3}]"#,
            r#"[{"field": "x", "min": 5, "max": 1}]"#,
            r#"[{"any": [{"any": []}]}]"#,
            r#"[{"field": "x", "equals": 1, "equals": 2}]"#,
        ] {
            let request = format!(
                r#"{{"kind": "assign", "lead": {{"id": "L1", "org": "north"}}, "pools": {{"inside":
                {{"members": [{{"id": "u1", "org": "north", "role": "professional", "accepts": {accepts}}}]}}}}}}"#
            );
            let typed = require_accepts(accepts, at).err().map(|e| envelope(&e));
            assert_eq!(typed, Some(json_error(&engine, &request)), "{accepts}");
        }
        let error = require_accepts("[", at).err().map(|e| (e.code, e.path));
        assert_eq!(error, Some((ErrorCode::InvalidJson, at.to_owned())));
        let conditions = require_accepts(r#"[{"field": "lang", "in": ["en", "fr"]}]"#, at);
        assert_eq!(conditions.map(|c| c.len()).ok(), Some(1));
    }

    #[test]
    fn repeated_members_and_leads_are_refused_as_the_protocol_refuses_them() {
        let engine = Engine::from_json(r#"{"orgs": [{"id": "north"}]}"#).unwrap_or_default();
        assert!(require_distinct_members(["u1", "u2"], |_| "x".into()).is_ok());
        let typed = require_distinct_members(["u1", "u1"], |i| format!("pools.inside.members[{i}].id"));
        let request = r#"{"kind": "assign", "lead": {"id": "L1", "org": "north"}, "pools": {"inside":
            {"members": [{"id": "u1", "org": "north", "role": "professional"},
                         {"id": "u1", "org": "north", "role": "professional"}]}}}"#;
        assert_eq!(
            typed.err().map(|e| envelope(&e)),
            Some(json_error(&engine, request))
        );
        assert!(require_distinct_leads(["L1", "L2"], |_| "x".into()).is_ok());
        let typed = require_distinct_leads(["L1", "L1"], |i| format!("leads[{i}].id"));
        let request = r#"{"kind": "assign", "leads": [{"id": "L1", "org": "north"}, {"id": "L1", "org": "north"}],
            "pools": {}}"#;
        assert_eq!(
            typed.err().map(|e| envelope(&e)),
            Some(json_error(&engine, request))
        );
    }

    #[test]
    fn unix_now_is_checked_against_the_calendar_range() {
        assert_eq!(require_unix_now(crate::NO_TIME).ok(), Some(None));
        let at = require_unix_now(0).ok().flatten().map(crate::utc_text);
        assert_eq!(at.as_deref(), Some("1970-01-01T00:00:00Z"));
        let error = require_unix_now(i64::MAX).err().map(|e| (e.code, e.path));
        assert_eq!(error, Some((ErrorCode::InvalidTimestamp, "now".to_owned())));
    }

    #[test]
    fn open_seconds_are_checked_at_their_path() {
        assert_eq!(require_open_seconds(0, "target").ok(), Some(0));
        let error = require_open_seconds(-1, "target").err().map(|e| (e.code, e.path));
        assert_eq!(error, Some((ErrorCode::InvalidRequest, "target".to_owned())));
    }
}
