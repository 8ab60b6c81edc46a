//! Precompiled entry points for register-only callback signatures.
//!
//! The mirror image of `super::fast`: a C caller puts integer-class
//! arguments (integers, pointers, `bool`, enums) and floating arguments
//! (`float`, `double`) in two independent register sequences, so one Rust
//! function taking every integer and every vector argument register receives
//! any such signature and ignores the registers the caller did not set. Results
//! go back the same way: an integer-class result in the first integer register,
//! a `double` in the first vector register, a `float` in its low 32 bits.
//!
//! A libffi closure spends most of its time in generic code (saving every
//! register, classifying each argument again on every call); a thunk is a plain
//! function. There is a fixed number of them per result class, each reading
//! its slot in a static table to find what it stands for; a callback takes a
//! free slot when it is created and gives it back when freed, and once all are
//! taken callbacks fall back to libffi closures, which have no limit.
//!
//! A slot given back is quarantined: calling it aborts, and it is taken again
//! only after [`QUARANTINE`] later slots of its class were given back (oldest
//! first), so that a stale pointer C kept to a freed callback does not
//! silently run a newer one.

use std::collections::VecDeque;
use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Mutex;

use super::fast::{FLOAT_REGS, INT_REGS};
use super::AbiType;

/// Whether this target has thunks (the fast call path's targets).
pub const AVAILABLE: bool = super::fast::AVAILABLE;

/// Thunks per result class.
const PER_CLASS: usize = 64;

/// Slots of a class given back that are never taken again before a later one
/// (so at most `PER_CLASS - QUARANTINE` callbacks of a class are thunks once
/// every slot has been used; the others are libffi closures).
pub const QUARANTINE: usize = 16;

/// Where one argument arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Register {
    /// The n-th integer argument register.
    Int(u8),
    /// The n-th vector argument register.
    Float(u8),
}

/// The result register class of a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultClass {
    /// Integer class or void: the first integer register.
    Int,
    /// `float` or `double`: the first vector register.
    Float,
}

/// How a signature maps onto the argument registers, when it fits them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterLayout {
    /// One register per argument, in order.
    pub args: Vec<Register>,
    /// Where the result goes.
    pub result: ResultClass,
}

impl RegisterLayout {
    /// The layout of a non-variadic signature, or `None` when an argument or
    /// the result is not a register scalar or the arguments overflow onto the
    /// stack.
    pub fn of(ret: &AbiType, args: &[AbiType]) -> Option<RegisterLayout> {
        if !AVAILABLE {
            return None;
        }
        let (mut ints, mut floats) = (0u8, 0u8);
        let mut registers = Vec::with_capacity(args.len());
        for arg in args {
            let register = match class(arg)? {
                ResultClass::Int => {
                    ints += 1;
                    Register::Int(ints - 1)
                }
                ResultClass::Float => {
                    floats += 1;
                    Register::Float(floats - 1)
                }
            };
            registers.push(register);
        }
        if ints as usize > INT_REGS || floats as usize > FLOAT_REGS {
            return None;
        }
        let result = match ret {
            AbiType::Void => ResultClass::Int,
            other => class(other)?,
        };
        Some(RegisterLayout { args: registers, result })
    }
}

/// The register class of a scalar, `None` for aggregates and `long double`.
fn class(ty: &AbiType) -> Option<ResultClass> {
    match ty {
        AbiType::I8
        | AbiType::U8
        | AbiType::I16
        | AbiType::U16
        | AbiType::I32
        | AbiType::U32
        | AbiType::I64
        | AbiType::U64
        | AbiType::Pointer => Some(ResultClass::Int),
        AbiType::F32 | AbiType::F64 => Some(ResultClass::Float),
        _ => None,
    }
}

/// What a thunk runs, owned by the closure layer: `run(data, ints, floats,
/// result)` with the argument registers and a result buffer (8 bytes, zeroed)
/// where it leaves the result's bytes (an integer already widened to 64 bits).
/// Copied out of its slot when a call enters: it may be freed during the call.
#[derive(Clone, Copy)]
pub struct Entry {
    /// The handler.
    pub run: unsafe fn(*const c_void, &[u64; INT_REGS], &[f64; FLOAT_REGS], &mut u64),
    /// Its data.
    pub data: *const c_void,
}

/// A taken thunk: its code pointer stays valid for the process; C must not
/// call it after [`release`].
#[derive(Debug)]
pub struct Slot {
    class: ResultClass,
    index: usize,
    code: *const c_void,
}

impl Slot {
    /// The C function pointer.
    pub fn code_ptr(&self) -> *const c_void {
        self.code
    }
}

struct Class {
    targets: [AtomicPtr<Entry>; PER_CLASS],
    slots: Mutex<Slots>,
}

/// Which slots of a class can be taken.
struct Slots {
    /// Slots `fresh..PER_CLASS` were never taken.
    fresh: usize,
    /// Slots given back, oldest first.
    returned: VecDeque<usize>,
}

