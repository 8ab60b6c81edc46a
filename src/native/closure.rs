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
//! # Lifetime
//!
//! Dropping a closure retires its entry point at once (a later call from C
//! aborts, see [`crate::fatal::abort`]) but frees what the handler uses only when no
//! invocation of it is running: a handler may drop its own closure, or another
//! one further up the C stack, and the invocations in progress finish with
//! their state intact. Retired entry points are not handed out again while a
//! stale call is plausible: thunk slots and libffi closures go through a FIFO
//! quarantine (see [`super::thunk`] and [`RETIRED_LIBFFI`]), so a stale pointer
//! aborts instead of running a newer callback.
//!
//! # Panics and threads
//!
//! A handler must never unwind into C. The entry catches a panic, prints
//! it to stderr and aborts the process (flushing the process's output first,
//! [`crate::fatal::abort`]): unwinding through C frames is undefined
//! behaviour, and returning an invented value to C code that expects a real
//! result would corrupt the program silently, which is worse than stopping.
//!
//! The handler (for the Luau layer: a Luau state) belongs to the thread that
//! created the closure. When C invokes the code pointer on another thread the
//! handler is not run; the closure's [`ForeignThreadHook`] is called instead
//! with a zeroed result buffer. The default hook, [`abort_on_foreign_thread`],
//! prints a message and aborts; a hook that returns makes the C caller see
//! whatever the hook left in the buffer.

use std::cell::Cell;
use std::collections::VecDeque;
use std::ffi::c_void;
use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, ThreadId};

use libffi::low::{ffi_arg, ffi_cif, ffi_closure};

use super::fast::{FLOAT_REGS, INT_REGS};
use super::thunk;
use super::{AbiError, AbiType, CallInterface};

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
    /// The thread C called it on (the creating thread is not recorded: asking
    /// for a `ThreadId` costs an allocation that lives as long as the thread).
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
        "a callback ({:p}) was called from C on thread {:?}, not on the thread of the Luau state \
         that made it; Luau is single-threaded, so the callback cannot run there. Aborting.",
        call.code_ptr, call.current
    ));
}

/// What a call of a retired entry point does (both backends).
pub(super) fn freed_callback_called() -> ! {
    crate::fatal::abort(format_args!("C called a callback after it was freed; aborting."))
}

/// An executable C function pointer of a given signature that calls a Rust
/// handler: a precompiled thunk for register-only signatures while one is free
/// (see [`super::thunk`]), a libffi closure otherwise. Retired on drop (see the
/// module docs): a later call from C aborts the process.
pub struct Closure {
    backend: Backend,
    code: *const c_void,
    /// A leaked `Box`, so the address handed to libffi or the thunk stays put;
    /// freed by the drop, or by the last running invocation after it.
    body: NonNull<Body>,
}

/// Where the code pointer comes from.
enum Backend {
    /// A libffi closure, quarantined on drop ([`retire_libffi`]).
    Libffi(*mut ffi_closure),
    /// A thunk slot, released on drop, and the entry it reads (owned here,
    /// read only through the slot).
    Thunk { slot: Option<thunk::Slot>, _entry: Box<thunk::Entry> },
}

