//! Calling C functions: a call plan made once per function, the register fast
//! path beside libffi's general path, and the Luau-facing function objects.
//!
//! A declared function reached through a namespace (`ffi.C.strlen`) is a Luau C
//! closure over a [`FunctionData`] userdata: calling it is one crossing into
//! Rust, with no lookup and no allocation for register-only signatures.

pub mod plan;

use std::ffi::{c_int, c_void, CStr};
use std::rc::Rc;

use plan::{ArgPlan, CallPlan, RetPlan, Slot};

use crate::cdata::convert::{self, Aggregate, Cx, Mode};
use crate::cdata::gc::run_pending_finalizers;
use crate::cdata::int64::Int64;
use crate::cdata::object;
use crate::ctype::CTypeId;
use crate::error::{Error, ErrorKind, Result};
use crate::library::SharedLibrary;
use crate::lua::{protected, sys, userdata};
use crate::native::{fast, general, lower, CallInterface};
use crate::state::ModuleState;

/// A C function bound to its address, type and library.
pub struct FunctionData {
    /// The entry point.
    pub address: *const c_void,
    /// Keeps the library mapped while the function object lives, and answers
    /// whether it was closed (then calls raise an error).
    pub library: Option<Rc<SharedLibrary>>,
    /// The declared name, for error messages.
    pub name: Box<str>,
    /// How arguments and the result travel.
    pub plan: Rc<CallPlan>,
    /// The module state (anchored in the registry for the state's lifetime).
    pub module: *const ModuleState,
}

impl userdata::Userdata for FunctionData {
    const METATABLE: &'static CStr = c"luau_ffi.FunctionData";
    const TYPE_NAME: &'static CStr = c"FfiFunctionData";

    unsafe fn init_metatable(_state: *mut sys::lua_State) -> Result<()> {
        Ok(())
    }
}

/// Pushes a callable Luau function for `data`.
///
/// # Safety
/// `state` must be live.
pub unsafe fn push_function(state: *mut sys::lua_State, data: FunctionData) -> Result<()> {
    // SAFETY: one upvalue, the function data (which points to the module state).
    unsafe {
        userdata::push(state, data)?;
        protected::push_closure(state, call_entry, c"ffi function", 1)
    }
}

crate::c_functions! {
    call_entry => call_entry_body;
}

/// The [`FunctionData`] of a Luau value that is one of our function objects.
///
/// # Safety
/// `state` must be live.
pub unsafe fn function_data<'a>(state: *mut sys::lua_State, idx: c_int) -> Option<&'a FunctionData> {
    // SAFETY: a closure whose C function is `call_entry` was made by
    // `push_function`: its upvalue 1 is a FunctionData userdata.
    unsafe {
        if sys::lua_tocfunction(state, idx)? as usize != call_entry as sys::lua_CFunction as usize {
            return None;
        }
        sys::lua_getupvalue(state, idx, 1);
        let data = sys::lua_touserdata(state, -1).cast::<FunctionData>().cast_const();
        sys::lua_settop(state, -2);
        data.as_ref()
    }
}

/// The address of our function object at `idx`, for `ffi.cast` and function
/// pointer arguments.
///
/// # Safety
/// As [`function_data`].
pub unsafe fn function_address(state: *mut sys::lua_State, idx: c_int) -> Option<*const c_void> {
    // SAFETY: forwarded.
    unsafe { function_data(state, idx) }.map(|d| d.address)
}

/// A C function of ours taking one pointer and returning void, usable as a
/// finalizer from inside the collector (`ffi.gc(p, ffi.C.free)`).
///
/// # Safety
/// As [`function_data`].
pub unsafe fn c_function_of(state: *mut sys::lua_State, idx: c_int) -> Option<unsafe extern "C" fn(*mut c_void)> {
    // SAFETY: the plan proves the signature takes one pointer (any result is ignored).
    unsafe {
        let data = function_data(state, idx)?;
        match data.plan.args.as_slice() {
            [(ArgPlan::Pointer { .. }, _)] if !data.plan.variadic => {
                Some(std::mem::transmute::<*const c_void, unsafe extern "C" fn(*mut c_void)>(data.address))
            }
            _ => None,
        }
    }
}

