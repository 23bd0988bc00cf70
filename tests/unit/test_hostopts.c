#include "cm.h"

#include <stdio.h>
#include <string.h>

#include "hostopts.h"
#include "tmpdir.h"

static void
upstream_forms(void **state)
{
	struct endpoint ep;
	long d;

	(void)state;
	assert_int_equal(hostopts_parse_upstream(":1", &ep, &d), 0);
	assert_int_equal(ep.kind, ENDPOINT_UNIX);
	assert_string_equal(ep.path, "/tmp/.X11-unix/X1");
	assert_int_equal(d, 1);
	assert_int_equal(hostopts_parse_upstream("127.0.0.1:6001", &ep, &d), 0);
	assert_int_equal(ep.kind, ENDPOINT_TCP);
	assert_int_equal(ep.port, 6001);
	assert_int_equal(ep.addr, 0x7F000001u);
	assert_int_equal(hostopts_parse_upstream("unix:/run/x", &ep, &d), 0);
	assert_string_equal(ep.path, "/run/x");
	assert_int_equal(hostopts_parse_upstream("localhost:6001", &ep, &d), -1);
	assert_int_equal(hostopts_parse_upstream("1.2.3.4:0", &ep, &d), -1);
	assert_int_equal(hostopts_parse_upstream(":x", &ep, &d), -1);
	assert_int_equal(hostopts_parse_upstream("unix:", &ep, &d), -1);
}

static void
settings_and_conflicts(void **state)
{
	struct hostopts o;
	char why[256];

	(void)state;
	hostopts_defaults(&o);
	assert_int_equal(hostopts_check(&o, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no upstream"));
	assert_int_equal(hostopts_set(&o, "upstream", ":1", why, sizeof(why)), 0);
	assert_int_equal(hostopts_set(&o, "listen", "172.30.96.1:7000", why, sizeof(why)),
	                 0);
	assert_int_equal(o.port, 7000);
	assert_int_equal(hostopts_set(&o, "allow", "172.30.96.0/20", why, sizeof(why)),
	                 0);
	assert_int_equal(hostopts_set(&o, "allow", "172.30.96.1/20", why, sizeof(why)),
	                 -1);
	assert_non_null(strstr(why, "host bits"));
	assert_int_equal(hostopts_set(&o, "max-clients", "0", why, sizeof(why)), -1);
	assert_int_equal(hostopts_set(&o, "display", "99999999999", why, sizeof(why)),
	                 -1);
	assert_int_equal(hostopts_set(&o, "firewall", "iptables", why, sizeof(why)), -1);
	assert_int_equal(hostopts_check(&o, why, sizeof(why)), 0);
	assert_int_equal(hostopts_set(&o, "interface", "eth0", why, sizeof(why)), 0);
	assert_int_equal(hostopts_check(&o, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not both"));
}

static void
ini_file_same_keys(void **state)
{
	struct hostopts o;
	char why[256], path[512], *dir = tmpdir_new();
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/host.ini", dir);
	f = fopen(path, "w");
	fputs("[host]\nupstream = :3\ndisplay = 2\nallow = 10.0.0.0/8\nverbose = true\n",
	      f);
	fclose(f);
	hostopts_defaults(&o);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), 0);
	assert_int_equal(o.display, 2);
	assert_int_equal(o.nallow, 1);
	assert_int_equal(o.verbose, 1);
	f = fopen(path, "w");
	fputs("[host]\nupstream = :3\n\nalow = 10.0.0.0/8\n", f);
	fclose(f);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "host.ini:4: unknown setting 'alow'"));
	tmpdir_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(upstream_forms),
	    cmocka_unit_test(settings_and_conflicts),
	    cmocka_unit_test(ini_file_same_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
