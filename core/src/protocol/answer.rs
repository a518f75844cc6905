//! Owned answers: the answer to a yes/no question (handover, cross silo,
//! create, edit, link, transition) as a value that owns its text, so that
//! a host keeps it, sends it or pickles it without the request it borrowed
//! from or the engine whose org handles it held: org handles are named and
//! every id, stage and form value is copied.
//!
//! An [`Answer`] renders exactly as the engine renders the response it was
//! taken from (each effect's fields are written by the renderer's own
//! `effect_fields`, into the answer instead of into JSON), and reads back
//! from that response's JSON with checks (`answer_read.rs`), so one type
//! covers both an answer just given and one loaded from elsewhere.

use std::hash::{Hash, Hasher};

use serde_json::Value;
use smallvec::SmallVec;

use crate::decision::Decision;
use crate::engine::Engine;
use crate::handover::{Route, TransferKind};
use crate::protocol::fields::{named, DetailKey, Fields};
use crate::protocol::out::{Out, Text, Tree};
use crate::protocol::render;
use crate::protocol::Response;
use crate::reason::{DenialCode, Reason};
use crate::time::{utc_text, Timestamp};
use crate::unknown_keys::RequestWarning;

/// A decision's answer, owned: allowed or not, every reason with its
/// detail, the plan, and the fields of its kind (a transfer's route, a
/// transition's stages). Built from core's borrowed answer by
/// [`Answer::of`], or read back from its response JSON by [`Answer::read`];
/// rendered by [`Answer::to_json`], [`Answer::to_value`] or
/// [`Answer::render_into`].
///
/// Taking one costs little: short texts (most ids and names) are held
/// inline, a denial's few reasons too, so a denial allocates nothing and a
/// plan allocates once (plus once for all its long texts). The plan's
/// items own nothing (a form value is held apart), so dropping a plan is
/// one free.
#[derive(Debug, Clone)]
pub struct Answer {
    shape: Shape,
    reasons: SmallVec<[HeldReason; 2]>,
    /// The plan: each effect's [`Item::Effect`] followed by its fields.
    plan: Vec<Item>,
    /// The texts too long to hold inline, one after another.
    long: String,
    /// The values of [`Slot::Json`] fields (form values: rare).
    json: Vec<Value>,
    /// What few answers have, apart: an answer stays small.
    extra: Option<Box<Extra>>,
}

/// The parts of an answer that few answers have.
#[derive(Debug, Clone, Default)]
struct Extra {
    /// A transfer denial's other mechanism: its route and reasons.
    alternative: Option<(Route, SmallVec<[HeldReason; 2]>)>,
    /// The request's warnings (an engine that warns on unknown keys).
    warnings: Vec<RequestWarning>,
}

/// The other mechanism beside a transfer denial, as an [`Answer`] holds it
/// (`alternative` in the response).
#[derive(Debug, Clone, Copy)]
pub struct AnswerAlternative<'a> {
    /// The other mechanism (the answer's route).
    pub route: Route,
    reasons: &'a [HeldReason],
    long: &'a str,
}

impl<'a> AnswerAlternative<'a> {
    /// Whether the other mechanism would be allowed: no reason.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }

    /// Every check the other mechanism would fail, in the documented order.
    pub fn reasons(&self) -> impl ExactSizeIterator<Item = AnswerReason<'a>> + 'a {
        let long = self.long;
        self.reasons.iter().map(move |reason| reason.view(long))
    }
}

/// The kind of decision and its own fields.
#[derive(Debug, Clone)]
pub(super) enum Shape {
    /// `handover` or `cross_silo`: the route (rendered also when null).
    Transfer(Option<Route>),
    /// `create`, `edit` or `link`: no field of its own.
    Decision,
    /// `transition`: the stage now and the stage the action leads to.
    Transition { from: Held, to: Option<Held> },
}

/// The bytes of text held inline.
const SHORT: usize = 22;

