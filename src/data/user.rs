//! User points from text: one "a, b" pair per line, numbers separated by ',', ';' or
//! whitespace, or several pairs on a line separated by ';' ("0.1,0.2;0.3,0.4").
//! Blank lines and lines starting with '#' are skipped, and so is a first line with
//! no number in it (a header such as "x,y").

use crate::error::{EbmError, Result, quoted};
use crate::points::Points;

/// At most this many points (the page would crawl beyond).
pub const MAX_POINTS: usize = 100_000;
/// Coordinates beyond this are refused: the view box (1.2 × the largest) and
/// every grid over it must stay finite.
pub const MAX_ABS: f32 = 1e6;
const EXAMPLE: &str = "'0.5, -1.2'";

pub fn parse_points(text: &str) -> Result<Points> {
    let read = read_points(text);
    match read.problems.into_iter().next() {
        Some(first) => Err(EbmError::Invalid(first)),
        None if read.points.is_empty() => Err(EbmError::Invalid(no_points())),
        None => Ok(read.points),
    }
}

/// Points read leniently (a pasted or uploaded CSV): every good line's points,
/// and one message per bad line naming its number, in order.
#[derive(Debug, Default)]
pub struct PointsRead {
    pub points: Points,
    pub problems: Vec<String>,
}

/// Reads `text` as [`parse_points`] does, but keeps going past a bad line: the
/// good lines load, each bad one is named. Past [`MAX_POINTS`] the rest is refused
/// with one message.
pub fn read_points(text: &str) -> PointsRead {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut read = PointsRead::default();
    let mut header_possible = true;
    for (k, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if std::mem::take(&mut header_possible) && tokens(line).all(|t| t.parse::<f32>().is_err()) {
            continue;
        }
        let problem = |what: String| format!("line {}: {what}, got {}", k + 1, quoted(line));
        match line_points(line) {
            Err(what) => read.problems.push(problem(what)),
            Ok(_) if read.points.len() == MAX_POINTS => {
                read.problems.push(problem(format!(
                    "too many points (at most {MAX_POINTS}); this line and the rest are left out"
                )));
                break;
            }
            Ok(ps) => {
                let room = MAX_POINTS - read.points.len();
                if ps.len() > room {
                    read.problems
                        .push(problem(format!("too many points (at most {MAX_POINTS}); the rest are left out")));
                }
                for [a, b] in ps.into_iter().take(room) {
                    read.points.push(a, b);
                }
            }
        }
    }
    read
}

