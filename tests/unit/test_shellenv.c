#include "cm.h"

#include <stdio.h>
#include <string.h>

#include "shellenv.h"

static void
kinds(void **state)
{
	enum shell_kind k;

	(void)state;
	assert_int_equal(shellenv_kind("/bin/bash", &k), 0);
	assert_int_equal(k, SHELL_SH);
	assert_int_equal(shellenv_kind("-zsh", &k), 0);
	assert_int_equal(k, SHELL_SH);
	assert_int_equal(shellenv_kind("/usr/bin/fish", &k), 0);
	assert_int_equal(k, SHELL_FISH);
	assert_int_equal(shellenv_kind("tcsh", &k), 0);
	assert_int_equal(k, SHELL_CSH);
	assert_int_equal(shellenv_kind("powershell", &k), -1);
}

static void
quoting(void **state)
{
	char buf[512];

	(void)state;
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_SH, "X", "a'b $c", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "X='a'\\''b $c'; export X;\n");
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_FISH, "X", "a'b\\c", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "set -gx X 'a\\'b\\\\c';\n");
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_CSH, "X", "1.2.3.4:0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "setenv X '1.2.3.4:0';\n");
	assert_int_equal(shellenv_set(SHELL_CSH, "X", "a\nb", buf, sizeof(buf)), -1);
	/* a newline stays inside the quotes for sh and fish */
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_SH, "X", "a\nb $(x) `y`", buf, sizeof(buf)),
	                 0);
	assert_string_equal(buf, "X='a\nb $(x) `y`'; export X;\n");
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_FISH, "X", "a\n$b", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "set -gx X 'a\n$b';\n");
	assert_int_equal(shellenv_set(SHELL_CSH, "X", "a!b", buf, sizeof(buf)), -1);
	buf[0] = '\0';
	assert_int_equal(shellenv_set(SHELL_SH, "X", "0123456789", buf, 12), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(kinds),
	    cmocka_unit_test(quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
