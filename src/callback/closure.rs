//! Executable libffi closures that call a Rust handler.
//!
//! A [`Closure`] owns an `ffi_closure` prepared for a [`CallInterface`]; its
//! [`code_ptr`](Closure::code_ptr) is a C function pointer of that signature.
//! Each invocation runs the handler with pointers to the arguments' bytes and a
//! pointer where it writes the result's bytes (the natural C representation:
//! `size` bytes of the result shape; the closure itself widens integers
//! narrower than `ffi_arg` as libffi requires).
//!
//! # Panics and threads
//!
//! A handler must never unwind into C. The trampoline catches a panic, prints
//! it to stderr and aborts the process: unwinding through C frames is undefined
//! behaviour, and returning an invented value to C code that expects a real
//! result would corrupt the program silently, which is worse than stopping.
//!
//! The handler (for the Luau layer: a Luau state) belongs to the thread that
//! created the closure. When C invokes the code pointer on another thread the
//! handler is not run; the closure's [`ForeignThreadHook`] is called instead
//! with a zeroed result buffer. The default hook, [`abort_on_foreign_thread`],
//! prints a message and aborts; a hook that returns makes the C caller see
//! whatever the hook left in the buffer.

use std::ffi::c_void;
use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::thread::{self, ThreadId};

use libffi::low::{ffi_arg, ffi_cif, ffi_closure};

use crate::call::{AbiError, AbiType, CallInterface};

/// A callback body: receives one pointer per argument (to the argument's
/// bytes, valid for this invocation only) and the pointer to write the
/// result's bytes to (`ret().size()` bytes, aligned for the result; ignore it
/// for a `Void` result). It runs only on the closure's creating thread.
pub type Handler = Box<dyn Fn(&[*const c_void], *mut c_void)>;

/// What the foreign-thread hook learns about the refused invocation.
#[derive(Debug)]
pub struct ForeignThreadCall<'a> {
    /// The closure's code pointer (as C called it).
    pub code_ptr: *const c_void,
    /// The thread that created the closure.
    pub owner: ThreadId,
    /// The thread C called it on.
    pub current: ThreadId,
    /// The argument pointers, as the handler would have received them.
    pub args: &'a [*const c_void],
    /// The zeroed result bytes (as for the handler); the hook may fill them.
    pub result: *mut c_void,
    /// The signature's result shape.
    pub ret: &'a AbiType,
}

/// Decides what happens when a closure is invoked off its creating thread. It
/// runs on that foreign thread, so it must be `Send + Sync`; it may abort, or
/// fill `result` and return (the C caller then receives that value).
pub type ForeignThreadHook = Arc<dyn Fn(&ForeignThreadCall<'_>) + Send + Sync>;

/// The default [`ForeignThreadHook`]: explains on stderr and aborts.
pub fn abort_on_foreign_thread(call: &ForeignThreadCall<'_>) {
    eprintln!(
        "luau-ffi: a callback ({:p}) created on thread {:?} was called from C on thread {:?}; \
         Luau is single-threaded, so the callback cannot run there. Aborting.",
        call.code_ptr, call.owner, call.current
    );
    std::process::abort();
}

/// An executable C function pointer of a given signature that calls a Rust
/// handler. Freed (`ffi_closure_free`) on drop: C must not call the code
/// pointer afterwards.
pub struct Closure {
    closure: *mut ffi_closure,
    code: *const c_void,
    /// Boxed so the address handed to libffi as user data stays put.
    state: Box<State>,
}

/// What the trampoline needs; owned by the [`Closure`].
struct State {
    interface: Arc<CallInterface>,
    handler: Handler,
    owner: ThreadId,
    /// `this_thread_marker()` of the owner, compared on every invocation.
    owner_marker: usize,
    hook: ForeignThreadHook,
    code: *const c_void,
}

impl Closure {
    /// A closure for `interface` calling `handler`, aborting when invoked off
    /// the creating thread ([`abort_on_foreign_thread`]).
    pub fn new(interface: Arc<CallInterface>, handler: Handler) -> Result<Self, AbiError> {
        Self::with_foreign_thread_hook(interface, handler, Arc::new(abort_on_foreign_thread))
    }

    /// A closure for `interface` calling `handler`, with `hook` deciding what
    /// an invocation on another thread does. Variadic interfaces are refused.
    pub fn with_foreign_thread_hook(
        interface: Arc<CallInterface>,
        handler: Handler,
        hook: ForeignThreadHook,
    ) -> Result<Self, AbiError> {
        if interface.variadic_fixed_count().is_some() {
            return Err(AbiError::VariadicClosure);
        }
        let (closure, code) = libffi::low::try_closure_alloc().ok_or(AbiError::ClosureAlloc)?;
        let code = code.as_ptr();
        // From here on `this` owns the allocation and frees it on any early return.
        let this = Closure {
            closure,
            code,
            state: Box::new(State {
                interface,
                handler,
                owner: thread::current().id(),
                owner_marker: this_thread_marker(),
                hook,
                code,
            }),
        };
        let user_data: *const State = &*this.state;
        // SAFETY: the closure was just allocated with its code pointer; the cif
        // (inside the Arc'd interface) and the user data (boxed state) are owned by
        // `this` and so outlive the closure, which `this` frees first on drop.
        let status = unsafe {
            libffi::raw::ffi_prep_closure_loc(
                this.closure,
                this.state.interface.cif_ptr(),
                Some(trampoline),
                user_data.cast_mut().cast(),
                this.code.cast_mut(),
            )
        };
        if status != libffi::raw::ffi_status_FFI_OK {
            return Err(AbiError::Prep(format!("ffi_prep_closure_loc returned status {status}")));
        }
        Ok(this)
    }

    /// The C function pointer; valid while this value lives.
    pub fn code_ptr(&self) -> *const c_void {
        self.code
    }

    /// The signature.
    pub fn interface(&self) -> &Arc<CallInterface> {
        &self.state.interface
    }

    /// The thread allowed to run the handler.
    pub fn owner_thread(&self) -> ThreadId {
        self.state.owner
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        // SAFETY: allocated by ffi_closure_alloc and freed only here; the state
        // box is dropped after this, once no invocation can start.
        unsafe { libffi::low::closure_free(self.closure) };
    }
}

impl std::fmt::Debug for Closure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Closure").field("code", &self.code).field("interface", &self.state.interface).finish()
    }
}

