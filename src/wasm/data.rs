//! Points a student brings (a pasted or uploaded CSV), read by the engine's rules.

use wasm_bindgen::prelude::*;

use crate::data::{points_id, points_text, read_points};

/// Reads `text` leniently: `{"pts": "a,b;c,d", "count": N, "id": "…", "problems": ["line 3: …"]}`,
/// the good lines' points in the link's `pts` form, their `points_id`, and each bad line named.
#[wasm_bindgen(js_name = readPoints)]
pub fn read_points_json(text: &str) -> String {
    let read = read_points(text);
    serde_json::json!({
        "pts": points_text(&read.points),
        "count": read.points.len(),
        "id": points_id(&read.points),
        "problems": read.problems,
    })
    .to_string()
}
