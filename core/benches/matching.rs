//! Duplicate detection: `match_keys` for a lead with two phones, an
//! e-mail, a name and a company; `match_lead` against 20 candidate
//! records; `match_keyed` against 20 candidates by their stored keys.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use leadrules::matching::{KeyedLead, MatchLead};
use leadrules::Engine;

const CONFIG: &str = r#"{"orgs": [{"id": "hq"}], "policy": {"matching": {"default_region": "IN", "rules": [
    {"id": "same-phone", "keys": ["phone"], "action": "block"},
    {"id": "same-email", "keys": ["email"], "action": "link"},
    {"id": "same-person", "keys": ["name", "company"], "action": "alert"}]}}}"#;

fn lead<'v>(id: &'v str, phone: &'v str, email: &'v str, name: &'v str) -> MatchLead<'v> {
    MatchLead {
        id: Some(id),
        phone: Some(phone),
        mobiles: vec!["+91 97123 45678"],
        email: Some(email),
        emails: Vec::new(),
        name: Some(name),
        company: Some("Acme Pvt. Ltd."),
    }
}

fn bench(c: &mut Criterion) {
    let Ok(engine) = Engine::from_json(CONFIG) else {
        return;
    };
    let new = lead("NEW", "098123 45678", "Jane.Doe+web@gmail.com", "Jane Doé");
    let ids: Vec<String> = (0..20).map(|i| format!("L{i}")).collect();
    let phones: Vec<String> = (0..20).map(|i| format!("98123 456{i:02}")).collect();
    let candidates: Vec<MatchLead<'_>> = ids
        .iter()
        .zip(&phones)
        .map(|(id, phone)| lead(id, phone, "someone@acme.in", "Someone Else"))
        .collect();
    let keys: Vec<Vec<String>> = candidates.iter().map(|c| engine.match_keys(c)).collect();
    let keyed: Vec<KeyedLead<'_>> = ids
        .iter()
        .zip(&keys)
        .map(|(id, keys)| KeyedLead { id, keys })
        .collect();
    let own = engine.match_keys(&new);
    c.bench_function("match_keys: 2 phones, e-mail, name, company", |b| {
        b.iter(|| engine.match_keys(black_box(&new)))
    });
    c.bench_function("match_lead: 20 candidate records", |b| {
        b.iter(|| engine.match_lead(black_box(&new), black_box(&candidates)))
    });
    c.bench_function("match_keyed: 20 candidates by stored keys", |b| {
        b.iter(|| engine.match_keyed(Some("NEW"), black_box(&own), black_box(&keyed)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
