//! The general call engine: a prepared libffi call interface for one signature.
//!
//! # Reading results
//!
//! libffi writes an integer result narrower than a register (`I8` … `U32` on
//! 64-bit targets) as a full `ffi_arg` (8 bytes), sign- or zero-extended. The
//! result buffer must therefore hold at least [`CallInterface::result_size`]
//! bytes (`max(size of the result, 8)`), aligned to [`RESULT_ALIGN`]. The value's
//! own bytes then start at [`CallInterface::result_ptr`]: at the buffer's start
//! on little-endian targets and for every non-narrow type; at
//! `8 - size` on big-endian targets for narrow integers (the low-order end of
//! the widened value). [`CallInterface::read_result`] does this for a caller that
//! knows the Rust type.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::mem::size_of;

use libffi::low::{ffi_abi_FFI_DEFAULT_ABI, ffi_arg, ffi_cif, ffi_type};

use super::abi_type::{AbiError, AbiType, FfiType, Result};

/// The alignment a result buffer needs (enough for any scalar or record libffi
/// writes, including `long double`).
pub const RESULT_ALIGN: usize = 16;

/// A prepared libffi cif for a fixed or variadic signature, with the type
/// descriptions it points into. Built once; calling through it allocates nothing.
pub struct CallInterface {
    /// Boxed so closures can keep a pointer to it; in an `UnsafeCell` because
    /// libffi's API takes `*mut ffi_cif` (it only reads it after preparation).
    cif: Box<UnsafeCell<ffi_cif>>,
    ret: AbiType,
    args: Vec<AbiType>,
    fixed_count: Option<usize>,
    // The cif points into these three; they live exactly as long as it does.
    _ret_type: FfiType,
    _arg_types: Vec<FfiType>,
    _arg_type_ptrs: Box<[*mut ffi_type]>,
}

// SAFETY: after `ffi_prep_cif` nothing writes the cif or the type descriptions
// (ffi_call and closures only read them), and the pointers all point into this
// value's own boxes or libffi's immutable statics.
unsafe impl Send for CallInterface {}
// SAFETY: as above: shared use is read-only.
unsafe impl Sync for CallInterface {}

impl CallInterface {
    /// Prepares a fixed-argument signature `ret (args...)` with the platform's
    /// default C calling convention.
    pub fn new(ret: AbiType, args: Vec<AbiType>) -> Result<Self> {
        Self::prepare(ret, args, None)
    }

    /// Prepares a call to a variadic function with these fixed arguments and
    /// this call's variadic arguments (`ffi_prep_cif_var`); one interface per
    /// distinct list of variadic argument types.
    ///
    /// C's default argument promotions are the caller's job: a variadic
    /// `float` must be passed as `F64`, and integers narrower than `int` as
    /// `I32`/`U32`; such types are refused with
    /// [`AbiError::UnpromotedVariadic`].
    pub fn variadic(ret: AbiType, fixed_args: Vec<AbiType>, variadic_args: Vec<AbiType>) -> Result<Self> {
        let fixed = fixed_args.len();
        let mut args = fixed_args;
        args.extend(variadic_args);
        for (index, ty) in args.iter().enumerate().skip(fixed) {
            let promoted = match ty {
                AbiType::F32 => "pass a double",
                AbiType::I8 | AbiType::I16 => "pass an int",
                AbiType::U8 | AbiType::U16 => "pass an int or unsigned int",
                _ => continue,
            };
            return Err(AbiError::UnpromotedVariadic { index: index + 1, ty: ty.clone(), promoted });
        }
        Self::prepare(ret, args, Some(fixed))
    }

