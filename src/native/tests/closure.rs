//! Closures and thunks: C calling Rust handlers, their lifetime and quarantine.

use super::*;

/// A closure from a Rust closure body (a thunk where the signature allows).
fn closure(ret: AbiType, args: Vec<AbiType>, handler: Handler) -> Closure {
    Closure::new(Arc::new(CallInterface::new(ret, args).unwrap()), handler).unwrap()
}

/// A closure that is always a libffi closure.
fn libffi_closure(ret: AbiType, args: Vec<AbiType>, handler: Handler) -> Closure {
    let hook = Arc::new(abort_on_foreign_thread);
    Closure::libffi(Arc::new(CallInterface::new(ret, args).unwrap()), handler, hook).unwrap()
}

/// Serialises the tests that depend on how many thunk slots are free (the
/// slots are process-wide and tests run in parallel).
fn thunk_slots() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

type MakeClosure = fn(AbiType, Vec<AbiType>, Handler) -> Closure;

/// Reads argument `i` of a handler as `T`.
///
/// # Safety
/// The argument must have type `T`.
unsafe fn arg<T: Copy>(args: &[*const c_void], i: usize) -> T {
    // SAFETY: the caller's contract.
    unsafe { args[i].cast::<T>().read_unaligned() }
}

/// Writes a handler's result.
///
/// # Safety
/// The result must have type `T`.
unsafe fn ret<T>(result: *mut c_void, value: T) {
    // SAFETY: the caller's contract.
    unsafe { result.cast::<T>().write_unaligned(value) }
}

#[test]
fn callbacks_with_scalars() {
    let _slots = thunk_slots();
    for (make, thunk) in [(closure as MakeClosure, crate::native::thunk::AVAILABLE), (libffi_closure, false)] {
        scalar_callbacks(make, thunk);
    }
}

