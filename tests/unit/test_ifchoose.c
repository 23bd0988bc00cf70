#include "cm.h"

#include <stdio.h>
#include <string.h>

#include "ifchoose.h"
#include "subnet.h"

/* What GetAdaptersAddresses gives on a typical machine, WSL running. */
static const struct adapter machine[] = {
    {"Ethernet", 1, 0xC0A80117u, 24},                           /* 192.168.1.23 */
    {"vEthernet (Default Switch)", 1, 0xAC17E001u, 20},         /* 172.23.224.1 */
    {"vEthernet (WSL)", 0, 0xAC1B0001u, 20},                    /* down: an old one */
    {"vEthernet (WSL (Hyper-V firewall))", 1, 0xAC1E6001u, 20}, /* 172.30.96.1 */
    {"Loopback Pseudo-Interface 1", 1, 0x7F000001u, 8},
};
#define N (sizeof(machine) / sizeof(machine[0]))

static void
chooses_the_wsl_adapter(void **state)
{
	const struct adapter *a;
	struct subnet s;
	char buf[SUBNET_STRLEN + 1];

	(void)state;
	a = ifchoose_by_name(machine, N, "vEthernet (WSL*");
	assert_non_null(a);
	assert_string_equal(a->name, "vEthernet (WSL (Hyper-V firewall))");
	subnet_from_host(a->addr, a->prefix, &s);
	subnet_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "172.30.96.0/20");
	assert_null(
	    ifchoose_by_name(machine, N, "vEthernet (WSL)")); /* exact name, but down */
	assert_null(
	    ifchoose_by_name(machine, 2, "vEthernet (WSL*")); /* WSL not started */
	assert_true(ifchoose_match("Ethernet", "Ethernet"));
	assert_false(ifchoose_match("Ethernet", "Ethernet 2"));
}

static void
follows_a_renumbered_list(void **state)
{
	struct adapter after[N];
	const struct adapter *a;

	(void)state;
	memcpy(after, machine, sizeof(after));
	after[3].addr = 0xAC100001u; /* WSL restarted: 172.16.0.1/12 */
	after[3].prefix = 12;
	a = ifchoose_by_name(after, N, "vEthernet (WSL*");
	assert_int_equal(a->addr, 0xAC100001u);
	assert_int_equal(a->prefix, 12);
	a = ifchoose_by_addr(after, N, 0xAC100001u);
	assert_non_null(a);
	assert_string_equal(a->name, "vEthernet (WSL (Hyper-V firewall))");
	assert_null(
	    ifchoose_by_addr(after, N, 0xAC1E6001u)); /* the old address is gone */
	assert_null(ifchoose_by_addr(after, N, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(chooses_the_wsl_adapter),
	    cmocka_unit_test(follows_a_renumbered_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