/// A text of the answer: inline when short, else a range of
/// [`Answer::long`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Held {
    Short { len: u8, bytes: [u8; SHORT] },
    Long { start: usize, end: usize },
}

/// A reason as the answer holds it.
#[derive(Debug, Clone)]
pub(super) struct HeldReason {
    code: DenialCode,
    detail: Option<(DetailKey, Held)>,
}

impl HeldReason {
    fn view<'a>(&'a self, long: &'a str) -> AnswerReason<'a> {
        AnswerReason {
            code: self.code,
            detail: self.detail.as_ref().map(|(key, text)| (*key, text.of(long))),
        }
    }
}

/// One entry of the plan.
#[derive(Debug, Clone, Copy)]
enum Item {
    /// An effect of this kind begins; its fields follow.
    Effect(&'static str),
    /// A field of the effect: its key (a word of the renderer's) and value.
    Field(&'static str, Slot),
}

/// The value of an effect's field.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// A text of the answer's own.
    Text(Held),
    /// A word of the renderer's (a pipeline, a channel): not copied.
    Word(&'static str),
    Null,
    /// An instant the engine computed or stamped.
    Time(Timestamp),
    /// Any other JSON (a form value): its index in [`Answer::json`].
    Json(usize),
}

/// One reason of an [`Answer`]: its code and, if it has one, its detail
/// (the key it is rendered under and the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnswerReason<'a> {
    /// The stable code.
    pub code: DenialCode,
    /// What the reason is about, named.
    pub detail: Option<(DetailKey, &'a str)>,
}

/// One effect of an [`Answer`]: its kind and its other fields, in the
/// order they are rendered.
#[derive(Debug, Clone, Copy)]
pub struct AnswerEffect<'a> {
    /// The kind, as in the JSON `kind` key (one of [`crate::Effect::KINDS`]).
    pub kind: &'static str,
    fields: &'a [Item],
    long: &'a str,
    json: &'a [Value],
}

/// The value of an effect's field. Values compare and hash as their JSON
/// does: an instant equals the text it is rendered as.
#[derive(Debug, Clone, Copy)]
pub enum AnswerValue<'a> {
    /// A text (an id, a name).
    Text(&'a str),
    /// `null`.
    Null,
    /// An instant the engine computed or stamped (a deadline, `now`),
    /// rendered as RFC 3339 text in UTC ([`crate::time::utc_text`]).
    Time(Timestamp),
    /// Any other JSON: a form value as the request gave it.
    Json(&'a Value),
}

impl PartialEq for AnswerValue<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (AnswerValue::Text(a), AnswerValue::Text(b)) => a == b,
            (AnswerValue::Null, AnswerValue::Null) => true,
            (AnswerValue::Time(a), AnswerValue::Time(b)) => a == b,
            (AnswerValue::Time(at), AnswerValue::Text(text))
            | (AnswerValue::Text(text), AnswerValue::Time(at)) => utc_text(*at) == *text,
            (AnswerValue::Json(a), AnswerValue::Json(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for AnswerValue<'_> {}

impl Hash for AnswerValue<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            AnswerValue::Text(text) => (0u8, *text).hash(state),
            AnswerValue::Time(at) => (0u8, utc_text(*at).as_str()).hash(state),
            AnswerValue::Null => 1u8.hash(state),
            AnswerValue::Json(value) => (2u8, *value).hash(state),
        }
    }
}

impl Held {
    /// The text, `long` being the answer's texts held apart.
    fn of<'a>(&'a self, long: &'a str) -> &'a str {
        match self {
            Held::Short { len, bytes } => {
                let bytes = bytes.get(..usize::from(*len)).unwrap_or_default();
                // Copied from a `str` on a character boundary: always text.
                std::str::from_utf8(bytes).unwrap_or_default()
            }
            Held::Long { start, end } => long.get(*start..*end).unwrap_or_default(),
        }
    }
}

impl<'a> AnswerEffect<'a> {
    /// The fields besides `kind`, in order: key and value.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, AnswerValue<'a>)> + 'a {
        let (long, json) = (self.long, self.json);
        self.fields.iter().filter_map(move |item| match item {
            Item::Field(key, slot) => Some((*key, slot.view(long, json))),
            Item::Effect(_) => None,
        })
    }

