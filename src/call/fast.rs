//! A call on the register fast path: each Luau argument into its register
//! (Luau numbers, strings and nil directly, anything else through the general
//! conversion), one call through the universal stub (`crate::native::fast`),
//! and the result register into a Luau value.

use std::ffi::{c_int, c_void};

use super::general::variadic_type;
use super::plan::{ArgPlan, CallPlan, Register, RetPlan, Slot};
use super::Calls;
use crate::cdata::convert::{shape, Aggregate, Cx, Mode, Shape};
use crate::cdata::from_c;
use crate::cdata::int64::Int64;
use crate::cdata::Values;
use crate::ctype::CTypeId;
use crate::error::{Error, Result};
use crate::lua::{direct, sys};
use crate::native::abi_type::{RegisterClass, RegisterClasses};
use crate::native::fast;

/// Converts the arguments from stack index `first` on into registers, calls
/// `address` and pushes its result (`plan.fast` holds; the caller checked
/// the argument count and opened the call scope).
///
/// # Safety
/// Inside a C function of the module; `address` is a function of the plan's
/// signature (the script's declaration).
#[inline(always)]
pub(super) unsafe fn call(
    state: *mut sys::lua_State,
    calls: &Calls,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    // SAFETY: arguments are converted per the declared signature; the call is
    // as safe as the declaration the script gave.
    unsafe {
        let mut registers = fast::Registers::default();
        for (i, (arg, slot)) in plan.args.iter().enumerate() {
            load_argument(state, &calls.values, first + i as c_int, arg, *slot, &mut registers)
                .map_err(|msg| Error::bad_arg(name.to_owned(), i + 1, msg))?;
        }
        calls.active.converting_arguments(false);
        let result = match plan.ret {
            RetPlan::F32 | RetPlan::F64 => {
                let value = fast::call_float(address, &registers);
                calls.errno.save();
                value
            }
            RetPlan::Record(classes) => {
                let eightbytes = call_returning_record(address, &registers, classes);
                calls.errno.save();
                return push_record(state, &calls.values, plan.ret_type, eightbytes);
            }
            _ => {
                let value = if plan.uses_float_registers {
                    fast::call_int(address, &registers)
                } else {
                    fast::call_ints_only(address, &registers.ints)
                };
                calls.errno.save();
                return push_int_result(state, &calls.values, &plan.ret, value);
            }
        };
        push_float_result(state, &plan.ret, result);
        Ok(())
    }
}

/// Calls `function`, whose result is a record coming back in registers of
/// `classes`, and returns its eightbytes.
#[inline(always)]
unsafe fn call_returning_record(
    function: *const c_void,
    registers: &fast::Registers,
    classes: RegisterClasses,
) -> [u64; 2] {
    use fast::{call_returning, Pair};
    use RegisterClass::{Float, Int};
    // SAFETY: the plan's classes are how the C ABI returns the record.
    unsafe {
        match (classes.count, classes.classes) {
            (1, [Int, _]) => [call_returning::<u64>(function, registers), 0],
            (1, [Float, _]) => [call_returning::<f64>(function, registers).to_bits(), 0],
            (_, [Int, Int]) => {
                let Pair(a, b) = call_returning::<Pair<u64, u64>>(function, registers);
                [a, b]
            }
            (_, [Int, Float]) => {
                let Pair(a, b) = call_returning::<Pair<u64, f64>>(function, registers);
                [a, b.to_bits()]
            }
            (_, [Float, Int]) => {
                let Pair(a, b) = call_returning::<Pair<f64, u64>>(function, registers);
                [a.to_bits(), b]
            }
            (_, [Float, Float]) => {
                let Pair(a, b) = call_returning::<Pair<f64, f64>>(function, registers);
                [a.to_bits(), b.to_bits()]
            }
        }
    }
}

