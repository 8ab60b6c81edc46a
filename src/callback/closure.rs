//! C function pointers that call a Rust handler.
//!
//! A [`Closure`] owns either a precompiled thunk (register-only signatures,
//! see [`super::thunk`]) or an `ffi_closure` prepared for a [`CallInterface`];
//! its [`code_ptr`](Closure::code_ptr) is a C function pointer of that
//! signature. Both end in the same dispatch: each invocation runs the handler with pointers to the arguments' bytes and a
//! pointer where it writes the result's bytes (the natural C representation:
//! `size` bytes of the result shape; the closure itself widens integers
//! narrower than `ffi_arg` as libffi requires).
//!
//! # Panics and threads
//!
//! A handler must never unwind into C. The entry catches a panic, prints
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

use super::thunk;
use crate::call::fast::{FLOAT_REGS, INT_REGS};
use crate::call::{AbiError, AbiType, CallInterface};

/// A callback body: receives one pointer per argument (to the argument's
/// bytes, valid for this invocation only) and the pointer to write the
/// result's bytes to (`ret().size()` bytes, aligned for the result; ignore it
/// for a `Void` result). It runs only on the closure's creating thread.
pub type Handler = Box<dyn Fn(&[*const c_void], *mut c_void)>;

/// What the foreign-thread hook learns about the refused invocation.
#[derive(Debug)]
pub struct ForeignThreadCall {
    /// The closure's code pointer (as C called it).
    pub code_ptr: *const c_void,
    /// The thread that created the closure.
    pub owner: ThreadId,
    /// The thread C called it on.
    pub current: ThreadId,
    /// The zeroed result bytes (as for the handler); a hook that answers
    /// instead of aborting fills them (the tests' hooks do).
    #[cfg_attr(not(test), allow(dead_code))]
    pub result: *mut c_void,
}

/// Decides what happens when a closure is invoked off its creating thread. It
/// runs on that foreign thread, so it must be `Send + Sync`; it may abort, or
/// fill `result` and return (the C caller then receives that value).
pub type ForeignThreadHook = Arc<dyn Fn(&ForeignThreadCall) + Send + Sync>;

/// The default [`ForeignThreadHook`]: explains on stderr and aborts.
pub fn abort_on_foreign_thread(call: &ForeignThreadCall) {
    crate::fatal::abort(format_args!(
        "a callback ({:p}) created on thread {:?} was called from C on thread {:?}; \
         Luau is single-threaded, so the callback cannot run there. Aborting.",
        call.code_ptr, call.owner, call.current
    ));
}

/// An executable C function pointer of a given signature that calls a Rust
/// handler: a precompiled thunk for register-only signatures while one is free
/// (see [`super::thunk`]), a libffi closure otherwise. Freed on drop: C must
/// not call the code pointer afterwards.
pub struct Closure {
    backend: Backend,
    code: *const c_void,
    /// Boxed so the address handed to libffi or the thunk stays put.
    state: Box<State>,
}