    fn prepare(ret: AbiType, args: Vec<AbiType>, fixed_count: Option<usize>) -> Result<Self> {
        if matches!(ret, AbiType::Array { .. }) {
            return Err(AbiError::ArrayByValue(0));
        }
        let ret_type = ret.ffi_type()?;
        let mut arg_types = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            match arg {
                AbiType::Void => return Err(AbiError::VoidValue(i + 1)),
                AbiType::Array { .. } => return Err(AbiError::ArrayByValue(i + 1)),
                _ => arg_types.push(arg.ffi_type()?),
            }
        }
        let mut arg_type_ptrs: Box<[*mut ffi_type]> = arg_types.iter().map(FfiType::as_ptr).collect();
        let cif = Box::new(UnsafeCell::new(ffi_cif::default()));
        let prepared = match fixed_count {
            // SAFETY: the cif, the result and argument descriptions are live and
            // stored in the returned value, so they outlive every use of the cif.
            None => unsafe {
                libffi::low::prep_cif(
                    cif.get(),
                    ffi_abi_FFI_DEFAULT_ABI,
                    args.len(),
                    ret_type.as_ptr(),
                    arg_type_ptrs.as_mut_ptr(),
                )
            },
            // SAFETY: as above.
            Some(fixed) => unsafe {
                libffi::low::prep_cif_var(
                    cif.get(),
                    ffi_abi_FFI_DEFAULT_ABI,
                    fixed,
                    args.len(),
                    ret_type.as_ptr(),
                    arg_type_ptrs.as_mut_ptr(),
                )
            },
        };
        prepared.map_err(|e| AbiError::Prep(format!("{e:?}")))?;
        Ok(CallInterface {
            cif,
            ret,
            args,
            fixed_count,
            _ret_type: ret_type,
            _arg_types: arg_types,
            _arg_type_ptrs: arg_type_ptrs,
        })
    }

    /// The result shape.
    pub fn ret(&self) -> &AbiType {
        &self.ret
    }

    /// Every argument shape, fixed then variadic.
    pub fn args(&self) -> &[AbiType] {
        &self.args
    }

    /// The number of fixed arguments of a variadic interface, `None` for a fixed one.
    pub fn variadic_fixed_count(&self) -> Option<usize> {
        self.fixed_count
    }

    /// The minimum size of a result buffer: `max(result size, size of ffi_arg)`.
    pub fn result_size(&self) -> usize {
        self.ret.size().max(size_of::<ffi_arg>())
    }

    /// Where the result's own bytes start in a result buffer (see the module
    /// documentation): `buf` except for narrow integers on big-endian targets.
    pub fn result_ptr(&self, buf: *mut c_void) -> *mut c_void {
        if cfg!(target_endian = "big") && self.ret.is_narrow_integer() {
            buf.wrapping_byte_add(size_of::<ffi_arg>() - self.ret.size())
        } else {
            buf
        }
    }

    /// Reads the result out of a buffer [`call`](Self::call) filled.
    ///
    /// # Safety
    /// `buf` must hold a result of this interface and `T` must be the Rust type
    /// of the result shape (e.g. `i8` for `I8`, a `#[repr(C)]` struct for a record).
    #[cfg_attr(not(test), allow(dead_code))] // the Luau layer reads through result_ptr
    pub unsafe fn read_result<T: Copy>(&self, buf: *const c_void) -> T {
        debug_assert_eq!(size_of::<T>(), self.ret.size());
        // SAFETY: the caller guarantees buf holds a result of type T at result_ptr.
        unsafe { self.result_ptr(buf.cast_mut()).cast::<T>().read_unaligned() }
    }

    /// Calls `function` with this signature.
    ///
    /// `arg_values[i]` points at the bytes of argument `i` in its C
    /// representation (for a record, the record's bytes). libffi may overwrite
    /// entries of `arg_values` on some targets (Windows copies large records), so
    /// rebuild the array for every call. `result` must point at
    /// [`result_size`](Self::result_size) writable bytes aligned to
    /// [`RESULT_ALIGN`] (it may be null for a `Void` result); read it with
    /// [`result_ptr`](Self::result_ptr) or [`read_result`](Self::read_result).
    ///
    /// # Safety
    /// `function` must be a C function of exactly this signature, every argument
    /// pointer must point at a valid value of its shape, and whatever the
    /// function does with its arguments must be sound.
    ///
    /// # Panics
    /// If `arg_values.len()` differs from the number of arguments.
    pub unsafe fn call(&self, function: *const c_void, arg_values: &mut [*mut c_void], result: *mut c_void) {
        assert_eq!(arg_values.len(), self.args.len(), "wrong number of argument pointers for the call interface");
        // SAFETY: the caller guarantees `function` is a C function of this signature;
        // a function pointer and a data pointer have the same size on every target libffi supports.
        let function = unsafe { std::mem::transmute::<*const c_void, unsafe extern "C" fn()>(function) };
        // SAFETY: the cif is prepared and its types are alive (owned by self); the
        // argument and result pointers are the caller's contract.
        unsafe { libffi::raw::ffi_call(self.cif.get(), Some(function), result, arg_values.as_mut_ptr()) };
    }

    /// The prepared cif, for closures. libffi only reads it.
    pub(crate) fn cif_ptr(&self) -> *mut ffi_cif {
        self.cif.get()
    }
}

impl std::fmt::Debug for CallInterface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallInterface")
            .field("ret", &self.ret)
            .field("args", &self.args)
            .field("fixed_count", &self.fixed_count)
            .finish()
    }
}
