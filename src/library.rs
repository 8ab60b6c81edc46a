//! Opening shared libraries and resolving their symbols (the `dlfcn` concern).
//!
//! Garbage collection never unloads a library: C code, strings, extern
//! variables and function pointers of a library stay valid for the process
//! however they were reached (through `ffi.C` after `ffi.load(name, true)`, a
//! pointer a function returned, a cast), since no value can track them all. Only
//! an explicit `close()` from a script unloads one: it marks the
//! [`SharedLibrary`] closed and unmaps it at once if nothing else refers to it,
//! otherwise when the last function object of it is gone (each holds a clone);
//! calls through a closed library raise an error instead of jumping into freed
//! code.

use std::cell::{Cell, RefCell};
use std::error::Error as _;
use std::ffi::{c_void, CString};
use std::path::Path;
use std::rc::Rc;

use crate::cparse::printable;
use crate::fxhash::FxHashMap;

/// An opened shared library with a per-library symbol cache.
pub struct SharedLibrary {
    /// The name the script gave, for messages (control characters escaped).
    name: String,
    /// The loader handles searched in order (one, but for the process's
    /// default namespace); dropping them unmaps the library, which only a
    /// closed library does (see the `Drop` impl).
    handles: RefCell<Vec<libloading::Library>>,
    /// Set by `close()`; every use checks it.
    closed: Cell<bool>,
    /// Resolved addresses by symbol name: `dlsym` runs once per name.
    symbols: RefCell<FxHashMap<Box<str>, usize>>,
    /// The last name looked up, by the address of its bytes (a Luau string
    /// called again and again in a loop), its text, and the symbol address:
    /// saves hashing on repeated calls. The text check covers a string freed
    /// and its memory reused for another one.
    last: RefCell<(usize, Box<str>, usize)>,
}

/// Why a library could not be opened.
#[derive(Debug)]
pub struct OpenError {
    /// The file names handed to the loader, in order.
    pub tried: Vec<String>,
    /// The loader's own message for the first attempt.
    pub detail: String,
}

impl OpenError {
    /// The script-facing error of `func` (`open`, `load`) for `name`.
    pub fn into_error(self, func: &'static str, name: &str) -> crate::Error {
        let tried = if self.tried.is_empty() {
            String::new()
        } else {
            let quoted = self.tried.iter().map(|t| format!("'{}'", printable(t))).collect::<Vec<_>>();
            format!(" (tried {})", quoted.join(", "))
        };
        crate::error::ErrorKind::LibraryOpen {
            func: func.into(),
            name: printable(name).into_owned(),
            tried,
            detail: printable(&self.detail).into_owned(),
        }
        .into()
    }
}

impl SharedLibrary {
    /// Opens `name` as LuaJIT's `ffi.load` does: a name containing `/` is a path
    /// used as given; otherwise `.so` (`.dylib` on macOS) is appended when the
    /// name has no dot, `lib` is prepended when missing, and the system search
    /// path applies. On Linux a name whose development symlink is missing (only
    /// `libz.so.1` installed) or is a linker script (`libc.so`) falls back to the
    /// versioned file found in the standard library directories.
    pub fn open(name: &str) -> Result<Rc<SharedLibrary>, OpenError> {
        Self::open_with(name, false)
    }

    /// As [`SharedLibrary::open`]; `global` makes the library's symbols
    /// available to libraries loaded later (`RTLD_GLOBAL`, `ffi.load(name, true)`).
    pub fn open_with(name: &str, global: bool) -> Result<Rc<SharedLibrary>, OpenError> {
        if name.contains('\0') {
            // The loader takes a C string: it would open another file than the
            // one named (LuaJIT opens the name up to the NUL).
            return Err(OpenError { tried: Vec::new(), detail: "a library name cannot contain a NUL byte".into() });
        }
        let mut tried = Vec::new();
        let mut first_detail = None;
        for candidate in candidates(name) {
            match open_now(&candidate, global) {
                Ok(handle) => {
                    return Ok(Rc::new(SharedLibrary {
                        name: printable(name).into_owned(),
                        handles: RefCell::new(vec![handle]),
                        closed: Cell::new(false),
                        symbols: RefCell::new(FxHashMap::default()),
                        last: RefCell::new((0, Box::from(""), 0)),
                    }))
                }
                Err(detail) => {
                    first_detail.get_or_insert(detail);
                    tried.push(candidate);
                }
            }
        }
        Err(OpenError { tried, detail: first_detail.unwrap_or_else(|| "no candidate file".into()) })
    }

    /// The name the library was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether `close()` has been called.
    pub fn is_closed(&self) -> bool {
        self.closed.get()
    }

    /// Marks the library closed and unmaps it at once when `this` is the only
    /// reference; otherwise the mapping goes with the last reference (see the
    /// module docs).
    pub fn close(this: &Rc<SharedLibrary>) {
        this.closed.set(true);
        this.symbols.borrow_mut().clear();
        *this.last.borrow_mut() = (0, Box::from(""), 0);
        if Rc::strong_count(this) == 1 {
            this.handles.borrow_mut().clear();
        }
    }