    /// The value of the field `key`, if the effect has one.
    pub fn get(&self, key: &str) -> Option<AnswerValue<'a>> {
        self.fields().find(|(k, _)| *k == key).map(|(_, value)| value)
    }
}

impl Slot {
    fn view<'a>(&'a self, long: &'a str, json: &'a [Value]) -> AnswerValue<'a> {
        match self {
            Slot::Text(text) => AnswerValue::Text(text.of(long)),
            Slot::Word(word) => AnswerValue::Text(word),
            Slot::Null => AnswerValue::Null,
            Slot::Time(at) => AnswerValue::Time(*at),
            // Always there: pushed with the slot.
            Slot::Json(index) => json.get(*index).map_or(AnswerValue::Null, AnswerValue::Json),
        }
    }
}

impl Answer {
    /// The owned answer of a decision `response` of `engine` (org handles
    /// named by it); `None` for a response that is no decision (`targets`,
    /// `actions`, `expiry`, `sweep`).
    #[inline]
    pub fn of(engine: &Engine, response: &Response<'_>) -> Option<Answer> {
        match response {
            Response::Transfer(_) | Response::Decision(_) | Response::Transition(_) => {
                Some(Answer::of_decision(engine, response))
            }
            _ => None,
        }
    }

    /// [`Answer::of`] a decision. The answer is built where it is returned
    /// (no copy of a large value on the way out): the local returned is
    /// the answer itself, not wrapped.
    fn of_decision(engine: &Engine, response: &Response<'_>) -> Answer {
        let (reasons, effects): (&[Reason<'_>], &[_]) = match response {
            Response::Transfer(d) => (&d.reasons, &d.effects),
            Response::Decision(d) => (&d.reasons, &d.effects),
            Response::Transition(d) => (&d.reasons, &d.effects),
            _ => (&[], &[]),
        };
        let mut answer = Answer::new(match response {
            Response::Transfer(d) => Shape::Transfer(d.kind.route),
            _ => Shape::Decision,
        });
        for reason in reasons {
            answer.push_reason(reason.code, named(engine, reason.detail));
        }
        if !effects.is_empty() {
            // About five fields an effect: one allocation for most plans.
            answer.plan = Vec::with_capacity(effects.len() * 6);
            for effect in effects {
                answer.push_effect(effect.kind());
                render::effect_fields(engine, effect, &mut answer);
            }
        }
        if let Response::Transfer(Decision {
            kind:
                TransferKind {
                    alternative: Some(alternative),
                    ..
                },
            ..
        }) = response
        {
            let held = alternative
                .reasons(reasons)
                .map(|reason| answer.held_reason(reason.code, named(engine, reason.detail)))
                .collect();
            answer.set_alternative(alternative.route, held);
        }
        if let Response::Transition(d) = response {
            answer.shape = Shape::Transition {
                from: answer.push_text(d.kind.from),
                to: d.kind.to.map(|to| answer.push_text(to)),
            };
        }
        answer
    }

    /// An empty answer of `shape`: allowed, with no plan.
    pub(super) fn new(shape: Shape) -> Self {
        Answer {
            shape,
            reasons: SmallVec::new(),
            plan: Vec::new(),
            long: String::new(),
            extra: None,
            json: Vec::new(),
        }
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Sets the other mechanism of a transfer denial.
    pub(super) fn set_alternative(&mut self, route: Route, reasons: SmallVec<[HeldReason; 2]>) {
        self.extra_mut().alternative = Some((route, reasons));
    }

    /// This answer with the request's warnings (rendered last, as the
    /// engine renders them beside a response).
    #[must_use]
    pub fn with_warnings(mut self, warnings: Vec<RequestWarning>) -> Answer {
        if !warnings.is_empty() || self.extra.is_some() {
            self.extra_mut().warnings = warnings;
        }
        self
    }

    /// The request's warnings, if the engine warned about it.
    pub fn warnings(&self) -> &[RequestWarning] {
        self.extra.as_ref().map_or(&[], |extra| extra.warnings.as_slice())
    }

    /// For a transfer denial whose route is the other mechanism: that
    /// mechanism's answer for the same actor, lead and target.
    pub fn alternative(&self) -> Option<AnswerAlternative<'_>> {
        let (route, reasons) = self.extra.as_ref()?.alternative.as_ref()?;
        Some(AnswerAlternative {
            route: *route,
            reasons,
            long: &self.long,
        })
    }

    pub(super) fn set_shape(&mut self, shape: Shape) {
        self.shape = shape;
    }

    /// Copies `text` into the answer.
    #[inline]
    pub(super) fn push_text(&mut self, text: &str) -> Held {
        let mut bytes = [0; SHORT];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(short), Ok(len)) => {
                short.copy_from_slice(text.as_bytes());
                Held::Short { len, bytes }
            }
            _ => {
                let start = self.long.len();
                self.long.push_str(text);
                Held::Long {
                    start,
                    end: self.long.len(),
                }
            }
        }
    }

    pub(super) fn push_reason(&mut self, code: DenialCode, detail: Option<(DetailKey, &str)>) {
        let reason = self.held_reason(code, detail);
        self.reasons.push(reason);
    }

    /// A reason with its detail copied into the answer.
    pub(super) fn held_reason(&mut self, code: DenialCode, detail: Option<(DetailKey, &str)>) -> HeldReason {
        let detail = detail.map(|(key, text)| (key, self.push_text(text)));
        HeldReason { code, detail }
    }

    pub(super) fn push_effect(&mut self, kind: &'static str) {
        self.plan.push(Item::Effect(kind));
    }

    /// Whether the request may go ahead: no reason.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }

    /// For `handover` and `cross_silo`: `Some(route)`, the route that fits
    /// the two orgs (`None` inside for the same org or different
    /// communities); `None` for other decisions.
    pub fn route(&self) -> Option<Option<Route>> {
        match self.shape {
            Shape::Transfer(route) => Some(route),
            _ => None,
        }
    }

    /// For a transition: the stage now and the stage the action leads to
    /// (`None` where it leads nowhere); `None` for other decisions.
    pub fn stages(&self) -> Option<(&str, Option<&str>)> {
        match &self.shape {
            Shape::Transition { from, to } => {
                Some((from.of(&self.long), to.as_ref().map(|to| to.of(&self.long))))
            }
            _ => None,
        }
    }

    /// Every reason, in the documented order; none when allowed.
    pub fn reasons(&self) -> impl ExactSizeIterator<Item = AnswerReason<'_>> + '_ {
        self.reasons.iter().map(|reason| reason.view(&self.long))
    }

    /// The codes of [`Answer::reasons`] alone.
    pub fn codes(&self) -> impl ExactSizeIterator<Item = DenialCode> + '_ {
        self.reasons.iter().map(|reason| reason.code)
    }

    /// The plan, in order; empty on a denial.
    pub fn effects(&self) -> impl Iterator<Item = AnswerEffect<'_>> + '_ {
        let mut rest = self.plan.as_slice();
        std::iter::from_fn(move || {
            let (Item::Effect(kind), tail) = rest.split_first()? else {
                return None;
            };
            let fields = tail
                .iter()
                .position(|item| matches!(item, Item::Effect(_)))
                .unwrap_or(tail.len());
            let (fields, next) = tail.split_at_checked(fields)?;
            rest = next;
            Some(AnswerEffect {
                kind,
                fields,
                long: &self.long,
                json: &self.json,
            })
        })
    }

    /// The number of effects of the plan.
    pub fn effect_count(&self) -> usize {
        self.plan
            .iter()
            .filter(|item| matches!(item, Item::Effect(_)))
            .count()
    }

    /// Renders the response object into any [`Out`], exactly as the engine
    /// renders the response the answer was taken from.
    pub fn render_into(&self, out: &mut impl Out) {
        out.open_object();
        out.key("allowed");
        out.bool(self.allowed());
        out.key("reasons");
        out.open_array();
        for reason in self.reasons() {
            render::reason_fields(reason.code, reason.detail, out);
        }
        out.close_array();
        out.key("effects");
        out.open_array();
        for effect in self.effects() {
            out.open_object();
            out.field("kind", effect.kind);
            for (key, value) in effect.fields() {
                out.key(key);
                match value {
                    AnswerValue::Text(text) => out.str(text),
                    AnswerValue::Null => out.null(),
                    AnswerValue::Time(at) => out.time(at),
                    AnswerValue::Json(value) => out.value(value),
                }
            }
            out.close_object();
        }
        out.close_array();
        match &self.shape {
            Shape::Transfer(route) => {
                out.field_or_null("route", route.map(Route::as_str));
                if let Some(alternative) = self.alternative() {
                    out.key("alternative");
                    out.open_object();
                    out.field("kind", alternative.route.as_str());
                    out.key("allowed");
                    out.bool(alternative.allowed());
                    out.key("reasons");
                    out.open_array();
                    for reason in alternative.reasons() {
                        render::reason_fields(reason.code, reason.detail, out);
                    }
                    out.close_array();
                    out.close_object();
                }
            }
            Shape::Decision => {}
            Shape::Transition { .. } => {
                if let Some((from, to)) = self.stages() {
                    out.field("from", from);
                    out.field_or_null("to", to);
                }
            }
        }
        let warnings = self.warnings();
        if !warnings.is_empty() {
            out.key("warnings");
            render::warning_list(warnings, out);
        }
        out.close_object();
    }

    /// The response as compact JSON text, as [`Engine::render_json`] renders it.
    pub fn to_json(&self) -> String {
        let mut out = Text::default();
        self.render_into(&mut out);
        out.finish()
    }

    /// The response as its JSON object, as [`Engine::render`] renders it.
    pub fn to_value(&self) -> Value {
        let mut out = Tree::default();
        self.render_into(&mut out);
        out.finish()
    }

    /// The kind's own fields, compared and hashed by their text.
    fn kind_fields(&self) -> KindFields<'_> {
        match &self.shape {
            Shape::Transfer(route) => KindFields::Transfer(*route),
            Shape::Decision => KindFields::Decision,
            Shape::Transition { .. } => {
                let (from, to) = self.stages().unwrap_or_default();
                KindFields::Transition(from, to)
            }
        }
    }
}

