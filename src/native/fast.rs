//! The fast call path: register-only signatures through one universal stub.
//!
//! On SysV x86-64 and AAPCS64 (Linux and Apple), arguments of integer class
//! (integers, pointers, `bool`, enums) and of floating class (`float`,
//! `double`) are assigned to two independent register sequences, each in
//! argument order. So any non-variadic function whose integer-class arguments
//! fit the integer argument registers and whose floating arguments fit the
//! vector registers can be called as `stub(i0..iN, f0..f7)`: the callee reads
//! the registers its own prototype names and ignores the rest. Results come back
//! in the first integer or vector register. This replaces libffi's generic
//! `ffi_call` (about 15 ns) with a plain indirect call for the common case;
//! libffi stays the general path (structs by value, variadic, stack arguments).
//!
//! Narrow values: integers are passed sign- or zero-extended to 64 bits (what
//! Apple arm64 and clang expect of callers); a `float` travels in the low 32
//! bits of its vector register, which is where the callee reads it.

use std::ffi::c_void;

/// How many integer-class arguments travel in registers.
#[cfg(target_arch = "x86_64")]
pub const INT_REGS: usize = 6;
/// How many integer-class arguments travel in registers.
#[cfg(target_arch = "aarch64")]
pub const INT_REGS: usize = 8;
/// How many floating arguments travel in registers.
pub const FLOAT_REGS: usize = 8;

/// Whether this target has the fast path at all.
pub const AVAILABLE: bool =
    cfg!(all(any(target_arch = "x86_64", target_arch = "aarch64"), any(target_os = "linux", target_os = "macos")));

/// Argument registers for one call, filled in order by the caller.
#[derive(Default)]
#[repr(C)]
pub struct Registers {
    /// Integer-class arguments, sign- or zero-extended to 64 bits.
    pub ints: [u64; INT_REGS],
    /// Floating arguments; a `float` is stored as its bits in the low half.
    pub floats: [f64; FLOAT_REGS],
}

/// Stores a `float` argument the way the callee reads it from a vector register.
#[inline(always)]
pub fn float_slot(value: f32) -> f64 {
    f64::from_bits(value.to_bits() as u64)
}

/// Reads a `float` result from the value of the first vector register.
#[inline(always)]
pub fn float_result(register: f64) -> f32 {
    f32::from_bits(register.to_bits() as u32)
}

/// The universal stub: every argument register, a result of type `R`.
#[cfg(target_arch = "x86_64")]
type Stub<R> = unsafe extern "C" fn(u64, u64, u64, u64, u64, u64, f64, f64, f64, f64, f64, f64, f64, f64) -> R;
/// The universal stub: every argument register, a result of type `R`.
#[cfg(target_arch = "aarch64")]
type Stub<R> =
    unsafe extern "C" fn(u64, u64, u64, u64, u64, u64, u64, u64, f64, f64, f64, f64, f64, f64, f64, f64) -> R;