/// Scalar signatures called by C code and by the engine, through closures from
/// `make`, which are thunks when `thunk` is set.
fn scalar_callbacks(closure: MakeClosure, thunk: bool) {
    // SAFETY (handlers): the signatures say which types the pointers hold.
    let cb = closure(
        I32,
        vec![I32, F64],
        Box::new(|a, r| unsafe { ret(r, arg::<i32>(a, 0) * 3 + (arg::<f64>(a, 1) * 10.0) as i32) }),
    );
    let code = cb.code_ptr();
    assert_eq!(call::<i32>("call_int_cb", I32, vec![Pointer, I32], args!(code, 7i32)), 21 + 5 + 1);

    let neg = closure(I8, vec![I8], Box::new(|a, r| unsafe { ret(r, arg::<i8>(a, 0).wrapping_neg()) }));
    let code = neg.code_ptr();
    assert_eq!(call::<i8>("call_schar_cb", I8, vec![Pointer, I8], args!(code, 100i8)), -100);
    let inc = closure(U16, vec![U16], Box::new(|a, r| unsafe { ret(r, arg::<u16>(a, 0) + 1) }));
    let code = inc.code_ptr();
    assert_eq!(call::<u16>("call_ushort_cb", U16, vec![Pointer, U16], args!(code, 65000u16)), 65001);

    // The engine can also call a closure directly.
    let got = call_ptr::<i8>(neg.code_ptr(), I8, vec![I8], args!(-7i8));
    assert_eq!(got, 7);

    let count = Rc::new(Cell::new(0));
    let seen = count.clone();
    let tick = closure(Void, vec![], Box::new(move |_, _| seen.set(seen.get() + 1)));
    let code = tick.code_ptr();
    call::<()>("call_void_cb", Void, vec![Pointer, I32], args!(code, 5i32));
    assert_eq!(count.get(), 5);

    // Floats in and out, interleaved with integers: each class in its own
    // register sequence, a float in the low half of its vector register.
    let mixed = closure(
        F32,
        vec![F32, I32, F64, I64, F32, Pointer, U8],
        Box::new(|a, r| unsafe {
            let p = arg::<*const i32>(a, 5);
            let sum = f64::from(arg::<f32>(a, 0))
                + f64::from(arg::<i32>(a, 1))
                + arg::<f64>(a, 2)
                + arg::<i64>(a, 3) as f64
                + f64::from(arg::<f32>(a, 4))
                + f64::from(*p)
                + f64::from(arg::<u8>(a, 6));
            ret(r, sum as f32);
        }),
    );
    let seven = 7i32;
    let got = call_ptr::<f32>(
        mixed.code_ptr(),
        F32,
        vec![F32, I32, F64, I64, F32, Pointer, U8],
        args!(0.5f32, -3i32, 2.25f64, 1i64 << 40, 0.25f32, &raw const seven, 200u8),
    );
    assert_eq!(got, (0.5 - 3.0 + 2.25 + (1u64 << 40) as f64 + 0.25 + 7.0 + 200.0) as f32);

    // Every integer and vector argument register of the target.
    let ints = vec![I64; crate::native::fast::INT_REGS];
    let all = [ints.clone(), vec![F64; crate::native::fast::FLOAT_REGS]].concat();
    let sum = closure(
        F64,
        all.clone(),
        Box::new(|a, r| unsafe {
            let n = crate::native::fast::INT_REGS;
            let ints: i64 = (0..n).map(|i| arg::<i64>(a, i) * (i as i64 + 1)).sum();
            let floats: f64 =
                (0..crate::native::fast::FLOAT_REGS).map(|i| arg::<f64>(a, n + i) * (i as f64 + 1.0)).sum();
            ret(r, ints as f64 + floats);
        }),
    );
    let int_values: Vec<i64> = (0..crate::native::fast::INT_REGS as i64).map(|i| 10 + i).collect();
    let float_values: Vec<f64> = (0..crate::native::fast::FLOAT_REGS).map(|i| 0.5 + i as f64).collect();
    let mut values: Vec<*mut c_void> = int_values.iter().map(|v| (v as *const i64).cast_mut().cast()).collect();
    values.extend(float_values.iter().map(|v| (v as *const f64).cast_mut().cast::<c_void>()));
    let got = call_ptr::<f64>(sum.code_ptr(), F64, all, &mut values);
    let expected: f64 = int_values.iter().enumerate().map(|(i, v)| (*v * (i as i64 + 1)) as f64).sum::<f64>()
        + float_values.iter().enumerate().map(|(i, v)| v * (i as f64 + 1.0)).sum::<f64>();
    assert_eq!(got, expected);

    for c in [&cb, &neg, &inc, &tick, &mixed, &sum] {
        assert_eq!(c.is_thunk(), thunk);
    }
}

#[test]
fn signatures_beyond_the_registers_use_libffi() {
    let _slots = thunk_slots();
    let nothing: MakeClosure = closure;
    let stack = nothing(I32, vec![I32; crate::native::fast::INT_REGS + 1], Box::new(|_, _| {}));
    assert!(!stack.is_thunk(), "an integer argument on the stack");
    let record = nothing(t_di(), vec![], Box::new(|_, _| {}));
    assert!(!record.is_thunk(), "a struct result");
    let long_double = nothing(Void, vec![AbiType::c_long_double()], Box::new(|_, _| {}));
    assert_eq!(long_double.is_thunk(), AbiType::c_long_double() == F64 && crate::native::thunk::AVAILABLE);
}

#[test]
fn thunk_slots_run_out_and_come_back() {
    use crate::native::thunk::{self, ResultClass};
    let _slots = thunk_slots();
    if !thunk::AVAILABLE {
        return;
    }
    let free = thunk::free_count(ResultClass::Int);
    let interface = Arc::new(CallInterface::new(I32, vec![I32]).unwrap());
    let closures: Vec<Closure> = (0..free + 3)
        .map(|k| {
            // SAFETY: (int) -> int.
            let handler: Handler = Box::new(move |a, r| unsafe { ret(r, arg::<i32>(a, 0) * 2 + k as i32) });
            Closure::new(interface.clone(), handler).unwrap()
        })
        .collect();
    assert_eq!(thunk::free_count(ResultClass::Int), 0);
    assert_eq!(closures.iter().filter(|c| c.is_thunk()).count(), free);
    for (k, c) in closures.iter().enumerate() {
        assert_eq!(call_ptr::<i32>(c.code_ptr(), I32, vec![I32], args!(5i32)), 10 + k as i32);
    }
    let thunk_codes: Vec<usize> = closures.iter().filter(|c| c.is_thunk()).map(|c| c.code_ptr() as usize).collect();
    drop(closures);
    // All but the quarantined come back (the last QUARANTINE given back stay out).
    assert!(thunk::free_count(ResultClass::Int) >= free.saturating_sub(thunk::QUARANTINE));
    let again = closure(I32, vec![I32], Box::new(|a, r| unsafe { ret(r, -arg::<i32>(a, 0)) }));
    assert!(again.is_thunk(), "a freed slot is taken again");
    let recent = &thunk_codes[thunk_codes.len().saturating_sub(thunk::QUARANTINE)..];
    assert!(!recent.contains(&(again.code_ptr() as usize)), "not one of the slots freed last");
    assert_eq!(call_ptr::<i32>(again.code_ptr(), I32, vec![I32], args!(5i32)), -5);
}

