//! Fresh seeds from the platform's secure generator (getrandom: the OS natively,
//! `crypto.getRandomValues` in the browser): the page's "New seed" and the CLI's
//! `--seed random`. A fresh seed is then written into the link (or the CLI's
//! output), so the run it starts replays like any other: this is the only
//! randomness that does not come from the seeded Philox stream (`rng/mod.rs`).

/// A seed drawn from the platform's secure generator.
pub fn fresh() -> Result<u32, String> {
    let mut bytes = [0u8; 4];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("the platform's random generator failed: {e}"))?;
    Ok(u32::from_le_bytes(bytes))
}

/// A `--seed` value: an integer in [0, 2³² − 1], or `random` for a fresh one.
pub fn parse(text: &str) -> Result<u32, String> {
    match text {
        "random" => fresh(),
        t => t.parse().map_err(|_| format!("--seed must be an integer in [0, 4294967295] or 'random', got '{t}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_is_a_number_or_random() {
        assert_eq!(parse("7"), Ok(7));
        assert_eq!(parse("4294967295"), Ok(u32::MAX));
        let e = parse("-1").unwrap_err();
        assert!(e.contains("got '-1'"), "{e}");
        assert!(parse("4294967296").is_err());
        // Eight fresh seeds all equal would happen with probability 2⁻²²⁴ from a working generator.
        let seeds: Vec<u32> = (0..8).map(|_| parse("random").unwrap()).collect();
        assert!(seeds.iter().any(|&s| s != seeds[0]), "{seeds:?}");
    }
}