/// The function libffi's closure code calls: never lets a panic reach C.
unsafe extern "C" fn trampoline(
    _cif: *mut ffi_cif,
    result: *mut c_void,
    args: *mut *mut c_void,
    user_data: *mut c_void,
) {
    // SAFETY: libffi passes the user data registered in `with_foreign_thread_hook`
    // (a live `State`) and the argument/result pointers for this invocation.
    let outcome = catch_unwind(AssertUnwindSafe(|| unsafe { dispatch(result, args, &*user_data.cast::<State>()) }));
    if let Err(panic) = outcome {
        let detail = crate::lua::guard::panic_message(panic.as_ref());
        eprintln!(
            "luau-ffi: a callback handler panicked ({detail}); aborting, since unwinding into C \
             is undefined and returning an invented result would be silently wrong."
        );
        std::process::abort();
    }
}

/// Runs the handler (or the foreign-thread hook) and stores the result as
/// libffi expects it.
///
/// # Safety
/// `result` and `args` are libffi's for an invocation of `state`'s closure.
unsafe fn dispatch(result: *mut c_void, args: *mut *mut c_void, state: &State) {
    let nargs = state.interface.args().len();
    let args: &[*const c_void] = if nargs == 0 {
        &[]
    } else {
        // SAFETY: libffi passes one pointer per argument of the cif.
        unsafe { std::slice::from_raw_parts(args.cast::<*const c_void>(), nargs) }
    };
    let ret = state.interface.ret();
    // A narrow integer is produced in a scratch slot, then widened to ffi_arg
    // (libffi's closure contract: it reads a whole register's worth).
    let mut narrow: ffi_arg = 0;
    let out: *mut c_void = if ret.is_narrow_integer() { (&raw mut narrow).cast() } else { result };
    if this_thread_marker() == state.owner_marker {
        (state.handler)(args, out);
    } else {
        let current = thread::current().id();
        // SAFETY: `out` has room for the result's bytes (libffi's buffer or `narrow`).
        unsafe { out.cast::<u8>().write_bytes(0, ret.size()) };
        let call = ForeignThreadCall { code_ptr: state.code, owner: state.owner, current, args, result: out, ret };
        (state.hook)(&call);
    }
    if ret.is_narrow_integer() {
        // SAFETY: libffi's closure result buffer holds at least an ffi_arg, aligned.
        unsafe { result.cast::<ffi_arg>().write(widen(ret, out.cast_const())) };
    }
}

thread_local! {
    static THREAD_MARKER: u8 = const { 0 };
}

/// An address unique to the calling thread while it lives: comparing it is the
/// cheap same-thread test on every callback invocation (`thread::current()`
/// clones an `Arc`).
fn this_thread_marker() -> usize {
    THREAD_MARKER.with(|marker| marker as *const u8 as usize)
}

/// Sign- or zero-extends the narrow integer whose bytes are at `value`.
fn widen(ret: &AbiType, value: *const c_void) -> ffi_arg {
    debug_assert!(size_of::<ffi_arg>() == 8, "ffi_arg is 64-bit on supported targets");
    // SAFETY (all arms): `value` is the start of the scratch slot, which is
    // aligned for ffi_arg and so for every narrower integer.
    unsafe {
        match ret {
            AbiType::I8 => value.cast::<i8>().read() as i64 as ffi_arg,
            AbiType::U8 => ffi_arg::from(value.cast::<u8>().read()),
            AbiType::I16 => value.cast::<i16>().read() as i64 as ffi_arg,
            AbiType::U16 => ffi_arg::from(value.cast::<u16>().read()),
            AbiType::I32 => value.cast::<i32>().read() as i64 as ffi_arg,
            AbiType::U32 => ffi_arg::from(value.cast::<u32>().read()),
            _ => unreachable!("only narrow integers are widened"),
        }
    }
}
