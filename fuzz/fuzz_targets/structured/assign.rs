//! The assignment part of the structured target: generated pools, members
//! (their facts and `accepts`), lead fields and, optionally, the
//! `assignment.rules` of an engine built for the input; and the checks of
//! an `assign` answer.

use arbitrary::Arbitrary;
use leadrules::Engine;
use serde_json::{json, Map, Value};

use super::{Party, Scalar, Word};

/// The orgs of a generated engine (rules may scope to them).
const ORGS: [&str; 5] = ["hq", "north", "south", "north_east", "other"];
/// Pool names rules and requests share, and a few they do not.
const POOLS: [&str; 6] = ["inside", "overflow", "senior", "backup", "", "x"];
/// Field names rules, members and leads share.
const FIELDS: [&str; 6] = ["source", "country", "budget", "lang", "channel", "x"];

fn pick<'a>(items: &[&'a str], index: u8) -> &'a str {
    items[usize::from(index) % items.len()]
}

/// What a condition tests.
#[derive(Arbitrary, Debug)]
pub enum Test {
    Equals(Scalar),
    NotEquals(Scalar),
    In(Vec<Scalar>),
    NotIn(Vec<Scalar>),
    Min(i32),
    Max(i32),
    Range(i32, i32),
    Prefix(Scalar),
    Exists(bool),
    /// Keys and values as they come (operators that cannot stand together,
    /// unknown keys, wrong types).
    Raw(Vec<(u8, Scalar)>),
}

/// A condition: one test of a field, or `any` of several.
#[derive(Arbitrary, Debug)]
pub enum Condition {
    Plain(u8, Test),
    Any(Vec<(u8, Test)>),
}

/// A rule of `assignment.rules`.
#[derive(Arbitrary, Debug)]
pub struct Rule {
    id: u8,
    org: Option<u8>,
    when: Option<Vec<Condition>>,
    pools: Vec<u8>,
    least_loaded: bool,
    fallthrough: Option<bool>,
}

/// A count as JSON: mostly small and whole, sometimes anything.
#[derive(Arbitrary, Debug)]
pub enum Count {
    Small(u8),
    Large(u64),
    Any(Scalar),
}

/// A pool member: its usual facts in a few bytes (so that a short input
/// still has members), the unusual ones (any org, any count) optional.
#[derive(Arbitrary, Debug)]
pub struct Member {
    id: u8,
    /// Facts off the usual, each set when its bit and the next are: 0
    /// inactive, 1 away, 2 a capacity, 3 a weight, 4 a role of the
    /// engine's (else professional), 5 a calendar when `role` is 7 (one the
    /// engine lacks: the request is refused), 6 open leads.
    flags: u8,
    open_leads: u8,
    capacity: u8,
    weight: u8,
    role: u8,
    accepts: Option<Vec<Condition>>,
    wild: Option<Box<Wild>>,
}

/// A member's facts as anything at all.
#[derive(Arbitrary, Debug)]
pub struct Wild {
    org: Option<Word>,
    open_leads: Option<Count>,
    capacity: Option<Option<Count>>,
    weight: Option<Count>,
    active: Option<Scalar>,
}

/// A pool of the request.
#[derive(Arbitrary, Debug)]
pub struct Pool {
    name: u8,
    cursor: Option<u8>,
    members: Vec<Member>,
}

/// The assignment facts of one input.
#[derive(Arbitrary, Debug)]
pub struct Routing {
    /// The pools first: they get the fuzzer's bytes before they run out.
    pools: Vec<Pool>,
    /// Each lead's fields (lead `i` takes entry `i` modulo their number).
    fields: Vec<Vec<(u8, Scalar)>>,
    /// How many leads a batch has, less one (modulo 16).
    pub leads: u8,
    /// The leads' org, an index into the engine's orgs.
    pub org: u8,
    /// `Some`: the input's engine is built from these rules.
    rules: Option<Vec<Rule>>,
    /// The new owner of `change_owner`.
    pub to: Party,
}

fn test(test: &Test, scalar: &dyn Fn(&Scalar) -> Value) -> Map<String, Value> {
    let list = |items: &[Scalar]| Value::Array(items.iter().map(scalar).collect());
    let mut out = Map::new();
    match test {
        Test::Equals(v) => drop(out.insert("equals".into(), scalar(v))),
        Test::NotEquals(v) => drop(out.insert("not_equals".into(), scalar(v))),
        Test::In(v) => drop(out.insert("in".into(), list(v))),
        Test::NotIn(v) => drop(out.insert("not_in".into(), list(v))),
        Test::Min(n) => drop(out.insert("min".into(), json!(n))),
        Test::Max(n) => drop(out.insert("max".into(), json!(n))),
        Test::Range(a, b) => {
            out.insert("min".into(), json!(a));
            out.insert("max".into(), json!(b));
        }
        Test::Prefix(v) => drop(out.insert("prefix".into(), scalar(v))),
        Test::Exists(b) => drop(out.insert("exists".into(), json!(b))),
        Test::Raw(pairs) => {
            const KEYS: [&str; 10] = [
                "equals",
                "not_equals",
                "in",
                "not_in",
                "min",
                "max",
                "prefix",
                "exists",
                "any",
                "field",
            ];
            for (key, value) in pairs {
                out.insert(pick(&KEYS, *key).into(), scalar(value));
            }
        }
    }
    out
}

