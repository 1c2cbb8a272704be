//! The config's serial forms: the URL form (`k=v&k=v`, percent-encoded), the
//! JSON form (a flat object with the same keys) and the schema the page builds
//! its controls from. Parsing never fails: a bad value keeps the default and
//! adds a problem that names the field and its allowed range.

use serde_json::{Map, Value};

use super::fields::{FIELDS, Kind};
use super::query::{percent_decode, percent_encode};
use super::{Config, VERSION};
use crate::error::{EbmError, shortened};

impl Config {
    /// Parses `k=v&k=v` (a leading `?` or `#` is ignored, values are
    /// percent-decoded). Returns the config and the problems found.
    pub fn from_query(q: &str) -> (Config, Vec<String>) {
        Self::from_pairs(query_pairs(q).into_iter())
    }

    /// Parses the JSON form: a flat object with the same keys.
    pub fn from_json(text: &str) -> (Config, Vec<String>) {
        match serde_json::from_str::<Map<String, Value>>(text) {
            Ok(map) => Self::from_pairs(map.into_iter().map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, s)
            })),
            Err(e) => (Config::default(), vec![format!("the config is not a JSON object ({e}); using the defaults")]),
        }
    }

    fn from_pairs(pairs: impl Iterator<Item = (String, String)>) -> (Config, Vec<String>) {
        let mut c = Config::default();
        let mut problems = Vec::new();
        for (k, v) in pairs {
            // The views' keys ride in the same link; `views::ViewSettings` reads them.
            if crate::views::is_view_key(&k) {
                continue;
            }
            if k == "v" && c.set(&k, &v).is_err() {
                problems.push(format!(
                    "config version {} is not known (this page reads v=1 to v={VERSION}); reading it as v={VERSION}",
                    shortened(&v)
                ));
                continue;
            }
            if let Err(e) = c.set(&k, &v) {
                let msg = match e {
                    EbmError::OutOfRange { .. } => format!("{e}; using {}", shortened(&c.get(&k))),
                    other => other.to_string(),
                };
                problems.push(msg);
            }
        }
        (c, problems)
    }

    /// The URL form with every field (so a link survives changes of defaults).
    pub fn to_query(&self) -> String {
        FIELDS
            .iter()
            .filter(|f| !(f.key == "pts" && self.user_points.is_empty()))
            .map(|f| format!("{}={}", f.key, percent_encode(&self.get(f.key))))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        for f in FIELDS {
            let v = self.get(f.key);
            let val = match f.kind {
                Kind::Int { .. } | Kind::Float { .. } if v != "auto" => {
                    serde_json::from_str::<Value>(&v).unwrap_or(Value::String(v))
                }
                _ => Value::String(v),
            };
            m.insert(f.key.into(), val);
        }
        Value::Object(m).to_string()
    }

    /// The schema the page builds its controls from (JSON array).
    pub fn schema_json() -> String {
        schema_of(FIELDS)
    }
}

/// The `(key, value)` pairs of `k=v&k=v` (a leading `?` or `#` is ignored,
/// both sides percent-decoded), in order.
pub fn query_pairs(q: &str) -> Vec<(String, String)> {
    let q = q.trim_start_matches(['?', '#']);
    q.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(kv), String::new()),
        })
        .collect()
}

/// A table of fields (the config's, the views') as the JSON array the page
/// builds controls from.
pub fn schema_of(table: &[super::Field]) -> String {
    schema_with_labels(table, &[])
}

/// [`schema_of`], with words for the choices of some keys (`labels` beside `choices`).
pub fn schema_with_labels(table: &[super::Field], labels: &[(&str, &[&str])]) -> String {
    let fields: Vec<Value> = table
        .iter()
        .map(|f| {
            let mut o = Map::new();
            if let Some((_, words)) = labels.iter().find(|(k, _)| *k == f.key) {
                o.insert("labels".into(), words.iter().map(|w| Value::from(*w)).collect());
            }
            o.insert("key".into(), f.key.into());
            o.insert("label".into(), f.label.into());
            o.insert("default".into(), f.default.into());
            o.insert("help".into(), f.help.into());
            o.insert("allowed".into(), f.allowed().into());
            if super::fields::IN_PLACE.contains(&f.key) {
                o.insert("inPlace".into(), true.into());
            }
            match f.kind {
                Kind::Choice(list) => {
                    o.insert("type".into(), "choice".into());
                    o.insert("choices".into(), list.iter().map(|s| Value::from(*s)).collect());
                }
                Kind::Int { min, max, auto } => {
                    o.insert("type".into(), "int".into());
                    o.insert("min".into(), min.into());
                    o.insert("max".into(), max.into());
                    o.insert("auto".into(), auto.into());
                }
                Kind::Float { min, max, auto, .. } => {
                    o.insert("type".into(), "float".into());
                    o.insert("min".into(), f64::from(min).into());
                    o.insert("max".into(), f64::from(max).into());
                    o.insert("auto".into(), auto.into());
                }
                Kind::Text { .. } => {
                    o.insert("type".into(), "text".into());
                }
            }
            Value::Object(o)
        })
        .collect();
    Value::Array(fields).to_string()
}
