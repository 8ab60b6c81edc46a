//! Real-C tests of the native layer against `c_fixtures/abi.c`: the shared
//! fixtures and record shapes; the call engine's tests in `general.rs`, the
//! closures' and thunks' in `closure.rs`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ffi::{c_char, c_void, CStr};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::closure::{abort_on_foreign_thread, Closure, ForeignThreadCall, ForeignThreadHook, Handler, RETIRED_LIBFFI};
use super::AbiType::{self, *};
use super::{AbiError, CallInterface};

/// The compiled fixture, loaded once for the test binary.
fn fixture() -> &'static libloading::Library {
    static LIB: OnceLock<libloading::Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let ext = if cfg!(target_os = "macos") { "dylib" } else { "so" };
        let path = format!("{}/libabi.{ext}", env!("LUAU_FFI_FIXTURES"));
        // SAFETY: the fixture has no initialisers with side effects.
        unsafe { libloading::Library::new(&path) }.unwrap_or_else(|e| panic!("cannot load {path}: {e}"))
    })
}

/// The address of a fixture function.
fn sym(name: &str) -> *const c_void {
    // SAFETY: only the address is taken; calls go through a matching CallInterface.
    let symbol = unsafe { fixture().get::<unsafe extern "C" fn()>(name.as_bytes()) };
    *symbol.unwrap_or_else(|e| panic!("missing fixture symbol {name}: {e}")) as *const c_void
}

/// A result buffer: 16-aligned, big enough for every fixture result.
#[repr(C, align(16))]
struct ResultBuf([u8; 64]);

/// Calls `function` through a fresh interface and reads a result of type `R`.
fn call_ptr<R: Copy>(function: *const c_void, ret: AbiType, args: Vec<AbiType>, values: &mut [*mut c_void]) -> R {
    let interface = CallInterface::new(ret, args).unwrap();
    let mut buf = ResultBuf([0xAA; 64]);
    let buf_ptr: *mut c_void = (&raw mut buf).cast();
    // SAFETY: every test passes the fixture's exact signature and matching values.
    unsafe {
        interface.call(function, values, buf_ptr);
        interface.read_result::<R>(buf_ptr)
    }
}

/// [`call_ptr`] on a fixture function by name.
fn call<R: Copy>(name: &str, ret: AbiType, args: Vec<AbiType>, values: &mut [*mut c_void]) -> R {
    call_ptr(sym(name), ret, args, values)
}

/// Argument pointers for values (temporaries live until the end of the statement).
macro_rules! args {
    ($($v:expr),* $(,)?) => { &mut [$((&$v as *const _ as *mut c_void)),*] };
}

fn st(size: usize, align: usize, fields: Vec<(usize, AbiType)>) -> AbiType {
    AbiType::Struct { size, align, fields }
}
fn un(size: usize, align: usize, members: Vec<AbiType>) -> AbiType {
    AbiType::Union { size, align, members }
}
fn arr(elem: AbiType, len: usize) -> AbiType {
    AbiType::Array { elem: Box::new(elem), len }
}

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct I2(i32, i32);
fn t_i2() -> AbiType {
    st(8, 4, vec![(0, I32), (4, I32)])
}
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct I3(i32, i32, i32);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct L2(i64, i64);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct F2(f32, f32);
fn t_f2() -> AbiType {
    st(8, 4, vec![(0, F32), (4, F32)])
}
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct F3(f32, f32, f32);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Di(f64, i32);
fn t_di() -> AbiType {
    st(16, 8, vec![(0, F64), (8, I32)])
}
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Big {
    a: i64,
    b: f64,
    c: [i32; 4],
    tag: i8,
}
fn t_big() -> AbiType {
    st(40, 8, vec![(0, I64), (8, F64), (16, arr(I32, 4)), (32, I8)])
}
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Inner(f32, i16);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Outer(i8, Inner, f64);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Arr([f32; 2], i32);
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Aligned(f32, [u8; 4], f32, [u8; 4]);
#[repr(C, align(8))]
#[derive(Clone, Copy, Debug, PartialEq)]
struct SdU(F2);
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
struct SiU {
    a: i32,
    b: i16,
    pad: [u8; 5],
    last: i8,
}
fn t_ffu() -> AbiType {
    un(8, 4, vec![F32, arr(F32, 2)])
}
fn t_dlu() -> AbiType {
    un(8, 8, vec![F64, I64])
}

mod closure;
mod general;
