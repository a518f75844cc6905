//! Reading an engine config from JSON: `{"orgs": [...], "policy": {...}}`.
//!
//! One reader, [`Reader`], judges every part of a config; config text is
//! read in one pass that hands it each part (`text`), a parsed value is
//! handed to it whole ([`parse`]), a workflow by `workflow`.
//!
//! Reading never stops at the first problem: every wrongly typed value and
//! unknown key is collected with its path, then [`EngineBuilder::build`]
//! adds the structural findings (duplicates, unknown parents, cycles,
//! unknown capabilities) and reports them all together.

mod assignment;
mod calendars;
mod matching;
pub(crate) mod text;
mod workflow;

pub(crate) use workflow::builtin_specs;

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use serde_json::{Map, Value};
use smallvec::SmallVec;

use crate::builder::EngineBuilder;
use crate::duration::Period;
pub(crate) use crate::error::type_name;
use crate::error::{path_key, Error, Problem};
use crate::expiry::{BusinessDays, NamedHours, Template};
use crate::orgs::OrgSpec;
use crate::path::Path;
use crate::unknown_keys::UnknownKeys;
use chrono::{NaiveDate, Weekday};

const TOP_KEYS: &[&str] = &["orgs", "policy"];
const ORG_KEYS: &[&str] = &["id", "parent", "handover", "cross_silo"];
const POLICY_KEYS: &[&str] = &[
    "roles",
    "linking",
    "templates",
    "workflows",
    "requests",
    "assignment",
    "matching",
    "calendars",
];
const LINKING_KEYS: &[&str] = &["wip_statuses"];
const REQUESTS_KEYS: &[&str] = &["unknown_keys"];
const TEMPLATE_KEYS: &[&str] = &[
    "pending",
    "accepted",
    "time_zone",
    "end_of_day",
    "business_days",
    "calendar",
];
const BUSINESS_DAY_KEYS: &[&str] = &["weekdays", "holidays"];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// Reads `config` into a builder carrying the problems found so far.
pub(crate) fn parse(config: &Value) -> Result<EngineBuilder, Error> {
    let mut reader = Reader::default();
    let root = Path::Root;
    if let Some(top) = reader.object(config, &root) {
        reader.unknown_keys(top, TOP_KEYS, &root);
        if let Some(orgs) = top.get("orgs") {
            reader.orgs(orgs, &root.key("orgs"));
        }
        if let Some(policy) = top.get("policy") {
            reader.policy(policy, &root.key("policy"));
        }
    }
    if reader.fatal {
        Err(Error::invalid_config(reader.builder.problems))
    } else {
        Ok(reader.builder)
    }
}

#[derive(Default)]
pub(crate) struct Reader {
    pub(crate) builder: EngineBuilder,
    /// Set when the root is not an object: nothing else can be checked.
    fatal: bool,
}

impl Reader {
    /// Reports a problem at `path`. Under a workflow, role or template
    /// name, paths hold the name's stand-in ([`path_key`]): problems are
    /// shortened before anyone reads them, and many under one long name
    /// must not each hold a copy of it.
    pub(crate) fn problem(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.builder.problems.push(Problem {
            path: path.render(),
            message: message.into(),
        });
    }

