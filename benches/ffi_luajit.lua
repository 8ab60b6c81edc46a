-- The LuaJIT side of `cargo bench --bench ffi`: the workloads of
-- benches/ffi.luau, written as LuaJIT-FFI code does, against the same C
-- library. Run as `luajit -joff ffi_luajit.lua FIXTURES ITERATIONS ROUNDS`
-- by benches/ffi.rs, which sends one command per line on stdin:
--   version            -> the LuaJIT version
--   select ID ...      -> warms up the cases it has among those, "ok ID ..."
--   run ID N           -> runs case ID once with N iterations, keeps its best time, "ok"
--   report             -> "results ID NS ..." (net ns per operation)
--   quit
-- Timing: clock_gettime(CLOCK_MONOTONIC), the clock Luau's os.clock reads.

local ffi = require("ffi")
local FIXTURES, ITERATIONS = arg[1], tonumber(arg[2])

ffi.cdef([[
int add(int a, int b);
double mixp(int a, double b, long c, double d, const int *p, int e);
size_t strlen(const char *s);
typedef struct { double x, y; } vec2;
vec2 vec2_scale(vec2 v, double k);
int snprintf(char *str, size_t size, const char *format, ...);
typedef struct { int x, y; } point;
typedef int (*int_compare)(const int *, const int *);
void qsort(void *base, size_t nmemb, size_t size, int_compare compar);
typedef int (*void_compare)(const void *, const void *);
void qsort_void(void *base, size_t nmemb, size_t size, void_compare compar) __asm__("qsort");
int call_n_times(int (*cb)(int), int n);
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *tp);
]])
local lib = ffi.load(FIXTURES .. "/libcalls.so")
local callbacks = ffi.load(FIXTURES .. "/libcallbacks.so")

local now
do
	local ts = ffi.new("bench_timespec")
	local CLOCK_MONOTONIC = 1
	now = function()
		ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
		return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
	end
end

local cases = {}
local function case(id, run, opts)
	cases[id] = { run = run, opts = opts or {} }
end

case("empty", function(n)
	for i = 1, n do
	end
end)

-- Calls.
case("call.local", function(n)
	local f = lib.add
	for i = 1, n do
		f(i, 1)
	end
end)
case("call.namespace", function(n)
	for i = 1, n do
		lib.add(i, 1)
	end
end)
local box = ffi.new("int[1]", 7)
case("call.mixed", function(n)
	local f = lib.mixp
	for i = 1, n do
		f(i, 0.5, 3, 1.5, box, 2)
	end
end)
case("call.strlen", function(n)
	local strlen = ffi.C.strlen
	for i = 1, n do
		strlen("hello world")
	end
end)
case("call.struct", function(n)
	local f = lib.vec2_scale
	local v = ffi.new("vec2", 1, 2)
	for i = 1, n do
		f(v, 2)
	end
end, { iterations = ITERATIONS / 4 })
local snprintfOut = ffi.new("char[64]")
case("call.snprintf", function(n)
	local snprintf = ffi.C.snprintf
	local out = snprintfOut
	for i = 1, n do
		snprintf(out, 64, "%g %s %g", i, "x", 1.5)
	end
end, { iterations = ITERATIONS / 4 })

-- cdata access.
case("field.read", function(n)
	local p = ffi.new("point")
	local x
	for i = 1, n do
		x = p.x
	end
end)
case("field.write", function(n)
	local p = ffi.new("point")
	for i = 1, n do
		p.x = i
	end
end)
case("array.read", function(n)
	local a = ffi.new("int[100]")
	local x
	for i = 1, n do
		x = a[i % 100]
	end
end)
case("array.write", function(n)
	local a = ffi.new("int[100]")
	for i = 1, n do
		a[i % 100] = i
	end
end)
case("int64.add", function(n)
	local x = ffi.new("int64_t", 1)
	local y
	for i = 1, n do
		y = x + x
	end
end)

