//! The user's points: a CSV pasted or loaded (`data::read_points`, lenient)
//! and the link's `pts=` (`parse_points`, strict, through `Config::from_query`
//! as the trainer reads it).
//!
//! Checks: every problem names its line (a line that exists) and what was
//! expected, and is short; the points are finite, within ±MAX_ABS and at most
//! MAX_POINTS; the strict reading agrees with the lenient one; the points
//! written as the link writes them (`points_text`) read back as the same points.

use ebm_playground::config::Config;
use ebm_playground::data::user::{MAX_ABS, MAX_POINTS};
use ebm_playground::data::{MAX_POINTS_TEXT, parse_points, points_text, read_points};
use ebm_playground::error::EbmError;
use ebm_playground::points::Points;

use super::{Input, MAX_MESSAGE, Outcome, fail_unless};
use crate::draw::{Gen, form_encode};
use crate::seeds::Seeds;

/// A CSV: mutated examples, or lines of numbers with headers, comments, blank
/// lines and odd separators; now and then past MAX_POINTS, or one 400 kB line.
pub fn csv_input(g: &mut Gen, s: &Seeds) -> Input {
    if g.one_in(2) {
        return Input::text(g.mutated(&s.csv));
    }
    if g.one_in(5000) {
        let line = g.word(&["1,2\n", "0.5 -0.5\n", "1,2;3,4\n"]);
        return Input::text(line.repeat(MAX_POINTS + g.below(3) - 1));
    }
    if g.one_in(2000) {
        return Input::text(g.huge());
    }
    let mut text = String::new();
    if g.one_in(5) {
        text.push('\u{feff}');
    }
    if g.one_in(3) {
        text.push_str(g.word(&["x,y\n", "y1,y2\r\n", "# comment\n", "\"x\",\"y\"\n", "a b c\n", "1,x\n"]));
    }
    for _ in 0..g.below(8) {
        match g.below(8) {
            0 => text.push('\n'),
            1 => text.push_str("# note\n"),
            2 => text.push_str(&g.text(12)),
            _ => text.push_str(&g.points_text(4)),
        }
        text.push_str(g.word(&["\n", "\r\n", "\n", "\r"]));
    }
    Input::text(text)
}

/// A link with `data=points&pts=…`: generated points, a mutated CSV's lines
/// joined by ';', or hostile text; percent-encoded or raw.
pub fn pts_input(g: &mut Gen, s: &Seeds) -> Input {
    let pts = match g.below(6) {
        0 => g.mutated(&s.csv).replace('\n', ";"),
        1 => g.hostile().to_string(),
        2 if g.one_in(500) => g.huge(),
        _ => g.points_text(12),
    };
    // Raw when nothing in it would split the link (the query parser's own inputs split it).
    let raw = !pts.contains(['&', '=', '%', '+', '#']);
    let value = if raw && g.one_in(2) { pts } else { form_encode(&pts) };
    Input::text(format!("data=points&pts={value}"))
}

fn line_count(text: &str) -> usize {
    text.strip_prefix('\u{feff}').unwrap_or(text).lines().count()
}

/// Finite, within ±MAX_ABS, at most MAX_POINTS.
fn check_points(p: &Points) -> Result<(), String> {
    let ok = p.len() <= MAX_POINTS && p.y1.iter().chain(&p.y2).all(|v| v.is_finite() && v.abs() <= MAX_ABS);
    fail_unless(ok, || format!("{} points, not all finite within ±{MAX_ABS}", p.len()))
}

/// The points as the link writes them read back as the same points, within the
/// link value's limit (so any set the CSV reader accepts fits a `pts=`).
fn check_written(p: &Points) -> Result<(), String> {
    let text = points_text(p);
    fail_unless(text.len() <= MAX_POINTS_TEXT, || {
        format!("points_text of {} points is {} characters", p.len(), text.len())
    })?;
    match parse_points(&text) {
        Ok(back) if back == *p => Ok(()),
        other => Err(format!("points_text of {} points does not read back: {other:?}", p.len())),
    }
}

pub fn csv_check(input: &Input) -> Outcome {
    let text = &input.text;
    let read = read_points(text);
    let lines = line_count(text);
    let verdict = (|| {
        for p in &read.problems {
            let n: usize = p
                .strip_prefix("line ")
                .and_then(|r| r.split_once(':'))
                .and_then(|(n, _)| n.parse().ok())
                .ok_or_else(|| format!("a problem that does not name its line: {p}"))?;
            fail_unless(n >= 1 && n <= lines, || format!("line {n} of {lines}: {p}"))?;
            let says = ["expected two numbers like", "values must", "too many points"].iter().any(|w| p.contains(w));
            fail_unless(says, || format!("a problem that does not say what is expected: {p}"))?;
            fail_unless(p.chars().count() <= MAX_MESSAGE, || format!("a message of {} characters", p.len()))?;
        }
        check_points(&read.points)?;
        match parse_points(text) {
            Ok(p) => {
                fail_unless(read.problems.is_empty() && p == read.points, || "strict and lenient disagree".into())?
            }
            Err(EbmError::Invalid(m)) if read.problems.is_empty() => {
                fail_unless(read.points.is_empty() && m.starts_with("no points found"), || m.clone())?
            }
            Err(EbmError::Invalid(m)) => {
                fail_unless(m == read.problems[0], || format!("{m} is not the first problem"))?
            }
            Err(other) => return Err(format!("an unexpected error kind: {other:?}")),
        }
        if read.points.is_empty() { Ok(()) } else { check_written(&read.points) }
    })();
    Outcome::of(verdict, !read.problems.is_empty() || read.points.is_empty())
}

pub fn pts_check(input: &Input) -> Outcome {
    let (c, problems) = Config::from_query(&input.text);
    let verdict = (|| {
        for p in &problems {
            fail_unless(p.starts_with("pts must be "), || format!("a problem that does not name pts: {p}"))?;
            fail_unless(p.chars().count() <= MAX_MESSAGE, || format!("a message of {} characters", p.len()))?;
        }
        if c.user_points.trim().is_empty() {
            return Ok(());
        }
        match parse_points(&c.user_points) {
            Ok(p) => check_points(&p).and_then(|()| check_written(&p)),
            Err(EbmError::Invalid(m)) => {
                let named = m.starts_with("line ") || m.starts_with("no points found");
                fail_unless(named && m.chars().count() <= MAX_MESSAGE, || format!("pts: {m}"))
            }
            Err(other) => Err(format!("an unexpected error kind: {other:?}")),
        }
    })();
    let rejected = !problems.is_empty() || parse_points(&c.user_points).is_err();
    Outcome::of(verdict, rejected)
}