    pub(crate) fn object<'v>(&mut self, value: &'v Value, path: &Path<'_>) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                if matches!(path, Path::Root) {
                    self.fatal = true;
                }
                self.problem(path, format!("expected an object, found {}", type_name(other)));
                None
            }
        }
    }

    pub(crate) fn unknown_keys(&mut self, map: &Map<String, Value>, known: &[&str], path: &Path<'_>) {
        // Joined once per object, not once per unknown key (75k of them in
        // a 1 MiB config).
        let mut expected = None;
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let expected: &str = expected.get_or_insert_with(|| known.join(", "));
                // `unknown key `{key}` (expected one of: {expected})`, without
                // the formatting machinery: one of these per key of a 1 MiB
                // object of unknown keys.
                let parts = ["unknown key `", key, "` (expected one of: ", expected, ")"];
                let mut message = String::with_capacity(parts.iter().map(|p| p.len()).sum());
                parts.iter().for_each(|part| message.push_str(part));
                self.problem(&path.key(key), message);
            }
        }
    }

    fn orgs(&mut self, value: &Value, path: &Path<'_>) {
        let Value::Array(entries) = value else {
            self.problem(
                path,
                format!("expected an array of orgs, found {}", type_name(value)),
            );
            return;
        };
        self.builder.orgs.reserve(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let org = self.org(entry, &path.index(i));
            self.builder.orgs.push(org);
        }
    }

    pub(crate) fn org(&mut self, value: &Value, path: &Path<'_>) -> Option<OrgSpec> {
        let map = self.object(value, path)?;
        self.unknown_keys(map, ORG_KEYS, path);
        // A broken id drops the entry, but its other fields are still read
        // so that every problem is reported.
        let id = match map.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(other) => {
                self.problem(
                    &path.key("id"),
                    format!("expected a string, found {}", type_name(other)),
                );
                None
            }
            None => {
                self.problem(&path.key("id"), "missing org id");
                None
            }
        };
        let parent = match map.get("parent") {
            None | Some(Value::Null) => None,
            Some(Value::String(parent)) => Some(parent.clone()),
            Some(other) => {
                self.problem(
                    &path.key("parent"),
                    format!("expected a string or null, found {}", type_name(other)),
                );
                None
            }
        };
        let handover = self.flag(map, "handover", path);
        let cross_silo = self.flag(map, "cross_silo", path);
        Some(OrgSpec {
            id: id?,
            parent,
            handover,
            cross_silo,
        })
    }
    pub(crate) fn flag(&mut self, map: &Map<String, Value>, key: &str, path: &Path<'_>) -> bool {
        match map.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.problem(
                    &path.key(key),
                    format!("expected true or false, found {}", type_name(other)),
                );
                false
            }
        }
    }

    pub(crate) fn policy(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, POLICY_KEYS, path);
        if let Some(roles) = map.get("roles") {
            self.roles(roles, &path.key("roles"));
        }
        if let Some(workflows) = map.get("workflows") {
            self.workflows(workflows, &path.key("workflows"));
        }
        if let Some(linking) = map.get("linking") {
            self.linking(linking, &path.key("linking"));
        }
        if let Some(calendars) = map.get("calendars") {
            self.calendars(calendars, &path.key("calendars"));
        }
        if let Some(templates) = map.get("templates") {
            self.templates(templates, &path.key("templates"));
        }
        if let Some(assignment) = map.get("assignment") {
            self.assignment(assignment, &path.key("assignment"));
        }
        if let Some(matching) = map.get("matching") {
            self.matching(matching, &path.key("matching"));
        }
        if let Some(requests) = map.get("requests") {
            self.requests(requests, &path.key("requests"));
        }
    }

    /// `requests`: `{"unknown_keys": "ignore" | "warn" | "error"}`.
    fn requests(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, REQUESTS_KEYS, path);
        let at = path.key("unknown_keys");
        match map.get("unknown_keys") {
            None | Some(Value::Null) => {}
            Some(Value::String(name)) => match UnknownKeys::from_name(name) {
                Some(mode) => self.builder.unknown_keys = mode,
                None => self.problem(
                    &at,
                    format!("unknown mode `{name}` (expected one of: ignore, warn, error)"),
                ),
            },
            Some(other) => self.problem(
                &at,
                format!(
                    "expected \"ignore\", \"warn\" or \"error\", found {}",
                    type_name(other)
                ),
            ),
        }
    }

    /// `templates`: name → `{"pending", "accepted", "time_zone",
    /// "end_of_day", "business_days"}`, every key optional.
    fn templates(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        for (name, spec) in map {
            let key = path_key(name);
            if let Some(template) = self.template(spec, &path.key(&key)) {
                self.builder.templates.push((name.clone(), template));
            }
        }
    }

    /// One template: `{"pending", "accepted", "time_zone", "end_of_day",
    /// "business_days"}`, every key optional; `None` when it is not an object.
    pub(crate) fn template(&mut self, spec: &Value, at: &Path<'_>) -> Option<Template> {
        let fields = self.object(spec, at)?;
        self.unknown_keys(fields, TEMPLATE_KEYS, at);
        let mut template = Template::default();
        if let Some(period) = self.period(fields, "pending", at) {
            template.pending = period;
        }
        if let Some(period) = self.period(fields, "accepted", at) {
            template.accepted = period;
        }
        template.calendar.zone = match fields.get("time_zone") {
            None | Some(Value::Null) => None,
            Some(Value::String(zone)) => zone.parse().ok().or_else(|| {
                self.problem(
                    &at.key("time_zone"),
                    format!("`{zone}` is not an IANA time zone (e.g. \"Europe/Berlin\")"),
                );
                None
            }),
            Some(other) => {
                self.problem(
                    &at.key("time_zone"),
                    format!("expected a time zone name or null, found {}", type_name(other)),
                );
                None
            }
        };
        template.calendar.end_of_day = self.flag(fields, "end_of_day", at);
        if let Some(value) = fields.get("business_days").filter(|v| !v.is_null()) {
            template.calendar.business_days = self.business_days(value, &at.key("business_days"));
        }
        match fields.get("calendar") {
            None | Some(Value::Null) => {}
            Some(Value::String(name)) => {
                template.calendar.hours = Some(NamedHours::new(name.clone()));
                // The P7D / P30D defaults count days, which open time
                // cannot: both periods must be written.
                for key in ["pending", "accepted"] {
                    if fields.get(key).is_none_or(Value::is_null) {
                        self.problem(
                            &at.key(key),
                            "a template that names a calendar must give both periods (e.g. \"PT72H\")",
                        );
                    }
                }
            }
            Some(other) => self.problem(
                &at.key("calendar"),
                format!("expected a calendar name or null, found {}", type_name(other)),
            ),
        }
        Some(template)
    }

    /// `{"weekdays": ["mon", ...], "holidays": ["2026-12-25", ...]}`;
    /// weekdays default to Monday to Friday.
    fn business_days(&mut self, value: &Value, path: &Path<'_>) -> Option<BusinessDays> {
        let map = self.object(value, path)?;
        self.unknown_keys(map, BUSINESS_DAY_KEYS, path);
        let before = self.builder.problems.len();
        let weekdays: Vec<Weekday> = match map.get("weekdays") {
            None | Some(Value::Null) => WEEKDAYS.iter().take(5).map(|(_, day)| *day).collect(),
            Some(value) => {
                let at = path.key("weekdays");
                let days = self.list(value, &at, |reader, item, item_path| {
                    let name = reader.string(item, item_path)?;
                    let day = WEEKDAYS.iter().find(|(n, _)| *n == name).map(|(_, d)| *d);
                    if day.is_none() {
                        reader.problem(
                            item_path,
                            format!("`{name}` is not a weekday (mon, tue, ..., sun)"),
                        );
                    }
                    day
                });
                days
            }
        };
        let holidays: Vec<NaiveDate> = match map.get("holidays") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => self.list(value, &path.key("holidays"), |reader, item, item_path| {
                let text = reader.string(item, item_path)?;
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .ok()
                    .filter(|_| text.len() == 10);
                if date.is_none() {
                    reader.problem(item_path, format!("`{text}` is not a date written YYYY-MM-DD"));
                }
                date
            }),
        };
        // An unreadable weekday is reported once, not again as "no weekday counts".
        if self.builder.problems.len() != before {
            return None;
        }
        Some(BusinessDays::new(weekdays, holidays))
    }

    fn period(&mut self, map: &Map<String, Value>, key: &str, path: &Path<'_>) -> Option<Period> {
        let text = match map.get(key)? {
            Value::Null => return None,
            Value::String(text) => text,
            other => {
                self.problem(
                    &path.key(key),
                    format!(
                        "expected an ISO-8601 duration such as \"P7D\", found {}",
                        type_name(other)
                    ),
                );
                return None;
            }
        };
        Period::parse(text)
            .map_err(|message| self.problem(&path.key(key), message))
            .ok()
    }

    fn linking(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        self.unknown_keys(map, LINKING_KEYS, path);
        if let Some(statuses) = map.get("wip_statuses") {
            let before = self.builder.problems.len();
            let at = path.key("wip_statuses");
            let statuses = self.list(statuses, &at, |reader, item, item_path| {
                reader.string(item, item_path)
            });
            if self.builder.problems.len() == before {
                self.builder.wip_statuses = Some(statuses);
            }
        }
    }

    fn workflows(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        for (name, workflow) in map {
            let key = path_key(name);
            if let Some(spec) = self.workflow(name, workflow, &path.key(&key)) {
                self.builder.workflows.push(spec);
            }
        }
    }

    /// The readable items of an array; unreadable ones are reported and left out.
    pub(crate) fn list<T>(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        mut item: impl FnMut(&mut Self, &Value, &Path<'_>) -> Option<T>,
    ) -> Vec<T> {
        let Value::Array(items) = value else {
            self.problem(path, format!("expected an array, found {}", type_name(value)));
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, value)| item(self, value, &path.index(i)))
            .collect()
    }

    pub(crate) fn string(&mut self, value: &Value, path: &Path<'_>) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problem(path, format!("expected a string, found {}", type_name(other)));
                None
            }
        }
    }

    fn roles(&mut self, value: &Value, path: &Path<'_>) {
        let Some(map) = self.object(value, path) else {
            return;
        };
        for (name, capabilities) in map {
            let key = path_key(name);
            let role_path = path.key(&key);
            let Value::Array(items) = capabilities else {
                self.problem(
                    &role_path,
                    format!(
                        "expected an array of capability names, found {}",
                        type_name(capabilities)
                    ),
                );
                continue;
            };
            let mut names = Vec::with_capacity(items.len());
            for (j, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => names.push(Some(s.clone())),
                    other => {
                        self.problem(
                            &role_path.index(j),
                            format!("expected a string, found {}", type_name(other)),
                        );
                        // Keeps later indexes right.
                        names.push(None);
                    }
                }
            }
            self.builder.roles.push((name.clone(), names));
        }
    }
}