unsafe fn call_entry_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: call_entry closures carry their function data as upvalue 1.
    unsafe {
        let data = &*sys::lua_touserdata(state, sys::lua_upvalueindex(1)).cast::<FunctionData>();
        let module = &*data.module;
        if let Some(library) = &data.library {
            if library.is_closed() {
                return Err(ErrorKind::Closed {
                    func: data.name.to_string().into(),
                    library: library.name().to_owned(),
                }
                .into());
            }
        }
        run_pending_finalizers(state, module)?;
        invoke(state, module, data.address, &data.plan, &data.name, 1)?;
        Ok(data.plan.result_count())
    }
}

/// Calls a function pointer cdata at `idx` with the arguments after it
/// (`__call` of a cdata).
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn call_function_pointer(state: *mut sys::lua_State, module: &ModuleState, idx: c_int) -> Result<c_int> {
    // SAFETY: the cdata at idx is a pointer to a function type.
    unsafe {
        let cdata = object::get_unchecked(state, idx);
        let address = std::ptr::read_unaligned(cdata.ptr.cast::<*const c_void>());
        if address.is_null() {
            if cdata.flags & object::FLAG_CALLBACK != 0 {
                return Err(Error::message("attempt to call a freed callback"));
            }
            return Err(Error::message("attempt to call a NULL function pointer"));
        }
        let function_type = match module.types.borrow().kind(cdata.ctype) {
            crate::ctype::CKind::Pointer { to } => *to,
            _ => unreachable!("checked by the caller"),
        };
        let plan = plan_for(module, function_type)?;
        run_pending_finalizers(state, module)?;
        invoke(state, module, address, &plan, "function pointer", idx + 1)?;
        Ok(plan.result_count())
    }
}

/// The (cached) call plan of a function type.
pub fn plan_for(module: &ModuleState, function_type: CTypeId) -> Result<Rc<CallPlan>> {
    if let Some(plan) = module.plans.borrow().get(&function_type) {
        return Ok(plan.clone());
    }
    let plan = Rc::new(CallPlan::new(&module.types.borrow(), function_type).map_err(Error::message)?);
    module.plans.borrow_mut().insert(function_type, plan.clone());
    Ok(plan)
}

/// Calls `address` per `plan` with the Luau arguments from stack index `first`
/// on, and pushes the result. Callbacks C makes during the call run on this
/// thread; temporary callbacks made for its arguments are freed after it, and
/// an error raised inside a callback is raised here, once C has returned.
pub unsafe fn invoke(
    state: *mut sys::lua_State,
    module: &ModuleState,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    let previous = module.running.replace(state);
    let previous_frame = module.callback_frame.replace(crate::callback::bridge::CallbackFrame::NONE);
    let mark = module.temporaries_len.get();
    // SAFETY: forwarded.
    let outcome = unsafe { invoke_in_scope(state, module, address, plan, name, first) };
    module.running.set(previous);
    module.callback_frame.set(previous_frame);
    module.converting_arguments.set(false);
    if module.temporaries_len.get() > mark {
        // SAFETY: C has returned; the temporary callbacks of this call go.
        unsafe { free_temporaries(state, module, mark) };
    }
    // SAFETY: right after the C call returned.
    unsafe { crate::callback::bridge::take_error(state, module) }?;
    outcome
}

#[cold]
#[inline(never)]
unsafe fn free_temporaries(state: *mut sys::lua_State, module: &ModuleState, mark: usize) {
    let temporaries: Vec<usize> = module.temporaries.borrow_mut().drain(mark..).collect();
    module.temporaries_len.set(mark);
    for code in temporaries {
        // SAFETY: the caller's C call has returned.
        unsafe { crate::callback::bridge::free(state, module, code as *const c_void) };
    }
}

