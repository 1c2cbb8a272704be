//! The fuzz driver (`scripts/fuzz`): N seeded inputs per parser that takes
//! outside input, each call inside `catch_unwind` (the `fuzz` profile unwinds),
//! every answer checked (`targets/`). Prints inputs, rejects, panics, failed
//! checks and seconds per parser; exits non-zero on any panic or failed check.
//!
//! `fuzz [--n N | --quick] [--seed S] [--only NAME] [--index I]`: N defaults to
//! $FUZZ_N, else 1,000,000 (`--quick`: 20,000); `--only NAME --index I` replays
//! one input (each is a pure function of seed, parser and index) and prints it.

mod draw;
mod seeds;
mod targets;

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::time::Instant;

use draw::Gen;
use seeds::Seeds;
use targets::{Input, Outcome, TARGETS, Target};

const USAGE: &str = "usage: fuzz [--n N | --quick] [--seed S] [--only NAME] [--index I]";
/// Examples of failures kept per parser, for the report.
const EXAMPLES: usize = 3;

thread_local! {
    /// The last panic's message and place, taken by the driver.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

struct Args {
    n: u32,
    seed: u32,
    only: Option<String>,
    index: Option<u32>,
}

fn args() -> Result<Args, String> {
    let env_n =
        std::env::var("FUZZ_N").ok().map(|v| v.parse().map_err(|_| format!("FUZZ_N must be a count, got '{v}'")));
    let mut a = Args { n: env_n.transpose()?.unwrap_or(1_000_000), seed: 1, only: None, index: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--quick" {
            a.n = 20_000;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let count = || value.parse::<u32>().map_err(|_| format!("{flag} must be an integer, got '{value}'"));
        match flag.as_str() {
            "--n" => a.n = count()?,
            "--seed" => a.seed = count()?,
            "--index" => a.index = Some(count()?),
            "--only" if TARGETS.iter().any(|t| t.name == value) => a.only = Some(value),
            "--only" => {
                let names: Vec<_> = TARGETS.iter().map(|t| t.name).collect();
                return Err(format!("--only must be one of {}, got '{value}'", names.join(", ")));
            }
            _ => return Err(format!("unknown flag '{flag}'\n{USAGE}")),
        }
    }
    Ok(a)
}

#[derive(Default)]
struct Stats {
    inputs: u64,
    rejected: u64,
    panics: u64,
    failed: u64,
    examples: Vec<String>,
}

/// The first 160 characters of an input, escaped, with its length.
fn preview(input: &Input) -> String {
    let head: String = input.text.chars().take(160).collect();
    format!("{:?}{} ({} bytes)", head, if head.len() < input.text.len() { "…" } else { "" }, input.text.len())
}

fn input_of(seed: u32, id: usize, t: &Target, seeds: &Seeds, i: u32) -> Input {
    (t.input)(&mut Gen::new(seed, id as u32 + 1, i), seeds)
}

fn run(a: &Args, id: usize, t: &Target, seeds: &Seeds) -> (Stats, f64) {
    let mut s = Stats::default();
    let t0 = Instant::now();
    let range = a.index.map_or(0..a.n, |i| i..i + 1);
    for i in range {
        s.inputs += 1;
        let result = catch_unwind(AssertUnwindSafe(|| {
            let input = input_of(a.seed, id, t, seeds, i);
            let outcome = (t.check)(&input);
            (input, outcome)
        }));
        let failure = match result {
            Ok((_, Outcome::Accepted)) => None,
            Ok((_, Outcome::Rejected)) => {
                s.rejected += 1;
                None
            }
            Ok((input, Outcome::Failed(why))) => {
                s.failed += 1;
                Some(format!("index {i}: {why}\n      input {}", preview(&input)))
            }
            Err(_) => {
                s.panics += 1;
                let why = PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
                let input = catch_unwind(AssertUnwindSafe(|| preview(&input_of(a.seed, id, t, seeds, i))));
                Some(format!("index {i}: PANIC {why}\n      input {}", input.unwrap_or_default()))
            }
        };
        if let Some(f) = failure
            && (s.examples.len() < EXAMPLES || a.index.is_some())
        {
            s.examples.push(f);
        }
        if a.index.is_some() {
            // The whole input, escaped: replay it anywhere.
            println!("input {:?}", input_of(a.seed, id, t, seeds, i).text);
        }
    }
    (s, t0.elapsed().as_secs_f64())
}

fn main() -> ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PANIC.with(|p| *p.borrow_mut() = Some(format!("'{msg}'{place}")));
    }));
    let seeds = Seeds::load();
    println!("fuzz: {} inputs per parser, seed {} (Rust, release build with unwinding panics)", a.n, a.seed);
    println!(
        "{:<8} {:<26} {:>9} {:>9} {:>7} {:>7} {:>8}",
        "parser", "function", "inputs", "rejects", "panics", "failed", "seconds"
    );
    let (mut bad, mut total) = (0, 0);
    for (id, t) in TARGETS.iter().enumerate() {
        if a.only.as_ref().is_some_and(|o| o != t.name) {
            continue;
        }
        let (s, secs) = run(&a, id, t, &seeds);
        println!(
            "{:<8} {:<26} {:>9} {:>9} {:>7} {:>7} {:>8.1}",
            t.name, t.parser, s.inputs, s.rejected, s.panics, s.failed, secs
        );
        for e in &s.examples {
            println!("    {e}");
        }
        bad += s.panics + s.failed;
        total += s.inputs;
    }
    println!("{total} inputs, {bad} panics or failed checks");
    if bad == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