fn condition(condition: &Condition, scalar: &dyn Fn(&Scalar) -> Value) -> Value {
    let plain = |field: u8, t: &Test| {
        let mut out = test(t, scalar);
        out.entry("field").or_insert_with(|| json!(pick(&FIELDS, field)));
        Value::Object(out)
    };
    match condition {
        Condition::Plain(field, t) => plain(*field, t),
        Condition::Any(items) if items.is_empty() => plain(0, &Test::Exists(true)),
        Condition::Any(items) => json!({"any": items.iter().map(|(f, t)| plain(*f, t)).collect::<Vec<_>>()}),
    }
}

fn count(count: &Count, scalar: &dyn Fn(&Scalar) -> Value) -> Value {
    match count {
        Count::Small(n) => json!(n),
        Count::Large(n) => json!(n),
        Count::Any(v) => scalar(v),
    }
}

impl Routing {
    /// The config of an engine with the generated rules, if any.
    pub fn config(&self, scalar: &dyn Fn(&Scalar) -> Value) -> Option<Value> {
        let rules = self.rules.as_ref()?;
        let rules: Vec<Value> = rules
            .iter()
            .enumerate()
            .map(|(i, rule)| {
                let mut out = Map::new();
                // Mostly distinct ids (a repeat is a config error, seldom wanted).
                let id = if rule.id == 0 { 0 } else { i };
                out.insert("id".into(), json!(format!("r{id}")));
                if let Some(org) = rule.org {
                    out.insert("org".into(), json!(pick(&ORGS, org)));
                }
                if let Some(when) = &rule.when {
                    let when: Vec<Value> = when.iter().map(|c| condition(c, scalar)).collect();
                    out.insert("when".into(), json!(when));
                }
                let mut pools: Vec<&str> = rule.pools.iter().map(|p| pick(&POOLS, *p)).collect();
                // A pool named twice is a config error, seldom wanted.
                let mut seen = Vec::new();
                pools.retain(|p| {
                    !seen.contains(p) && {
                        seen.push(*p);
                        true
                    }
                });
                if pools.is_empty() {
                    pools.push(POOLS[0]);
                }
                out.insert("pools".into(), json!(pools));
                let strategy = if rule.least_loaded {
                    "least_loaded"
                } else {
                    "round_robin"
                };
                out.insert("strategy".into(), json!(strategy));
                if let Some(fallthrough) = rule.fallthrough {
                    out.insert("fallthrough".into(), json!(fallthrough));
                }
                Value::Object(out)
            })
            .collect();
        let orgs: Vec<Value> = ORGS
            .iter()
            .zip([None, Some("hq"), Some("hq"), Some("north"), None])
            .map(|(id, parent)| json!({"id": id, "parent": parent}))
            .collect();
        Some(json!({"orgs": orgs, "policy": {"assignment": {"rules": rules}}}))
    }

    /// The fields of lead `i`.
    pub fn fields(&self, i: usize, scalar: &dyn Fn(&Scalar) -> Value) -> Option<Value> {
        let fields = self.fields.get(i % self.fields.len().max(1))?;
        let map: Map<String, Value> = fields
            .iter()
            .map(|(name, value)| (pick(&FIELDS, *name).to_owned(), scalar(value)))
            .collect();
        Some(Value::Object(map))
    }

