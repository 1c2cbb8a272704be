//! The link's parsers: the config's URL form (`Config::from_query`), its JSON
//! form (`Config::from_json`, the CLI's `--config`) and the view keys
//! (`ViewSettings`, the page's `setViews` and `ebm view --views`).
//!
//! Checks: one problem per bad pair, in order, each naming its key (and, for a
//! value out of range, what is allowed), each short; every field of the result
//! valid; the result written back (`to_query`, `to_json`) reads as itself with
//! no problems.

use ebm_playground::config::{Config, FIELDS, Field, field, query_pairs};
use ebm_playground::views::{VIEW_FIELDS, ViewSettings, is_view_key};
use serde_json::{Map, Value};

use super::{Input, MAX_MESSAGE, Outcome, fail_unless};
use crate::draw::Gen;
use crate::seeds::Seeds;

/// A link's pairs: mostly a few, sometimes thousands; repeated keys; one 400 kB value in 1,000 links.
fn pairs(g: &mut Gen, fields: &[Field], others: &[&Field]) -> Vec<(String, String)> {
    let n = if g.one_in(1000) { 1000 + g.below(4000) } else { g.below(12) };
    let mut out = Vec::with_capacity(n + 1);
    while out.len() < n {
        let key = if g.calm { g.pick(fields).key.to_string() } else { g.key(fields, others) };
        let known = fields.iter().chain(others.iter().copied()).find(|f| f.key == key);
        let value = match known {
            Some(f) => g.value_for(f),
            None if g.one_in(2) => g.hostile().to_string(),
            None => g.text(16),
        };
        if g.one_in(10) {
            let again = match known {
                Some(f) => g.value_for(f),
                None => g.text(8),
            };
            out.push((key.clone(), again));
        }
        out.push((key, value));
    }
    if g.one_in(1000) {
        let at = g.below(out.len() + 1);
        let key = g.pick(fields).key.to_string();
        out.insert(at, (key, g.huge()));
    }
    if g.one_in(2000) {
        let at = g.below(out.len() + 1);
        let key = format!("{}{}", g.word(&["", "p1.", "p9."]), g.huge());
        out.insert(at, (key, "1".into()));
    }
    out
}

fn view_refs() -> Vec<&'static Field> {
    VIEW_FIELDS.iter().collect()
}

pub fn query_input(g: &mut Gen, s: &Seeds) -> Input {
    if g.one_in(2) {
        return Input::text(g.mutated(&s.links));
    }
    let p = pairs(g, FIELDS, &view_refs());
    Input::text(g.query(&p))
}

pub fn views_input(g: &mut Gen, s: &Seeds) -> Input {
    if g.one_in(2) {
        return Input::text(g.mutated(&s.links));
    }
    let config: Vec<&Field> = FIELDS.iter().collect();
    let p = pairs(g, VIEW_FIELDS, &config);
    Input::text(g.query(&p))
}

/// A JSON text: a mutated config, or an object built by hand with hostile
/// values (strings, numbers out of f64, nested values, duplicate keys, escapes).
pub fn json_input(g: &mut Gen, s: &Seeds) -> Input {
    if g.one_in(2) {
        return Input::text(g.mutated(&s.json));
    }
    let p = pairs(g, FIELDS, &view_refs());
    let entries: Vec<String> = p
        .iter()
        .map(|(k, v)| {
            let value = match g.below(8) {
                0..=3 => serde_json::to_string(v).expect("a string serialises"),
                4 => v.clone(),
                5 => g.number(-1e9, 1e9),
                6 => g
                    .pick(&["null", "true", "[1,2]", "{\"a\":1}", "\"\\ud800\"", "1e400", "-0", "-0.0", "1E2", "[]"])
                    .to_string(),
                _ => format!("{}1{}", "[".repeat(g.below(300)), "]".repeat(g.below(300))),
            };
            format!("{}:{value}", serde_json::to_string(k).expect("a string serialises"))
        })
        .collect();
    let body = entries.join(if g.one_in(50) { ",," } else { "," });
    Input::text(match g.below(20) {
        0 => format!("[{body}]"),
        1 => body,
        _ => format!("{{{body}}}"),
    })
}

/// What the config's parser must say about one pair.
enum Expect<'a> {
    Unknown(&'a str),
    Bad(&'a Field),
    Version,
}

fn expected<'a>(pairs: &'a [(String, String)]) -> Vec<Expect<'a>> {
    pairs
        .iter()
        .filter(|(k, _)| !is_view_key(k))
        .filter_map(|(k, v)| match field(k) {
            None => Some(Expect::Unknown(k)),
            Some(f) if f.validate(v).is_err() => Some(if k == "v" { Expect::Version } else { Expect::Bad(f) }),
            Some(_) => None,
        })
        .collect()
}