/// Pushes a record result of type `ty` from its eightbytes, as the general
/// path pushes one from libffi's result buffer.
#[inline(never)]
unsafe fn push_record(state: *mut sys::lua_State, values: &Values, ty: CTypeId, eightbytes: [u64; 2]) -> Result<()> {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&eightbytes[0].to_ne_bytes());
    bytes[8..].copy_from_slice(&eightbytes[1].to_ne_bytes());
    // 16-aligned, as the record may require.
    let mut storage = [u128::from_ne_bytes(bytes)];
    let types = values.types.borrow();
    let cx = Cx { state, values, types: &types };
    // SAFETY: 16 bytes hold the record (at most 16 bytes: its plan).
    unsafe { cx.push_value(ty, storage.as_mut_ptr().cast(), Aggregate::Copy) }.map_err(Error::message)
}

/// The two eightbytes of 16 bytes of memory, in memory order.
fn eightbytes_of(memory: u128) -> [u64; 2] {
    let bytes = memory.to_ne_bytes();
    [u64::from_ne_bytes(bytes[..8].try_into().unwrap()), u64::from_ne_bytes(bytes[8..].try_into().unwrap())]
}

/// Pushes a floating result register as `ret` (`float` or `double`) says.
#[inline(always)]
unsafe fn push_float_result(state: *mut sys::lua_State, ret: &RetPlan, value: f64) {
    let value = if matches!(ret, RetPlan::F32) { fast::float_result(value) as f64 } else { value };
    // SAFETY: pushes one number.
    unsafe { sys::lua_pushnumber(state, value) };
}

/// A variadic call through the registers (`plan.variadic_registers`): the
/// fixed arguments as [`call`] loads them, the `given - fixed` extra ones by
/// LuaJIT's vararg types ([`variadic_type`], the general path's), each into
/// the next register of its class. `Ok(false)`, before anything is
/// converted, when an extra argument's type is not of a register class or
/// the registers run out: the general path takes the call then.
///
/// # Safety
/// As [`call`]; the caller checked that at least the fixed arguments were given.
#[inline(never)]
pub(super) unsafe fn call_variadic(
    state: *mut sys::lua_State,
    calls: &Calls,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
    given: c_int,
) -> Result<bool> {
    /// Extra arguments the registers could ever hold.
    const MAX_EXTRA: usize = fast::INT_REGS + fast::FLOAT_REGS;
    let values = &calls.values;
    let fixed = plan.args.len();
    let extra_count = given as usize - fixed;
    if extra_count > MAX_EXTRA {
        return Ok(false);
    }
    // SAFETY: arguments are converted per the declared signature and LuaJIT's
    // vararg rules; the call is as safe as the declaration the script gave.
    unsafe {
        // The extra arguments' types and slots first, as the general path
        // types them all before converting any.
        let mut ints = plan.args.iter().filter(|(_, slot)| matches!(slot, Slot::Int(_))).count();
        let mut floats = plan.args.iter().filter(|(_, slot)| matches!(slot, Slot::Float(_))).count();
        let mut extra = [(CTypeId::VOID_PTR, Slot::Memory); MAX_EXTRA];
        for (k, entry) in extra.iter_mut().take(extra_count).enumerate() {
            let idx = first + (fixed + k) as c_int;
            let ty =
                variadic_type(state, values, idx).map_err(|msg| Error::bad_arg(name.to_owned(), fixed + k + 1, msg))?;
            let slot = match shape(&values.types.borrow(), ty) {
                Shape::Float { size: 8 } if floats < fast::FLOAT_REGS => {
                    floats += 1;
                    Slot::Float(floats as u8 - 1)
                }
                Shape::Int { size: 1..=8, .. } | Shape::Pointer { .. } | Shape::Bool if ints < fast::INT_REGS => {
                    ints += 1;
                    Slot::Int(ints as u8 - 1)
                }
                _ => return Ok(false),
            };
            *entry = (ty, slot);
        }
        let mut registers = fast::Registers::default();
        for (i, (arg, slot)) in plan.args.iter().enumerate() {
            load_argument(state, values, first + i as c_int, arg, *slot, &mut registers)
                .map_err(|msg| Error::bad_arg(name.to_owned(), i + 1, msg))?;
        }
        for (k, (ty, slot)) in extra.iter().take(extra_count).enumerate() {
            let idx = first + (fixed + k) as c_int;
            load_extra(state, values, idx, *ty, *slot, &mut registers)
                .map_err(|msg| Error::bad_arg(name.to_owned(), fixed + k + 1, msg))?;
        }
        calls.active.converting_arguments(false);
        if matches!(plan.ret, RetPlan::F32 | RetPlan::F64) {
            let value = fast::call_variadic_float(address, &registers);
            calls.errno.save();
            push_float_result(state, &plan.ret, value);
        } else {
            let value = fast::call_variadic_int(address, &registers);
            calls.errno.save();
            push_int_result(state, values, &plan.ret, value)?;
        }
        Ok(true)
    }
}