/// Where the code pointer comes from.
enum Backend {
    /// A libffi closure (`ffi_closure_free` on drop).
    Libffi(*mut ffi_closure),
    /// A thunk slot, released on drop, and the entry it reads (owned here,
    /// read only through the slot).
    Thunk { slot: Option<thunk::Slot>, _entry: Box<thunk::Entry> },
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
    /// The argument registers, when the closure is a thunk.
    registers: Option<thunk::RegisterLayout>,
    /// `interface.args().len()`.
    nargs: usize,
    /// The result is an integer narrower than `ffi_arg`, widened after the handler.
    narrow_result: bool,
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
        Self::build(interface, handler, hook, true)
    }

    /// A closure that is always a libffi closure, never a thunk (for testing
    /// both).
    #[cfg(test)]
    pub fn libffi(interface: Arc<CallInterface>, handler: Handler, hook: ForeignThreadHook) -> Result<Self, AbiError> {
        Self::build(interface, handler, hook, false)
    }

    /// Whether this closure runs through a precompiled thunk.
    #[cfg(test)]
    pub fn is_thunk(&self) -> bool {
        matches!(self.backend, Backend::Thunk { .. })
    }

    fn build(
        interface: Arc<CallInterface>,
        handler: Handler,
        hook: ForeignThreadHook,
        thunk_allowed: bool,
    ) -> Result<Self, AbiError> {
        if interface.variadic_fixed_count().is_some() {
            return Err(AbiError::VariadicClosure);
        }
        let registers = if thunk_allowed { thunk::RegisterLayout::of(interface.ret(), interface.args()) } else { None };
        let mut state = Box::new(State {
            nargs: interface.args().len(),
            narrow_result: interface.ret().is_narrow_integer(),
            interface,
            handler,
            owner: thread::current().id(),
            owner_marker: this_thread_marker(),
            hook,
            code: std::ptr::null(),
            registers,
        });
        if let Some(result) = state.registers.as_ref().map(|r| r.result) {
            let entry = Box::new(thunk::Entry { run: run_thunk, data: (&raw const *state).cast() });
            // SAFETY: the entry and the state it points to are owned by the
            // closure, which releases the slot before dropping them.
            if let Some(slot) = unsafe { thunk::acquire(result, &*entry) } {
                state.code = slot.code_ptr();
                return Ok(Closure {
                    code: state.code,
                    backend: Backend::Thunk { slot: Some(slot), _entry: entry },
                    state,
                });
            }
            state.registers = None;
        }
        let (closure, code) = libffi::low::try_closure_alloc().ok_or(AbiError::ClosureAlloc)?;
        let code = code.as_ptr();
        state.code = code;
        // From here on `this` owns the allocation and frees it on any early return.
        let this = Closure { backend: Backend::Libffi(closure), code, state };
        let user_data: *const State = &*this.state;
        // SAFETY: the closure was just allocated with its code pointer; the cif
        // (inside the Arc'd interface) and the user data (boxed state) are owned by
        // `this` and so outlive the closure, which `this` frees first on drop.
        let status = unsafe {
            libffi::raw::ffi_prep_closure_loc(
                closure,
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
}

impl Drop for Closure {
    fn drop(&mut self) {
        match &mut self.backend {
            // SAFETY: allocated by ffi_closure_alloc and freed only here; the state
            // box is dropped after this, once no invocation can start.
            Backend::Libffi(closure) => unsafe { libffi::low::closure_free(*closure) },
            // The entry and state are dropped after the slot stops pointing at them.
            Backend::Thunk { slot, .. } => thunk::release(slot.take().expect("released once")),
        }
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
    // SAFETY: libffi passes the user data registered in `build` (a live
    // `State`) and the argument/result pointers for this invocation.
    abort_on_panic(|| unsafe { dispatch(result, args, &*user_data.cast::<State>()) });
}

/// What a thunk runs: the argument pointers point into the registers.
unsafe fn run_thunk(data: *const c_void, ints: &[u64; INT_REGS], floats: &[f64; FLOAT_REGS], result: &mut u64) {
    // SAFETY: the entry's data is the closure's live state (see `build`).
    let state = unsafe { &*data.cast::<State>() };
    let layout = state.registers.as_ref().expect("a thunk's state has its register layout");
    let mut args = [std::ptr::null_mut::<c_void>(); INT_REGS + FLOAT_REGS];
    for (arg, register) in args.iter_mut().zip(&layout.args) {
        // Both targets are little-endian: a narrow integer is the low bytes of
        // its register, a `float` the low 4 bytes of its vector register.
        *arg = match *register {
            thunk::Register::Int(n) => (&raw const ints[n as usize]).cast_mut().cast(),
            thunk::Register::Float(n) => (&raw const floats[n as usize]).cast_mut().cast(),
        };
    }
    let result: *mut c_void = (result as *mut u64).cast();
    // SAFETY: one pointer per argument; the result buffer holds 8 aligned bytes.
    abort_on_panic(|| unsafe { dispatch(result, args.as_mut_ptr(), state) });
}

/// Runs `f`, aborting on a panic: unwinding into C is undefined, and returning
/// an invented result would be silently wrong.
#[inline(always)]
fn abort_on_panic(f: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
        let detail = crate::lua::guard::panic_message(panic.as_ref());
        crate::fatal::abort(format_args!(
            "a callback handler panicked ({detail}); aborting, since unwinding into C \
             is undefined and returning an invented result would be silently wrong."
        ));
    }
}

/// Runs the handler (or the foreign-thread hook) and stores the result as
/// libffi expects it.
///
/// # Safety
/// `result` and `args` are libffi's for an invocation of `state`'s closure.
unsafe fn dispatch(result: *mut c_void, args: *mut *mut c_void, state: &State) {
    let nargs = state.nargs;
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
    let out: *mut c_void = if state.narrow_result { (&raw mut narrow).cast() } else { result };
    if this_thread_marker() == state.owner_marker {
        (state.handler)(args, out);
    } else {
        let current = thread::current().id();
        // SAFETY: `out` has room for the result's bytes (libffi's buffer or `narrow`).
        unsafe { out.cast::<u8>().write_bytes(0, ret.size()) };
        let call = ForeignThreadCall { code_ptr: state.code, owner: state.owner, current, result: out };
        (state.hook)(&call);
    }
    if state.narrow_result {
        // SAFETY: libffi's closure result buffer holds at least an ffi_arg, aligned.
        unsafe { result.cast::<ffi_arg>().write(widen(ret, out.cast_const())) };
    }
}

/// A value unique to the calling thread while it lives, compared on every
/// callback invocation (`thread::current()` clones an `Arc`): the thread
/// pointer register where its meaning is fixed (the TCB's address), the
/// address of a thread-local elsewhere (in a shared library that costs a
/// `__tls_get_addr` call).
#[inline(always)]
fn this_thread_marker() -> usize {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    {
        let tcb: usize;
        // SAFETY: reads the TCB's self pointer at %fs:0 (glibc and musl).
        unsafe { std::arch::asm!("mov {}, fs:0", out(reg) tcb, options(nostack, readonly, preserves_flags)) };
        tcb
    }
    #[cfg(all(target_arch = "aarch64", target_os = "linux"))]
    {
        let tp: usize;
        // SAFETY: reads the thread pointer register.
        unsafe { std::arch::asm!("mrs {}, tpidr_el0", out(reg) tp, options(nomem, nostack, preserves_flags)) };
        tp
    }
    #[cfg(not(all(any(target_arch = "x86_64", target_arch = "aarch64"), target_os = "linux")))]
    {
        thread_local! {
            static THREAD_MARKER: u8 = const { 0 };
        }
        THREAD_MARKER.with(|marker| marker as *const u8 as usize)
    }
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