/// Closures made and dropped one after another never get the entry point of
/// one of the last `quarantine` dropped (thunk slots come back oldest first,
/// libffi closures are freed oldest first beyond [`RETIRED_LIBFFI`]).
#[test]
fn retired_entry_points_are_quarantined() {
    use crate::native::thunk;
    let _slots = thunk_slots();
    let interface = Arc::new(CallInterface::new(I32, vec![I32]).unwrap());
    for (use_thunks, quarantine) in [(true, thunk::QUARANTINE), (false, RETIRED_LIBFFI)] {
        if use_thunks && !thunk::AVAILABLE {
            continue;
        }
        let mut recent: VecDeque<usize> = VecDeque::new();
        let mut seen = std::collections::HashSet::new();
        let mut reused = 0;
        for k in 0..300 {
            // SAFETY: (int) -> int.
            let handler: Handler = Box::new(move |a, r| unsafe { ret(r, arg::<i32>(a, 0) + k) });
            let hook = Arc::new(abort_on_foreign_thread);
            let c = if use_thunks {
                Closure::new(interface.clone(), handler).unwrap()
            } else {
                Closure::libffi(interface.clone(), handler, hook).unwrap()
            };
            assert_eq!(c.is_thunk(), use_thunks, "closure {k}");
            let code = c.code_ptr() as usize;
            assert!(!recent.contains(&code), "closure {k} got an entry point freed less than {quarantine} frees ago");
            reused += usize::from(!seen.insert(code));
            assert_eq!(call_ptr::<i32>(c.code_ptr(), I32, vec![I32], args!(1i32)), 1 + k);
            drop(c);
            recent.push_back(code);
            if recent.len() > quarantine {
                recent.pop_front();
            }
        }
        if use_thunks {
            assert!(reused > 0, "thunk slots come back after the quarantine");
        } else {
            assert_eq!(reused, 0, "300 libffi closures all within the quarantine");
        }
    }
}

/// A handler may drop its own closure, or one further up the C stack: the
/// invocations in progress finish with their state, which goes when the last
/// of them returns (the handler's captures are dropped then, not before).
#[test]
fn closures_dropped_while_running() {
    let _slots = thunk_slots();
    for make in [closure as MakeClosure, libffi_closure] {
        dropped_by_its_own_handler(make);
        dropped_further_up_the_stack(make);
    }
}

fn dropped_by_its_own_handler(make: MakeClosure) {
    let holder: Rc<RefCell<Option<Closure>>> = Rc::default();
    let token = Rc::new(());
    let (own, alive) = (holder.clone(), token.clone());
    let cb = make(
        I32,
        vec![I32, F64],
        // SAFETY: (int, double) -> int.
        Box::new(move |a, r| unsafe {
            drop(own.borrow_mut().take());
            assert_eq!(Rc::strong_count(&alive), 2, "the running handler's state is still there");
            ret(r, arg::<i32>(a, 0) + 100);
        }),
    );
    let code = cb.code_ptr();
    *holder.borrow_mut() = Some(cb);
    assert_eq!(call::<i32>("call_int_cb", I32, vec![Pointer, I32], args!(code, 1i32)), 102);
    assert!(holder.borrow().is_none());
    assert_eq!(Rc::strong_count(&token), 1, "the state went when the invocation returned");
}