/// The `invalid_config` error for a config that does not build: checks
/// run in passes, the report follows the document.
pub(crate) fn in_document_order(config: &Value, mut error: Error) -> Error {
    sort_in_document_order(config, &mut error.problems);
    if let Some(first) = error.problems.first() {
        error.path.clone_from(&first.path);
    }
    Error::invalid_config(error.problems)
}

/// Sorts `problems` into the order their paths appear in `config`.
pub(crate) fn sort_in_document_order(config: &Value, problems: &mut [Problem]) {
    let mut order = DocumentOrder::new(config);
    problems.sort_by_cached_key(|p| order.sort_key(&p.path));
}

/// Objects of at most this many keys are searched, not indexed.
const SMALL_OBJECT: usize = 8;

/// Where a path lies: the position of each of its keys and indexes.
/// Paths rarely go deeper than eight steps; deeper ones spill to the heap.
type Position = SmallVec<[usize; 8]>;

/// Where paths lie in one config document, for sorting problems.
///
/// An object's key positions are indexed the first time a path goes
/// through it and reused after: a config with 200k unknown keys must not
/// cost a scan of those keys per problem, so sorting n problems
/// costs one pass over the objects they name plus O(depth) per problem.
/// Problems come mostly grouped by where they are and in document order,
/// so the steps of the previous path are kept (those it shares with the
/// next are not looked up again), and a key is first compared with the one
/// after the last key found in its object before it is hashed.
pub(crate) struct DocumentOrder<'v> {
    config: &'v Value,
    /// Which of `objects` indexes an object, by its address (the document
    /// is borrowed, so an object stays where it is).
    object_slots: HashMap<*const Map<String, Value>, usize>,
    objects: Vec<ObjectIndex<'v>>,
    /// Per depth, the object last looked up there and its slot: the next
    /// lookup at that depth is most often in the same object.
    recent: Vec<(*const Map<String, Value>, usize)>,
    /// The steps of the last path that reached a value, in order.
    last: Vec<Step<'v>>,
    /// Keys visited while indexing, for the test that each object is
    /// indexed once.
    #[cfg(test)]
    keys_visited: usize,
    /// Keys looked up in an object, for the test that shared steps are
    /// reused.
    #[cfg(test)]
    lookups: usize,
}

