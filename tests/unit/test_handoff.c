#include "cm.h"

#include <sys/stat.h>

#include "handoff.h"
#include "tmpdir.h"

static void
round_trip(void **state)
{
	struct handoff h = {0}, r;
	char why[512], path[512];
	struct stat st;
	long age;

	h.display = 2;
	snprintf(h.listen, sizeof(h.listen), "172.30.96.1");
	h.port = 6002;
	subnet_parse("172.30.96.0/20", &h.subnet);
	h.have_subnet = 1;
	h.firewall = HANDOFF_FW_STALE;
	h.pid = 42;
	h.generation = 3;
	for (int i = 0; i < 16; i++)
		h.cookie[i] = (uint8_t)(i * 7);
	assert_int_equal(handoff_write(*state, &h), 0);
	snprintf(path, sizeof(path), "%s/cookie", (char *)*state);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(handoff_read(*state, &r, &age, why, sizeof(why)), 0);
	assert_int_equal(r.display, 2);
	assert_string_equal(r.listen, "172.30.96.1");
	assert_int_equal(r.port, 6002);
	assert_int_equal(r.subnet.prefix, 20);
	assert_int_equal(r.firewall, HANDOFF_FW_STALE);
	assert_int_equal(r.generation, 3);
	assert_memory_equal(r.cookie, h.cookie, 16);
	assert_true(age >= 0 && age < 5);
	handoff_remove(*state);
	assert_int_equal(handoff_read(*state, &r, &age, why, sizeof(why)), 1);
}

static void
malformed_is_an_error(void **state)
{
	char why[512], path[512];
	struct handoff r;
	long age;
	FILE *f;

	snprintf(path, sizeof(path), "%s/host.ini", (char *)*state);
	f = fopen(path, "w");
	fputs("[host]\ndisplay = 1\nport = 99999\n", f);
	fclose(f);
	assert_int_equal(handoff_read(*state, &r, &age, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "host.ini:3: bad value for port"));
	f = fopen(path, "w");
	fputs("[host]\ndisplay = 1\nport = 6001\n", f);
	fclose(f);
	assert_int_equal(handoff_read(*state, &r, &age, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cookie: cannot read"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(round_trip, tmpdir_setup, tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(malformed_is_an_error, tmpdir_setup,
	                                    tmpdir_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