fn dropped_further_up_the_stack(make: MakeClosure) {
    let holder: Rc<RefCell<Option<Closure>>> = Rc::default();
    let token = Rc::new(());
    let outer_holder = holder.clone();
    let inner = make(
        I32,
        vec![I32, F64],
        // SAFETY: (int, double) -> int.
        Box::new(move |a, r| unsafe {
            drop(outer_holder.borrow_mut().take());
            ret(r, arg::<i32>(a, 0) * 2);
        }),
    );
    let inner_code = inner.code_ptr() as usize;
    let alive = token.clone();
    let outer = make(
        I32,
        vec![I32, F64],
        // SAFETY: (int, double) -> int; C calls `inner` with the same signature.
        Box::new(move |a, r| unsafe {
            let x = arg::<i32>(a, 0);
            let inner = inner_code as *const c_void;
            // call_int_cb(f, x) = f(x, 0.5) + 1; `inner` drops this closure.
            let y = call::<i32>("call_int_cb", I32, vec![Pointer, I32], args!(inner, x));
            assert_eq!(Rc::strong_count(&alive), 2, "the running handler's state is still there");
            ret(r, y + 1000);
        }),
    );
    let code = outer.code_ptr();
    *holder.borrow_mut() = Some(outer);
    assert_eq!(call::<i32>("call_int_cb", I32, vec![Pointer, I32], args!(code, 5i32)), (2 * 5 + 1 + 1000) + 1);
    assert!(holder.borrow().is_none());
    assert_eq!(Rc::strong_count(&token), 1, "the state went when the outer invocation returned");
    drop(inner);
}

/// Set in the child process of [`calling_a_retired_closure_aborts`].
const CALL_RETIRED: &str = "LUAU_FFI_TEST_CALL_RETIRED";

/// C calling a dropped closure aborts with a clear message, after flushing
/// what was written to C's stdout (checked in a child process).
#[test]
fn calling_a_retired_closure_aborts() {
    if let Ok(backend) = std::env::var(CALL_RETIRED) {
        extern "C" {
            fn puts(text: *const c_char) -> i32;
        }
        // SAFETY: (int) -> int.
        let handler: Handler = Box::new(|a, r| unsafe { ret(r, arg::<i32>(a, 0)) });
        let interface = Arc::new(CallInterface::new(I32, vec![I32]).unwrap());
        let c = if backend == "thunk" {
            Closure::new(interface, handler).unwrap()
        } else {
            Closure::libffi(interface, handler, Arc::new(abort_on_foreign_thread)).unwrap()
        };
        assert_eq!(c.is_thunk(), backend == "thunk");
        let code = c.code_ptr();
        drop(c);
        // SAFETY: a C string; C's stdout is a pipe here, so this stays buffered.
        unsafe { puts(c"printed through C stdio before the stale call".as_ptr()) };
        call_ptr::<i32>(code, I32, vec![I32], args!(1i32));
        unreachable!("the stale call returned");
    }
    let backends: &[&str] = if crate::native::thunk::AVAILABLE { &["thunk", "libffi"] } else { &["libffi"] };
    // This test's name as the test harness knows it (without the crate's).
    let name = format!("{}::calling_a_retired_closure_aborts", module_path!().split_once("::").unwrap().1);
    for backend in backends {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", &name, "--nocapture", "--test-threads=1"])
            .env(CALL_RETIRED, backend)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(output.status.signal(), Some(6), "aborted ({backend}): {:?}\n{stderr}", output.status);
        }
        assert!(stderr.contains("C called a callback after it was freed"), "the message ({backend}):\n{stderr}");
        assert!(stdout.contains("printed through C stdio before the stale call"), "flushed ({backend}):\n{stdout}");
    }
}

/// C calls a closure `struct di (struct di, struct f2, int)` described with these
/// record shapes and post-processes its result.
fn struct_callback_round_trip(di: AbiType, f2: AbiType) {
    let cb = closure(
        di.clone(),
        vec![di, f2, I32],
        // SAFETY: (struct di, struct f2, int) -> struct di.
        Box::new(|a, r| unsafe {
            let (d, f, k) = (arg::<Di>(a, 0), arg::<F2>(a, 1), arg::<i32>(a, 2));
            ret(r, Di(d.0 + f64::from(f.0 + f.1), d.1 * k));
        }),
    );
    let code = cb.code_ptr();
    let got = call::<Di>(
        "call_struct_cb",
        t_di(),
        vec![Pointer, t_di(), t_f2(), I32],
        args!(code, Di(1.0, 6), F2(0.25, 0.5), 7i32),
    );
    assert_eq!(got, Di(1.75, 1042));
}

