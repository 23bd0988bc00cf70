#include "cm.h"

#include <string.h>

#include "subnet.h"

static void
parses_cidr_and_matches(void **state)
{
	struct subnet s;
	uint32_t a;
	char buf[SUBNET_STRLEN + 1];

	(void)state;
	assert_int_equal(subnet_parse("172.28.80.0/20", &s), 0);
	assert_int_equal(s.prefix, 20);
	assert_int_equal(ipv4_parse("172.28.95.255", &a), 0);
	assert_true(subnet_contains(&s, a));
	assert_int_equal(ipv4_parse("172.28.96.0", &a), 0);
	assert_false(subnet_contains(&s, a));
	subnet_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "172.28.80.0/20");
	assert_int_equal(subnet_parse("10.1.2.3", &s), 0);
	assert_int_equal(s.prefix, 32);
	assert_int_equal(subnet_parse("0.0.0.0/0", &s), 0);
	assert_true(subnet_contains(&s, 0xFFFFFFFFu));
}

static void
refuses_malformed(void **state)
{
	static const char *const bad[] = {
	    "",           "1.2.3",         "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33",
	    "1.2.3.4/",   "172.28.1.5/20", " 1.2.3.4",  "1.2.3.4 ",  "01234.1.1.1",
	    "1.2.3.4/-1", "+1.2.3.4",      "1..2.3",    "a.b.c.d",   "1.2.3.4/020x",
	};
	struct subnet s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(subnet_parse(bad[i], &s), -1);
}

static void
from_host_masks(void **state)
{
	struct subnet s;
	char buf[SUBNET_STRLEN + 1];

	(void)state;
	assert_int_equal(subnet_from_host(0xAC1E6001u, 20, &s), 0); /* 172.30.96.1 */
	subnet_format(&s, buf, sizeof(buf));
	assert_string_equal(buf, "172.30.96.0/20");
	assert_int_equal(subnet_from_host(1, 33, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_cidr_and_matches),
	    cmocka_unit_test(refuses_malformed),
	    cmocka_unit_test(from_host_masks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