    /// The request's `pools`.
    pub fn pools(
        &self,
        word: &dyn Fn(&Word) -> String,
        scalar: &dyn Fn(&Scalar) -> Value,
        lead_org: &Value,
    ) -> Value {
        let mut pools = Map::new();
        for pool in &self.pools {
            let members: Vec<Value> = pool
                .members
                .iter()
                .map(|m| {
                    let mut out = Map::new();
                    // A fact off the usual takes its bit and the next: one member
                    // in four has it, so that most pools have someone eligible.
                    let flag = |bit: u8| m.flags & (1 << bit) != 0 && m.flags & (1 << ((bit + 1) % 8)) != 0;
                    out.insert("id".into(), json!(format!("u{}", m.id % 32)));
                    out.insert("org".into(), lead_org.clone());
                    let role = if flag(4) {
                        word(&Word::Role(m.role))
                    } else {
                        "professional".to_owned()
                    };
                    out.insert("role".into(), json!(role));
                    if flag(0) {
                        out.insert("active".into(), json!(false));
                    }
                    if flag(1) {
                        out.insert("away".into(), json!(true));
                    }
                    if flag(2) {
                        out.insert("capacity".into(), json!(m.capacity % 8));
                    }
                    if flag(3) {
                        out.insert("weight".into(), json!(m.weight % 4));
                    }
                    if flag(5) && m.role == 7 {
                        out.insert("calendar".into(), json!("office"));
                    }
                    if flag(6) {
                        out.insert("open_leads".into(), json!(m.open_leads % 12));
                    }
                    if let Some(accepts) = &m.accepts {
                        let accepts: Vec<Value> = accepts.iter().map(|c| condition(c, scalar)).collect();
                        out.insert("accepts".into(), json!(accepts));
                    }
                    if let Some(wild) = &m.wild {
                        if let Some(org) = &wild.org {
                            out.insert("org".into(), json!(word(org)));
                        }
                        if let Some(n) = &wild.open_leads {
                            out.insert("open_leads".into(), count(n, scalar));
                        }
                        if let Some(capacity) = &wild.capacity {
                            let capacity = capacity.as_ref().map_or(Value::Null, |n| count(n, scalar));
                            out.insert("capacity".into(), capacity);
                        }
                        if let Some(n) = &wild.weight {
                            out.insert("weight".into(), count(n, scalar));
                        }
                        if let Some(active) = &wild.active {
                            out.insert("active".into(), scalar(active));
                        }
                    }
                    Value::Object(out)
                })
                .collect();
            let cursor = pool.cursor.map_or(Value::Null, |c| json!(format!("u{}", c % 32)));
            pools.insert(
                pick(&POOLS, pool.name).to_owned(),
                json!({"cursor": cursor, "members": members}),
            );
        }
        Value::Object(pools)
    }
}

/// The checks of one lead's answer: an assignee is a member of the pool
/// named, its effects are the three the contract lists, every skipped
/// member is one of its pool with a reason; a denial is one of the two.
fn check_one(pools: &Value, lead: &Value, answer: &Value) {
    let member_of = |pool: &Value, id: &Value| {
        pools
            .get(pool.as_str().unwrap_or_default())
            .and_then(|p| p.get("members"))
            .and_then(Value::as_array)
            .is_some_and(|members| members.iter().any(|m| m.get("id") == Some(id)))
    };
    for skipped in answer["skipped"].as_array().into_iter().flatten() {
        assert!(
            member_of(&skipped["pool"], &skipped["member"]),
            "skipped a stranger: {answer}"
        );
        assert!(
            !skipped["reasons"].as_array().is_none_or(Vec::is_empty),
            "skipped without reason: {answer}"
        );
    }
    if answer["allowed"] == json!(true) {
        let (pool, assignee) = (&answer["pool"], &answer["assignee"]);
        assert!(member_of(pool, assignee), "assigned a stranger: {answer}");
        let effects = json!([
            {"kind": "set_owner", "lead": lead["id"], "owner": assignee},
            {"kind": "advance_cursor", "pool": pool, "cursor": assignee},
            {"kind": "notify", "channel": "sales_app", "user": assignee, "lead": lead["id"]},
        ]);
        assert_eq!(answer["effects"], effects, "the effects of {answer}");
    } else {
        let code = &answer["reasons"][0]["code"];
        assert!(
            code == "no_rule_matched" || code == "no_eligible_member",
            "a denial of another kind: {answer}"
        );
        assert_eq!(answer["effects"], json!([]));
    }
}

/// The checks of an `assign` answer; a batch must answer as its leads
/// asked one by one, each answer applied (counted in the open leads of
/// every member record with the assignee's id, the pool's cursor moved).
pub fn check(engine: &Engine, request: &Value, answer: &Value) {
    let Some(assignments) = answer.get("assignments").and_then(Value::as_array) else {
        check_one(&request["pools"], &request["lead"], answer);
        return;
    };
    let mut pools = request["pools"].clone();
    let mut cursors = Map::new();
    let leads = request["leads"].as_array().cloned().unwrap_or_default();
    assert_eq!(leads.len(), assignments.len(), "one answer per lead: {answer}");
    for (lead, batch) in leads.iter().zip(assignments) {
        let mut single = json!({"kind": "assign", "lead": lead, "pools": pools});
        if let Some(now) = request.get("now") {
            single["now"] = now.clone();
        }
        let alone = engine.decide(&single);
        assert_eq!(
            alone.as_ref().ok(),
            Some(batch),
            "the batch answered otherwise than {single}"
        );
        check_one(&pools, lead, batch);
        if batch["allowed"] != json!(true) {
            continue;
        }
        let assignee = &batch["assignee"];
        for pool in pools.as_object_mut().into_iter().flat_map(|p| p.values_mut()) {
            for member in pool["members"].as_array_mut().into_iter().flatten() {
                if &member["id"] == assignee {
                    let open = member.get("open_leads").and_then(Value::as_u64).unwrap_or(0);
                    member["open_leads"] = json!(open.saturating_add(1));
                }
            }
        }
        let pool = batch["pool"].as_str().unwrap_or_default().to_owned();
        pools[&pool]["cursor"] = assignee.clone();
        cursors.insert(pool, assignee.clone());
    }
    assert_eq!(
        answer["cursors"],
        Value::Object(cursors),
        "the cursors of {answer}"
    );
}
