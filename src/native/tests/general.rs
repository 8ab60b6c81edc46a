//! `CallInterface`: calls of every shape through libffi.

use super::*;

#[test]
fn narrow_integer_results_are_extended() {
    assert_eq!(call::<i8>("neg_schar", I8, vec![I8], args!(5i8)), -5);
    assert_eq!(call::<u8>("add_uchar", U8, vec![U8, U8], args!(200u8, 100u8)), 44);
    assert_eq!(call::<i16>("neg_short", I16, vec![I16], args!(1234i16)), -1234);
    assert_eq!(call::<u16>("add_ushort", U16, vec![U16, U16], args!(60000u16, 10000u16)), 4464);
    assert_eq!(call::<i32>("add_int", I32, vec![I32, I32], args!(-7i32, 3i32)), -4);
    assert_eq!(call::<u32>("add_uint", U32, vec![U32, U32], args!(u32::MAX, 2u32)), 1);
    // libffi's documented widening: the whole ffi_arg holds the sign-extended value.
    let interface = CallInterface::new(I8, vec![I8]).unwrap();
    let mut buf = ResultBuf([0xAA; 64]);
    let buf_ptr: *mut c_void = (&raw mut buf).cast();
    // SAFETY: neg_schar is `signed char (signed char)`.
    unsafe { interface.call(sym("neg_schar"), args!(100i8), buf_ptr) };
    // SAFETY: an ffi_arg was written at the buffer's start.
    assert_eq!(unsafe { buf_ptr.cast::<i64>().read() }, -100);
    assert_eq!(interface.result_size(), 8);
}