#[test]
fn callbacks_with_records() {
    struct_callback_round_trip(t_di(), t_f2());

    let ucb = closure(
        F64,
        vec![t_ffu(), t_dlu()],
        // SAFETY: (union ff_u, union dl_u) -> double.
        Box::new(|a, r| unsafe {
            let (u, l) = (arg::<[f32; 2]>(a, 0), arg::<i64>(a, 1));
            ret(r, f64::from(u[0]) * 100.0 + f64::from(u[1]) + l as f64);
        }),
    );
    let code = ucb.code_ptr();
    let got = call::<f64>("call_union_cb", F64, vec![Pointer, F32, F32, I64], args!(code, 2.0f32, 0.5f32, 1000i64));
    assert_eq!(got, 1200.5);

    let bcb = closure(
        t_big(),
        vec![t_big()],
        // SAFETY: (struct big) -> struct big.
        Box::new(|a, r| unsafe {
            let mut b = arg::<Big>(a, 0);
            b.a *= 2;
            b.c.reverse();
            ret(r, b);
        }),
    );
    let code = bcb.code_ptr();
    let got = call::<Big>("call_big_cb", t_big(), vec![Pointer, I64], args!(code, 21i64));
    assert_eq!(got, Big { a: 42, b: 1.5, c: [4, 3, 2, 1], tag: b'x' as i8 });
}

#[test]
fn qsort_with_closure_comparator() {
    extern "C" {
        fn qsort(base: *mut c_void, n: usize, size: usize, cmp: *const c_void);
    }
    let calls = Rc::new(Cell::new(0u64));
    let counter = calls.clone();
    let cmp = closure(
        I32,
        vec![Pointer, Pointer],
        // SAFETY: qsort passes two pointers to ints of the array.
        Box::new(move |a, r| unsafe {
            counter.set(counter.get() + 1);
            let (x, y) = (*arg::<*const i32>(a, 0), *arg::<*const i32>(a, 1));
            ret(r, x.cmp(&y) as i32);
        }),
    );
    // A deterministic shuffle of 10,000 ints with duplicates and negatives.
    let mut values: Vec<i32> = (0..10_000).map(|i: i32| (i.wrapping_mul(7919) % 5003) - 2500).collect();
    let mut expected = values.clone();
    expected.sort();
    // SAFETY: the comparator has qsort's comparator signature; the array is live.
    unsafe { qsort(values.as_mut_ptr().cast(), values.len(), 4, cmp.code_ptr()) };
    assert_eq!(values, expected);
    assert!(calls.get() > 10_000);
}

#[test]
fn many_closures_and_drop() {
    let _slots = thunk_slots();
    let interface = Arc::new(CallInterface::new(I32, vec![I32]).unwrap());
    // More closures at once than one trampoline page holds; each keeps its own state.
    let closures: Vec<Closure> = (0..5_000)
        .map(|k| {
            // SAFETY: (int) -> int.
            let handler: Handler = Box::new(move |a, r| unsafe { ret(r, arg::<i32>(a, 0) + k) });
            Closure::new(interface.clone(), handler).unwrap()
        })
        .collect();
    for (k, c) in closures.iter().enumerate().step_by(499) {
        assert_eq!(call_ptr::<i32>(c.code_ptr(), I32, vec![I32], args!(1i32)), 1 + k as i32);
    }
    drop(closures);
    assert_eq!(Arc::strong_count(&interface), 1, "dropping closures releases their interface");
}

#[test]
fn foreign_thread_invocation_uses_the_hook() {
    let _slots = thunk_slots();
    foreign_thread_invocation(true);
    foreign_thread_invocation(false);
}

