#include "cm.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fixture.h"
#include "tmpdir.h"

/* A home of its own with ${text} as its wslx.ini; config_load's result. */
static int
load_text(const char *home, const char *text, struct config *c, char *why, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.config", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/.config/wslx", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/.config/wslx/wslx.ini", home);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	setenv("HOME", home, 1);
	setenv("WSLX_SYSROOT", home, 1); /* no /etc/wslx.conf there */
	unsetenv("XDG_CONFIG_HOME");
	return config_load(c, why, len);
}

static void
paths_and_values(void **state)
{
	const char *home = *state;
	struct config c;
	char why[512], want[600];

	assert_int_equal(load_text(home, "[wslx]\nxauthority = ~/.Xauth\nhost_dir = ~\n",
	                           &c, why, sizeof(why)),
	                 0);
	snprintf(want, sizeof(want), "%s/.Xauth", home);
	assert_string_equal(c.xauthority, want);
	assert_string_equal(c.host_dir, home);
	assert_int_equal(
	    load_text(home, "shell = /usr/local/bin/bash\n", &c, why, sizeof(why)), 0);
	assert_string_equal(c.shell, "/usr/local/bin/bash");
	assert_int_equal(load_text(home, "host_dir = state/wslx\n", &c, why, sizeof(why)),
	                 -1);
	assert_non_null(strstr(
	    why,
	    "host_dir must be an absolute path (or start with ~/), not 'state/wslx'"));
	assert_int_equal(
	    load_text(home, "host_dir = C:\\Users\\me\n", &c, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "is a Windows path"));
	assert_int_equal(load_text(home, "shell = nushell\n", &c, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "unknown shell 'nushell'"));
	assert_int_equal(load_text(home, "display = 0 # zero\n", &c, why, sizeof(why)),
	                 -1);
	assert_non_null(strstr(why, "not '0 # zero'"));
}

/* A NUL byte, and a directory where the file should be: said, not skipped. */
static void
not_text_files(void **state)
{
	const char *home = *state;
	struct config c;
	char why[512], path[512];
	FILE *f;

	assert_int_equal(load_text(home, "", &c, why, sizeof(why)), 0);
	snprintf(path, sizeof(path), "%s/.config/wslx/wslx.ini", home);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite("[wslx]\nquiet = tr\0ue\n", 1, 20, f);
	fclose(f);
	assert_int_equal(config_load(&c, why, sizeof(why)), -1);
	if (!strstr(why, "wslx.ini:2: a NUL byte"))
		fail_msg("got '%s'", why);
	remove(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(config_load(&c, why, sizeof(why)), -1);
	if (!strstr(why, "wslx.ini: is a directory"))
		fail_msg("got '%s'", why);
	rmdir(path);
}

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
	    cmocka_unit_test_setup_teardown(paths_and_values, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(not_text_files, tmpdir_setup,
	                                    tmpdir_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