/// Converts extra argument `idx` of a variadic call, of vararg type `ty`, into
/// its register: a number as a `double` and a string as its bytes directly,
/// anything else through the general conversion (as the general path does).
#[inline(always)]
unsafe fn load_extra(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    ty: CTypeId,
    slot: Slot,
    registers: &mut fast::Registers,
) -> std::result::Result<(), String> {
    // SAFETY: stack reads; the bytes of a string stay valid while it is on the stack.
    unsafe {
        match (direct::value_type(state, idx), slot) {
            (sys::LUA_TNUMBER, Slot::Float(i)) if ty == CTypeId::DOUBLE => {
                registers.floats[i as usize] = direct::number_unchecked(state, idx);
            }
            (sys::LUA_TSTRING, Slot::Int(i)) if ty == CTypeId::CONST_CHAR_PTR => {
                registers.ints[i as usize] = direct::bytes(state, idx).unwrap_or_default().as_ptr() as u64;
            }
            (_, slot) => {
                let mut scratch = [0u8; 8];
                let types = values.types.borrow();
                let cx = Cx { state, values, types: &types };
                cx.to_c(idx, ty, scratch.as_mut_ptr(), Mode::Convert)?;
                match slot {
                    Slot::Float(i) => registers.floats[i as usize] = f64::from_le_bytes(scratch),
                    Slot::Int(i) => registers.ints[i as usize] = u64::from_le_bytes(scratch),
                    Slot::Record(..) | Slot::Memory => unreachable!("extra arguments here have a register"),
                }
            }
        }
        Ok(())
    }
}

/// Pushes an integer-class result register as `ret` says (64-bit integers
/// and pointers by the rule of [`from_c`]).
#[inline(always)]
pub(super) unsafe fn push_int_result(
    state: *mut sys::lua_State,
    values: &Values,
    ret: &RetPlan,
    raw: u64,
) -> Result<()> {
    // SAFETY: pushes one value.
    unsafe {
        match *ret {
            RetPlan::Void => {}
            RetPlan::Bool => sys::lua_pushboolean(state, (raw as u8 != 0) as c_int),
            RetPlan::Int { size, signed } => sys::lua_pushnumber(state, narrow(raw, size, signed) as f64),
            RetPlan::Int64 { signed } => from_c::push_integer(state, values, Int64 { bits: raw, unsigned: !signed })?,
            RetPlan::Pointer { ty } => from_c::push_address(state, values, ty, raw as usize)?,
            RetPlan::F32 | RetPlan::F64 | RetPlan::Record(_) | RetPlan::Aggregate => {
                unreachable!("not an integer result")
            }
        }
    }
    Ok(())
}

/// The value of the low `size` bytes of a register, sign- or zero-extended.
#[inline(always)]
pub(super) fn narrow(raw: u64, size: u8, signed: bool) -> i64 {
    match (size, signed) {
        (1, true) => raw as i8 as i64,
        (1, false) => raw as u8 as i64,
        (2, true) => raw as i16 as i64,
        (2, false) => raw as u16 as i64,
        (4, true) => raw as i32 as i64,
        (4, false) => raw as u32 as i64,
        _ => raw as i64,
    }
}

