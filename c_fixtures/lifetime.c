/* A library only tests/luau/library_lifetime.luau loads: had garbage
 * collection unloaded it, each value below would point into unmapped memory. */
int lifetime_add(int a, int b) { return a + b; }
const char *lifetime_name(void) { return "still mapped"; }
const char *const lifetime_words[3] = {"one", "two", "three"};
int lifetime_counter = 7;
