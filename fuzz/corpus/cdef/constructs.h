/* comments */ // line
#define IGNORED 1
typedef unsigned int uint;
typedef struct node node_t;
struct node { int value; node_t *next; };
typedef int (*compare_fn)(const void *, const void *);
struct handlers { compare_fn cmp; void (*log)(const char *msg, ...); };
enum { FLAG_A = 1 << 0, FLAG_B = 1 << 3, FLAG_AB = FLAG_A | FLAG_B, CHAR_Z = 'z', SIZE_OF_INT = sizeof(int) };
static const int LIMIT = 10 * 4 + 2 ? -1 >> 1 : 0x7fffffffu;
struct __attribute__((packed)) packed_t { char c; int i; };
struct aligned_t { char c; int i __attribute__((aligned(16))); };
#pragma pack(push, 1)
struct pragma_packed { char c; double d; };
#pragma pack(pop)
struct bits { unsigned a : 3, b : 5; unsigned : 0; unsigned c : 1; long long d : 40; };
int matrix_sum(int m[3][4]);
extern int some_variable;
void *__cdecl with_convention(void);
int renamed(int) __asm__("abs");
int volatile *const restrict_ptr(int *__restrict p);
struct flex { int n; char data[]; };
struct vla { int n; double d[?]; };
union u { struct { int a, b; }; double d; char raw[sizeof(double)]; };
typedef int (*(*fp_array)[3])(int (*)(void), ...);
__declspec(align(8)) struct ds { char c; };
static inline int ignored_body(int x) { return x + 1; }
enum __attribute__((packed)) small { S1 = 200 };
typedef struct big { char a[0x1000]; struct { int x; } anon; } big_t;