impl Answer {
    /// The alternative by its values, for comparing and hashing.
    fn alternative_key(&self) -> Option<(Route, Vec<AnswerReason<'_>>)> {
        self.alternative()
            .map(|alternative| (alternative.route, alternative.reasons().collect()))
    }
}

/// [`Shape`] with its texts, for comparing and hashing.
#[derive(PartialEq, Eq, Hash)]
enum KindFields<'a> {
    Transfer(Option<Route>),
    Decision,
    Transition(&'a str, Option<&'a str>),
}

/// Answers are equal when their responses are (the same JSON, up to the
/// order of keys inside a form value).
impl PartialEq for Answer {
    fn eq(&self, other: &Self) -> bool {
        self.kind_fields() == other.kind_fields()
            && self.reasons().eq(other.reasons())
            && self.alternative_key() == other.alternative_key()
            && self.warnings() == other.warnings()
            && self.plan.len() == other.plan.len()
            && self
                .effects()
                .zip(other.effects())
                .all(|(a, b)| a.kind == b.kind && a.fields().eq(b.fields()))
    }
}

impl Eq for Answer {}

impl Hash for Answer {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.kind_fields().hash(state);
        self.alternative_key().hash(state);
        self.warnings().hash(state);
        state.write_usize(self.reasons.len());
        for reason in self.reasons() {
            reason.hash(state);
        }
        state.write_usize(self.plan.len());
        for effect in self.effects() {
            effect.kind.hash(state);
            for field in effect.fields() {
                field.hash(state);
            }
        }
    }
}