/// The keys of one object in order, and by name once a key is looked up
/// out of order.
struct ObjectIndex<'v> {
    keys: Vec<(&'v str, &'v Value)>,
    by_name: Option<HashMap<&'v str, usize>>,
    /// The position after the last key found.
    next: usize,
}

impl<'v> ObjectIndex<'v> {
    fn position(&mut self, key: &str) -> Option<usize> {
        let i = match self.keys.get(self.next) {
            Some((k, _)) if *k == key => self.next,
            _ => {
                let keys = &self.keys;
                let by_name = self.by_name.get_or_insert_with(|| {
                    let mut by_name = HashMap::with_capacity(keys.len());
                    for (i, (k, _)) in keys.iter().enumerate() {
                        by_name.entry(*k).or_insert(i);
                    }
                    by_name
                });
                *by_name.get(key)?
            }
        };
        self.next = i + 1;
        Some(i)
    }
}

/// One step of a path that reached a value in the document.
struct Step<'v> {
    /// The key (as the document spells it) or the index taken.
    segment: Segment<'v>,
    position: usize,
    value: &'v Value,
}

impl<'v> DocumentOrder<'v> {
    pub(crate) fn new(config: &'v Value) -> Self {
        DocumentOrder {
            config,
            object_slots: HashMap::new(),
            objects: Vec::new(),
            recent: Vec::new(),
            last: Vec::new(),
            #[cfg(test)]
            keys_visited: 0,
            #[cfg(test)]
            lookups: 0,
        }
    }

