//! Specialised entries for short register signatures, chosen when a function
//! is bound.
//!
//! A declared function of up to [`SHORT_REGS`] arguments, each an integer, a
//! `double` or a `float` (which a script passes as Luau numbers), returning an
//! integer, `bool`, pointer, `double`, `float` or nothing, gets a C function
//! of its own register shape instead of the general entry
//! ([`super::function`]): which arguments are integers and which floating is a
//! compile-time constant of it (one instance per shape, generated below), so
//! that it reads its numbers straight from the frame into their registers and
//! calls through a stub of exactly those registers, with no plan walked per
//! argument. What every call does stays the same: the closed-library check,
//! pending finalizers, the call scope (callbacks C makes during the call),
//! `errno` and the result by the rule of values from C.
//!
//! A call that does not fit the shape (a wrong argument count, an argument
//! that is not a Luau number) goes to the general entry, which gives
//! every other conversion and every error exactly as it would have.

use std::ffi::c_int;

use super::fast::{narrow, push_int_result};
use super::function::{call_entry, closed_error, FunctionData};
use super::plan::{ArgPlan, CallPlan, RetPlan};
use super::scope::CallScope;
use super::Calls;
use crate::cdata::gc::run_pending_finalizers;
use crate::cdata::int64::Int64;
use crate::error::Result;
use crate::lua::{direct, sys};
use crate::native::fast::{self, SHORT_REGS};

/// The register class of one argument of a shape: none (beyond the arity),
/// integer, floating.
const NONE: u8 = 0;
const INT: u8 = 1;
const FLOAT: u8 = 2;

/// The C function of `plan`'s shape, when it has one.
pub fn entry_for(plan: &CallPlan) -> Option<sys::lua_CFunction> {
    if !plan.fast
        || plan.variadic
        || plan.args.len() > SHORT_REGS
        || matches!(plan.ret, RetPlan::Record(_) | RetPlan::Aggregate)
    {
        return None;
    }
    let mut classes = [NONE; SHORT_REGS];
    for ((arg, _), class) in plan.args.iter().zip(classes.iter_mut()) {
        *class = match arg {
            ArgPlan::Int { .. } => INT,
            ArgPlan::F32(_) | ArgPlan::F64(_) => FLOAT,
            _ => return None,
        };
    }
    let float_result = matches!(plan.ret, RetPlan::F32 | RetPlan::F64);
    Some(instance(plan.args.len(), classes, float_result))
}

/// Whether `function` is one of the entries here.
pub fn is_entry(function: sys::lua_CFunction) -> bool {
    ENTRIES.iter().any(|entry| *entry as usize == function as usize)
}

/// Every instance, in the order [`instance`] indexes them: for each arity
/// and result class, every combination of argument classes.
static ENTRIES: [sys::lua_CFunction; 30] = instances();

/// The index of an instance in [`ENTRIES`].
fn instance(arity: usize, classes: [u8; SHORT_REGS], float_result: bool) -> sys::lua_CFunction {
    // Arity n has 2^n combinations; they start after those of smaller arities.
    let mut index = (1usize << arity) - 1;
    for (k, class) in classes.iter().take(arity).enumerate() {
        index += ((*class == FLOAT) as usize) << k;
    }
    ENTRIES[index * 2 + float_result as usize]
}

/// The table of instances (see [`instance`] for its order).
const fn instances() -> [sys::lua_CFunction; 30] {
    macro_rules! pair {
        ($n:literal, $a0:ident, $a1:ident, $a2:ident) => {
            [entry::<$n, $a0, $a1, $a2, false> as sys::lua_CFunction, entry::<$n, $a0, $a1, $a2, true>]
        };
    }
    let table = [
        pair!(0, NONE, NONE, NONE),
        pair!(1, INT, NONE, NONE),
        pair!(1, FLOAT, NONE, NONE),
        pair!(2, INT, INT, NONE),
        pair!(2, FLOAT, INT, NONE),
        pair!(2, INT, FLOAT, NONE),
        pair!(2, FLOAT, FLOAT, NONE),
        pair!(3, INT, INT, INT),
        pair!(3, FLOAT, INT, INT),
        pair!(3, INT, FLOAT, INT),
        pair!(3, FLOAT, FLOAT, INT),
        pair!(3, INT, INT, FLOAT),
        pair!(3, FLOAT, INT, FLOAT),
        pair!(3, INT, FLOAT, FLOAT),
        pair!(3, FLOAT, FLOAT, FLOAT),
    ];
    let mut flat = [table[0][0]; 30];
    let mut i = 0;
    while i < 15 {
        flat[2 * i] = table[i][0];
        flat[2 * i + 1] = table[i][1];
        i += 1;
    }
    flat
}

/// The entry of one shape: `N` arguments of classes `A0..A2`, a floating
/// result or not.
unsafe extern "C-unwind" fn entry<
    const N: usize,
    const A0: u8,
    const A1: u8,
    const A2: u8,
    const FLOAT_RESULT: bool,
