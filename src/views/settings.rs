//! The views' keys in the link: which layers are on, what the heat map shows,
//! which panel is open and where it looks. They change what is drawn, never
//! what is trained: the state hash does not read them, and changing one does
//! not rebuild the scene. Parsed like the config (`VIEW_FIELDS` has the same
//! shape as `config::FIELDS`): a bad value keeps its default and says why.

use super::sections::Cut;
use super::shown::Shown;
use crate::config::{Field, Kind};
use crate::error::{EbmError, quoted, shortened};

/// The layers, in the order they are drawn and written.
pub const LAYERS: &[&str] = &["contours", "field", "push", "paths", "infer"];
/// The panels (one open at a time).
pub const PANELS: &[&str] = &["none", "slice", "sections", "latent", "gradient", "marginals"];
const SHOWN: &[&str] = &["energy", "density", "nlogp"];
/// Words for the choices whose names are terse, for the page's menus.
pub const CHOICE_LABELS: &[(&str, &[&str])] = &[
    ("shown", &["energy E", "density p_β", "−log p_β"]),
    (
        "panel",
        &[
            "none",
            "slice at x₀",
            "free-energy cross-sections",
            "E(y, z) against z",
            "exact against sampled gradient",
            "marginals of the samples",
        ],
    ),
];

/// Longest text of a point "y₁,y₂" and of a cut "y1:A": room for what `get`
/// writes back, two f32 within ±100 written out in full (a tiny one like
/// 1.1754944e-38 is 49 characters), so every value read is written back readable.
const POINT_LEN: usize = 128;
const CUT_LEN: usize = 64;

pub const VIEW_FIELDS: &[Field] = &[
    Field {
        key: "layers",
        label: "layers",
        kind: Kind::Text { max_len: 64 },
        default: "",
        help: "drawn on the plane, comma-separated: contours, field (−∇F arrows), push (the step's push-down and pull-up), paths (the sampler's chains), infer (descent from a tapped point)",
    },
    Field {
        key: "shown",
        label: "heat map shows",
        kind: Kind::Choice(SHOWN),
        default: "energy",
        help: "the energy, the Gibbs density p_β = exp(−βE)/Z exact on the grid, or −log p_β",
    },
    Field {
        key: "pbeta",
        label: "β of p_β",
        kind: Kind::Float { min: 0.0, max: 1000.0, open_min: true, auto: true },
        default: "auto",
        help: "inverse temperature of the density shown (auto: the scene's β)",
    },
    Field {
        key: "levels",
        label: "contour levels",
        kind: Kind::Int { min: 2, max: 24, auto: false },
        default: "8",
        help: "how many contour lines, evenly spaced over the heat map's colour range",
    },
    Field {
        key: "panel",
        label: "panel",
        kind: Kind::Choice(PANELS),
        default: "none",
        help: "beside the plane: slice at x₀, free-energy cross-sections, E(y, z) against z, or the sampled ML gradient against the exact one",
    },
    Field {
        key: "x0",
        label: "x₀",
        kind: Kind::Float { min: -100.0, max: 100.0, open_min: false, auto: false },
        default: "0",
        help: "where the slice cuts the plane (drag the line)",
    },
    Field {
        key: "cut",
        label: "cross-section line",
        kind: Kind::Text { max_len: CUT_LEN },
        default: "y1:0",
        help: "the line of the cross-sections: y1:A holds y₁ at A, y2:A holds y₂ at A",
    },
    Field {
        key: "pick",
        label: "picked y",
        kind: Kind::Text { max_len: POINT_LEN },
        default: "0,0",
        help: "the point whose E(y, z) the latent panel draws: y₁,y₂ (tap the plane)",
    },
    Field {
        key: "from",
        label: "inference start",
        kind: Kind::Text { max_len: POINT_LEN },
        default: "",
        help: "where the descent starts: y₁,y₂ (tap the plane); empty: random starts only",
    },
    Field {
        key: "restarts",
        label: "random starts",
        kind: Kind::Int { min: 0, max: 64, auto: false },
        default: "8",
        help: "descents from random starts besides the tapped one (at the tapped x for conditional data)",
    },
];

pub fn is_view_key(key: &str) -> bool {
    VIEW_FIELDS.iter().any(|f| f.key == key)
}