    /// Where `path` lies, as the positions of its keys and indexes (object
    /// keys keep their document order). Keys that are absent from the
    /// document sort after their present siblings.
    #[cfg(test)]
    pub(crate) fn position(&mut self, path: &str) -> Vec<usize> {
        self.sort_key(path).to_vec()
    }

    /// [`DocumentOrder::position`] without a heap allocation for paths up
    /// to eight steps deep.
    fn sort_key(&mut self, path: &str) -> Position {
        let mut position = Position::new();
        let mut at = Some(self.config);
        // Steps shared with the last path are taken from it.
        let mut shared = 0;
        for segment in path_segments(path) {
            let known = self.last.get(shared).filter(|step| step.segment == segment);
            if let (Some(step), true) = (known, shared == position.len()) {
                position.push(step.position);
                at = Some(step.value);
                shared += 1;
                continue;
            }
            let depth = position.len();
            let (index, next) = match (segment, at) {
                (Segment::Key(key), Some(Value::Object(map))) => match self.key(depth, map, key) {
                    Some((i, key, value)) => (i, Some((Segment::Key(key), value))),
                    None => (usize::MAX, None),
                },
                (Segment::Index(i), Some(Value::Array(items))) => {
                    (i, items.get(i).map(|value| (Segment::Index(i), value)))
                }
                (Segment::Key(_) | Segment::Index(_), _) => (usize::MAX, None),
            };
            if depth == shared {
                // The path leaves the last one here: keep its own steps.
                self.last.truncate(shared);
                if let Some((segment, value)) = next {
                    self.last.push(Step {
                        segment,
                        position: index,
                        value,
                    });
                    shared += 1;
                }
            }
            position.push(index);
            at = next.map(|(_, value)| value);
        }
        position
    }

