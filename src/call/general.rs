//! A call on libffi's general path: structs and unions by value, `long
//! double`, variadic functions (with a call interface made for this call's
//! extra arguments, cached per plan), arguments beyond the registers.

use std::ffi::{c_int, c_void};
use std::rc::Rc;

use super::function::function_address;
use super::plan::{ArgPlan, CallPlan, RetPlan};
use super::Calls;
use crate::cdata::convert::{self, Aggregate, Cx, Mode};
use crate::cdata::object;
use crate::cdata::Values;
use crate::ctype::CTypeId;
use crate::error::{Error, Result};
use crate::lua::sys;
use crate::native::{general, lower, CallInterface};

/// Converts the `given` arguments from stack index `first` on into storage
/// of their C types, calls `address` through libffi and pushes the result
/// (the caller checked the argument count and opened the call scope).
///
/// # Safety
/// Inside a C function of the module; `address` is a function of the plan's
/// signature (the script's declaration).
#[inline(never)]
pub(super) unsafe fn call(
    state: *mut sys::lua_State,
    calls: &Calls,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
    given: c_int,
) -> Result<()> {
    // SAFETY: every argument is converted into storage of its C type's size
    // before the call; the storage outlives the call.
    let values = &calls.values;
    unsafe {
        let mut arg_types = InlineList::<CTypeId>::new(CTypeId::VOID_PTR);
        for (arg, _) in &plan.args {
            arg_types.push(arg.ctype());
        }
        let variadic_interface;
        let interface = if plan.variadic {
            let mut extra = InlineList::<CTypeId>::new(CTypeId::VOID_PTR);
            for i in plan.args.len() as c_int..given {
                let ty = variadic_type(state, values, first + i)
                    .map_err(|msg| Error::bad_arg(name.to_owned(), i as usize + 1, msg))?;
                extra.push(ty);
            }
            let extra = extra.as_slice();
            let cached = plan.variadic_interfaces.borrow().get(extra).cloned();
            variadic_interface = match cached {
                Some(interface) => interface,
                None => {
                    let extra_abi = {
                        let types = values.types.borrow();
                        extra.iter().map(|t| lower::abi_type(&types, *t)).collect::<std::result::Result<Vec<_>, _>>()
                    }
                    .map_err(Error::message)?;
                    let interface = Rc::new(
                        CallInterface::variadic(plan.abi_ret.clone(), plan.abi_args.clone(), extra_abi)
                            .map_err(|e| Error::message(format!("cannot call '{name}': {e}")))?,
                    );
                    let mut cache = plan.variadic_interfaces.borrow_mut();
                    if cache.len() < 64 {
                        cache.insert(extra.into(), interface.clone());
                    }
                    interface
                }
            };
            for ty in extra {
                arg_types.push(*ty);
            }
            &*variadic_interface
        } else {
            plan.general.as_ref().expect("a prepared interface for every non-fast, non-variadic plan")
        };

        // One 16-aligned slot per argument, at least 8 bytes each; a `const T &`
        // parameter's slot has room for a temporary `T` after the pointer.
        let arg_types = arg_types.as_slice();
        let mut sizes = InlineList::<usize>::new(0);
        {
            let types = values.types.borrow();
            let slot_size = |ty: CTypeId| types.size_of(ty).unwrap_or(8).max(8).next_multiple_of(16);
            for (i, ty) in arg_types.iter().enumerate() {
                sizes.push(match plan.args.get(i) {
                    Some((ArgPlan::Reference { to, .. }, _)) if convert::is_const(&types, *to) => {
                        let align = types.align_of(*to).unwrap_or(1);
                        16 + slot_size(*to) + align.saturating_sub(16)
                    }
                    _ => slot_size(*ty),
                });
            }
        }
        let sizes = sizes.as_slice();
        let mut storage = AlignedBuffer::new(sizes.iter().sum());
        let mut pointers = InlineList::<*mut c_void>::new(std::ptr::null_mut());
        {
            let types = values.types.borrow();
            let cx = Cx { state, values, types: &types };
            let mut offset = 0;
            for (i, ty) in arg_types.iter().enumerate() {
                let slot = storage.as_mut_ptr().add(offset);
                let idx = first + i as c_int;
                let bound = cx.to_c(idx, *ty, slot, Mode::Convert);
                let converted = match (bound, plan.args.get(i)) {
                    // A `const T &` takes any value that converts to `T`, as C++
                    // binds it to a temporary: one that lives through the call.
                    (Err(_), Some((ArgPlan::Reference { to, .. }, _))) if convert::is_const(&types, *to) => {
                        let temporary = slot.add(16);
                        let temporary = temporary.add(temporary.align_offset(types.align_of(*to).unwrap_or(1)));
                        cx.to_c(idx, *to, temporary, Mode::Convert).map(|()| {
                            std::ptr::write_unaligned(slot.cast::<*mut u8>(), temporary);
                        })
                    }
                    (bound, _) => bound,
                };
                converted.map_err(|msg| Error::bad_arg(name.to_owned(), i + 1, msg))?;
                pointers.push(slot.cast());
                offset += sizes[i];
            }
        }
        calls.active.converting_arguments(false);
        let mut result = AlignedBuffer::new(interface.result_size().max(16));
        interface.call(address, pointers.as_mut_slice(), result.as_mut_ptr().cast());
        calls.errno.save();
        if matches!(plan.ret, RetPlan::Void) {
            return Ok(());
        }
        let types = values.types.borrow();
        let cx = Cx { state, values, types: &types };
        let value = interface.result_ptr(result.as_mut_ptr().cast()).cast::<u8>();
        cx.push_value(plan.ret_type, value, Aggregate::Copy).map_err(Error::message)?;
        Ok(())
    }
}

