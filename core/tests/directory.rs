//! The org directory at scale and under bad configs.

use leadrules::{Actor, Engine, ErrorCode, HeldLead, OrgSpec, Relation};
use serde_json::json;

fn chain(levels: usize) -> Engine {
    let mut builder = Engine::builder().org(OrgSpec::new("o0").handover(true).cross_silo(true));
    for i in 1..levels {
        builder = builder.org(
            OrgSpec::new(format!("o{i}"))
                .parent(format!("o{}", i - 1))
                .handover(true),
        );
    }
    builder.build().unwrap_or_default()
}

#[test]
fn a_hundred_thousand_levels_build_and_answer_without_overflow() {
    let engine = chain(100_000);
    assert_eq!(engine.org_count(), 100_000);
    let (top, bottom) = (engine.org("o0"), engine.org("o99999"));
    let (Some(top), Some(bottom)) = (top, bottom) else {
        unreachable!("both ends exist")
    };
    let actor = Actor {
        id: "u",
        org: bottom,
        role: engine.role("manager").unwrap_or_else(|| unreachable!()),
    };
    let lead = HeldLead {
        id: "L",
        org: bottom,
        owner: None,
    };
    // The nearest common ancestor of the two ends is the top itself.
    assert!(engine.cross_silo(&actor, &lead, top).allowed());
    let targets = engine.targets(&actor, &lead);
    assert_eq!(targets.handover.len(), 1);
    // Every middle org is an ancestor with cross silo off; only the top qualifies.
    assert_eq!(targets.cross_silo, vec![top]);
}

#[test]
fn a_million_orgs_in_one_level_build() {
    let mut orgs = vec![json!({"id": "root", "handover": true})];
    orgs.extend((0..1_000_000).map(|i| json!({"id": format!("c{i}"), "parent": "root"})));
    let engine = Engine::from_value(&json!({ "orgs": orgs }));
    let engine = engine.unwrap_or_default();
    assert_eq!(engine.org_count(), 1_000_001);
    let (Some(a), Some(b)) = (engine.org("c1"), engine.org("c999999")) else {
        unreachable!("both exist")
    };
    assert!(matches!(engine.relation(a, b), Relation::Distant { .. }));
}

#[test]
fn a_long_cycle_is_reported_once_without_overflow() {
    let n = 100_000;
    let orgs: Vec<_> = (0..n)
        .map(|i| json!({"id": format!("o{i}"), "parent": format!("o{}", (i + 1) % n)}))
        .collect();
    let error = Engine::from_value(&json!({ "orgs": orgs })).err();
    let Some(error) = error else {
        unreachable!("a cycle must not load")
    };
    assert_eq!(error.code, ErrorCode::InvalidConfig);
    assert_eq!(error.problems.len(), 1);
    assert_eq!(error.path, "orgs[0].parent");
}

#[test]
fn every_problem_is_listed_with_its_path() {
    let config = json!({
        "orgs": [
            {"id": "a"},
            {"id": "a"},
            {"id": "", "parent": "a"},
            {"id": "b", "parent": "nowhere", "colour": "red"},
            {"id": "c", "parent": "c"},
            {"id": "d", "parent": "e"},
            {"id": "e", "parent": "d", "handover": "yes"}
        ],
        "policy": {"roles": {"team_lead": ["handover", "fly"], "system": []}, "linkin": {}},
        "extra": 1
    });
    let error = Engine::from_value(&config)
        .err()
        .unwrap_or_else(|| unreachable!());
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "orgs[1].id",
            "orgs[2].id",
            "orgs[3].parent",
            "orgs[3].colour",
            "orgs[4].parent",
            "orgs[5].parent",
            "orgs[6].handover",
            "policy.roles.team_lead[1]",
            "policy.roles.system",
            "policy.linkin",
            "extra",
        ]
    );
    assert_eq!(error.path, "orgs[1].id");
    assert!(error.message.contains("10 more problems"), "{}", error.message);
}