/// The parsed view keys.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewSettings {
    /// The layers on, in `LAYERS` order.
    pub layers: Vec<&'static str>,
    pub shown: Shown,
    /// None: the scene's β.
    pub pbeta: Option<f32>,
    pub levels: usize,
    pub panel: &'static str,
    pub x0: f32,
    pub cut: Cut,
    pub pick: [f32; 2],
    pub from: Option<[f32; 2]>,
    pub restarts: usize,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            layers: Vec::new(),
            shown: Shown::Energy,
            pbeta: None,
            levels: 8,
            panel: "none",
            x0: 0.0,
            cut: Cut::DEFAULT,
            pick: [0.0, 0.0],
            from: None,
            restarts: 8,
        }
    }
}

fn bad(key: &str, allowed: &str, got: &str) -> EbmError {
    EbmError::OutOfRange { field: key.into(), allowed: allowed.into(), got: quoted(got) }
}

/// "a,b" with both finite and |·| ≤ 100.
fn point(key: &str, v: &str) -> Result<[f32; 2], EbmError> {
    let allowed = "two numbers y₁,y₂ in [−100, 100]";
    let mut it = v.split(',').map(|s| s.trim().parse::<f32>());
    match (it.next(), it.next(), it.next()) {
        (Some(Ok(a)), Some(Ok(b)), None) if a.abs() <= 100.0 && b.abs() <= 100.0 => Ok([a, b]),
        _ => Err(bad(key, allowed, v)),
    }
}

impl ViewSettings {
    /// Reads the view keys of a link's pairs (other keys are the config's);
    /// returns the settings and a message per bad value.
    pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> (Self, Vec<String>) {
        let mut s = Self::default();
        let mut problems = Vec::new();
        for (k, v) in pairs {
            if is_view_key(k)
                && let Err(e) = s.set(k, v)
            {
                problems.push(format!("{e}; keeping {}", shortened(&s.get(k).unwrap_or_default())));
            }
        }
        (s, problems)
    }

