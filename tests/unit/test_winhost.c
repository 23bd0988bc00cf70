/*
 * The host's portable pieces on the platform layer: the handoff written through
 * platform layer (Windows: MoveFileEx), the Xauthority writer read back, the state
 * directory, options from an INI file.  Built for Linux and for Windows (wine).
 */
#include "cm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <direct.h>
#define rmdir _rmdir
#else
#include <unistd.h>
#endif

#include "handoff.h"
#include "hostopts.h"
#include "platform.h"
#include "xauthfile.h"

static char dir[512];

/* A private directory per test under the system's temporary folder, removed
 * afterwards, so no run leaves anything behind (in the checkout or elsewhere). */
static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
#ifdef _WIN32
	tmp = getenv("TEMP");
#endif
	snprintf(dir, sizeof(dir), "%s%cwslx-unit-%ld", tmp && *tmp ? tmp : "/tmp",
	         platform_path_sep, platform_pid());
	return platform_mkdir_private(dir);
}

static int
teardown(void **state)
{
	char path[600];
	const char *names[] = {HANDOFF_COOKIE, HANDOFF_INI};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, names[i]);
		platform_remove(path);
	}
	return rmdir(dir);
}

static void
handoff_files(void **state)
{
	struct handoff h = {0};
	char path[600];
	uint8_t buf[512], got[16];
	size_t n;

	(void)state;
	h.display = 0;
	snprintf(h.listen, sizeof(h.listen), "172.30.96.1");
	h.port = 6000;
	subnet_parse("172.30.96.0/20", &h.subnet);
	h.have_subnet = 1;
	snprintf(h.firewall, sizeof(h.firewall), "off");
	for (int i = 0; i < 16; i++)
		h.cookie[i] = (uint8_t)(0xA0 + i);
	assert_int_equal(handoff_write(dir, &h), 0);
	assert_int_equal(handoff_write(dir, &h), 0); /* replacing works too */
	snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, HANDOFF_COOKIE);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 2 + 2 + 2 + 1 + 2 + 18 + 2 + 16);
	assert_int_equal(xauthfile_find_cookie(buf, n, 0, got), 0);
	assert_memory_equal(got, h.cookie, 16);
	snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, HANDOFF_INI);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf) - 1, &n), 0);
	buf[n] = '\0';
	assert_non_null(strstr((char *)buf, "subnet = 172.30.96.0/20\n"));
	assert_int_equal(platform_touch(path), 0);
	handoff_remove(dir);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf), &n), -1);
}

static void
options_from_ini(void **state)
{
	struct hostopts o;
	char path[600], why[300];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s%chost.ini", dir, platform_path_sep);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[host]\nupstream = :1\ndisplay = 3\nallow = 172.16.0.0/12\n", f);
	fclose(f);
	hostopts_defaults(&o);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), 0);
	assert_int_equal(o.display, 3);
	assert_int_equal(o.upstream_display, 1);
	assert_int_equal(o.nallow, 1);
	f = fopen(path, "w");
	fputs("[host]\nupstrem = :1\n", f);
	fclose(f);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "unknown setting 'upstrem'"));
	platform_remove(path);
}

static void
state_dir_named(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(platform_default_state_dir(buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "wslx"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(handoff_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(options_from_ini, setup, teardown),
	    cmocka_unit_test(state_dir_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