unsafe fn invoke_in_scope(
    state: *mut sys::lua_State,
    module: &ModuleState,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    // SAFETY: arguments are converted per the declared signature; the call is
    // as safe as the declaration the script gave.
    unsafe {
        let given = sys::lua_gettop(state) - first + 1;
        let expected = plan.args.len() as c_int;
        if given < expected || (given > expected && !plan.variadic) {
            return Err(Error::message(format!(
                "wrong number of arguments for function call to '{name}' (expected {expected}{}, got {given})",
                if plan.variadic { " or more" } else { "" }
            )));
        }
        module.converting_arguments.set(true);
        if !plan.fast {
            return invoke_general(state, module, address, plan, name, first, given);
        }
        let mut registers = fast::Registers::default();
        for (i, (arg, slot)) in plan.args.iter().enumerate() {
            load_argument(state, module, first + i as c_int, arg, *slot, &mut registers)
                .map_err(|msg| Error::bad_arg(name.to_owned(), i + 1, msg))?;
        }
        module.converting_arguments.set(false);
        let result = match plan.ret {
            RetPlan::F32 | RetPlan::F64 => {
                let value = fast::call_float(address, &registers);
                save_errno(module);
                if matches!(plan.ret, RetPlan::F32) {
                    fast::float_result(value) as f64
                } else {
                    value
                }
            }
            _ => {
                let value = if plan.uses_float_registers {
                    fast::call_int(address, &registers)
                } else {
                    fast::call_ints_only(address, &registers.ints)
                };
                save_errno(module);
                return push_int_result(state, module, &plan.ret, value);
            }
        };
        sys::lua_pushnumber(state, result);
        Ok(())
    }
}

#[inline(never)]
/// The libffi path: structs and unions by value, `long double`, variadic
/// functions (with a call interface made for this call's extra arguments),
/// arguments beyond the registers.
unsafe fn invoke_general(
    state: *mut sys::lua_State,
    module: &ModuleState,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
    given: c_int,
) -> Result<()> {
    // SAFETY: every argument is converted into storage of its C type's size
    // before the call; the storage outlives the call.
    unsafe {
        let mut arg_types: Vec<CTypeId> = plan.args.iter().map(|(arg, _)| arg.ctype()).collect();
        let variadic_interface;
        let interface = if plan.variadic {
            let extra = (plan.args.len() as c_int..given)
                .map(|i| {
                    variadic_type(state, module, first + i)
                        .map_err(|msg| Error::bad_arg(name.to_owned(), i as usize + 1, msg))
                })
                .collect::<Result<Vec<_>>>()?;
            let cached = plan.variadic_interfaces.borrow().get(extra.as_slice()).cloned();
            variadic_interface = match cached {
                Some(interface) => interface,
                None => {
                    let extra_abi = {
                        let types = module.types.borrow();
                        extra.iter().map(|t| lower::abi_type(&types, *t)).collect::<std::result::Result<Vec<_>, _>>()
                    }
                    .map_err(Error::message)?;
                    let interface = Rc::new(
                        CallInterface::variadic(plan.abi_ret.clone(), plan.abi_args.clone(), extra_abi)
                            .map_err(|e| Error::message(format!("cannot call '{name}': {e}")))?,
                    );
                    let mut cache = plan.variadic_interfaces.borrow_mut();
                    if cache.len() < 64 {
                        cache.insert(extra.clone().into_boxed_slice(), interface.clone());
                    }
                    interface
                }
            };
            arg_types.extend(extra);
            &*variadic_interface
        } else {
            plan.general.as_ref().expect("a prepared interface for every non-fast, non-variadic plan")
        };

        // One 16-aligned slot per argument, at least 8 bytes each.
        let sizes: Vec<usize> = {
            let types = module.types.borrow();
            arg_types.iter().map(|t| types.size_of(*t).unwrap_or(8).max(8).next_multiple_of(16)).collect()
        };
        let mut storage = AlignedBuffer::new(sizes.iter().sum());
        let mut pointers: Vec<*mut c_void> = Vec::with_capacity(arg_types.len());
        {
            let types = module.types.borrow();
            let cx = Cx { state, module, types: &types };
            let mut offset = 0;
            for (i, ty) in arg_types.iter().enumerate() {
                let slot = storage.as_mut_ptr().add(offset);
                cx.to_c(first + i as c_int, *ty, slot, Mode::Convert)
                    .map_err(|msg| Error::bad_arg(name.to_owned(), i + 1, msg))?;
                pointers.push(slot.cast());
                offset += sizes[i];
            }
        }
        module.converting_arguments.set(false);
        let mut result = AlignedBuffer::new(interface.result_size().max(16));
        interface.call(address, &mut pointers, result.as_mut_ptr().cast());
        save_errno(module);
        if matches!(plan.ret, RetPlan::Void) {
            return Ok(());
        }
        let types = module.types.borrow();
        let cx = Cx { state, module, types: &types };
        let value = interface.result_ptr(result.as_mut_ptr().cast()).cast::<u8>();
        cx.push_value(plan.ret_type, value, Aggregate::Copy).map_err(Error::message)?;
        Ok(())
    }
}