/// What an invocation runs and the bookkeeping of running ones; owned by
/// the [`Closure`] (freed by its drop, or by the last invocation after it).
struct Body {
    interface: Arc<CallInterface>,
    handler: Handler,
    /// `this_thread_marker()` of the creating thread, compared on every invocation.
    owner_marker: usize,
    /// Invocations running the handler now (on the owner thread).
    active: Cell<u32>,
    /// The closure was dropped while `active > 0`: the invocation that brings
    /// `active` back to zero frees the body.
    orphaned: Cell<bool>,
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
        let body = Box::into_raw(Box::new(Body {
            nargs: interface.args().len(),
            narrow_result: interface.ret().is_narrow_integer(),
            interface,
            handler,
            owner_marker: this_thread_marker(),
            active: Cell::new(0),
            orphaned: Cell::new(false),
            hook,
            code: std::ptr::null(),
            registers,
        }));
        // SAFETY: `body` is the box just leaked; until the closure below owns
        // it, every exit frees it.
        unsafe {
            if let Some(result) = (*body).registers.as_ref().map(|r| r.result) {
                let entry = Box::new(thunk::Entry { run: run_thunk, data: body.cast_const().cast() });
                // SAFETY: the entry and the body it points to are owned by the
                // closure, which releases the slot before dropping them.
                if let Some(slot) = thunk::acquire(result, &*entry) {
                    (*body).code = slot.code_ptr();
                    return Ok(Closure::own(Backend::Thunk { slot: Some(slot), _entry: entry }, body));
                }
                (*body).registers = None;
            }
            let Some((closure, code)) = libffi::low::try_closure_alloc() else {
                drop(Box::from_raw(body));
                return Err(AbiError::ClosureAlloc);
            };
            let code = code.as_ptr();
            // SAFETY: the closure was just allocated with its code pointer; the
            // cif (inside the Arc'd interface) and the user data (the body)
            // stay valid while the closure can run this trampoline: the drop
            // retires it before freeing the body.
            let status = libffi::raw::ffi_prep_closure_loc(
                closure,
                (*body).interface.cif_ptr(),
                Some(trampoline),
                body.cast(),
                code.cast_mut(),
            );
            if status != libffi::raw::ffi_status_FFI_OK {
                libffi::low::closure_free(closure);
                drop(Box::from_raw(body));
                return Err(AbiError::Prep(format!("ffi_prep_closure_loc returned status {status}")));
            }
            (*body).code = code;
            Ok(Closure::own(Backend::Libffi(closure), body))
        }
    }

    /// The closure owning `body` (a leaked box whose `code` is set).
    fn own(backend: Backend, body: *mut Body) -> Closure {
        let body = NonNull::new(body).expect("a leaked box is never null");
        // SAFETY: the body is live; its code pointer was just set.
        let code = unsafe { body.as_ref().code };
        Closure { backend, code, body }
    }

    /// The C function pointer; valid while this value lives.
    pub fn code_ptr(&self) -> *const c_void {
        self.code
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        // First the entry point stops reaching the body: from here on a call
        // of the code pointer aborts.
        let retired = match &mut self.backend {
            // SAFETY: the closure is ours and prepared at `code`.
            Backend::Libffi(closure) => unsafe { retire_libffi(*closure, self.code) },
            // `enter` copies the entry before running it, so the entry box (dropped
            // with the backend after this) may go while an invocation runs.
            Backend::Thunk { slot, .. } => {
                thunk::release(slot.take().expect("released once"));
                true
            }
        };
        if !retired {
            // The closure still points at the body: keep it (never happens for
            // a void() interface libffi already prepared, see retire_libffi).
            return;
        }
        let body = self.body.as_ptr();
        // SAFETY: the body is live (only this drop or an invocation finishing
        // after it frees it); a running invocation frees it when it finishes.
        unsafe {
            if (*body).active.get() == 0 {
                drop(Box::from_raw(body));
            } else {
                (*body).orphaned.set(true);
            }
        }
    }
}

/// Freed libffi closures kept retired (their code aborts) before libffi may
/// hand their entry points out again: the number of later frees a stale
/// pointer survives. A retired closure costs its allocation (under 100 bytes).
pub const RETIRED_LIBFFI: usize = 1024;

/// A retired libffi closure, oldest first in [`RETIRED`].
struct RetiredClosure(*mut ffi_closure);

// SAFETY: only the pointer moves between threads; libffi's closure memory is
// process-wide and freed under the lock.
unsafe impl Send for RetiredClosure {}

static RETIRED: Mutex<VecDeque<RetiredClosure>> = Mutex::new(VecDeque::new());

/// Points `closure` (prepared at `code`) at an aborting trampoline and puts it
/// in the quarantine, freeing the oldest beyond [`RETIRED_LIBFFI`]. `false`
/// when it could not be re-prepared (it then still runs its old handler).
///
/// # Safety
/// `closure` is a live closure allocated with `code`, retired once.
unsafe fn retire_libffi(closure: *mut ffi_closure, code: *const c_void) -> bool {
    static VOID_INTERFACE: OnceLock<Option<CallInterface>> = OnceLock::new();
    let Some(interface) = VOID_INTERFACE.get_or_init(|| CallInterface::new(AbiType::Void, Vec::new()).ok()) else {
        return false;
    };
    // SAFETY: re-preparing a closure only rewrites its trampoline and fields; an
    // invocation in progress loaded them when it entered. The static cif lives
    // for the process.
    let status = unsafe {
        libffi::raw::ffi_prep_closure_loc(
            closure,
            interface.cif_ptr(),
            Some(retired_trampoline),
            std::ptr::null_mut(),
            code.cast_mut(),
        )
    };
    if status != libffi::raw::ffi_status_FFI_OK {
        return false;
    }
    let mut retired = RETIRED.lock().unwrap_or_else(|e| e.into_inner());
    retired.push_back(RetiredClosure(closure));
    while retired.len() > RETIRED_LIBFFI {
        let RetiredClosure(oldest) = retired.pop_front().expect("longer than the bound");
        // SAFETY: allocated by ffi_closure_alloc, retired long ago; an
        // invocation still running it read the closure only when it entered.
        unsafe { libffi::low::closure_free(oldest) };
    }
    true
}