/// The answer takes the fields of the effect it pushed last: the effect
/// format of the renderer, held instead of written.
impl Fields for Answer {
    #[inline]
    fn text(&mut self, key: &'static str, text: &str) {
        let Ok(len) = u8::try_from(text.len()) else {
            let text = self.push_text(text);
            return self.plan.push(Item::Field(key, Slot::Text(text)));
        };
        if text.len() > SHORT {
            let text = self.push_text(text);
            return self.plan.push(Item::Field(key, Slot::Text(text)));
        }
        // Copied in place: a copy made on the stack and then moved would be
        // read back in other widths than it was written, which stalls.
        let bytes = [0; SHORT];
        self.plan
            .push(Item::Field(key, Slot::Text(Held::Short { len, bytes })));
        if let Some(Item::Field(_, Slot::Text(Held::Short { bytes, .. }))) = self.plan.last_mut() {
            if let Some(held) = bytes.get_mut(..text.len()) {
                held.copy_from_slice(text.as_bytes());
            }
        }
    }

    #[inline]
    fn word(&mut self, key: &'static str, word: &'static str) {
        self.plan.push(Item::Field(key, Slot::Word(word)));
    }

    #[inline]
    fn null(&mut self, key: &'static str) {
        self.plan.push(Item::Field(key, Slot::Null));
    }

