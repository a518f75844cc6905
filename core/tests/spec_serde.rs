//! The spec types a Rust host builds an engine from serialize to the JSON
//! a config holds and read back through the config reader unchanged: a
//! round trip over random specs for each serde type, the built-in
//! workflows written out exactly as their JSON files, and an engine built
//! from re-serialized specs answering as the original.

use chrono::{NaiveDate, Weekday};
use leadrules::workflow::spec::{
    ActionSpec, DueRule, EffectTemplate, FieldSpec, FieldType, Party, StageSet, StageSpec, Target,
    ValueSource, Who, WorkflowSpec,
};
use leadrules::workflow::{builtin_workflow_json, BUILTIN_WORKFLOWS};
use leadrules::{BusinessDays, Calendar, Engine, ErrorCode, OrgSpec, Period, Phase, Template};
use proptest::prelude::*;
use serde_json::{json, Value};

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z_]{0,6}"
}

fn stage() -> impl Strategy<Value = StageSpec> {
    (
        name(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![
            Just(None),
            Just(Some(Phase::Pending)),
            Just(Some(Phase::Accepted))
        ],
    )
        .prop_map(|(id, initial, terminal, archived, expiry)| StageSpec {
            id,
            initial,
            terminal,
            archived,
            expiry,
        })
}

fn source() -> impl Strategy<Value = ValueSource> {
    prop_oneof![
        Just(ValueSource::Now),
        Just(ValueSource::Actor),
        name().prop_map(ValueSource::Field),
    ]
}

fn effect() -> impl Strategy<Value = EffectTemplate> {
    prop_oneof![
        (name(), source()).prop_map(|(field, from)| EffectTemplate::Record { field, from }),
        name().prop_map(|maturity| EffectTemplate::SetMaturity { maturity }),
        (name(), proptest::option::of(name()), proptest::option::of(name())).prop_map(
            |(task, subject, owner_from)| EffectTemplate::CreateTask {
                task,
                subject,
                owner_from
            }
        ),
        name().prop_map(|section| EffectTemplate::AddHistory { section }),
        source().prop_map(|from| EffectTemplate::AddFeedNote { from }),
        proptest::option::of(source()).prop_map(|from| EffectTemplate::SetSubStage { from }),
    ]
}

fn field_kind() -> impl Strategy<Value = FieldType> {
    prop::sample::select(FieldType::ALL.to_vec())
}

fn fields() -> impl Strategy<Value = Vec<FieldSpec>> {
    // Names are the keys of a JSON object: unique, as a config has them.
    prop::collection::btree_map(
        name(),
        (
            field_kind(),
            any::<bool>(),
            // Quarters: exact in binary, so the text reads back to the same f64.
            proptest::option::of((-4000i32..4000).prop_map(|n| f64::from(n) / 4.0)),
            prop::collection::vec(name(), 0..3),
        ),
        0..4,
    )
    .prop_map(|map| {
        map.into_iter()
            .map(|(name, (kind, required, min, differs_from))| FieldSpec {
                name,
                kind,
                required,
                min,
                differs_from,
            })
            .collect()
    })
}

fn action() -> impl Strategy<Value = ActionSpec> {
    (
        name(),
        prop_oneof![
            Just(StageSet::AnyOpen),
            prop::collection::vec(name(), 0..3).prop_map(StageSet::Listed)
        ],
        prop_oneof![
            Just(Target::Stay),
            name().prop_map(Target::Stage),
            (-3i64..4).prop_map(Target::Step),
            name().prop_map(Target::Field),
        ],
        (
            proptest::option::of(name()),
            proptest::option::of(prop::sample::select(Party::ALL.to_vec())),
        ),
        prop_oneof![
            Just(None),
            Just(Some(DueRule::Deny)),
            Just(Some(DueRule::Require))
        ],
        fields(),
        prop::collection::vec(effect(), 0..4),
    )
        .prop_map(
            |(id, from, to, (capability, party), when_due, fields, effects)| ActionSpec {
                id,
                from,
                to,
                who: Who { capability, party },
                when_due,
                fields,
                effects,
            },
        )
}

fn workflow() -> impl Strategy<Value = WorkflowSpec> {
    (
        prop::collection::vec(stage(), 0..6),
        prop::collection::vec(name(), 0..3),
        proptest::option::of(prop::collection::vec(action(), 0..4)),
    )
        .prop_map(|(stages, sub_stages, actions)| WorkflowSpec {
            name: String::new(),
            stages,
            sub_stages,
            actions,
        })
}

fn period() -> impl Strategy<Value = Period> {
    (0u8..3, 0u8..10, 0u8..48, 0u8..3)
        .prop_filter("not zero", |&(w, d, h, s)| w + d + h + s > 0)
        .prop_map(|(w, d, h, s)| {
            let mut text = String::from("P");
            if w > 0 {
                text.push_str(&format!("{w}W"));
            }
            if d > 0 {
                text.push_str(&format!("{d}D"));
            }
            if h + s > 0 {
                text.push_str(&format!("T{h}H{s}S"));
            }
            Period::parse(&text).unwrap_or(Period {
                days: 1,
                seconds: 0,
                has_weeks: false,
            })
        })
}

fn template() -> impl Strategy<Value = Template> {
    let weekdays = prop::sample::subsequence(
        vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        0..=7,
    );
    let holidays = prop::collection::vec(0u64..800, 0..4).prop_map(|days| {
        days.into_iter()
            .filter_map(|d| NaiveDate::from_ymd_opt(2026, 1, 1)?.checked_add_days(chrono::Days::new(d)))
            .collect::<Vec<_>>()
    });
    (
        period(),
        period(),
        prop::sample::select(vec![
            None,
            Some("Europe/Berlin"),
            Some("America/New_York"),
            Some("Asia/Kolkata"),
        ]),
        any::<bool>(),
        proptest::option::of((weekdays, holidays)),
    )
        .prop_map(|(pending, accepted, zone, end_of_day, business)| Template {
            pending,
            accepted,
            calendar: Calendar {
                zone: zone.and_then(|z| z.parse().ok()),
                end_of_day,
                business_days: business.map(|(days, holidays)| BusinessDays::new(days, holidays)),
                hours: None,
            },
        })
}

fn org() -> impl Strategy<Value = OrgSpec> {
    (name(), proptest::option::of(name()), any::<bool>(), any::<bool>()).prop_map(
        |(id, parent, handover, cross_silo)| OrgSpec {
            id,
            parent,
            handover,
            cross_silo,
        },
    )
}

proptest! {
    #[test]
    fn workflow_specs_round_trip(spec in workflow()) {
        let value = serde_json::to_value(&spec).unwrap_or(Value::Null);
        let back: Result<WorkflowSpec, _> = serde_json::from_value(value.clone());
        prop_assert_eq!(back.ok(), Some(spec.clone()), "{}", value);
        let named = WorkflowSpec::from_value("w", &value).ok();
        prop_assert_eq!(named, Some(WorkflowSpec { name: "w".into(), ..spec }));
    }

    #[test]
    fn templates_round_trip(template in template()) {
        let value = serde_json::to_value(&template).unwrap_or(Value::Null);
        let back: Result<Template, _> = serde_json::from_value(value.clone());
        prop_assert_eq!(back.ok(), Some(template.clone()), "{}", value);
        prop_assert_eq!(Template::from_value(&value).ok(), Some(template));
    }

    #[test]
    fn org_specs_round_trip(spec in org()) {
        let value = serde_json::to_value(&spec).unwrap_or(Value::Null);
        let back: Result<OrgSpec, _> = serde_json::from_value(value.clone());
        prop_assert_eq!(back.ok(), Some(spec), "{}", value);
    }
}

#[test]
fn built_in_workflows_serialize_exactly_as_their_json_files() {
    for (name, text) in BUILTIN_WORKFLOWS {
        let file: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let spec = WorkflowSpec::builtin(name);
        assert_eq!(spec.as_ref().map(|s| s.name.as_str()), Some(name));
        assert_eq!(spec.map(|s| s.to_value()), Some(file), "{name}");
    }
    assert_eq!(WorkflowSpec::builtin("nope"), None);
    assert_eq!(builtin_workflow_json("nope"), None);
}

#[test]
fn an_engine_built_from_serialized_specs_answers_as_the_original() {
    // A host's own workflow in Rust, a template and orgs, written out as a
    // config and loaded back: the same engine, answer for answer.
    let mut workflow = WorkflowSpec::builtin("partner_lead").unwrap_or_default();
    workflow.name = "referral".into();
    let emea =
        Template::from_value(&json!({"pending": "P5D", "time_zone": "Europe/Berlin", "end_of_day": true}))
            .unwrap_or_default();
    let orgs = [
        OrgSpec::new("hq").handover(true),
        OrgSpec::new("north").parent("hq"),
    ];
    let built = Engine::builder()
        .org(orgs[0].clone())
        .org(orgs[1].clone())
        .workflow(workflow.clone())
        .template("emea", emea.clone())
        .build();
    let config = json!({
        "orgs": orgs,
        "policy": {"workflows": {"referral": workflow}, "templates": {"emea": emea}},
    });
    let loaded = Engine::from_value(&config);
    assert!(built.is_ok() && loaded.is_ok(), "{config}");
    let (built, loaded) = (built.unwrap_or_default(), loaded.unwrap_or_default());
    let request = json!({
        "kind": "transition", "workflow": "referral", "action": "accept",
        "now": "2026-11-23T09:30:00Z",
        "actor": {"id": "p7", "org": "acme", "role": "manager"},
        "lead": {"id": "L9", "stage": "pending", "partner": "acme", "source": "vendor",
                 "created_at": "2026-11-20T15:00:00Z", "template": "emea"}
    });
    let answer = built.decide(&request).ok();
    assert!(answer.as_ref().is_some_and(|a| a["allowed"] == true));
    assert_eq!(answer, loaded.decide(&request).ok());
    assert_eq!(built.workflow_table_size("referral"), Some(36));
    assert_eq!(loaded.workflow_table_size("referral"), Some(36));
}

#[test]
fn reading_a_spec_reports_every_problem_with_its_path() {
    let error =
        Template::from_value(&json!({"pending": "P1M", "time_zone": "Mars/Olympus", "colour": 1})).err();
    assert_eq!(error.as_ref().map(|e| e.code), Some(ErrorCode::InvalidConfig));
    let paths: Vec<String> = error
        .map(|e| e.problems.into_iter().map(|p| p.path).collect())
        .unwrap_or_default();
    assert_eq!(paths, ["colour", "pending", "time_zone"]);
    let org: Result<OrgSpec, _> = serde_json::from_value(json!({"id": "hq", "parnet": "x"}));
    assert!(org.is_err_and(|e| e.to_string().contains("parnet")));
    let org: Result<OrgSpec, _> = serde_json::from_value(json!({"id": "hq", "handover": null}));
    assert_eq!(org.ok(), Some(OrgSpec::new("hq")));
}
