//! Errors of the engine. Messages name the field and what it allows.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum EbmError {
    #[error("{field} must be {allowed}, got {got}")]
    OutOfRange { field: String, allowed: String, got: String },
    #[error("unknown key {} ignored", quoted(.0))]
    UnknownKey(String),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, EbmError>;

/// Longest part of an outside value a message quotes: a 400 kB link value
/// comes back as its first characters and "…", never whole.
pub const QUOTED_CHARS: usize = 40;

/// `text` as a message quotes it: at most [`QUOTED_CHARS`] characters, then "…".
pub fn shortened(text: &str) -> String {
    cut(text, QUOTED_CHARS)
}

/// At most `chars` characters of `text`, then "…" (serde's messages quote whole strings).
pub fn cut(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `'text'`, shortened.
pub fn quoted(text: &str) -> String {
    format!("'{}'", shortened(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_quoted_shortened_and_short_ones_whole() {
        assert_eq!(quoted("0.5"), "'0.5'");
        let long = "é".repeat(400_000);
        assert_eq!(quoted(&long), format!("'{}…'", "é".repeat(QUOTED_CHARS)));
        assert_eq!(
            EbmError::UnknownKey("x".repeat(50)).to_string(),
            format!("unknown key '{}…' ignored", "x".repeat(40))
        );
    }
}
