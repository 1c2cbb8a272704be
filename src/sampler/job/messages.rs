//! What a sampling job that does not read says. serde's own message names the
//! type it expected, not the field, and quotes whole strings; this one names
//! the field (or the unknown key) and what it accepts, and quotes the value
//! shortened (found by `scripts/fuzz`).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::JobSpec;
use crate::error::quoted;

/// Each field of [`JobSpec`] and what it accepts.
const FIELDS: [(&str, &str); 12] = [
    ("energy", "'mlp' or a target name"),
    ("sizes", "a list of layer sizes [2, hidden…, 1]"),
    ("act", "an activation name"),
    ("sampler", "a sampler name"),
    ("chains", "an integer in 1..=1000000"),
    ("eps", "a finite number > 0"),
    ("beta", "a finite number > 0"),
    ("sgld_noise", "a finite number > 0"),
    ("leapfrog", "an integer"),
    ("seed", "an integer in [0, 4294967295]"),
    ("view", "four finite numbers [x_lo, x_hi, y_lo, y_hi]"),
    ("freeze_y1", "true or false"),
];

/// The message for `json`, which serde refused with `e`.
pub(super) fn spec_error(json: &str, e: &serde_json::Error) -> String {
    let Ok(Entries(entries)) = serde_json::from_str::<Entries>(json) else {
        return serde_message(e);
    };
    let names = FIELDS.map(|(k, _)| k);
    for (i, (k, v)) in entries.iter().enumerate() {
        let Some((_, allowed)) = FIELDS.iter().find(|(f, _)| f == k) else {
            return format!("sampling job: unknown field {} (known: {})", quoted(k), names.join(", "));
        };
        if entries[..i].iter().any(|(seen, _)| seen == k) {
            return format!("sampling job: {k} is given twice");
        }
        // Does this field read on its own (beside a valid energy)?
        let mut alone = Map::new();
        alone.insert("energy".into(), Value::from("banana"));
        alone.insert(k.clone(), v.clone());
        if serde_json::from_value::<JobSpec>(Value::Object(alone)).is_err() {
            return format!("sampling job: {k} must be {allowed}, got {}", quoted(&v.to_string()));
        }
    }
    serde_message(e)
}

/// serde's message, cut: it quotes an unknown key whole.
fn serde_message(e: &serde_json::Error) -> String {
    format!("sampling job: {}", crate::error::cut(&e.to_string(), 160))
}

/// A JSON object's entries in order, a key given twice kept twice (a `Map`
/// keeps only the last, while serde's struct refuses the first bad one).
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(InOrder)
    }
}
