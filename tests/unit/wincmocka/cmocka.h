/*
 * The part of cmocka's interface that wslx's portable unit tests use, for the
 * mingw-w64 build (Debian ships no cmocka for it).  Same names, same output
 * lines ("[  PASSED  ] N test(s).", "[  FAILED  ] ..."), so the tests are the
 * same source on both platforms.
 */
#ifndef WSLX_WINCMOCKA_H
#define WSLX_WINCMOCKA_H

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);
struct CMUnitTest {
	const char *name;
	CMUnitTestFunction test_func;
	CMFixtureFunction setup_func, teardown_func;
	void *initial_state;
};

#define cmocka_unit_test(f)                                                              \
	{                                                                                \
#f, f, NULL, NULL, NULL                                                  \
	}
#define cmocka_unit_test_setup_teardown(f, s, t)                                         \
	{                                                                                \
#f, f, s, t, NULL                                                        \
	}

static jmp_buf wincm_jump;
static void
wincm_fail(const char *file, int line, const char *msg)
{
	printf("[  ERROR   ] --- %s:%d: %s\n", file, line, msg);
	longjmp(wincm_jump, 1);
}
#define WINCM_CHECK(cond, msg)                                                           \
	do {                                                                             \
		if (!(cond))                                                             \
			wincm_fail(__FILE__, __LINE__, msg);                             \
	} while (0)
#define assert_true(c) WINCM_CHECK((c), #c)
#define assert_false(c) WINCM_CHECK(!(c), "!(" #c ")")
#define assert_int_equal(a, b) WINCM_CHECK((intmax_t)(a) == (intmax_t)(b), #a " == " #b)
#define assert_string_equal(a, b) WINCM_CHECK(strcmp((a), (b)) == 0, #a " eq " #b)
#define assert_memory_equal(a, b, n)                                                     \
	WINCM_CHECK(memcmp((a), (b), (n)) == 0, #a " mem " #b)
#define assert_non_null(p) WINCM_CHECK((p) != NULL, #p " != NULL")
#define assert_null(p) WINCM_CHECK((p) == NULL, #p " == NULL")
#define assert_ptr_equal(a, b)                                                           \
	WINCM_CHECK((const void *)(a) == (const void *)(b), #a " == " #b)
#define fail_msg(...)                                                                    \
	do {                                                                             \
		printf(__VA_ARGS__);                                                     \
		printf("\n");                                                            \
		wincm_fail(__FILE__, __LINE__, "fail_msg");                              \
	} while (0)

static int
wincm_run(const struct CMUnitTest *t, size_t n)
{
	volatile size_t failed = 0;

	printf("[==========] Running %u test(s).\n", (unsigned)n);
	for (size_t i = 0; i < n; i++) {
		void *volatile state = t[i].initial_state;
		printf("[ RUN      ] %s\n", t[i].name);
		if (setjmp(wincm_jump) == 0) {
			if (t[i].setup_func && t[i].setup_func((void **)&state))
				wincm_fail(__FILE__, __LINE__, "setup failed");
			t[i].test_func((void **)&state);
			if (t[i].teardown_func)
				t[i].teardown_func((void **)&state);
			printf("[       OK ] %s\n", t[i].name);
		} else {
			/* As cmocka does: a failed test still gets its teardown. */
			if (t[i].teardown_func && setjmp(wincm_jump) == 0)
				t[i].teardown_func((void **)&state);
			failed++;
			printf("[  FAILED  ] %s\n", t[i].name);
		}
	}
	printf("[==========] %u test(s) run.\n", (unsigned)n);
	printf("[  PASSED  ] %u test(s).\n", (unsigned)(n - failed));
	if (failed)
		printf("[  FAILED  ] %u test(s).\n", (unsigned)failed);
	return (int)failed;
}
#define cmocka_run_group_tests(t, s, d) wincm_run((t), sizeof(t) / sizeof((t)[0]))

#endif