impl Slots {
    /// The next slot to take, if one may be taken.
    fn take(&mut self) -> Option<usize> {
        if self.fresh < PER_CLASS {
            self.fresh += 1;
            return Some(self.fresh - 1);
        }
        if self.returned.len() > QUARANTINE {
            return self.returned.pop_front();
        }
        None
    }

    /// How many slots [`Slots::take`] would hand out.
    #[cfg(test)]
    fn available(&self) -> usize {
        PER_CLASS - self.fresh + self.returned.len().saturating_sub(QUARANTINE)
    }
}

impl Class {
    const fn new() -> Class {
        Class {
            targets: [const { AtomicPtr::new(std::ptr::null_mut()) }; PER_CLASS],
            slots: Mutex::new(Slots { fresh: 0, returned: VecDeque::new() }),
        }
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

static INT_CLASS: Class = Class::new();
static FLOAT_CLASS: Class = Class::new();

fn class_table(class: ResultClass) -> &'static Class {
    match class {
        ResultClass::Int => &INT_CLASS,
        ResultClass::Float => &FLOAT_CLASS,
    }
}

/// Takes a free thunk of `class` that will run `target`, or `None` when all
/// are taken.
///
/// # Safety
/// `target` (and what its data points to) must stay valid until [`release`]
/// is called with the slot.
pub unsafe fn acquire(class: ResultClass, target: *const Entry) -> Option<Slot> {
    let table = class_table(class);
    let index = table.slots().take()?;
    table.targets[index].store(target.cast_mut(), Ordering::Release);
    let code = match class {
        ResultClass::Int => INT_THUNKS[index] as *const c_void,
        ResultClass::Float => FLOAT_THUNKS[index] as *const c_void,
    };
    Some(Slot { class, index, code })
}

/// Gives a slot back; a later call of its code pointer aborts until the slot
/// leaves the quarantine and is taken again (see the module docs).
pub fn release(slot: Slot) {
    let table = class_table(slot.class);
    table.targets[slot.index].store(std::ptr::null_mut(), Ordering::Release);
    table.slots().returned.push_back(slot.index);
}

/// The body every thunk shares.
#[inline(never)]
fn enter(class: ResultClass, index: usize, ints: &[u64; INT_REGS], floats: &[f64; FLOAT_REGS]) -> u64 {
    let target = class_table(class).targets[index].load(Ordering::Acquire);
    if target.is_null() {
        super::closure::freed_callback_called();
    }
    // SAFETY: the target stays valid until its slot is released (acquire's
    // contract); copied, because the release may happen during the call.
    let entry = unsafe { target.read() };
    let mut result = 0u64;
    // SAFETY: the entry's owner keeps its data valid while a call runs.
    unsafe { (entry.run)(entry.data, ints, floats, &mut result) };
    result
}

/// Invokes `$m!(args...; registers)` with the names of the target's integer
/// argument registers.
#[cfg(target_arch = "x86_64")]
macro_rules! with_int_registers {
    ($m:ident!($($args:tt)*)) => { $m!($($args)*; i0 i1 i2 i3 i4 i5); };
}
#[cfg(target_arch = "aarch64")]
macro_rules! with_int_registers {
    ($m:ident!($($args:tt)*)) => { $m!($($args)*; i0 i1 i2 i3 i4 i5 i6 i7); };
}

/// A thunk taking every argument register and returning `$ret`.
macro_rules! thunk_fn {
    ($name:ident, $class:expr, $ret:ty, $convert:expr; $($i:ident)*) => {
        unsafe extern "C" fn $name<const K: usize>(
            $($i: u64,)*
            f0: f64, f1: f64, f2: f64, f3: f64, f4: f64, f5: f64, f6: f64, f7: f64,
        ) -> $ret {
            $convert(enter($class, K, &[$($i),*], &[f0, f1, f2, f3, f4, f5, f6, f7]))
        }
    };
}

/// The function pointer type of the thunks.
macro_rules! thunk_type {
    (; $($i:ident)*) => {
        type Thunk<R> = unsafe extern "C" fn(
            $($i: u64,)*
            f0: f64, f1: f64, f2: f64, f3: f64, f4: f64, f5: f64, f6: f64, f7: f64,
        ) -> R;
    };
}

// A `float` result is a `double` register whose low 32 bits hold the float.
with_int_registers!(thunk_fn!(int_thunk, ResultClass::Int, u64, |bits: u64| bits));
with_int_registers!(thunk_fn!(float_thunk, ResultClass::Float, f64, f64::from_bits));
with_int_registers!(thunk_type!());

macro_rules! thunk_table {
    ($name:ident, $ret:ty, $f:ident; $($k:literal)*) => {
        static $name: [Thunk<$ret>; PER_CLASS] = [$($f::<$k>),*];
    };
}

thunk_table!(INT_THUNKS, u64, int_thunk;
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);
thunk_table!(FLOAT_THUNKS, f64, float_thunk;
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63);

/// How many thunks of `class` can be taken now.
#[cfg(test)]
pub fn free_count(class: ResultClass) -> usize {
    class_table(class).slots().available()
}
