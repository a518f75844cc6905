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

use crate::engine::Engine;
use crate::handover::Route;
use crate::protocol::fields::{named, DetailKey, Fields};
use crate::protocol::out::{Out, Text, Tree};
use crate::protocol::render;
use crate::protocol::Response;
use crate::reason::{DenialCode, Reason};

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
struct HeldReason {
    code: DenialCode,
    detail: Option<(DetailKey, Held)>,
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

/// The value of an effect's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerValue<'a> {
    /// A text (an id, a name, an instant in RFC 3339).
    Text(&'a str),
    /// `null`.
    Null,
    /// Any other JSON: a form value as the request gave it.
    Json(&'a Value),
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
            // Always there: pushed with the slot.
            Slot::Json(index) => json.get(*index).map_or(AnswerValue::Null, AnswerValue::Json),
        }
    }
}

impl Answer {
    /// The owned answer of a decision `response` of `engine` (org handles
    /// named by it); `None` for a response that is no decision (`targets`,
    /// `actions`, `expiry`, `sweep`).
    pub fn of(engine: &Engine, response: &Response<'_>) -> Option<Answer> {
        let (reasons, effects): (&[Reason<'_>], _) = match response {
            Response::Transfer(d) => (&d.reasons, &d.effects),
            Response::Decision(d) => (&d.reasons, &d.effects),
            Response::Transition(d) => (&d.reasons, &d.effects),
            _ => return None,
        };
        let mut answer = Answer::new(match response {
            Response::Transfer(d) => Shape::Transfer(d.route),
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
        if let Response::Transition(d) = response {
            answer.shape = Shape::Transition {
                from: answer.push_text(d.from),
                to: d.to.map(|to| answer.push_text(to)),
            };
        }
        Some(answer)
    }

    /// An empty answer of `shape`: allowed, with no plan.
    pub(super) fn new(shape: Shape) -> Self {
        Answer {
            shape,
            reasons: SmallVec::new(),
            plan: Vec::new(),
            long: String::new(),
            json: Vec::new(),
        }
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
        let detail = detail.map(|(key, text)| (key, self.push_text(text)));
        self.reasons.push(HeldReason { code, detail });
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
        self.reasons.iter().map(|reason| AnswerReason {
            code: reason.code,
            detail: reason
                .detail
                .as_ref()
                .map(|(key, text)| (*key, text.of(&self.long))),
        })
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
                    AnswerValue::Json(value) => out.value(value),
                }
            }
            out.close_object();
        }
        out.close_array();
        match &self.shape {
            Shape::Transfer(route) => out.field_or_null("route", route.map(Route::as_str)),
            Shape::Decision => {}
            Shape::Transition { .. } => {
                if let Some((from, to)) = self.stages() {
                    out.field("from", from);
                    out.field_or_null("to", to);
                }
            }
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

    fn object(&mut self, key: &'static str, entries: &[(&str, &Value)]) {
        let object = entries
            .iter()
            .map(|&(name, value)| (name.to_owned(), value.clone()))
            .collect();
        let slot = self.push_json(Value::Object(object));
        self.plan.push(Item::Field(key, slot));
    }
}

impl Answer {
    /// A field of the effect pushed last from JSON: a string as text,
    /// `null` as null, anything else as JSON, so an answer read back from
    /// its JSON holds each value as the one it was taken from.
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
