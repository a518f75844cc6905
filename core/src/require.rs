//! The lookups and checks a binding makes for its host, each answering the
//! exact error of the protocol (code, path, message) when it fails. C and
//! Python call these instead of building errors themselves, so the two
//! cannot drift: a name the engine lacks is reported once, here.
//!
//! A lookup answers at the field the looked-up name fills in a request:
//! `workflow`, `stage`, `template` (docs/choices.md, "lookup paths").

use crate::edit::EditedLead;
use crate::engine::Engine;
use crate::error::{Error, ErrorCode};

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

#[cfg(test)]
mod tests {
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
}
