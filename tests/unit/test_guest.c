/*
 * What the guest works out once from the handoff, read by env, show and doctor:
 * wslx-host's status, and the one subnet check (fixture machine wsl2-nat, whose
 * own subnet is 172.30.96.0/20).
 */
#include "cm.h"

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "guest.h"
#include "tmpdir.h"
#include "xauthfile.h"

/* A handoff in ${dir}: host.ini with ${body} after its [host] line, and a cookie. */
static void
write_handoff(const char *dir, const char *body)
{
	static const uint8_t cookie[X11_COOKIE_LEN] = {7};
	uint8_t bytes[256];
	size_t n = xauthfile_put_cookie(0, cookie, bytes, sizeof(bytes));
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/host.ini", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "[host]\ndisplay = 0\nport = 6000\nlisten = 172.30.96.1\n%s", body);
	fclose(f);
	snprintf(path, sizeof(path), "%s/cookie", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
}

static void
gather(struct guest *g, const char *dir)
{
	struct guest_opts o = {-1, dir, NULL, 0};
	char why[512];

	use_fixture("wsl2-nat");
	assert_int_equal(guest_gather(g, &o, 0, why, sizeof(why)), 0);
}

/* One verdict for env and doctor: a wider allowed subnet takes the guest. */
static void
subnet_verdicts(void **state)
{
	static const struct {
		const char *subnet;
		enum host_subnet want;
	} cases[] = {
	    {"subnet = 172.30.96.0/20\n", HOST_SUBNET_OK},
	    {"subnet = 172.16.0.0/12\n", HOST_SUBNET_OK}, /* wider: env said "restart" */
	    {"subnet = 172.30.96.0/24\n", HOST_SUBNET_OTHER}, /* narrower */
	    {"subnet = 172.31.16.0/20\n", HOST_SUBNET_OTHER}, /* after a renumber */
	    {"subnet = \n", HOST_SUBNET_UNKNOWN},
	};
	struct guest g;
	char text[80];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_handoff(*state, cases[i].subnet);
		gather(&g, *state);
		assert_int_equal(g.host, HOST_SERVING);
		assert_int_equal(g.host_subnet, cases[i].want);
	}
	write_handoff(*state, "subnet = 172.16.0.0/12\n");
	gather(&g, *state);
	guest_host_subnet_text(&g, text, sizeof(text));
	assert_string_equal(
	    text, "wslx-host allows 172.16.0.0/12, this guest is in 172.30.96.0/20");
}

/* host.ini's words map to the host's status; unknown words to explicit unknowns. */
static void
host_status_words(void **state)
{
	struct guest g;

	write_handoff(*state, "state = waiting\nfirewall = stale\n");
	gather(&g, *state);
	assert_int_equal(g.host, HOST_WAITING);
	assert_int_equal(g.ho.firewall, HANDOFF_FW_STALE);
	assert_false(guest_host_listens(&g));
	write_handoff(*state, "state = hibernating\nfirewall = sideways\n");
	gather(&g, *state);
	assert_int_equal(g.host, HOST_UNKNOWN);
	assert_int_equal(g.ho.firewall, HANDOFF_FW_UNKNOWN);
	assert_true(guest_host_listens(&g));
	write_handoff(*state, ""); /* an older host says neither */
	gather(&g, *state);
	assert_int_equal(g.host, HOST_SERVING);
	assert_int_equal(g.ho.firewall, HANDOFF_FW_UNSET);
	assert_string_equal(g.display_host, "172.30.96.1");
	assert_string_equal(g.display_host_why, "where wslx-host listens (host.ini)");
}

/* No host.ini: no handoff, the display from the gateway. */
static void
no_handoff(void **state)
{
	struct guest g;

	gather(&g, *state);
	assert_int_equal(g.host, HOST_NO_HANDOFF);
	assert_int_equal(g.host_subnet, HOST_SUBNET_UNKNOWN);
	assert_string_equal(g.display_host_why, "default gateway");
	assert_int_equal(g.display, 0);
}

/* The words of host.ini: the one table, both ways. */
static void
handoff_words(void **state)
{
	(void)state;
	for (int r = HANDOFF_SERVING; r < HANDOFF_RUN_UNKNOWN; r++)
		assert_int_equal(handoff_run_parse(handoff_run_word(r)), r);
	for (int f = HANDOFF_FW_UNSET; f < HANDOFF_FW_UNKNOWN; f++)
		assert_int_equal(handoff_fw_parse(handoff_fw_word(f)), f);
	assert_string_equal(handoff_fw_word(HANDOFF_FW_UPDATING), "updating");
	assert_int_equal(handoff_run_parse("serving"), HANDOFF_SERVING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(subnet_verdicts, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(host_status_words, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(no_handoff, tmpdir_setup, tmpdir_teardown),
	    cmocka_unit_test(handoff_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