/// The first characters of `s` (a message quotes long keys and values shortened).
fn head(s: &str) -> &str {
    s.char_indices().nth(20).map_or(s, |(i, _)| &s[..i])
}

fn check_messages(expect: &[Expect], problems: &[String]) -> Result<(), String> {
    fail_unless(problems.len() == expect.len(), || {
        format!("{} problems for {} bad pairs: {problems:?}", problems.len(), expect.len())
    })?;
    for (e, p) in expect.iter().zip(problems) {
        fail_unless(p.chars().count() <= MAX_MESSAGE, || format!("a message of {} characters", p.chars().count()))?;
        let ok = match e {
            Expect::Unknown(k) => p.starts_with("unknown key '") && p.contains(head(k)),
            Expect::Bad(f) => p.starts_with(f.key) && p.contains(&f.allowed()),
            Expect::Version => p.contains("version") && p.contains("v=1 to v="),
        };
        let key = match e {
            Expect::Unknown(k) => head(k),
            Expect::Bad(f) => f.key,
            Expect::Version => "v",
        };
        fail_unless(ok, || format!("the message does not name '{key}' and what it allows: {p}"))?;
    }
    Ok(())
}

/// Every field valid and canonical, and both written forms read back as the same config.
fn check_config(c: &Config) -> Result<(), String> {
    for f in FIELDS {
        let v = c.get(f.key);
        match f.validate(&v) {
            Ok(canonical) if canonical == v => {}
            other => return Err(format!("{} = '{v}' is not a valid canonical value: {other:?}", f.key)),
        }
    }
    let (back, problems) = Config::from_query(&c.to_query());
    fail_unless(problems.is_empty() && back == *c, || format!("to_query does not read back: {problems:?}"))?;
    let (back, problems) = Config::from_json(&c.to_json());
    fail_unless(problems.is_empty() && back == *c, || format!("to_json does not read back: {problems:?}"))
}

pub fn query_check(input: &Input) -> Outcome {
    let (c, problems) = Config::from_query(&input.text);
    let pairs = query_pairs(&input.text);
    let verdict = check_messages(&expected(&pairs), &problems).and_then(|()| check_config(&c));
    Outcome::of(verdict, !problems.is_empty())
}

pub fn json_check(input: &Input) -> Outcome {
    let (c, problems) = Config::from_json(&input.text);
    let verdict = match serde_json::from_str::<Map<String, Value>>(&input.text) {
        Err(_) => fail_unless(problems.len() == 1 && problems[0].contains("not a JSON object"), || {
            format!("a text that is not a JSON object: {problems:?}")
        }),
        Ok(map) => {
            let pairs: Vec<(String, String)> = map
                .into_iter()
                .map(|(k, v)| {
                    let s = match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, s)
                })
                .collect();
            check_messages(&expected(&pairs), &problems)
        }
    };
    Outcome::of(verdict.and_then(|()| check_config(&c)), !problems.is_empty())
}

pub fn views_check(input: &Input) -> Outcome {
    let pairs = query_pairs(&input.text);
    let (s, problems) = ViewSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let bad: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| is_view_key(k) && ViewSettings::default().set(k, v).is_err())
        .map(|(k, _)| k.as_str())
        .collect();
    let verdict = fail_unless(bad.len() == problems.len(), || {
        format!("{} problems for {} bad pairs: {problems:?}", problems.len(), bad.len())
    })
    .and_then(|()| {
        for (k, p) in bad.iter().zip(&problems) {
            fail_unless(p.starts_with(&format!("{k} must be")), || format!("the message does not name '{k}': {p}"))?;
            fail_unless(p.chars().count() <= MAX_MESSAGE, || format!("a message of {} characters", p.len()))?;
        }
        check_views(&s)
    });
    Outcome::of(verdict, !problems.is_empty())
}

/// The settings in range, and written back (`to_query`) read as themselves.
fn check_views(s: &ViewSettings) -> Result<(), String> {
    let within = |x: f32| x.is_finite() && x.abs() <= 100.0;
    let ok = within(s.x0)
        && within(s.cut.at)
        && s.pick.iter().all(|&x| within(x))
        && s.from.is_none_or(|p| p.iter().all(|&x| within(x)))
        && s.pbeta.is_none_or(|b| b.is_finite() && b > 0.0 && b <= 1000.0)
        && (2..=24).contains(&s.levels)
        && s.restarts <= 64;
    fail_unless(ok, || format!("settings out of range: {s:?}"))?;
    let q = s.to_query();
    let pairs = query_pairs(&q);
    let (back, problems) = ViewSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    fail_unless(problems.is_empty() && back == *s, || format!("'{q}' does not read back: {problems:?}"))
}
