#include "cm.h"

#include <string.h>

#include "fixture.h"
#include "netinfo.h"

static void
addr_is(uint32_t got, const char *want)
{
	char buf[16];

	ipv4_format(got, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
wsl_from_release(void **state)
{
	(void)state;
	assert_int_equal(netinfo_wsl_from_release("4.4.0-19041-Microsoft"), 1);
	assert_int_equal(netinfo_wsl_from_release("5.15.167.4-microsoft-standard-WSL2"),
	                 2);
	assert_int_equal(netinfo_wsl_from_release("6.6.87.2-microsoft-standard-WSL2+"),
	                 2);
	assert_int_equal(netinfo_wsl_from_release("6.1.0-28-amd64"), 0);
}

static void
nat_lowest_metric_and_subnet(void **state)
{
	struct netinfo ni;
	char s[SUBNET_STRLEN + 1];

	(void)state;
	use_fixture("wsl2-nat");
	netinfo_detect(&ni);
	assert_int_equal(ni.wsl, 2);
	assert_string_equal(ni.wsl_why, "kernel release");
	assert_int_equal(ni.mode, NET_NAT);
	assert_true(ni.have_gateway);
	addr_is(ni.gateway, "172.30.96.1");
	assert_string_equal(ni.iface, "eth0");
	assert_true(ni.have_subnet);
	subnet_format(&ni.subnet, s, sizeof(s));
	assert_string_equal(s, "172.30.96.0/20");
}

static void
down_interface_is_skipped(void **state)
{
	struct netinfo ni;

	(void)state;
	use_fixture("wsl2-nat-eth0-down");
	netinfo_detect(&ni);
	addr_is(ni.gateway, "192.168.1.1");
	assert_string_equal(ni.iface, "eth1");
}

static void
mirrored_and_wsl1(void **state)
{
	struct netinfo ni;

	(void)state;
	use_fixture("wsl2-mirrored");
	netinfo_detect(&ni);
	assert_int_equal(ni.mode, NET_MIRRORED);
	use_fixture("wsl1");
	netinfo_detect(&ni);
	assert_int_equal(ni.wsl, 1);
}

static void
custom_kernel_no_route(void **state)
{
	struct netinfo ni;

	(void)state;
	use_fixture("custom-noroute");
	netinfo_detect(&ni);
	assert_int_equal(ni.wsl, 2);
	assert_string_equal(ni.wsl_why, "WSLInterop binfmt entry");
	assert_false(ni.have_gateway);
	use_fixture("plain-linux");
	netinfo_detect(&ni);
	assert_int_equal(ni.wsl, 0);
	addr_is(ni.gateway, "192.168.2.1"); /* malformed lines skipped */
	assert_false(ni.have_subnet);
}

static void
resolv_rule(void **state)
{
	uint32_t a;

	(void)state;
	assert_int_equal(netinfo_resolv_host("nameserver 10.255.255.254\n", &a), -1);
	assert_int_equal(
	    netinfo_resolv_host("nameserver 127.0.0.53\nnameserver ::1\n", &a), -1);
	assert_int_equal(
	    netinfo_resolv_host(
	        "# x\nnameserver 10.255.255.254\n  nameserver 172.22.32.1 \n", &a),
	    0);
	addr_is(a, "172.22.32.1");
	assert_int_equal(netinfo_resolv_host("", &a), -1);
}

static int
never_up(void *user, const char *iface)
{
	(void)user;
	(void)iface;
	return 0;
}

static void
routes_empty_or_all_down(void **state)
{
	uint32_t gw;
	char iface[16];
	struct subnet link;

	(void)state;
	assert_int_equal(
	    netinfo_parse_routes("", NULL, NULL, &gw, iface, sizeof(iface), &link), 0);
	assert_int_equal(netinfo_parse_routes(
	                     "Iface\teth0\t00000000\t01601EAC\t0003\t0\t0\t0\t00000000\n",
	                     NULL, NULL, &gw, iface, sizeof(iface), &link),
	                 0);
	assert_int_equal(
	    netinfo_parse_routes("eth0\t00000000\t01601EAC\t0003\t0\t0\t0\t00000000\n",
	                         never_up, NULL, &gw, iface, sizeof(iface), &link),
	    0);
	/* flags without UP: ignored */
	assert_int_equal(
	    netinfo_parse_routes("eth0\t00000000\t01601EAC\t0002\t0\t0\t0\t00000000\n",
	                         NULL, NULL, &gw, iface, sizeof(iface), &link),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(wsl_from_release),
	    cmocka_unit_test(nat_lowest_metric_and_subnet),
	    cmocka_unit_test(down_interface_is_skipped),
	    cmocka_unit_test(mirrored_and_wsl1),
	    cmocka_unit_test(custom_kernel_no_route),
	    cmocka_unit_test(resolv_rule),
	    cmocka_unit_test(routes_empty_or_all_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
