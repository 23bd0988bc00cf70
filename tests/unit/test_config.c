#include "cm.h"

#include <string.h>

#include "config.h"
#include "fixture.h"

static void
later_file_wins(void **state)
{
	struct config c;
	char why[512];

	(void)state;
	use_fixture("config-ok");
	assert_int_equal(config_load(&c, why, sizeof(why)), 0);
	assert_int_equal(c.display, 4);
	assert_string_equal(c.display_host, "172.22.32.1");
	assert_string_equal(c.shell, "fish");
	assert_int_equal(c.quiet, 1);
}

static void
missing_files_are_fine(void **state)
{
	struct config c;
	char why[512];

	(void)state;
	use_fixture("no-such-fixture");
	assert_int_equal(config_load(&c, why, sizeof(why)), 0);
	assert_int_equal(c.display, -1);
	assert_string_equal(c.display_host, "");
}

static void
error_is(const char *fixture, const char *file, const char *text)
{
	struct config c;
	char why[512];

	use_fixture(fixture);
	assert_int_equal(config_load(&c, why, sizeof(why)), -1);
	if (!strstr(why, file) || !strstr(why, text))
		fail_msg("fixture %s: got '%s', want '%s' and '%s'", fixture, why, file,
		         text);
}

static void
errors_name_file_and_line(void **state)
{
	(void)state;
	error_is("config-typo", "/etc/wslx.conf:4:", "unknown key 'disply_host'");
	error_is("config-badsection", "/etc/wslx.conf:2:", "unknown section [server]");
	error_is("config-badvalue",
	         "wslx.ini:3:", "display_host must be an IPv4 address");
	error_is("config-syntax", "/etc/wslx.conf:1:", "syntax error");
	error_is("config-longline", "/etc/wslx.conf:2:", "longer than");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(later_file_wins),
	    cmocka_unit_test(missing_files_are_fine),
	    cmocka_unit_test(errors_name_file_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