#[test]
fn wide_scalars_pointers_and_void() {
    assert_eq!(call::<i64>("add_i64", I64, vec![I64, I64], args!(i64::MIN + 1, -1i64)), i64::MIN);
    assert_eq!(call::<u64>("add_u64", U64, vec![U64, U64], args!(u64::MAX - 1, 1u64)), u64::MAX);
    assert_eq!(call::<f32>("mul_float", F32, vec![F32, F32], args!(1.5f32, -4.0f32)), -6.0);
    assert_eq!(call::<f64>("mul_double", F64, vec![F64, F64], args!(0.1f64, 3.0f64)), 0.1 * 3.0);
    let data = [0u8; 16];
    let base = data.as_ptr();
    let got = call::<*const u8>("ptr_add", Pointer, vec![Pointer, I64], args!(base, 5i64));
    assert_eq!(got, base.wrapping_add(5));
    let before = call::<i32>("get_counter", I32, vec![], &mut []);
    let interface = CallInterface::new(Void, vec![]).unwrap();
    // SAFETY: bump is `void (void)`; a void result may use a null buffer.
    unsafe { interface.call(sym("bump"), &mut [], std::ptr::null_mut()) };
    assert_eq!(call::<i32>("get_counter", I32, vec![], &mut []), before + 1);
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
#[test]
fn long_double_x87() {
    assert_eq!(AbiType::c_long_double(), LongDouble);
    assert_eq!((LongDouble.size(), LongDouble.align()), (16, 16));
    // 3.0 as x87 extended precision: mantissa 0xC000.., exponent 0x4000.
    #[repr(C, align(16))]
    #[derive(Clone, Copy)]
    struct X87(u64, u16, [u8; 6]);
    let three = X87(0xC000_0000_0000_0000, 0x4000, [0; 6]);
    let half = call::<X87>("half_ld", LongDouble, vec![LongDouble], args!(three));
    assert_eq!((half.0, half.1), (0xC000_0000_0000_0000, 0x3FFF)); // 1.5
}

#[test]
fn stack_passed_scalars() {
    let mut ty = Vec::new();
    for _ in 0..8 {
        ty.extend([I32, F64]);
    }
    ty.extend([F32, F64]);
    let (i, d) = ([1i32, 2, 3, 4, 5, 6, 7, 8], [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    let (f9, d10) = (9.0f32, 1.0f64);
    let got = call::<f64>(
        "many_args",
        F64,
        ty,
        args!(i[0], d[0], i[1], d[1], i[2], d[2], i[3], d[3], i[4], d[4], i[5], d[5], i[6], d[6], i[7], d[7], f9, d10),
    );
    let mut want = 0.0;
    for k in 0..8 {
        want += f64::from(i[k] * (k as i32 + 1)) + d[k] * 10f64.powi(k as i32);
    }
    want += 1e8 * f64::from(f9) + 1e9 * d10;
    assert_eq!(got, want);
    let got = call::<i64>(
        "narrow_sum",
        I64,
        vec![I8, I16, I8, I16, I8, I16, I8, I16],
        args!(-1i8, -300i16, -128i8, 32767i16, 5i8, -5i16, 127i8, -32768i16),
    );
    assert_eq!(got, -1 - 300 - 128 + 32767 + 5 - 5 + 127 - 32768);
}

#[test]
fn small_structs() {
    assert_eq!(call::<I2>("swap_i2", t_i2(), vec![t_i2()], args!(I2(1, -2))), I2(-2, 1));
    let i3 = st(12, 4, vec![(0, I32), (4, I32), (8, I32)]);
    assert_eq!(call::<I3>("rot_i3", i3.clone(), vec![i3], args!(I3(1, 2, 3))), I3(3, 1, 2));
    let l2 = st(16, 8, vec![(0, I64), (8, I64)]);
    let got = call::<L2>("sum_l2", l2.clone(), vec![l2.clone(), l2], args!(L2(1, 2), L2(10, 20)));
    assert_eq!(got, L2(11, 22));
    assert_eq!(call::<F2>("scale_f2", t_f2(), vec![t_f2(), F32], args!(F2(1.5, -2.0), 2.0f32)), F2(3.0, -4.0));
    let f3 = st(12, 4, vec![(0, F32), (4, F32), (8, F32)]);
    let got = call::<F3>("scale_f3", f3.clone(), vec![f3, F32], args!(F3(1.0, 2.0, 3.0), 0.5f32));
    assert_eq!(got, F3(0.5, 1.0, 1.5));
    assert_eq!(call::<Di>("make_di", t_di(), vec![F64, I32], args!(2.5f64, -3i32)), Di(2.5, -3));
    assert_eq!(call::<f64>("sum_di", F64, vec![t_di()], args!(Di(2.5, -3))), -0.5);
    let c3 = st(3, 1, vec![(0, arr(I8, 3))]);
    assert_eq!(call::<[u8; 3]>("upper_c3", c3.clone(), vec![c3], args!(*b"abc")), *b"ABC");
    #[repr(C)]
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Fi(f32, i32);
    let fi = st(8, 4, vec![(0, F32), (4, I32)]);
    assert_eq!(call::<Fi>("make_fi", fi, vec![F32, I32], args!(1.25f32, 7i32)), Fi(1.25, 7));
    let v: Vec<F2> = (1..=10).map(|k| F2(k as f32, -(k as f32))).collect();
    let got = call::<f64>(
        "sum_f2_many",
        F64,
        vec![t_f2(); 10],
        args!(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]),
    );
    assert_eq!(got, 55.0 - 550.0);
}

#[test]
fn large_nested_and_array_structs() {
    let big = call::<Big>("make_big", t_big(), vec![I64, F64, I8], args!(-5i64, 2.5f64, 9i8));
    assert_eq!(big, Big { a: -5, b: 2.5, c: [1, 2, 3, 4], tag: 9 });
    let b = Big { a: 100, b: 20.0, c: [1, 2, 3, 4], tag: 3 };
    assert_eq!(call::<i64>("sum_big", I64, vec![t_big()], args!(b)), 133);

    let inner = st(8, 4, vec![(0, F32), (4, I16)]);
    let outer = st(24, 8, vec![(0, I8), (4, inner), (16, F64)]);
    let got = call::<Outer>("nest", outer.clone(), vec![outer], args!(Outer(1, Inner(1.5, 10), 2.0)));
    assert_eq!(got, Outer(2, Inner(3.0, 9), 2.5));

    let a = st(12, 4, vec![(0, arr(F32, 2)), (8, I32)]);
    assert_eq!(call::<f32>("arr_sum", F32, vec![a.clone()], args!(Arr([1.5, 2.5], 3))), 7.0);
    assert_eq!(call::<Arr>("arr_make", a, vec![F32, F32, I32], args!(1.0f32, 2.0f32, 3i32)), Arr([1.0, 2.0], 3));

    // _Alignas padding: libffi cannot lay this out itself, so it is lowered.
    let aligned = st(16, 8, vec![(0, F32), (8, F32)]);
    assert!(aligned.ffi_type().unwrap().is_lowered());
    let got = call::<Aligned>("aligned_swap", aligned.clone(), vec![aligned], args!(Aligned(1.0, [0; 4], 2.0, [0; 4])));
    assert_eq!((got.0, got.2), (2.0, 1.0));

    // Bitfields, described by their storage unit.
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Bits(u32, f32);
    let bits = st(8, 4, vec![(0, U32), (4, F32)]);
    let packed = 5 | (100 << 3) | (4000 << 10);
    let got = call::<Bits>("bits_inc", bits.clone(), vec![bits], args!(Bits(packed, 0.5)));
    assert_eq!((got.0 & 7, (got.0 >> 3) & 127, got.0 >> 10, got.1), (6, 101, 4001, 1.5));
}

#[test]
fn unions() {
    let ifu = un(4, 4, vec![I32, F32]);
    assert_eq!(call::<u32>("if_bits", ifu.clone(), vec![F32], args!(1.0f32)), 1.0f32.to_bits());
    assert_eq!(call::<i32>("if_int", I32, vec![ifu], args!(2.0f32)), 2.0f32.to_bits() as i32);
    assert_eq!(call::<i64>("dl_neg", t_dlu(), vec![t_dlu()], args!(42i64)), -42);
    assert_eq!(call::<f32>("ff_sum", F32, vec![t_ffu()], args!([1.25f32, 2.5f32])), 3.75);
    assert_eq!(call::<[f32; 2]>("ff_make", t_ffu(), vec![F32, F32], args!(3.0f32, 4.0f32)), [3.0, 4.0]);
    let sdu = un(8, 8, vec![t_f2(), F64]);
    assert_eq!(call::<SdU>("sd_swap", sdu.clone(), vec![sdu], args!(SdU(F2(1.0, 2.0)))), SdU(F2(2.0, 1.0)));
    let siu = un(12, 4, vec![st(8, 4, vec![(0, I32), (4, I16)]), arr(I8, 12)]);
    let got = call::<SiU>("si_make", siu.clone(), vec![I32, I16], args!(-9i32, 300i16));
    assert_eq!((got.a, got.b, got.last), (-9, 300, 7));
    assert_eq!(call::<i32>("si_sum", I32, vec![siu], args!(got)), -9 + 300 + 7);
    let mut ty = vec![F64; 8];
    ty.extend([t_ffu(), t_dlu()]);
    let d = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let got = call::<f64>(
        "union_late",
        F64,
        ty,
        args!(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], [0.5f32, 0.25f32], 100i64),
    );
    assert_eq!(got, 36.0 + 0.75 + 100.0);
}

#[test]
fn variadic_calls() {
    let ints = CallInterface::variadic(I32, vec![I32], vec![I32; 4]).unwrap();
    let mut buf = ResultBuf([0; 64]);
    let buf_ptr: *mut c_void = (&raw mut buf).cast();
    // SAFETY: sum_ints is `int (int, ...)` and receives four ints.
    let got: i32 = unsafe {
        ints.call(sym("sum_ints"), args!(4i32, 10i32, -20i32, 30i32, 5i32), buf_ptr);
        ints.read_result(buf_ptr)
    };
    assert_eq!(got, 25);
    let doubles = CallInterface::variadic(F64, vec![I32], vec![F64; 3]).unwrap();
    // SAFETY: sum_doubles is `double (int, ...)` and receives three doubles.
    let got: f64 = unsafe {
        doubles.call(sym("sum_doubles"), args!(3i32, 0.5f64, 0.25f64, 2.0f64), buf_ptr);
        doubles.read_result(buf_ptr)
    };
    assert_eq!(got, 2.75);

    extern "C" {
        fn snprintf(buf: *mut c_char, n: usize, fmt: *const c_char, ...) -> i32;
    }
    let snprintf_ptr = snprintf as *const c_void;
    let printf = CallInterface::variadic(I32, vec![Pointer, U64, Pointer], vec![I32, F64, Pointer]).unwrap();
    let mut out = [0 as c_char; 64];
    let out_ptr = out.as_mut_ptr();
    let fmt = c"%d|%.3f|%s";
    let (fmt_ptr, text) = (fmt.as_ptr(), c"hello".as_ptr());
    // SAFETY: snprintf receives a 64-byte buffer, a format matching int, double, string.
    let written: i32 = unsafe {
        printf.call(snprintf_ptr, args!(out_ptr, 64u64, fmt_ptr, -42i32, 1.25f64, text), buf_ptr);
        printf.read_result(buf_ptr)
    };
    // SAFETY: snprintf NUL-terminated the buffer.
    let printed = unsafe { CStr::from_ptr(out.as_ptr()) };
    assert_eq!(printed.to_str().unwrap(), "-42|1.250|hello");
    assert_eq!(written, 15);

    let refused = CallInterface::variadic(I32, vec![I32], vec![F32]).unwrap_err();
    assert!(matches!(refused, AbiError::UnpromotedVariadic { index: 2, ty: F32, .. }), "{refused}");
    assert!(CallInterface::variadic(I32, vec![I32], vec![I16]).is_err());
    let closure = Closure::new(Arc::new(ints), Box::new(|_, _| {}));
    assert_eq!(closure.unwrap_err(), AbiError::VariadicClosure);
}

#[test]
fn signature_errors() {
    assert_eq!(CallInterface::new(I32, vec![I32, Void]).unwrap_err(), AbiError::VoidValue(2));
    assert_eq!(CallInterface::new(arr(I32, 2), vec![]).unwrap_err(), AbiError::ArrayByValue(0));
    let packed = st(5, 1, vec![(0, I8), (1, I32)]);
    let err = CallInterface::new(Void, vec![packed]).unwrap_err();
    assert_eq!(err.to_string(), "cannot pass or return a packed struct by value");
}