/// The C type a value passed to the `...` part of a variadic function takes
/// (LuaJIT's vararg rules, with C's default promotions); a value that has none
/// gets LuaJIT's message, for the caller to put in a `bad argument` error.
unsafe fn variadic_type(
    state: *mut sys::lua_State,
    module: &ModuleState,
    idx: c_int,
) -> std::result::Result<CTypeId, String> {
    use crate::cdata::convert::{shape, Shape};
    // SAFETY: stack reads.
    unsafe {
        Ok(match sys::lua_type(state, idx) {
            sys::LUA_TNUMBER => CTypeId::DOUBLE,
            sys::LUA_TBOOLEAN => CTypeId::INT32,
            sys::LUA_TSTRING => CTypeId::CONST_CHAR_PTR,
            sys::LUA_TNIL | sys::LUA_TLIGHTUSERDATA | sys::LUA_TBUFFER => CTypeId::VOID_PTR,
            sys::LUA_TFUNCTION if function_address(state, idx).is_some() => CTypeId::VOID_PTR,
            sys::LUA_TUSERDATA => match object::get(state, module, idx) {
                None => CTypeId::VOID_PTR,
                Some(cdata) if cdata.is_ctype() => return Err("cannot pass a ctype to a variadic function".into()),
                Some(cdata) => {
                    let ty = cdata.ctype;
                    let sh = shape(&module.types.borrow(), ty);
                    match sh {
                        Shape::Float { size: 4 } => CTypeId::DOUBLE,
                        Shape::Bool | Shape::Int { size: 1 | 2, .. } => CTypeId::INT32,
                        Shape::Array { elem, .. } => module.types.borrow_mut().pointer_to(elem),
                        Shape::Record => module.types.borrow_mut().pointer_to(ty),
                        _ => ty,
                    }
                }
            },
            _ => {
                let what = crate::lua::stack::type_name(state, idx);
                return Err(format!("cannot convert '{what}' to 'void *'"));
            }
        })
    }
}

/// A zeroed byte buffer whose start is 16-aligned (argument and result storage).
struct AlignedBuffer {
    // u128 is 16-aligned: what libffi wants of result buffers.
    words: Vec<u128>,
}

impl AlignedBuffer {
    fn new(bytes: usize) -> AlignedBuffer {
        const { assert!(std::mem::align_of::<u128>() >= general::RESULT_ALIGN) };
        AlignedBuffer { words: vec![0u128; bytes.div_ceil(16).max(1)] }
    }

    fn as_mut_ptr(&mut self) -> *mut u8 {
        self.words.as_mut_ptr().cast()
    }
}

