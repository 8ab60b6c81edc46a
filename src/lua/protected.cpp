// Protected calls of the Luau C API functions that can raise (see protected.rs).
//
// Luau (built as C++ by mlua) raises errors as C++ exceptions. One that reaches
// a Rust frame aborts the process, so every API function luau-ffi calls that
// can raise is called here, inside a try block: a raised error is caught right
// where it was thrown, kept (the exception itself, so that its status survives:
// a memory error stays one), and reported to Rust as a failure. The module's
// guard raises it again once every Rust value of the C function is dropped
// (luauffi_raise_pending).
//
// Only std::exception is caught (Luau's lua_exception derives from it): a
// forced unwind (thread cancellation) is not an error and must pass.

#include <atomic>
#include <cstddef>
#include <exception>
#include <utility>

extern "C" {
struct lua_State;
typedef int (*lua_CFunction)(lua_State*);
typedef int (*lua_Continuation)(lua_State*, int);
typedef void (*lua_Destructor)(lua_State*, void*);

// Luau 0.740's prototypes (lua.h, lualib.h), declared here so that the file
// builds without Luau's headers (a module-mode build has none).
void* lua_newuserdatataggedwithmetatable(lua_State* L, size_t sz, int tag);
void* lua_newuserdatatagged(lua_State* L, size_t sz, int tag);
void* lua_newuserdatadtor(lua_State* L, size_t sz, lua_Destructor dtor);
void* lua_newbuffer(lua_State* L, size_t sz);
void lua_pushlstring(lua_State* L, const char* s, size_t len);
void lua_createtable(lua_State* L, int narray, int nrec);
void lua_clonetable(lua_State* L, int idx);
void lua_pushcclosurek(lua_State* L, lua_CFunction fn, const char* debugname, int nup, lua_Continuation cont);
void lua_rawsetfield(lua_State* L, int idx, const char* k);
void lua_rawset(lua_State* L, int idx);
void lua_rawseti(lua_State* L, int idx, int n);
int lua_rawgetfield(lua_State* L, int idx, const char* k);
int lua_setmetatable(lua_State* L, int objindex);
int lua_ref(lua_State* L, int idx);
int lua_checkstack(lua_State* L, int size);

// Non-raising helpers for keeping the error value (within the stack room a C
// function has; see keep_error_value).
int lua_gettop(lua_State* L);
void lua_settop(lua_State* L, int idx);
int lua_type(lua_State* L, int idx);
void lua_pushvalue(lua_State* L, int idx);
void lua_pushnil(lua_State* L);
void lua_pushboolean(lua_State* L, int b);
void lua_pushlightuserdatatagged(lua_State* L, void* p, int tag);
int lua_rawget(lua_State* L, int idx);

// Luau 0.740's direct field getters (lua.h, "Direct field API"), declared weak:
// a host built from another Luau may lack them, and the module must still load
// (then every field read takes `__index`).
typedef void (*lua_UserdataDirectFieldGet)(void* ud, void* result);
__attribute__((weak)) void lua_registeruserdatadirectfieldget(
    lua_State* L, int tag, const char* field, lua_UserdataDirectFieldGet fn);
__attribute__((weak)) void lua_userdatadirectfield_setnumber(void* result, double n);
__attribute__((weak)) void lua_userdatadirectfield_setboolean(void* result, int b);
}

namespace {

const int LUA_TNIL = 0;

// The exception of the last failed call on this thread, until it is raised again.
thread_local std::exception_ptr pending;

// Where its error value is (a LUA_ERRRUN's is at the top of the stack when
// Luau throws; a memory error has none, and what is kept then is ignored).
enum class Kept { Nothing, InSlot, Nil };
thread_local Kept kept = Kept::Nothing;

// LUA_REGISTRYINDEX of this build (mlua sets LUAI_MAXCSTACK), given by Rust.
std::atomic<int> registry_index{0};

// Its address keys the registry slot that holds the error value between the
// failure and the raise, out of reach of the stack clean-up in between.
char slot_key;

void push_slot_key(lua_State* L) {
    lua_pushlightuserdatatagged(L, &slot_key, 0);
}

// Copies the value at the top into the slot, when this state has one (made by
// luauffi_prepare, so the store allocates nothing). Pushing may itself raise
// when the failure left the stack at its limit: the value then stays where it is.
void keep_error_value(lua_State* L) noexcept {
    kept = Kept::Nothing;
    int registry = registry_index.load(std::memory_order_relaxed);
    if (registry == 0 || lua_gettop(L) == 0)
        return;
    int top = lua_gettop(L);
    try {
        if (lua_type(L, -1) == LUA_TNIL) {
            kept = Kept::Nil; // storing nil would delete the slot
            return;
        }
        push_slot_key(L);
        if (lua_rawget(L, registry) == LUA_TNIL) {
            lua_settop(L, top); // no slot in this state yet
            return;
        }
        lua_settop(L, top);
        push_slot_key(L);
        lua_pushvalue(L, top);
        lua_rawset(L, registry); // an existing key: no allocation
        kept = Kept::InSlot;
    } catch (std::exception&) {
        lua_settop(L, top);
    }
}

void caught(lua_State* L) noexcept {
    pending = std::current_exception();
    keep_error_value(L);
}

} // namespace

#define LUAUFFI_PROTECTED(call) \
    try { \
        call; \
        return 0; \
    } catch (std::exception&) { \
        caught(L); \
        return 1; \
    }

// For the allocating calls that return the new block: NULL when Luau raised.
#define LUAUFFI_PROTECTED_BLOCK(call) \
    try { \
        return call; \
    } catch (std::exception&) { \
        caught(L); \
        return nullptr; \
    }