fn foreign_thread_invocation(thunk: bool) {
    let detected = Arc::new(AtomicBool::new(false));
    let flag = detected.clone();
    let ran = Rc::new(Cell::new(0));
    let ran_in = ran.clone();
    let interface = Arc::new(CallInterface::new(I32, vec![I32]).unwrap());
    // SAFETY: (int) -> int.
    let handler: Handler = Box::new(move |a, r| unsafe {
        ran_in.set(ran_in.get() + 1);
        ret(r, arg::<i32>(a, 0) + 1);
    });
    let owner = std::thread::current().id();
    let hook: ForeignThreadHook = Arc::new(move |call: &ForeignThreadCall| {
        assert_ne!(owner, call.current);
        // SAFETY: the result of (int) -> int, zeroed by the closure.
        assert_eq!(unsafe { call.result.cast::<i32>().read() }, 0);
        // SAFETY: as above.
        unsafe { ret(call.result, -7i32) };
        flag.store(true, Ordering::SeqCst);
    });
    let cb = if thunk {
        Closure::with_foreign_thread_hook(interface, handler, hook).unwrap()
    } else {
        Closure::libffi(interface, handler, hook).unwrap()
    };
    assert_eq!(cb.is_thunk(), thunk && crate::native::thunk::AVAILABLE);
    let code = cb.code_ptr();
    let got = call::<i32>("call_from_thread", I32, vec![Pointer, I32], args!(code, 41i32));
    assert_eq!(got, -7, "the hook's value reaches C (sign-extended)");
    assert!(detected.load(Ordering::SeqCst));
    assert_eq!(ran.get(), 0, "the handler must not run on a foreign thread");
    // On its own thread the same closure runs the handler.
    assert_eq!(call_ptr::<i32>(code, I32, vec![I32], args!(41i32)), 42);
    assert_eq!(ran.get(), 1);
}

/// A one-member union has its member's C classification but forces the lowered
/// description: checks the lowering against the compiler on plain structs too.
fn lowered(ty: AbiType) -> AbiType {
    let wrapped = un(ty.size(), ty.align(), vec![ty]);
    assert!(wrapped.ffi_type().unwrap().is_lowered());
    wrapped
}

#[test]
fn lowering_matches_c_for_plain_structs() {
    assert_eq!(call::<I2>("swap_i2", lowered(t_i2()), vec![lowered(t_i2())], args!(I2(1, -2))), I2(-2, 1));
    let f3 = lowered(st(12, 4, vec![(0, F32), (4, F32), (8, F32)]));
    let got = call::<F3>("scale_f3", f3.clone(), vec![f3, F32], args!(F3(1.0, 2.0, 3.0), 0.5f32));
    assert_eq!(got, F3(0.5, 1.0, 1.5));
    assert_eq!(call::<Di>("make_di", lowered(t_di()), vec![F64, I32], args!(2.5f64, -3i32)), Di(2.5, -3));
    assert_eq!(call::<f64>("sum_di", F64, vec![lowered(t_di())], args!(Di(2.5, -3))), -0.5);
    let a = lowered(st(12, 4, vec![(0, arr(F32, 2)), (8, I32)]));
    assert_eq!(call::<f32>("arr_sum", F32, vec![a.clone()], args!(Arr([1.5, 2.5], 3))), 7.0);
    assert_eq!(call::<Arr>("arr_make", a, vec![F32, F32, I32], args!(1.0f32, 2.0f32, 3i32)), Arr([1.0, 2.0], 3));
    let v: Vec<F2> = (1..=10).map(|k| F2(k as f32, -(k as f32))).collect();
    let got = call::<f64>(
        "sum_f2_many",
        F64,
        vec![lowered(t_f2()); 10],
        args!(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]),
    );
    assert_eq!(got, 55.0 - 550.0);
    let b = Big { a: 100, b: 20.0, c: [1, 2, 3, 4], tag: 3 };
    assert_eq!(call::<i64>("sum_big", I64, vec![lowered(t_big())], args!(b)), 133);
    let big = call::<Big>("make_big", lowered(t_big()), vec![I64, F64, I8], args!(-5i64, 2.5f64, 9i8));
    assert_eq!(big, Big { a: -5, b: 2.5, c: [1, 2, 3, 4], tag: 9 });
    struct_callback_round_trip(lowered(t_di()), lowered(t_f2()));
}