#[test]
fn builder_and_json_configs_report_the_same_paths() {
    let from_builder = Engine::builder()
        .org(OrgSpec::new("a"))
        .org(OrgSpec::new("b").parent("missing"))
        .role("team_lead", ["handover", "teleport"])
        .build()
        .err()
        .unwrap_or_else(|| unreachable!());
    let from_json = Engine::from_value(&json!({
        "orgs": [{"id": "a"}, {"id": "b", "parent": "missing"}],
        "policy": {"roles": {"team_lead": ["handover", "teleport"]}}
    }))
    .err()
    .unwrap_or_else(|| unreachable!());
    assert_eq!(from_builder.problems, from_json.problems);
}

#[test]
fn a_config_that_is_not_json_or_not_an_object_is_invalid_config() {
    for text in ["{", "[]", "42", "null"] {
        let error = Engine::from_json(text).err().unwrap_or_else(|| unreachable!());
        assert_eq!(error.code, ErrorCode::InvalidConfig, "{text}");
        assert_eq!(error.path, "", "{text}");
    }
    assert!(Engine::from_json("{}").is_ok());
}

#[test]
fn a_config_role_replaces_a_builtin_list_and_adds_new_roles() {
    let engine = Engine::from_value(&json!({
        "orgs": [{"id": "hq", "handover": true}, {"id": "n", "parent": "hq"}],
        "policy": {"roles": {"basic": ["create_lead", "handover"], "team_lead": ["handover"]}}
    }))
    .unwrap_or_default();
    let (Some(hq), Some(n)) = (engine.org("hq"), engine.org("n")) else {
        unreachable!()
    };
    for role in ["basic", "team_lead"] {
        let actor = Actor {
            id: "u",
            org: n,
            role: engine.role(role).unwrap_or_else(|| unreachable!()),
        };
        let lead = HeldLead {
            id: "L",
            org: n,
            owner: Some("u"),
        };
        assert!(engine.handover(&actor, &lead, hq).allowed(), "{role}");
    }
}

#[test]
fn a_builder_workflow_replaces_the_builtin_pipeline() {
    use leadrules::{NewLead, StageSpec, WorkflowSpec, LEADX_PIPELINE};
    let engine = Engine::builder()
        .org(OrgSpec::new("north"))
        .workflow(WorkflowSpec {
            name: LEADX_PIPELINE.into(),
            stages: vec![
                StageSpec {
                    initial: true,
                    ..StageSpec::new("open")
                },
                StageSpec::new("closed"),
            ],
            sub_stages: vec![],
            actions: None,
        })
        .build()
        .unwrap_or_default();
    let pipeline = engine.workflow(LEADX_PIPELINE);
    let stages = pipeline.map(|w| {
        (
            w.stages().map(|s| s.name()).collect::<Vec<_>>(),
            w.sub_stages().count(),
        )
    });
    assert_eq!(stages, Some((vec!["open", "closed"], 0)));
    let north = engine.org("north").unwrap_or_else(|| unreachable!());
    let actor = Actor {
        id: "b",
        org: north,
        role: engine.role("basic").unwrap_or_else(|| unreachable!()),
    };
    let draft = NewLead::new(LEADX_PIPELINE);
    let decision = engine.create(&actor, &draft).unwrap_or_default();
    assert_eq!(
        decision.effects.first(),
        Some(&leadrules::Effect::SetStage {
            lead: None,
            stage: "open",
            sub_stage: None
        })
    );
}

#[test]
fn an_org_with_a_broken_id_still_has_its_other_fields_checked() {
    let error = Engine::from_value(&json!({"orgs": [{"handover": "yes", "parent": 7, "zz": 1}]}))
        .err()
        .unwrap_or_else(|| unreachable!());
    let paths: Vec<&str> = error.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["orgs[0].handover", "orgs[0].parent", "orgs[0].zz", "orgs[0].id"]
    );
}
