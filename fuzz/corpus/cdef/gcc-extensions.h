/* What real headers and LuaJIT programs write beyond the basic subset. */
typedef float _Complex cf_t; typedef double _Complex cd_t; typedef long double _Complex cl_t;
complex c1; complex float c2; _Complex c3; int _Complex ci;
typedef int reg_t __attribute__ ((__mode__ (__word__)));
typedef unsigned int u8_t __attribute__ ((__mode__ (__QI__)));
typedef int ti_t __attribute__ ((mode (TI)));
typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__ ((mode (V4SF)));
typedef int al8 __attribute__((aligned(8)));
typedef int arr_al[3] __attribute__((aligned(32)));
typedef __declspec(align(16)) int ds16;
int *__ptr32 p32; int *__ptr64 p64;
enum E { A, B __attribute__((deprecated("x"))) = 2, C };
_Atomic int at1; _Atomic(long) at2;
_Noreturn void ex(int);
int regexec(const void *__restrict p, unsigned long n, int m[__restrict n], int e);
void sa(int a[static 10], int b[const], int c[*]);
_Float128 f128(_Float128); __float128 g128; _Float64x f64x; _Float32 f32; _Float64 f64; _Float32x f32x;
__int128 i128; unsigned __int128 u128; __int128_t i128t; __uint128_t u128t;
struct with_va { int n; va_list ap; __builtin_va_list bap; __gnuc_va_list gap; };
void rf(int &r, const char (&s)[4]);
struct refs { int &a; double &&b; };
void *malloc(unsigned long); int malloc(float);
struct foo typedef foo; typedef struct bar foo;
struct foo { double d; }; struct wrap { struct foo; int after; };
struct statics { int a; static const int K = 5; };
extern struct statics ext;
enum { FROM_EXT = ext.K, FROM_PTR = ((struct statics *)0)->K, SZ = sizeof("aa" "bb"),
       OFF = (int)&((struct wrap *)0)->after, OFF2 = __builtin_offsetof(struct wrap, after),
       AV = __alignof__(void), CAST = (unsigned char)300 };
static inline float inl(float x) { return x * 1.0f + 2.5e3 + 0x1p3 + .5 + 'ab'; }
unsig\
ned int conti\
nued;
