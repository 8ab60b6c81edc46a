#ifdef _WIN32
#define EXPORT __declspec(dllexport)
#else
#define EXPORT
#endif

EXPORT int add(int a) {
    return a + a;
}

EXPORT double get_pi() {
    return 3.14159265358979;
}

EXPORT const char* get_greeting() {
    return "Hello from C!";
}