/// Points as the link's `pts` value: `a,b;c,d`, each number in the shorter of
/// its plain and its exponent form that reads back to the same f32 ("0.5", not
/// "5e-1"; "1e-30", not thirty zeros), so that any [`MAX_POINTS`] points fit in
/// [`MAX_POINTS_TEXT`] characters.
pub fn points_text(points: &Points) -> String {
    let number = |v: f32| {
        let (plain, exp) = (format!("{v}"), format!("{v:e}"));
        if exp.len() < plain.len() { exp } else { plain }
    };
    points
        .y1
        .iter()
        .zip(&points.y2)
        .map(|(&a, &b)| format!("{},{}", number(a), number(b)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Longest `pts` value: [`MAX_POINTS`] points in [`points_text`]'s form, whose
/// longest number is 14 characters ("-1.2345678e-38": sign, 9 digits, point,
/// "e-38"), two per point with a comma and a semicolon.
pub const MAX_POINTS_TEXT: usize = MAX_POINTS * (2 * 14 + 2);

/// A name for a set of points, from their f32 bits in order (FNV-1a, 16 hex
/// digits): the page keeps sets too large for a link in the browser under it.
pub fn points_id(points: &Points) -> String {
    let mut h = crate::models::StateHash::new();
    h.u32(points.len() as u32);
    points.y1.iter().zip(&points.y2).for_each(|(&a, &b)| {
        h.f32(a);
        h.f32(b);
    });
    format!("{:016x}", h.0)
}

fn no_points() -> String {
    format!("no points found: expected lines of two numbers like {EXAMPLE}")
}

/// One line's points, or what is wrong with it.
fn line_points(line: &str) -> std::result::Result<Vec<[f32; 2]>, String> {
    let ps = pairs(line).ok_or_else(|| format!("expected two numbers like {EXAMPLE}"))?;
    for [a, b] in &ps {
        if !(a.is_finite() && b.is_finite()) {
            return Err("values must be finite numbers".into());
        }
        if a.abs() > MAX_ABS || b.abs() > MAX_ABS {
            return Err(format!("values must lie within ±{MAX_ABS}"));
        }
    }
    Ok(ps)
}

/// The pairs of one line: ';'-separated pairs if every part holds two numbers, else
/// the line's two numbers; None if neither reading works.
fn pairs(line: &str) -> Option<Vec<[f32; 2]>> {
    let parts: Vec<&str> = line.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.len() > 1
        && let Some(ps) = parts.iter().map(|p| pair(p)).collect::<Option<Vec<_>>>()
    {
        return Some(ps);
    }
    pair(line).map(|p| vec![p])
}

/// Exactly two numbers, or None.
fn pair(s: &str) -> Option<[f32; 2]> {
    let mut t = tokens(s);
    let p = [t.next()?.parse().ok()?, t.next()?.parse().ok()?];
    t.next().is_none().then_some(p)
}

/// Fields split at ',', ';' and whitespace, quotes trimmed, empty ones dropped.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).map(|t| t.trim_matches('"')).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        match parse_points(text) {
            Err(EbmError::Invalid(m)) => m,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn parse_points_reads_commas_semicolons_and_whitespace() {
        let p = parse_points("0.5, -1.2\n1;2\n3 4\n\t5\t6 \n\"7\",\"8\"\n1e-1,-2.5E1,\n").unwrap();
        let want = [[0.5, -1.2], [1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [0.1, -25.0]];
        assert_eq!(p, Points::from_pairs(&want));
    }

    #[test]
    fn parse_points_reads_several_pairs_on_one_line() {
        let p = parse_points("0.1,0.2;0.3,0.4\n0.5 0.6; 0.7 0.8;\n").unwrap();
        assert_eq!(p, Points::from_pairs(&[[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]]));
    }

    #[test]
    fn parse_points_skips_header_blank_and_comment_lines() {
        let p = parse_points("\u{feff}# made by hand\n\nx,y\r\n1,2\r\n\n# more\n3,4\n").unwrap();
        assert_eq!(p, Points::from_pairs(&[[1.0, 2.0], [3.0, 4.0]]));
    }

    #[test]
    fn parse_points_reports_the_line_of_a_bad_value() {
        assert_eq!(message("1,2\n\nabc\n"), "line 3: expected two numbers like '0.5, -1.2', got 'abc'");
        // Only the first content line may be a header.
        assert_eq!(message("x,y\n1,2\nx,y\n"), "line 3: expected two numbers like '0.5, -1.2', got 'x,y'");
        assert_eq!(message("1,2\n0.5,oops"), "line 2: expected two numbers like '0.5, -1.2', got '0.5,oops'");
    }

    #[test]
    fn parse_points_rejects_lines_without_exactly_two_numbers() {
        assert!(message("1,2\n1,2,3\n").starts_with("line 2: expected two numbers"));
        assert!(message("1\n").starts_with("line 1: expected two numbers"));
        assert!(message("1,2;3\n").starts_with("line 1: expected two numbers"));
    }

    #[test]
    fn parse_points_rejects_non_finite_values() {
        assert_eq!(message("1,2\nnan, 1\n"), "line 2: values must be finite numbers, got 'nan, 1'");
        assert!(message("inf 0").starts_with("line 1: values must be finite"));
        assert!(message("1e39 0").starts_with("line 1: values must be finite"));
    }

    #[test]
    fn parse_points_rejects_empty_input_and_too_many_points() {
        for text in ["", "\n# nothing\n", "x,y\n"] {
            assert!(message(text).starts_with("no points found"), "{text:?}");
        }
        let ok = "1,2\n".repeat(MAX_POINTS);
        assert_eq!(parse_points(&ok).unwrap().len(), MAX_POINTS);
        assert!(message(&(ok + "3,4\n")).starts_with(&format!("line {}: too many points", MAX_POINTS + 1)));
    }

    #[test]
    fn read_points_keeps_the_good_lines_and_names_every_bad_one() {
        let read = read_points("x,y\n1,2\noops\n3,4\nnan,1\n5;6\n1,2,3\n7 8\n");
        assert_eq!(read.points, Points::from_pairs(&[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]));
        let lines: Vec<&str> = read.problems.iter().map(|m| m.split(':').next().unwrap()).collect();
        assert_eq!(lines, ["line 3", "line 5", "line 7"], "{:?}", read.problems);
        assert!(read.problems[1].contains("finite"), "{}", read.problems[1]);
    }

    #[test]
    fn points_text_reads_back_to_the_same_points() {
        let p = Points::from_pairs(&[[0.1, -2.5], [1e-7, 3.0], [-0.333_333_34, 12345.678]]);
        assert_eq!(parse_points(&points_text(&p)).unwrap(), p);
        assert_eq!(points_text(&Points::from_pairs(&[[0.5, -1.0], [2.0, 0.25]])), "0.5,-1;2,0.25");
    }

    #[test]
    fn the_longest_points_fit_in_the_link_value() {
        // The longest f32 in either form, at every point: the text is exactly the bound.
        let worst = -1.234_567_8e-38_f32;
        assert_eq!(format!("{worst:e}").len(), 14);
        let p = Points::from_pairs(&vec![[worst, worst]; MAX_POINTS]);
        let text = points_text(&p);
        assert!(text.len() <= MAX_POINTS_TEXT, "{} > {MAX_POINTS_TEXT}", text.len());
        assert_eq!(parse_points(&text).unwrap(), p);
        assert_eq!(points_text(&Points::from_pairs(&[[1e-30, 123_456.7]])), "1e-30,123456.7");
    }

    #[test]
    fn points_id_names_the_points_not_their_text() {
        let a = parse_points("0.5,1;2,3").unwrap();
        let b = parse_points("0.500, 1.000\n2.0 3").unwrap();
        assert_eq!(points_id(&a), points_id(&b));
        assert_ne!(points_id(&a), points_id(&parse_points("2,3;0.5,1").unwrap()));
        assert_eq!(points_id(&a).len(), 16);
    }

    #[test]
    fn read_points_stops_at_the_limit_with_one_message() {
        let read = read_points(&"1,2\n".repeat(MAX_POINTS + 5));
        assert_eq!(read.points.len(), MAX_POINTS);
        assert_eq!(read.problems.len(), 1);
        assert!(
            read.problems[0].starts_with(&format!("line {}: too many points", MAX_POINTS + 1)),
            "{}",
            read.problems[0]
        );
    }

    #[test]
    fn parse_points_quotes_long_lines_shortened() {
        let long = format!("1,{}", "x".repeat(100));
        assert_eq!(
            message(&long),
            format!("line 1: expected two numbers like '0.5, -1.2', got '1,{}…'", "x".repeat(38))
        );
    }

    #[test]
    fn parse_points_rejects_values_too_large_for_a_view_box() {
        // MAX_ABS = 1e6: 1e7 is refused with the line named; 1e6 itself is accepted.
        assert!(message("0,0\n1e7,2\n").starts_with("line 2: values must lie within ±1000000"));
        assert_eq!(parse_points("1e6,-1e6").unwrap().len(), 1);
    }
}
