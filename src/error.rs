//! Errors of the engine. Messages name the field and what it allows.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum EbmError {
    #[error("{field} must be {allowed}, got {got}")]
    OutOfRange { field: String, allowed: String, got: String },
    #[error("unknown key '{0}' ignored")]
    UnknownKey(String),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, EbmError>;