/// What a retired libffi closure runs.
unsafe extern "C" fn retired_trampoline(
    _cif: *mut ffi_cif,
    _result: *mut c_void,
    _args: *mut *mut c_void,
    _user_data: *mut c_void,
) {
    freed_callback_called()
}

impl std::fmt::Debug for Closure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: the body lives as long as the closure.
        let interface = unsafe { &self.body.as_ref().interface };
        f.debug_struct("Closure").field("code", &self.code).field("interface", interface).finish()
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
    // `Body`) and the argument/result pointers for this invocation.
    abort_on_panic(|| unsafe { dispatch(result, args, user_data.cast()) });
}

/// What a thunk runs: the argument pointers point into the registers.
unsafe fn run_thunk(data: *const c_void, ints: &[u64; INT_REGS], floats: &[f64; FLOAT_REGS], result: &mut u64) {
    let body = data.cast::<Body>();
    // SAFETY: the entry's data is the closure's live body (see `build`).
    let layout = unsafe { (*body).registers.as_ref() }.expect("a thunk's body has its register layout");
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
    abort_on_panic(|| unsafe { dispatch(result, args.as_mut_ptr(), body) });
}

/// Runs `f`, aborting on a panic: unwinding into C is undefined, and returning
/// an invented result would be silently wrong.
#[inline(always)]
fn abort_on_panic(f: impl FnOnce()) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(f)) {
        let detail = crate::fatal::panic_message(panic.as_ref());
        crate::fatal::abort(format_args!(
            "a callback handler panicked ({detail}); aborting, since unwinding into C \
             is undefined and returning an invented result would be silently wrong."
        ));
    }
}

/// Runs the handler (or the foreign-thread hook) and stores the result as
/// libffi expects it. Frees the body when the closure was dropped during the
/// invocation and this was the last one running.
///
/// # Safety
/// `result` and `args` are libffi's for an invocation of the closure whose
/// live body is `body`.
unsafe fn dispatch(result: *mut c_void, args: *mut *mut c_void, body: *const Body) {
    // SAFETY: the body is live until the end of the block: a drop during the
    // handler only marks it orphaned while `active > 0`.
    let last_of_orphan = unsafe {
        let body = &*body;
        let nargs = body.nargs;
        let args: &[*const c_void] =
            if nargs == 0 { &[] } else { std::slice::from_raw_parts(args.cast::<*const c_void>(), nargs) };
        let ret = body.interface.ret();
        // A narrow integer is produced in a scratch slot, then widened to ffi_arg
        // (libffi's closure contract: it reads a whole register's worth).
        let mut narrow: ffi_arg = 0;
        let out: *mut c_void = if body.narrow_result { (&raw mut narrow).cast() } else { result };
        let on_owner = this_thread_marker() == body.owner_marker;
        if on_owner {
            body.active.set(body.active.get() + 1);
            (body.handler)(args, out);
        } else {
            let current = thread::current().id();
            // `out` has room for the result's bytes (libffi's buffer or `narrow`).
            out.cast::<u8>().write_bytes(0, ret.size());
            let call = ForeignThreadCall { code_ptr: body.code, current, result: out };
            (body.hook)(&call);
        }
        if body.narrow_result {
            // libffi's closure result buffer holds at least an ffi_arg, aligned.
            result.cast::<ffi_arg>().write(widen(ret, out.cast_const()));
        }
        on_owner && {
            let active = body.active.get() - 1;
            body.active.set(active);
            active == 0 && body.orphaned.get()
        }
    };
    if last_of_orphan {
        // SAFETY: the closure is gone and no other invocation runs: the body
        // (a leaked box, see `Closure::body`) is ours to free.
        unsafe { drop(Box::from_raw(body.cast_mut())) };
    }
}

/// A value unique to the calling thread while it lives, compared on every
/// callback invocation (`thread::current()` clones an `Arc`, and the first
/// call on a thread allocates its handle): the thread
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
