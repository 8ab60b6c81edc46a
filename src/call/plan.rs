//! A call plan: how each argument and the result of a function type travel,
//! decided once when the function is bound, so that a call only follows it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::cdata::convert::{self, shape, Shape};
use crate::ctype::{CKind, CTypeId, CTypeTable};
use crate::error::Error;
use crate::fxhash::FxHashMap;

use crate::native::abi_type::{register_classes, AbiType, RegisterClass, RegisterClasses};
use crate::native::fast;
use crate::native::general::CallInterface;
use crate::native::lower::abi_type;

/// How one argument is converted.
#[derive(Clone, Copy, Debug)]
pub enum ArgPlan {
    /// An integer (or enum) of `size` bytes.
    Int {
        /// The C type, for the general conversion.
        ty: CTypeId,
        /// Bytes.
        size: u8,
        /// Signed.
        signed: bool,
    },
    /// `bool`.
    Bool(CTypeId),
    /// `float`.
    F32(CTypeId),
    /// `double`.
    F64(CTypeId),
    /// A struct/union, `long double`, complex number, 128-bit number or
    /// vector by value: general path only.
    ByValue(CTypeId),
    /// A C++ reference `ty` to `to`, passed as a pointer: general path only
    /// (a `const` referent may be bound to a temporary the call makes).
    Reference {
        /// The reference type.
        ty: CTypeId,
        /// The referenced type.
        to: CTypeId,
    },
    /// A pointer; `takes_string` when a Luau string may be passed as is.
    Pointer {
        /// The pointer type.
        ty: CTypeId,
        /// Points to `char`/`uint8_t`/`void`.
        takes_string: bool,
    },
}

impl ArgPlan {
    /// The argument's C type.
    pub fn ctype(&self) -> CTypeId {
        match *self {
            ArgPlan::Int { ty, .. }
            | ArgPlan::Bool(ty)
            | ArgPlan::F32(ty)
            | ArgPlan::F64(ty)
            | ArgPlan::ByValue(ty) => ty,
            ArgPlan::Pointer { ty, .. } | ArgPlan::Reference { ty, .. } => ty,
        }
    }
}

/// Which register an argument goes to on the fast path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The n-th integer argument register.
    Int(u8),
    /// The n-th vector argument register.
    Float(u8),
    /// A struct or union by value in registers, one per eightbyte (the first
    /// `.1` of them), as the C ABI passes it
    /// ([`crate::native::abi_type::register_classes`]).
    Record([Register; 2], u8),
    /// Not in a register (general path only).
    Memory,
}

/// One argument register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Register {
    /// The n-th integer argument register.
    Int(u8),
    /// The n-th vector argument register.
    Float(u8),
}

/// How the result comes back.
#[derive(Clone, Copy, Debug)]
pub enum RetPlan {
    /// No result.
    Void,
    /// `bool` → boolean.
    Bool,
    /// An integer up to 32 bits → number.
    Int {
        /// Bytes.
        size: u8,
        /// Signed.
        signed: bool,
    },
    /// A 64-bit integer → a number when exact, else a boxed
    /// `int64_t`/`uint64_t` cdata (`crate::cdata::from_c`).
    Int64 {
        /// Signed.
        signed: bool,
    },
    /// `float` → number.
    F32,
    /// `double` → number.
    F64,
    /// A pointer → `nil` when NULL, else a pointer cdata of type `ty`.
    Pointer {
        /// The pointer type.
        ty: CTypeId,
    },
    /// A struct or union that comes back in registers (its eightbytes'
    /// classes) → what `Cx::push_value` makes of it, as for `Aggregate`.
    Record(RegisterClasses),
    /// A struct, union, `long double`, complex number, 128-bit number,
    /// vector or reference → what `Cx::push_value` makes of it (general
    /// path; `CallPlan::ret_type` says which).
    Aggregate,
}

/// The plan of one function type.
pub struct CallPlan {
    /// The fixed parameters.
    pub args: Vec<(ArgPlan, Slot)>,
    /// The result.
    pub ret: RetPlan,
    /// The result's C type.
    pub ret_type: CTypeId,
    /// The ABI shapes of the fixed parameters and the result (general path).
    pub abi_args: Vec<AbiType>,
    /// The ABI shape of the result.
    pub abi_ret: AbiType,
    /// The prepared libffi interface of a non-variadic function that does not
    /// take the fast path.
    pub general: Option<CallInterface>,
    /// Ends with `...`.
    pub variadic: bool,
    /// Every argument fits the fast path's registers.
    pub fast: bool,
    /// A variadic function whose fixed arguments and result fit the fast
    /// path's registers (their slots are kept): a call whose extra arguments
    /// fit the remaining registers too takes the variadic register path
    /// (`crate::native::fast::VARIADIC`).
    pub variadic_registers: bool,
    /// Some argument travels in a vector register.
    pub uses_float_registers: bool,
    /// Call interfaces of a variadic function by the C types of the extra
    /// arguments: a loop calling `printf` the same way prepares one once.
    pub variadic_interfaces: RefCell<FxHashMap<Box<[CTypeId]>, Rc<CallInterface>>>,
}

impl CallPlan {
    /// How many values a call pushes: none for `void`, else one.
    #[inline(always)]
    pub fn result_count(&self) -> std::os::raw::c_int {
        !matches!(self.ret, RetPlan::Void) as std::os::raw::c_int
    }