>(
    state: *mut sys::lua_State,
) -> c_int {
    // SAFETY: Luau calls this entry point with its running thread; the
    // general entry runs as if Luau had called it (nothing of this call is
    // live then).
    unsafe {
        let results = crate::lua::guard(state, body::<N, A0, A1, A2, FLOAT_RESULT>);
        if results == DOES_NOT_FIT {
            return call_entry(state);
        }
        results
    }
}

/// What [`body`] returns for a call that does not fit its shape. The general
/// entry is called from [`entry`] rather than inside the body, so that the
/// fast path's result does not merge with its.
const DOES_NOT_FIT: c_int = -1;

/// Argument registers of a short call, filled in argument order.
struct Short {
    ints: [u64; SHORT_REGS],
    floats: [f64; SHORT_REGS],
}

#[inline(always)]
unsafe fn body<const N: usize, const A0: u8, const A1: u8, const A2: u8, const FLOAT_RESULT: bool>(
    state: *mut sys::lua_State,
) -> Result<c_int> {
    // SAFETY: entries are pushed by `push_function` with their function data
    // as upvalue 1, for a plan of their shape (`entry_for`); the call is as
    // safe as the declaration the script gave.
    unsafe {
        let data = &*direct::userdata_upvalue(state, 1).cast::<FunctionData>();
        let calls = &*data.calls;
        if let Some(library) = &data.library {
            if library.is_closed() {
                return Err(closed_error(data, library));
            }
        }
        let Some(registers) = load::<N, A0, A1, A2>(state, &data.plan) else {
            return Ok(DOES_NOT_FIT);
        };
        run_pending_finalizers(state, &calls.values)?;
        let scope = CallScope::enter(state, calls);
        let uses_float = A0 == FLOAT || A1 == FLOAT || A2 == FLOAT;
        if FLOAT_RESULT {
            let value = fast::call_short_float(data.address, &registers.ints, &registers.floats);
            calls.errno.save();
            scope.leave()?;
            let value = if matches!(data.plan.ret, RetPlan::F32) { fast::float_result(value) as f64 } else { value };
            sys::lua_pushnumber(state, value);
        } else {
            let raw = if uses_float {
                fast::call_short_int(data.address, &registers.ints, &registers.floats)
            } else {
                fast::call_short_ints(data.address, &registers.ints)
            };
            calls.errno.save();
            scope.leave()?;
            push_int_result(state, &calls.values, &data.plan.ret, raw)?;
        }
        Ok(data.plan.result_count())
    }
}

/// The `N` arguments into their registers, or `None` when the call does not
/// fit the shape (then the general entry takes it).
#[inline(always)]
unsafe fn load<const N: usize, const A0: u8, const A1: u8, const A2: u8>(
    state: *mut sys::lua_State,
    plan: &CallPlan,
) -> Option<Short> {
    // SAFETY: reads of the running function's own arguments.
    unsafe {
        if direct::arg_count(state) != N as c_int {
            return None;
        }
        let mut registers = Short { ints: [0; SHORT_REGS], floats: [0.0; SHORT_REGS] };
        let (mut ints, mut floats) = (0, 0);
        for (k, class) in [A0, A1, A2].into_iter().enumerate().take(N) {
            let n = direct::number(state, k as c_int + 1)?;
            match plan.args[k].0 {
                ArgPlan::Int { size, signed, .. } if class == INT => {
                    registers.ints[ints] =
                        narrow(Int64::from_number(n, !signed && size == 8).bits, size, signed) as u64;
                    ints += 1;
                }
                ArgPlan::F64(_) if class == FLOAT => {
                    registers.floats[floats] = n;
                    floats += 1;
                }
                ArgPlan::F32(_) if class == FLOAT => {
                    registers.floats[floats] = fast::float_slot(n as f32);
                    floats += 1;
                }
                _ => unreachable!("an entry serves only plans of its shape"),
            }
        }
        Some(registers)
    }
}

/// Calls `int f(int)` at `address` with `arg`, in a call scope and saving
/// `errno` as every call does: the documented `lib:callIntArg`'s fast path,
/// whose caller has checked the library, the symbol and the argument.
///
/// # Safety
/// Inside a C function of the module; `address` is a function taking and
/// returning `int` (the documented API's contract).
#[inline(always)]
pub unsafe fn call_int_of_int(
    state: *mut sys::lua_State,
    calls: &Calls,
    address: *const std::ffi::c_void,
    arg: i32,
) -> Result<i32> {
    let scope = CallScope::enter(state, calls);
    // SAFETY: the caller's contract; the argument is sign-extended as the
    // fast path passes integers.
    let raw = unsafe { fast::call_short_ints(address, &[arg as i64 as u64, 0, 0]) };
    calls.errno.save();
    // SAFETY: right after the C call returned.
    unsafe { scope.leave() }?;
    Ok(raw as i32)
}