    /// Sets one key from text; on error the key keeps its value.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), EbmError> {
        let f = VIEW_FIELDS.iter().find(|f| f.key == key).ok_or_else(|| EbmError::UnknownKey(key.into()))?;
        let v = f.validate(value)?;
        match key {
            "layers" => {
                let names: Vec<&str> = v.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
                if let Some(unknown) = names.iter().find(|n| !LAYERS.contains(n)) {
                    return Err(bad(key, &format!("a comma-separated list of {}", LAYERS.join(", ")), unknown));
                }
                self.layers = LAYERS.iter().copied().filter(|l| names.contains(l)).collect();
            }
            "shown" => self.shown = Shown::ALL.iter().find(|(n, _)| *n == v).expect("validated").1,
            "pbeta" => self.pbeta = if v == "auto" { None } else { Some(v.parse().expect("validated")) },
            "levels" => self.levels = v.parse().expect("validated"),
            "panel" => self.panel = PANELS.iter().find(|p| **p == v).expect("validated"),
            "x0" => self.x0 = v.parse().expect("validated"),
            "cut" => {
                let allowed = "y1:A or y2:A with A in [−100, 100]";
                let (axis, at) = v.split_once(':').ok_or_else(|| bad(key, allowed, &v))?;
                let at: f32 =
                    at.trim().parse().ok().filter(|a: &f32| a.abs() <= 100.0).ok_or_else(|| bad(key, allowed, &v))?;
                let held = match axis.trim() {
                    "y1" => 0,
                    "y2" => 1,
                    _ => return Err(bad(key, allowed, &v)),
                };
                self.cut = Cut { held, at };
            }
            "pick" => self.pick = point(key, &v)?,
            "from" => self.from = if v.is_empty() { None } else { Some(point(key, &v)?) },
            "restarts" => self.restarts = v.parse().expect("validated"),
            _ => unreachable!("every view field is handled"),
        }
        Ok(())
    }

    /// The canonical text of one key.
    pub fn get(&self, key: &str) -> Option<String> {
        let pair = |p: [f32; 2]| format!("{},{}", p[0], p[1]);
        Some(match key {
            "layers" => self.layers.join(","),
            "shown" => self.shown.name().into(),
            "pbeta" => self.pbeta.map_or("auto".into(), |b| b.to_string()),
            "levels" => self.levels.to_string(),
            "panel" => self.panel.into(),
            "x0" => self.x0.to_string(),
            "cut" => format!("y{}:{}", self.cut.held + 1, self.cut.at),
            "pick" => pair(self.pick),
            "from" => self.from.map(pair).unwrap_or_default(),
            "restarts" => self.restarts.to_string(),
            _ => return None,
        })
    }

    /// Whether the layer `name` is on.
    pub fn has(&self, name: &str) -> bool {
        self.layers.contains(&name)
    }

    /// The view keys that matter with these settings (the page shows their
    /// controls): β of p_β only when a density is drawn, the levels only with
    /// contours, each panel's position key only with that panel.
    pub fn reads(&self) -> Vec<&'static str> {
        let mut keys = vec!["layers", "shown", "panel"];
        if self.shown != Shown::Energy || matches!(self.panel, "slice" | "latent") {
            keys.push("pbeta");
        }
        if self.has("contours") {
            keys.push("levels");
        }
        match self.panel {
            "slice" => keys.push("x0"),
            "sections" => keys.push("cut"),
            "latent" => keys.push("pick"),
            _ => {}
        }
        if self.has("infer") {
            keys.extend(["from", "restarts"]);
        }
        keys
    }

    /// The link form of [`Self::changed_pairs`]: `k=v&k=v`, percent-encoded (empty when all are defaults).
    pub fn to_query(&self) -> String {
        self.changed_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::config::percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The keys that differ from their defaults, as `k=v` pairs (so a link
    /// carries only the views someone turned on).
    pub fn changed_pairs(&self) -> Vec<(&'static str, String)> {
        let default = Self::default();
        VIEW_FIELDS
            .iter()
            .filter_map(|f| {
                let v = self.get(f.key).expect("every view field has a value");
                (Some(v.clone()) != default.get(f.key)).then_some((f.key, v))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (ViewSettings, Vec<String>) {
        let pairs: Vec<(&str, &str)> = q.split('&').filter_map(|kv| kv.split_once('=')).collect();
        ViewSettings::from_pairs(pairs.into_iter())
    }

    #[test]
    fn a_link_turns_views_on_and_writes_back_only_what_changed() {
        let (s, problems) = parse("layers=field,contours&panel=slice&x0=0.3&shown=density&data=circle");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.layers, ["contours", "field"]);
        assert_eq!((s.panel, s.x0, s.shown), ("slice", 0.3, Shown::Density));
        let written: Vec<String> = s.changed_pairs().into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(written, ["layers=contours,field", "shown=density", "panel=slice", "x0=0.3"]);
        assert!(ViewSettings::default().changed_pairs().is_empty());
    }

    #[test]
    fn bad_values_keep_their_defaults_and_name_the_key() {
        let (s, problems) = parse("layers=contours,sparkles&panel=histogram&x0=nan&cut=z:1&pick=1&levels=99");
        assert_eq!(s, ViewSettings::default());
        assert_eq!(problems.len(), 6, "{problems:?}");
        assert!(
            problems[0].contains("layers")
                && problems[0].contains("sparkles")
                && problems[0].contains("contours, field, push, paths, infer")
        );
        assert!(
            problems[1].contains("panel") && problems[1].contains("none, slice, sections, latent, gradient, marginals")
        );
        assert!(problems.iter().all(|p| p.contains("keeping")), "{problems:?}");
    }

    #[test]
    fn only_the_keys_that_matter_are_read() {
        assert_eq!(ViewSettings::default().reads(), ["layers", "shown", "panel"]);
        let (s, _) = parse("layers=contours,infer&panel=slice&shown=density");
        assert_eq!(s.reads(), ["layers", "shown", "panel", "pbeta", "levels", "x0", "from", "restarts"]);
        for (key, labels) in CHOICE_LABELS {
            let f = VIEW_FIELDS.iter().find(|f| f.key == *key).unwrap();
            let Kind::Choice(names) = f.kind else { panic!("{key} is a choice") };
            assert_eq!(names.len(), labels.len(), "one label per choice of {key}");
        }
    }

    #[test]
    fn tiny_coordinates_are_written_back_so_that_they_read_again() {
        // Found by scripts/fuzz: 1e-38 reads, but was written as 40 digits, past the old 32-character limit.
        let (s, problems) = parse("from=-1.1754944e-38,1e-45&pick=-3.141841e-27,2.5&cut=y2:-1.1754944e-38&x0=1e-45");
        assert!(problems.is_empty(), "{problems:?}");
        let pairs = crate::config::query_pairs(&s.to_query());
        let (back, problems) = ViewSettings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn a_long_bad_value_is_quoted_shortened() {
        let (_, problems) = parse(&format!("panel={}", "x".repeat(400_000)));
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("panel must be one of none, slice,") && problems[0].len() < 200,
            "{}",
            problems[0]
        );
    }

    #[test]
    fn cuts_and_points_read_both_axes() {
        let (s, problems) = parse("cut=y2:-0.5&pick=1.5,-2&from=0.25,1");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.cut, Cut { held: 1, at: -0.5 });
        assert_eq!((s.pick, s.from), ([1.5, -2.0], Some([0.25, 1.0])));
        assert_eq!(s.get("cut").unwrap(), "y2:-0.5");
    }
}