    /// The position of `key` among the keys of `map` (met at `depth`), the
    /// key as `map` spells it, and its value, indexing `map` on first use.
    fn key(
        &mut self,
        depth: usize,
        map: &'v Map<String, Value>,
        key: &str,
    ) -> Option<(usize, &'v str, &'v Value)> {
        #[cfg(test)]
        {
            self.lookups += 1;
        }
        if map.len() <= SMALL_OBJECT {
            // Found by comparing at most a few keys: cheaper than indexing
            // the many small objects a config has (one per template).
            #[cfg(test)]
            {
                self.keys_visited += map.len();
            }
            let mut keys = map.iter().enumerate();
            return keys
                .find(|(_, (k, _))| *k == key)
                .map(|(i, (k, value))| (i, k.as_str(), value));
        }
        let address = map as *const Map<String, Value>;
        let slot = match self.recent.get(depth) {
            Some(&(recent, slot)) if recent == address => slot,
            _ => {
                let slot = match self.object_slots.entry(address) {
                    Entry::Occupied(known) => *known.get(),
                    Entry::Vacant(free) => {
                        #[cfg(test)]
                        {
                            self.keys_visited += map.len();
                        }
                        self.objects.push(ObjectIndex {
                            keys: map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
                            by_name: None,
                            next: 0,
                        });
                        *free.insert(self.objects.len() - 1)
                    }
                };
                self.recent
                    .resize(self.recent.len().max(depth + 1), (std::ptr::null(), 0));
                if let Some(recent) = self.recent.get_mut(depth) {
                    *recent = (address, slot);
                }
                slot
            }
        };
        let object = self.objects.get_mut(slot)?;
        let i = object.position(key)?;
        object.keys.get(i).map(|&(k, value)| (i, k, value))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `orgs[1].parent` into `orgs`, `[1]`, `parent`.
fn path_segments(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.').filter(|p| !p.is_empty()).flat_map(|part| {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        let key = (!key.is_empty()).then_some(Segment::Key(key));
        let mut indexes = Some(indexes);
        let indexes = std::iter::from_fn(move || {
            let (index, rest) = indexes?.split_once(']')?;
            indexes = Some(rest.strip_prefix('[').unwrap_or(rest));
            Some(Segment::Index(index.parse().unwrap_or(usize::MAX)))
        });
        key.into_iter().chain(indexes)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::DocumentOrder;

    #[test]
    fn each_object_is_indexed_once_however_many_paths_go_through_it() {
        let n = 10_000;
        // Keys in reverse of their sorted order: position is document order.
        let roles: Map<String, Value> = (0..n).map(|i| (format!("k{:05}", n - i), json!([]))).collect();
        let config = json!({"policy": {"roles": roles}});
        let mut order = DocumentOrder::new(&config);
        for i in 0..n {
            let path = format!("policy.roles.k{:05}", n - i);
            assert_eq!(order.position(&path), [0, 0, i], "{path}");
        }
        // The root, `policy` and `roles` once each: n + 2 keys, not n²/2.
        assert_eq!(order.keys_visited, n + 2);
        let absent = usize::MAX;
        assert_eq!(order.position("policy.roles.nope"), [0, 0, absent]);
        assert_eq!(order.position("policy.roles.nope.deeper"), [0, 0, absent, absent]);
        assert_eq!(order.position(&format!("policy.roles.k{n:05}[3]")), [0, 0, 0, 3]);
        assert_eq!(order.position("policy.roles[0]"), [0, 0, absent]);
        assert_eq!(order.position(""), [0_usize; 0]);
        assert_eq!(order.keys_visited, n + 2);
    }

    #[test]
    fn steps_shared_with_the_previous_path_are_not_looked_up_again() {
        let n = 1_000;
        let roles: Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!(["a", "b"]))).collect();
        let config = json!({"orgs": [], "policy": {"roles": roles}});
        let mut order = DocumentOrder::new(&config);
        for i in 0..n {
            assert_eq!(order.position(&format!("policy.roles.k{i}")), [1, 0, i]);
            assert_eq!(order.position(&format!("policy.roles.k{i}[1]")), [1, 0, i, 1]);
        }
        // `policy` and `roles` once, then each role's key once: not three
        // lookups per path; keys met in document order are not hashed.
        assert_eq!(order.lookups, n + 2);
        let roles = order.objects.iter().find(|object| object.keys.len() == n);
        assert!(roles.is_some_and(|roles| roles.by_name.is_none()));
        // Leaving the shared steps looks up again, and answers as before.
        assert_eq!(order.position("orgs[0]"), [0, 0]);
        assert_eq!(order.position("policy.nope.k1"), [1, usize::MAX, usize::MAX]);
        assert_eq!(order.position("policy.roles.k1"), [1, 0, 1]);
        assert_eq!(order.position("policy.roles.k1"), [1, 0, 1]);
        assert_eq!(order.lookups, n + 2 + 5);
    }
}