/// Pushes an integer-class result register as `ret` says.
unsafe fn push_int_result(state: *mut sys::lua_State, module: &ModuleState, ret: &RetPlan, raw: u64) -> Result<()> {
    // SAFETY: pushes one value.
    unsafe {
        match *ret {
            RetPlan::Void => {}
            RetPlan::Bool => sys::lua_pushboolean(state, (raw as u8 != 0) as c_int),
            RetPlan::Int { size, signed } => sys::lua_pushnumber(state, narrow(raw, size, signed) as f64),
            RetPlan::Int64 { signed } => convert::push_int64(state, module, Int64 { bits: raw, unsigned: !signed })?,
            RetPlan::Pointer { ty } => convert::push_pointer(state, module, ty, raw as usize)?,
            RetPlan::F32 | RetPlan::F64 | RetPlan::Aggregate => unreachable!("not an integer result"),
        }
    }
    Ok(())
}

/// The value of the low `size` bytes of a register, sign- or zero-extended.
#[inline(always)]
fn narrow(raw: u64, size: u8, signed: bool) -> i64 {
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
    module: &ModuleState,
    idx: c_int,
    arg: &ArgPlan,
    slot: Slot,
    registers: &mut fast::Registers,
) -> std::result::Result<(), String> {
    // SAFETY: stack reads; pointers into strings and buffers stay valid during
    // the call because the values stay on the stack.
    unsafe {
        let tag = sys::lua_type(state, idx);
        let value: u64 = match *arg {
            ArgPlan::Int { size, signed, .. } if tag == sys::LUA_TNUMBER => {
                let n = sys::lua_tonumberx(state, idx, std::ptr::null_mut());
                narrow(Int64::from_number(n, !signed && size == 8).bits, size, signed) as u64
            }
            ArgPlan::F64(_) if tag == sys::LUA_TNUMBER => {
                registers_float(registers, slot, sys::lua_tonumberx(state, idx, std::ptr::null_mut()));
                return Ok(());
            }
            ArgPlan::F32(_) if tag == sys::LUA_TNUMBER => {
                let n = sys::lua_tonumberx(state, idx, std::ptr::null_mut()) as f32;
                registers_float(registers, slot, fast::float_slot(n));
                return Ok(());
            }
            ArgPlan::Pointer { takes_string: true, .. } if tag == sys::LUA_TSTRING => {
                protected::string_at(state, idx).as_ptr() as u64
            }
            ArgPlan::Pointer { .. } if tag == sys::LUA_TNIL => 0,
            _ => {
                let scratch = convert_slow(state, module, idx, arg)?;
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
                    ArgPlan::ByValue(_) => unreachable!("by-value arguments never take the fast path"),
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
    module: &ModuleState,
    idx: c_int,
    arg: &ArgPlan,
) -> std::result::Result<[u8; 8], String> {
    let mut scratch = [0u8; 8];
    let types = module.types.borrow();
    let cx = Cx { state, module, types: &types };
    // SAFETY: an 8-byte slot receives a scalar or pointer argument.
    unsafe { cx.to_c(idx, arg.ctype(), scratch.as_mut_ptr(), Mode::Convert)? };
    Ok(scratch)
}

#[inline(always)]
fn registers_float(registers: &mut fast::Registers, slot: Slot, value: f64) {
    if let Slot::Float(i) = slot {
        registers.floats[i as usize] = value;
    }
}

/// Records `errno` right after a C call, before anything else can change it.
#[inline(always)]
fn save_errno(module: &ModuleState) {
    module.errno.set(errno());
}

/// The calling thread's `errno`.
#[inline(always)]
pub fn errno() -> c_int {
    // SAFETY: errno_location returns the thread's errno slot.
    unsafe { *errno_location() }
}

/// Sets the calling thread's `errno` (`ffi.errno(new)`).
pub fn set_errno(value: c_int) {
    // SAFETY: as above.
    unsafe { *errno_location() = value };
}

#[cfg(target_os = "linux")]
unsafe fn errno_location() -> *mut c_int {
    extern "C" {
        fn __errno_location() -> *mut c_int;
    }
    // SAFETY: glibc/musl's per-thread errno.
    unsafe { __errno_location() }
}

#[cfg(target_os = "macos")]
unsafe fn errno_location() -> *mut c_int {
    extern "C" {
        fn __error() -> *mut c_int;
    }
    // SAFETY: Apple libc's per-thread errno.
    unsafe { __error() }
}
