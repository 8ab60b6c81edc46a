//! The errors luau-ffi raises. Every one reaches the script as a plain Luau
//! string (never an mlua error object: see `lua::guard`), worded like LuaJIT's.

use std::borrow::Cow;

/// An error raised to the calling script. A thin pointer, so that the
/// `Result`s of the call path come back in registers.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// An argument of the wrong type or value, numbered from 1 (not counting `self`).
    #[error("bad argument #{arg} to '{func}' ({msg})")]
    BadArgument {
        /// The Luau-visible function name, e.g. `open` or `callInt`.
        func: Cow<'static, str>,
        /// 1-based argument position.
        arg: usize,
        /// What was expected and what was given.
        msg: String,
    },
    /// The system loader refused a library.
    #[error("{func}: cannot load library '{name}'{tried}: {detail}")]
    LibraryOpen {
        /// The Luau-visible function name.
        func: Cow<'static, str>,
        /// The name the script asked for, control characters escaped.
        name: String,
        /// ` (tried 'a', 'b')`: the paths handed to the loader, quoted and
        /// comma-separated; empty when none was.
        tried: String,
        /// The loader's own message (`dlerror`).
        detail: String,
    },
    /// A symbol the library does not export.
    #[error("{func}: cannot resolve symbol '{symbol}' in library '{library}': {detail}")]
    MissingSymbol {
        /// The Luau-visible function name.
        func: Cow<'static, str>,
        /// The symbol that was looked up.
        symbol: String,
        /// The library's name as opened.
        library: String,
        /// The loader's own message (`dlerror`).
        detail: String,
    },
    /// A method of a library after `close()`.
    #[error("{func}: library '{library}' is closed")]
    Closed {
        /// The Luau-visible function name.
        func: Cow<'static, str>,
        /// The library's name as opened.
        library: String,
    },
    /// Any other message, already worded.
    #[error("{0}")]
    Message(String),
    /// A Luau error value (from a metamethod or callback the module called under
    /// `pcall`) is at the top of the stack: raise it unchanged.
    #[error("(a Luau error value)")]
    Propagate,
    /// A Luau API call raised (out of memory, a size limit): the error is kept
    /// by `lua::protected` and raised again, unchanged, by the guard.
    #[error("luau-ffi internal error: a Luau error was lost")]
    Raised,
}

impl Error {
    /// A `bad argument` error.
    pub fn bad_arg(func: impl Into<Cow<'static, str>>, arg: usize, msg: impl Into<String>) -> Self {
        ErrorKind::BadArgument { func: func.into(), arg, msg: msg.into() }.into()
    }

    /// An error with its message already worded.
    pub fn message(message: impl Into<String>) -> Self {
        ErrorKind::Message(message.into()).into()
    }

    /// The Luau error value at the top of the stack is to be raised unchanged.
    pub fn propagate() -> Self {
        ErrorKind::Propagate.into()
    }

    /// A Luau API call raised; `lua::protected` keeps the error.
    pub fn raised() -> Self {
        ErrorKind::Raised.into()
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is raised to the script.
pub type Result<T> = std::result::Result<T, Error>;