    /// The address of the symbol named by `name`, when it is the name looked
    /// up last (the same bytes at the same address), without checking that it
    /// is UTF-8 again: `None` leaves the lookup to [`SharedLibrary::symbol`].
    #[inline]
    pub fn last_symbol(&self, name: &[u8]) -> Option<*mut c_void> {
        let last = self.last.borrow();
        (last.0 == name.as_ptr() as usize && last.1.as_bytes() == name).then_some(last.2 as *mut c_void)
    }

    /// The address of `symbol`, resolved once and cached. `Err` carries the
    /// loader's message.
    pub fn symbol(&self, symbol: &str) -> Result<*mut c_void, String> {
        if let Some(address) = self.last_symbol(symbol.as_bytes()) {
            return Ok(address);
        }
        if let Some(&address) = self.symbols.borrow().get(symbol) {
            *self.last.borrow_mut() = (symbol.as_ptr() as usize, symbol.into(), address);
            return Ok(address as *mut c_void);
        }
        let c_name = CString::new(symbol).map_err(|_| "symbol name contains a NUL byte".to_string())?;
        let handles = self.handles.borrow();
        if handles.is_empty() {
            return Err("the library is closed".to_string());
        }
        let mut first_error = None;
        for handle in handles.iter() {
            // SAFETY: we only take the address; nothing is called or read here.
            match unsafe { handle.get::<*mut c_void>(c_name.as_bytes_with_nul()) } {
                Ok(sym) => {
                    let address = *sym;
                    self.symbols.borrow_mut().insert(symbol.into(), address as usize);
                    return Ok(address);
                }
                Err(e) => {
                    first_error.get_or_insert_with(|| loader_message(&e));
                }
            }
        }
        Err(first_error.unwrap_or_default())
    }
}

impl Drop for SharedLibrary {
    /// Unmaps a closed library; one that was never closed stays loaded for the
    /// process (its handles are leaked: each is a reference count in the
    /// loader, a library opened again gets the same mapping).
    fn drop(&mut self) {
        if !self.closed.get() {
            for handle in self.handles.get_mut().drain(..) {
                std::mem::forget(handle);
            }
        }
    }
}

/// The file names to hand to the loader for `name`, best first.
fn candidates(name: &str) -> Vec<String> {
    if name.contains('/') {
        return vec![name.to_owned()];
    }
    let (prefix, suffix) = if cfg!(target_os = "macos") { ("lib", ".dylib") } else { ("lib", ".so") };
    let mut file = name.to_owned();
    if !file.contains('.') {
        file.push_str(suffix);
    }
    if !file.starts_with(prefix) {
        file.insert_str(0, prefix);
    }
    let mut list = vec![file.clone()];
    if cfg!(target_os = "linux") && file.ends_with(".so") {
        list.extend(versioned_files(&file));
    }
    list
}

/// `libz.so` -> the versioned `libz.so.N` files in the standard directories,
/// shortest (most general) name first.
fn versioned_files(file: &str) -> Vec<String> {
    let mut dirs: Vec<String> = std::env::var("LD_LIBRARY_PATH")
        .unwrap_or_default()
        .split(':')
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    let arch = std::env::consts::ARCH;
    for base in ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"] {
        dirs.push(format!("{base}/{arch}-linux-gnu"));
        dirs.push(base.to_owned());
    }
    let prefix = format!("{file}.");
    let mut found: Vec<String> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut here: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.strip_prefix(&prefix).is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.')))
            .map(|n| Path::new(&dir).join(n).to_string_lossy().into_owned())
            .collect();
        here.sort_by_key(|p| p.len());
        found.extend(here);
    }
    found.dedup();
    found
}

impl SharedLibrary {
    /// The process's default namespace (`ffi.C`): every symbol of the
    /// executable and the libraries loaded globally (libc), then libm, which
    /// LuaJIT's `ffi.C` includes on Linux.
    pub fn process() -> Rc<SharedLibrary> {
        let mut handles = Vec::new();
        #[cfg(unix)]
        {
            handles.push(libloading::os::unix::Library::this().into());
            if cfg!(target_os = "linux") {
                if let Ok(libm) = open_now("libm.so.6", false) {
                    handles.push(libm);
                }
            }
        }
        Rc::new(SharedLibrary {
            name: "C".to_owned(),
            handles: RefCell::new(handles),
            closed: Cell::new(false),
            symbols: RefCell::new(FxHashMap::default()),
            last: RefCell::new((0, Box::from(""), 0)),
        })
    }
}

#[cfg(unix)]
fn open_now(file: &str, global: bool) -> Result<libloading::Library, String> {
    use libloading::os::unix::{Library, RTLD_GLOBAL, RTLD_LOCAL, RTLD_NOW};
    let scope = if global { RTLD_GLOBAL } else { RTLD_LOCAL };
    // SAFETY: loading a library runs its initialisers; that is the point of an FFI.
    unsafe { Library::open(Some(file), RTLD_NOW | scope) }.map(Into::into).map_err(|e| loader_message(&e))
}

#[cfg(not(unix))]
fn open_now(file: &str, _global: bool) -> Result<libloading::Library, String> {
    // SAFETY: as above.
    unsafe { libloading::Library::new(file) }.map_err(|e| loader_message(&e))
}

/// libloading's own Display is only "dlopen failed"; the system's text is its source.
pub(crate) fn loader_message(error: &libloading::Error) -> String {
    match error.source() {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}