extern "C" {

// Records this build's LUA_REGISTRYINDEX (the same for every state).
void luauffi_configure(int registry) {
    registry_index.store(registry, std::memory_order_relaxed);
}

// Makes the error value slot of this state (once). 0 on success.
int luauffi_prepare(lua_State* L) {
    int registry = registry_index.load(std::memory_order_relaxed);
    LUAUFFI_PROTECTED({
        push_slot_key(L);
        if (lua_rawget(L, registry) == LUA_TNIL) {
            lua_settop(L, -2);
            push_slot_key(L);
            lua_pushboolean(L, 0);
            lua_rawset(L, registry);
        } else {
            lua_settop(L, -2);
        }
    })
}

// A new userdata of `tag`, or NULL when Luau raised (the hot path of cdata:
// Luau never returns NULL for a block).
void* luauffi_new_tagged(lua_State* L, size_t size, int tag) {
    LUAUFFI_PROTECTED_BLOCK(lua_newuserdatataggedwithmetatable(L, size, tag))
}

// A new userdata of `tag` without the tag's metatable (the caller sets one).
void* luauffi_new_tagged_bare(lua_State* L, size_t size, int tag) {
    LUAUFFI_PROTECTED_BLOCK(lua_newuserdatatagged(L, size, tag))
}

// Whether the host's Luau has the direct field getters (see above).
int luauffi_has_field_getters() {
    return lua_registeruserdatadirectfieldget != nullptr && lua_userdatadirectfield_setnumber != nullptr
        && lua_userdatadirectfield_setboolean != nullptr;
}

// Registers `fn` as the getter of `field` for userdata of `tag` (interns and
// pins the name, may grow the tag's dispatch table). Only after
// luauffi_has_field_getters said yes.
int luauffi_register_field_getter(lua_State* L, int tag, const char* field, lua_UserdataDirectFieldGet fn) {
    LUAUFFI_PROTECTED(lua_registeruserdatadirectfieldget(L, tag, field, fn))
}

// A getter's result (these write one value into the VM's slot and cannot raise).
void luauffi_field_number(void* result, double n) {
    lua_userdatadirectfield_setnumber(result, n);
}

void luauffi_field_boolean(void* result, int b) {
    lua_userdatadirectfield_setboolean(result, b);
}

void* luauffi_new_userdata_dtor(lua_State* L, size_t size, lua_Destructor dtor) {
    LUAUFFI_PROTECTED_BLOCK(lua_newuserdatadtor(L, size, dtor))
}

void* luauffi_new_buffer(lua_State* L, size_t size) {
    LUAUFFI_PROTECTED_BLOCK(lua_newbuffer(L, size))
}

int luauffi_push_lstring(lua_State* L, const char* s, size_t len) {
    LUAUFFI_PROTECTED(lua_pushlstring(L, s, len))
}

int luauffi_create_table(lua_State* L, int narray, int nrec) {
    LUAUFFI_PROTECTED(lua_createtable(L, narray, nrec))
}

int luauffi_clone_table(lua_State* L, int idx) {
    LUAUFFI_PROTECTED(lua_clonetable(L, idx))
}

int luauffi_push_closure(lua_State* L, lua_CFunction fn, const char* debugname, int nup) {
    LUAUFFI_PROTECTED(lua_pushcclosurek(L, fn, debugname, nup, nullptr))
}

int luauffi_raw_set_field(lua_State* L, int idx, const char* k) {
    LUAUFFI_PROTECTED(lua_rawsetfield(L, idx, k))
}

int luauffi_raw_set(lua_State* L, int idx) {
    LUAUFFI_PROTECTED(lua_rawset(L, idx))
}

int luauffi_raw_set_index(lua_State* L, int idx, int n) {
    LUAUFFI_PROTECTED(lua_rawseti(L, idx, n))
}

int luauffi_raw_get_field(lua_State* L, int idx, const char* k, int* type) {
    LUAUFFI_PROTECTED(*type = lua_rawgetfield(L, idx, k))
}

int luauffi_set_metatable(lua_State* L, int idx) {
    LUAUFFI_PROTECTED(lua_setmetatable(L, idx))
}

int luauffi_ref(lua_State* L, int idx, int* ref) {
    LUAUFFI_PROTECTED(*ref = lua_ref(L, idx))
}

int luauffi_check_stack(lua_State* L, int size, int* ok) {
    LUAUFFI_PROTECTED(*ok = lua_checkstack(L, size))
}

// Whether a caught error waits to be raised again on this thread.
int luauffi_has_pending(void) {
    return pending != nullptr;
}

// Raises the caught error again, unchanged: the same exception, with its
// error value back at the top of the stack. Only from a C function's guard,
// whose stack is abandoned (so there is room for the value). Returns only when
// nothing is pending.
void luauffi_raise_pending(lua_State* L) {
    if (!pending)
        return;
    std::exception_ptr error = std::move(pending);
    pending = nullptr;
    Kept where = kept;
    kept = Kept::Nothing;
    int registry = registry_index.load(std::memory_order_relaxed);
    if (where == Kept::InSlot) {
        lua_settop(L, 0);
        push_slot_key(L);
        lua_rawget(L, registry);
        push_slot_key(L);
        lua_pushboolean(L, 0);
        lua_rawset(L, registry); // the slot exists: no allocation
    } else if (where == Kept::Nil) {
        lua_settop(L, 0);
        lua_pushnil(L);
    }
    std::rethrow_exception(error);
}

} // extern "C"