/// The C type a value passed to the `...` part of a variadic function takes
/// (LuaJIT's vararg rules, with C's default promotions); a value that has none
/// gets LuaJIT's message, for the caller to put in a `bad argument` error.
#[inline]
pub(super) unsafe fn variadic_type(
    state: *mut sys::lua_State,
    values: &Values,
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
            sys::LUA_TUSERDATA => match object::get(state, values, idx) {
                None => CTypeId::VOID_PTR,
                Some(cdata) if cdata.is_ctype() => return Err("cannot pass a ctype to a variadic function".into()),
                Some(cdata) => {
                    let ty = cdata.ctype;
                    let sh = shape(&values.types.borrow(), ty);
                    match sh {
                        Shape::Float { size: 4 } => CTypeId::DOUBLE,
                        Shape::Bool | Shape::Int { size: 1 | 2, .. } => CTypeId::INT32,
                        Shape::Array { elem, .. } => values.types.borrow_mut().pointer_to(elem),
                        Shape::Record => values.types.borrow_mut().pointer_to(ty),
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

/// How many items a call's lists keep in place before going to the heap:
/// a call of up to this many arguments makes no Rust heap allocation.
const INLINE_ITEMS: usize = 16;

/// A list of a call's items (argument types, slot sizes, argument pointers)
/// kept in place up to [`INLINE_ITEMS`], on the heap beyond.
struct InlineList<T: Copy> {
    len: usize,
    inline: [T; INLINE_ITEMS],
    heap: Vec<T>,
}

impl<T: Copy> InlineList<T> {
    /// An empty list; `fill` only initialises the unused places.
    fn new(fill: T) -> Self {
        InlineList { len: 0, inline: [fill; INLINE_ITEMS], heap: Vec::new() }
    }

    fn push(&mut self, item: T) {
        if self.len < INLINE_ITEMS {
            self.inline[self.len] = item;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.inline);
            }
            self.heap.push(item);
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[T] {
        if self.len <= INLINE_ITEMS {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        if self.len <= INLINE_ITEMS {
            &mut self.inline[..self.len]
        } else {
            &mut self.heap
        }
    }
}

/// Bytes an [`AlignedBuffer`] keeps in place before going to the heap.
const INLINE_BYTES: usize = 256;

/// A zeroed byte buffer whose start is 16-aligned (argument and result
/// storage), in place up to [`INLINE_BYTES`].
// In place on purpose: the buffer lives in the call's frame, never moved.
#[allow(clippy::large_enum_variant)]
enum AlignedBuffer {
    // u128 is 16-aligned: what libffi wants of result buffers.
    Inline([u128; INLINE_BYTES / 16]),
    Heap(Vec<u128>),
}

impl AlignedBuffer {
    fn new(bytes: usize) -> AlignedBuffer {
        const { assert!(std::mem::align_of::<u128>() >= general::RESULT_ALIGN) };
        if bytes <= INLINE_BYTES {
            AlignedBuffer::Inline([0; INLINE_BYTES / 16])
        } else {
            AlignedBuffer::Heap(vec![0u128; bytes.div_ceil(16)])
        }
    }

    fn as_mut_ptr(&mut self) -> *mut u8 {
        match self {
            AlignedBuffer::Inline(words) => words.as_mut_ptr().cast(),
            AlignedBuffer::Heap(words) => words.as_mut_ptr().cast(),
        }
    }
}