    fn json(&mut self, key: &'static str, value: &Value) {
        self.json_field(key, value);
    }

    #[inline]
    fn time(&mut self, key: &'static str, at: Timestamp) {
        self.plan.push(Item::Field(key, Slot::Time(at)));
    }

    fn object(&mut self, key: &'static str, entries: &[(&str, &Value)]) {
        let object = entries
            .iter()
            .map(|&(name, value)| (name.to_owned(), value.clone()))
            .collect();
        let slot = self.push_json(Value::Object(object));
        self.plan.push(Item::Field(key, slot));
    }
}

/// The effect keys whose value may be an instant the engine wrote
/// (`set_expiry`'s deadline, `create_task`'s start, `record`'s stamp).
const INSTANT_KEYS: [&str; 3] = ["expires_at", "start", "value"];

/// The instant `text` is when it is exactly how an answer writes one (so
/// it renders back to the same text); `None` for any other text, such as
/// a form value a `record` copied.
fn instant_of(text: &str) -> Option<Timestamp> {
    crate::time::parse_timestamp(text, "")
        .ok()
        .filter(|at| utc_text(*at) == text)
}

impl Answer {
    /// A field of an effect read back from its JSON: as [`Answer::json_field`],
    /// but a string under a key that may hold an instant, written as an
    /// answer writes instants, is that instant. So an answer read back
    /// holds each value as the one it was taken from (a form value a
    /// `record` copied that reads as such an instant comes back as one:
    /// equal all the same, since values compare as their JSON).
    pub(super) fn read_field(&mut self, key: &'static str, value: &Value) {
        if let (true, Value::String(text)) = (INSTANT_KEYS.contains(&key), value) {
            if let Some(at) = instant_of(text) {
                return self.plan.push(Item::Field(key, Slot::Time(at)));
            }
        }
        self.json_field(key, value);
    }

    /// A field of the effect pushed last from JSON: a string as text,
    /// `null` as null, anything else as JSON.
    pub(super) fn json_field(&mut self, key: &'static str, value: &Value) {
        let slot = match value {
            Value::String(text) => Slot::Text(self.push_text(text)),
            Value::Null => Slot::Null,
            other => self.push_json(other.clone()),
        };
        self.plan.push(Item::Field(key, slot));
    }

    /// Keeps a form value apart from the plan; its slot.
    fn push_json(&mut self, value: Value) -> Slot {
        self.json.push(value);
        Slot::Json(self.json.len() - 1)
    }
}