    /// The plan for the function type `function_type`.
    pub fn new(types: &CTypeTable, function_type: CTypeId) -> Result<CallPlan, String> {
        let CKind::Function { ret, params, variadic, .. } = types.kind(function_type).clone() else {
            return Err(format!("'{}' is not a function type", types.name(function_type)));
        };
        let mut fast_ok = fast::AVAILABLE && (!variadic || fast::VARIADIC);
        let abi_args = params.iter().map(|p| abi_type(types, *p)).collect::<Result<Vec<_>, _>>()?;
        let abi_ret = abi_type(types, ret)?;
        let (mut ints, mut floats) = (0usize, 0usize);
        let mut args = Vec::with_capacity(params.len());
        for (&param, abi) in params.iter().zip(&abi_args) {
            let arg = match shape(types, param) {
                Shape::Bool => ArgPlan::Bool(param),
                Shape::Int { size, signed } => ArgPlan::Int { ty: param, size, signed },
                Shape::Float { size: 4 } => ArgPlan::F32(param),
                Shape::Float { size: 8 } => ArgPlan::F64(param),
                Shape::Pointer { to } => ArgPlan::Pointer { ty: param, takes_string: convert::takes_string(types, to) },
                Shape::Record if !variadic && register_classes(abi).is_some() => {
                    let classes = register_classes(abi).expect("checked");
                    let mut registers = [Register::Int(0); 2];
                    for (register, class) in registers.iter_mut().zip(classes.classes).take(classes.count as usize) {
                        *register = match class {
                            RegisterClass::Int => {
                                ints += 1;
                                Register::Int((ints - 1).min(255) as u8)
                            }
                            RegisterClass::Float => {
                                floats += 1;
                                Register::Float((floats - 1).min(255) as u8)
                            }
                        };
                    }
                    // A record that does not fit whole goes to memory, and so
                    // does the call (the general path).
                    if ints > fast::INT_REGS || floats > fast::FLOAT_REGS {
                        fast_ok = false;
                    }
                    args.push((ArgPlan::ByValue(param), Slot::Record(registers, classes.count)));
                    continue;
                }
                Shape::Record
                | Shape::Float { .. }
                | Shape::Complex { .. }
                | Shape::Vector { .. }
                | Shape::Int128 { .. }
                | Shape::Float128 => {
                    fast_ok = false;
                    args.push((ArgPlan::ByValue(param), Slot::Memory));
                    continue;
                }
                Shape::Reference { to } => {
                    fast_ok = false;
                    args.push((ArgPlan::Reference { ty: param, to }, Slot::Memory));
                    continue;
                }
                Shape::Array { .. } | Shape::Function | Shape::Void => {
                    return Err(format!("invalid parameter type '{}'", types.name(param)));
                }
            };
            let slot = match arg {
                ArgPlan::F32(_) | ArgPlan::F64(_) => {
                    floats += 1;
                    if floats > fast::FLOAT_REGS {
                        fast_ok = false;
                    }
                    Slot::Float((floats - 1).min(255) as u8)
                }
                _ => {
                    ints += 1;
                    if ints > fast::INT_REGS {
                        fast_ok = false;
                    }
                    Slot::Int((ints - 1).min(255) as u8)
                }
            };
            args.push((arg, slot));
        }
        if !fast_ok {
            for entry in args.iter_mut() {
                entry.1 = Slot::Memory;
            }
        }
        let ret_type = ret;
        let ret = match shape(types, ret) {
            Shape::Bool => RetPlan::Bool,
            Shape::Int { size: 8, signed } => RetPlan::Int64 { signed },
            Shape::Int { size, signed } => RetPlan::Int { size, signed },
            Shape::Float { size: 4 } => RetPlan::F32,
            Shape::Float { size: 8 } => RetPlan::F64,
            Shape::Pointer { .. } => RetPlan::Pointer { ty: ret },
            Shape::Record if !variadic && register_classes(&abi_ret).is_some() => {
                RetPlan::Record(register_classes(&abi_ret).expect("checked"))
            }
            Shape::Record
            | Shape::Float { .. }
            | Shape::Complex { .. }
            | Shape::Vector { .. }
            | Shape::Int128 { .. }
            | Shape::Float128
            | Shape::Reference { .. } => {
                fast_ok = false;
                RetPlan::Aggregate
            }
            Shape::Void => RetPlan::Void,
            Shape::Array { .. } | Shape::Function => return Err(format!("invalid result type '{}'", types.name(ret))),
        };
        let fast = fast_ok && !variadic;
        let variadic_registers = fast_ok && variadic;
        let general = if fast || variadic {
            None
        } else {
            Some(CallInterface::new(abi_ret.clone(), abi_args.clone()).map_err(|e| e.to_string())?)
        };
        let uses_float_registers = floats > 0;
        Ok(CallPlan {
            args,
            ret,
            ret_type,
            abi_args,
            abi_ret,
            general,
            variadic,
            fast,
            variadic_registers,
            uses_float_registers,
            variadic_interfaces: Default::default(),
        })
    }
}

/// The call plans of a module, made once per function type.
#[derive(Default)]
pub struct PlanCache(RefCell<FxHashMap<CTypeId, Rc<CallPlan>>>);

impl PlanCache {
    /// The plan of `function_type`, made on first use from `types`.
    pub fn get(&self, types: &RefCell<CTypeTable>, function_type: CTypeId) -> Result<Rc<CallPlan>, Error> {
        if let Some(plan) = self.0.borrow().get(&function_type) {
            return Ok(plan.clone());
        }
        let plan = Rc::new(CallPlan::new(&types.borrow(), function_type).map_err(Error::message)?);
        self.0.borrow_mut().insert(function_type, plan.clone());
        Ok(plan)
    }
}