/// Converts argument `idx` into its register. Luau numbers, strings and nil
/// take a short path; everything else goes through the general conversion.
#[inline(always)]
unsafe fn load_argument(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    arg: &ArgPlan,
    slot: Slot,
    registers: &mut fast::Registers,
) -> std::result::Result<(), String> {
    // SAFETY: stack reads; pointers into strings and buffers stay valid during
    // the call because the values stay on the stack.
    unsafe {
        if let (ArgPlan::ByValue(ty), Slot::Record(record_registers, count)) = (*arg, slot) {
            let eightbytes = convert_record(state, values, idx, ty)?;
            for (register, bits) in record_registers.iter().zip(eightbytes).take(count as usize) {
                match *register {
                    Register::Int(i) => registers.ints[i as usize] = bits,
                    Register::Float(i) => registers.floats[i as usize] = f64::from_bits(bits),
                }
            }
            return Ok(());
        }
        let tag = direct::value_type(state, idx);
        let value: u64 = match *arg {
            ArgPlan::Int { size, signed, .. } if tag == sys::LUA_TNUMBER => {
                let n = direct::number_unchecked(state, idx);
                narrow(Int64::from_number(n, !signed && size == 8).bits, size, signed) as u64
            }
            ArgPlan::F64(_) if tag == sys::LUA_TNUMBER => {
                registers_float(registers, slot, direct::number_unchecked(state, idx));
                return Ok(());
            }
            ArgPlan::F32(_) if tag == sys::LUA_TNUMBER => {
                let n = direct::number_unchecked(state, idx) as f32;
                registers_float(registers, slot, fast::float_slot(n));
                return Ok(());
            }
            ArgPlan::Pointer { takes_string: true, .. } if tag == sys::LUA_TSTRING => {
                direct::bytes(state, idx).unwrap_or_default().as_ptr() as u64
            }
            ArgPlan::Pointer { .. } if tag == sys::LUA_TNIL => 0,
            _ => {
                let scratch = convert_slow(state, values, idx, arg)?;
                match *arg {
                    ArgPlan::F64(_) => {
                        registers_float(registers, slot, f64::from_le_bytes(scratch));
                        return Ok(());
                    }
                    ArgPlan::F32(_) => {
                        let f = f32::from_le_bytes(scratch[..4].try_into().unwrap());
                        registers_float(registers, slot, fast::float_slot(f));
                        return Ok(());
                    }
                    ArgPlan::Int { size, signed, .. } => narrow(u64::from_le_bytes(scratch), size, signed) as u64,
                    ArgPlan::Bool(_) => scratch[0] as u64,
                    ArgPlan::Pointer { .. } => u64::from_le_bytes(scratch),
                    ArgPlan::ByValue(_) | ArgPlan::Reference { .. } => {
                        unreachable!("by-value and reference arguments never take the fast path")
                    }
                }
            }
        };
        if let Slot::Int(i) = slot {
            registers.ints[i as usize] = value;
        }
        Ok(())
    }
}

/// The general conversion of one argument into an 8-byte scratch value (kept
/// out of the fast path's frame).
#[cold]
#[inline(never)]
unsafe fn convert_slow(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    arg: &ArgPlan,
) -> std::result::Result<[u8; 8], String> {
    let mut scratch = [0u8; 8];
    let types = values.types.borrow();
    let cx = Cx { state, values, types: &types };
    // SAFETY: an 8-byte slot receives a scalar or pointer argument.
    unsafe { cx.to_c(idx, arg.ctype(), scratch.as_mut_ptr(), Mode::Convert)? };
    Ok(scratch)
}

/// The general conversion of a struct or union argument of at most 16 bytes
/// (one passed in registers) into its eightbytes, as the general path
/// converts it into its argument storage.
#[inline(never)]
unsafe fn convert_record(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    ty: CTypeId,
) -> std::result::Result<[u64; 2], String> {
    // 16 bytes, 16-aligned: any record passed in registers fits.
    let mut storage = [0u128; 1];
    let types = values.types.borrow();
    let cx = Cx { state, values, types: &types };
    // SAFETY: as above.
    unsafe { cx.to_c(idx, ty, storage.as_mut_ptr().cast(), Mode::Convert)? };
    Ok(eightbytes_of(storage[0]))
}

#[inline(always)]
fn registers_float(registers: &mut fast::Registers, slot: Slot, value: f64) {
    if let Slot::Float(i) = slot {
        registers.floats[i as usize] = value;
    }
}