macro_rules! call_stub {
    ($function:expr, $r:expr) => {{
        let i = &$r.ints;
        let f = &$r.floats;
        #[cfg(target_arch = "x86_64")]
        {
            $function(i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
        }
        #[cfg(target_arch = "aarch64")]
        {
            $function(i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
        }
    }};
}

/// Calls `function` and returns the first integer result register.
///
/// # Safety
/// `function` must be a non-variadic C function whose integer-class arguments
/// are `registers.ints[..n]` and floating arguments `registers.floats[..m]`, in
/// order, with an integer-class or void result.
#[inline(always)]
pub unsafe fn call_int(function: *const c_void, registers: &Registers) -> u64 {
    // SAFETY: forwarded.
    unsafe { call_returning(function, registers) }
}

/// Calls `function`, whose arguments are all of integer class, with only the
/// integer registers loaded, and returns the first integer result register.
///
/// # Safety
/// As [`call_int`], for a function without floating arguments.
#[inline(always)]
pub unsafe fn call_ints_only(function: *const c_void, ints: &[u64; INT_REGS]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    type Stub = unsafe extern "C" fn(u64, u64, u64, u64, u64, u64) -> u64;
    #[cfg(target_arch = "aarch64")]
    type Stub = unsafe extern "C" fn(u64, u64, u64, u64, u64, u64, u64, u64) -> u64;
    // SAFETY: see the module docs.
    unsafe {
        let stub: Stub = std::mem::transmute(function);
        let i = ints;
        #[cfg(target_arch = "x86_64")]
        {
            stub(i[0], i[1], i[2], i[3], i[4], i[5])
        }
        #[cfg(target_arch = "aarch64")]
        {
            stub(i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7])
        }
    }
}

/// Calls `function` and returns the first vector result register.
///
/// # Safety
/// As [`call_int`], for a `float` or `double` result.
#[inline(always)]
pub unsafe fn call_float(function: *const c_void, registers: &Registers) -> f64 {
    // SAFETY: forwarded.
    unsafe { call_returning(function, registers) }
}

/// Whether variadic functions can be called through the registers too: where
/// the extra arguments of a variadic call travel as fixed ones do (SysV
/// x86-64, which also wants `%al` to bound the vector registers used, set
/// by calling through a variadic function type; AAPCS64 on Linux; not Apple
/// arm64, which passes them on the stack).
pub const VARIADIC: bool = AVAILABLE && cfg!(any(target_arch = "x86_64", target_os = "linux"));

/// Calls the variadic `function` with every register loaded, as
/// [`call_int`] does a fixed one; returns the first integer result register.
///
/// # Safety
/// [`VARIADIC`] holds; `function`'s fixed and extra arguments of integer
/// class are `registers.ints[..n]` and of floating class (`double`, the
/// extra ones promoted) `registers.floats[..m]`, in order.
#[inline(always)]
pub unsafe fn call_variadic_int(function: *const c_void, registers: &Registers) -> u64 {
    // SAFETY: as above.
    unsafe { call_variadic(function, registers) }
}

/// As [`call_variadic_int`], returning the first vector result register.
///
/// # Safety
/// As [`call_variadic_int`], for a `float` or `double` result.
#[inline(always)]
pub unsafe fn call_variadic_float(function: *const c_void, registers: &Registers) -> f64 {
    // SAFETY: as above.
    unsafe { call_variadic(function, registers) }
}

/// The variadic stub returning `R` (`u64` or `f64`): the first integer
/// register is its fixed parameter, everything else its extra arguments,
/// which the ABIs named in [`VARIADIC`] put in the same registers.
#[inline(always)]
unsafe fn call_variadic<R>(function: *const c_void, r: &Registers) -> R {
    // SAFETY: see the module docs and [`VARIADIC`].
    unsafe {
        let stub: unsafe extern "C" fn(u64, ...) -> R = std::mem::transmute(function);
        let (i, f) = (&r.ints, &r.floats);
        #[cfg(target_arch = "x86_64")]
        {
            stub(i[0], i[1], i[2], i[3], i[4], i[5], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
        }
        #[cfg(target_arch = "aarch64")]
        {
            stub(i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7])
        }
    }
}

/// Two result registers as the C ABI returns a record of two eightbytes
/// (SysV x86-64: INTEGER ones in `rax` then `rdx`, SSE ones in `xmm0` then
/// `xmm1`, whatever their order): a `#[repr(C)]` pair of the same classes
/// comes back the same way.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair<A, B>(pub A, pub B);

/// Calls `function` with every register loaded and returns its result as
/// `R`: `u64`, `f64`, or a [`Pair`] of them matching the classes of the
/// eightbytes of the record it returns.
///
/// # Safety
/// As [`call_int`]; `R` is what the function's result comes back as.
#[inline(always)]
pub unsafe fn call_returning<R>(function: *const c_void, registers: &Registers) -> R {
    // SAFETY: see the module docs: the callee reads only the registers of its prototype.
    unsafe {
        let stub: Stub<R> = std::mem::transmute(function);
        call_stub!(stub, registers)
    }
}

/// How many integer and how many floating arguments the short stubs pass
/// ([`call_short_ints`], [`call_short_int`], [`call_short_float`]).
pub const SHORT_REGS: usize = 3;

/// Calls `function`, whose arguments are at most [`SHORT_REGS`] of integer
/// class, with only those registers loaded; returns the first integer result
/// register.
///
/// # Safety
/// As [`call_int`], for a function without floating arguments.
#[inline(always)]
pub unsafe fn call_short_ints(function: *const c_void, ints: &[u64; SHORT_REGS]) -> u64 {
    type Stub = unsafe extern "C" fn(u64, u64, u64) -> u64;
    // SAFETY: see the module docs.
    unsafe {
        let stub: Stub = std::mem::transmute(function);
        stub(ints[0], ints[1], ints[2])
    }
}

/// Calls `function` with at most [`SHORT_REGS`] integer-class and
/// [`SHORT_REGS`] floating arguments; returns the first integer result
/// register.
///
/// # Safety
/// As [`call_int`].
#[inline(always)]
pub unsafe fn call_short_int(function: *const c_void, ints: &[u64; SHORT_REGS], floats: &[f64; SHORT_REGS]) -> u64 {
    // SAFETY: forwarded; an integer result register.
    unsafe { call_short(function, ints, floats) }
}

/// As [`call_short_int`], returning the first vector result register.
///
/// # Safety
/// As [`call_float`].
#[inline(always)]
pub unsafe fn call_short_float(function: *const c_void, ints: &[u64; SHORT_REGS], floats: &[f64; SHORT_REGS]) -> f64 {
    // SAFETY: forwarded; a vector result register.
    unsafe { call_short(function, ints, floats) }
}

/// The short stub returning `R`: `u64` (the first integer result register)
/// or `f64` (the first vector one), nothing else.
#[inline(always)]
unsafe fn call_short<R>(function: *const c_void, ints: &[u64; SHORT_REGS], floats: &[f64; SHORT_REGS]) -> R {
    // SAFETY: see the module docs; R is a register-sized result (the callers).
    unsafe {
        let stub: unsafe extern "C" fn(u64, u64, u64, f64, f64, f64) -> R = std::mem::transmute(function);
        stub(ints[0], ints[1], ints[2], floats[0], floats[1], floats[2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> *const c_void {
        use std::sync::OnceLock;
        static LIB: OnceLock<libloading::Library> = OnceLock::new();
        let lib = LIB.get_or_init(|| {
            let path = std::path::Path::new(env!("LUAU_FFI_FIXTURES")).join("libfixture.so");
            // SAFETY: our own test fixture.
            unsafe { libloading::Library::new(path) }.expect("fixture")
        });
        // SAFETY: taking an address only.
        unsafe { *lib.get::<*const c_void>(name.as_bytes()).expect(name) }
    }

    #[test]
    fn integers_and_floats_interleaved() {
        // double mix6(int a, double b, long long c, float d, unsigned char e, double f)
        let mut r = Registers::default();
        r.ints[0] = (-3i64) as u64;
        r.ints[1] = (1i64 << 40) as u64;
        r.ints[2] = 200;
        r.floats[0] = 0.5;
        r.floats[1] = float_slot(1.25);
        r.floats[2] = -2.0;
        let got = unsafe { call_float(fixture("mix6"), &r) };
        assert_eq!(got, -3.0 + 0.5 + (1u64 << 40) as f64 + 1.25 + 200.0 - 2.0);
    }

    #[test]
    fn narrow_results_are_truncated_by_the_caller() {
        let r = Registers::default();
        let raw = unsafe { call_int(fixture("minus_one_char"), &r) };
        assert_eq!(raw as i8, -1);
        let raw = unsafe { call_int(fixture("int_min"), &r) };
        assert_eq!(raw as i32, i32::MIN);
    }

    #[test]
    fn float_argument_and_result() {
        // float halve_float(float x)
        let mut r = Registers::default();
        r.floats[0] = float_slot(3.0);
        let got = float_result(unsafe { call_float(fixture("halve_float"), &r) });
        assert_eq!(got, 1.5);
    }

    #[test]
    fn short_stubs() {
        // float halve_float(float x); int int_min(void)
        let got = unsafe { call_short_float(fixture("halve_float"), &[0; SHORT_REGS], &[float_slot(5.0), 0.0, 0.0]) };
        assert_eq!(float_result(got), 2.5);
        let raw = unsafe { call_short_ints(fixture("int_min"), &[0; SHORT_REGS]) };
        assert_eq!(raw as i32, i32::MIN);
        let raw = unsafe { call_short_int(fixture("int_min"), &[0; SHORT_REGS], &[0.0; SHORT_REGS]) };
        assert_eq!(raw as i32, i32::MIN);
    }

    #[test]
    fn all_registers_used() {
        // long long sum_ints8(int a..h) covers every integer register of both targets
        // (the 7th and 8th go on the stack on x86-64, so only 6 are used there).
        let mut r = Registers::default();
        for (i, slot) in r.ints.iter_mut().enumerate() {
            *slot = (i as u64 + 1) * 10;
        }
        for (i, slot) in r.floats.iter_mut().enumerate() {
            *slot = i as f64 + 0.5;
        }
        let ints = unsafe { call_int(fixture("sum_six_ints"), &r) } as i64;
        assert_eq!(ints, 10 + 20 + 30 + 40 + 50 + 60);
        let floats = unsafe { call_float(fixture("sum_eight_doubles"), &r) };
        assert_eq!(floats, (0..8).map(|i| i as f64 + 0.5).sum::<f64>());
    }
}