-- Making values.
case("new.string", function(n)
	local new = ffi.new
	local v
	for i = 1, n do
		v = new("vec2")
	end
end)
case("new.ctype", function(n)
	local V = ffi.typeof("vec2")
	local v
	for i = 1, n do
		v = V()
	end
end)
local castSource = ffi.new("int[100]")
case("cast.string", function(n)
	local cast = ffi.cast
	local arr = castSource
	local p
	for i = 1, n do
		p = cast("int *", arr)
	end
end)
local stringSource = ffi.new("char[64]", "hello world!")
case("string", function(n)
	local string = ffi.string
	local buf = stringSource
	local s
	for i = 1, n do
		s = string(buf, 12)
	end
end)

-- Callbacks: per comparator invocation inside libc qsort.
local M = 20000
local source = {}
local seed = 42
for i = 1, M do
	seed = (seed * 1103515245 + 12345) % 2147483648
	source[i] = seed % 100000
end
local comparisons = 0
do
	local counting = ffi.cast("int_compare", function(a, b)
		comparisons = comparisons + 1
		return a[0] - b[0]
	end)
	local array = ffi.new("int[?]", M, source)
	ffi.C.qsort(array, M, 4, counting)
	counting:free()
end
local function perComparison(n)
	return comparisons * math.max(1, math.floor(n / M))
end
local function sortedInput()
	local data = ffi.new("int[?]", M)
	for i = 1, M do
		data[i - 1] = source[i]
	end
	return data
end
local SORTS = { iterations = M * 5, operations = perComparison, noEmptyLoop = true }
local compareTyped = ffi.cast("int_compare", function(a, b)
	return a[0] - b[0]
end)
case("qsort.typed", function(n)
	local qsort = ffi.C.qsort
	for _ = 1, math.max(1, math.floor(n / M)) do
		qsort(sortedInput(), M, 4, compareTyped)
	end
end, SORTS)
local compareVoid = ffi.cast("void_compare", function(a, b)
	return ffi.cast("const int *", a)[0] - ffi.cast("const int *", b)[0]
end)
case("qsort.cast", function(n)
	local qsort = ffi.C.qsort_void
	for _ = 1, math.max(1, math.floor(n / M)) do
		qsort(sortedInput(), M, 4, compareVoid)
	end
end, SORTS)
local identity = ffi.cast("int (*)(int)", function(i)
	return i
end)
case("callback.int", function(n)
	callbacks.call_n_times(identity, n)
end, { iterations = 200000, noEmptyLoop = true })

-- The protocol.
local best = {}
local ran = {}
local function reply(line)
	io.write(line, "\n")
	io.flush()
end
for line in io.lines() do
	local command, rest = line:match("^(%S+)%s*(.*)$")
	if command == "version" then
		reply(jit.version)
	elseif command == "select" then
		local have = {}
		for id in rest:gmatch("%S+") do
			if cases[id] then
				cases[id].run(1000) -- warm up: resolve symbols, make callbacks
				best[id] = math.huge
				have[#have + 1] = id
			end
		end
		reply("ok " .. table.concat(have, " "))
	elseif command == "run" then
		local id, n = rest:match("^(%S+)%s+(%d+)$")
		n = tonumber(n)
		local start = now()
		cases[id].run(n)
		local seconds = now() - start
		if seconds < best[id] then
			best[id] = seconds
		end
		ran[id] = n
		reply("ok")
	elseif command == "report" then
		local out = { "results" }
		local empty = best.empty
		for id, seconds in pairs(best) do
			local c, n = cases[id], ran[id]
			if n and id ~= "empty" then
				local net = seconds
				if not c.opts.noEmptyLoop then
					net = net - empty * n / ITERATIONS
				end
				local ops = c.opts.operations and c.opts.operations(n) or n
				out[#out + 1] = id
				out[#out + 1] = string.format("%.3f", net / ops * 1e9)
			end
		end
		reply(table.concat(out, " "))
	elseif command == "quit" then
		break
	end
end
