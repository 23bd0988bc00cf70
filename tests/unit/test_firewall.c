#include "cm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nft.h"
#include "rule.h"
#include "winscript.h"

#ifndef GOLDEN
#define GOLDEN "tests/golden"
#endif

static char text[32768];

/* Compare with tests/golden/NAME; WSLX_UPDATE_GOLDEN=1 rewrites it instead. */
static void
golden(const char *name, const char *got)
{
	char path[512], want[32768];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN, name);
	if (getenv("WSLX_UPDATE_GOLDEN")) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		return;
	}
	f = fopen(path, "r");
	if (!f)
		fail_msg("missing golden file %s", path);
	n = fread(want, 1, sizeof(want) - 1, f);
	fclose(f);
	want[n] = '\0';
	if (strcmp(want, got) != 0)
		fail_msg("%s differs from what was generated:\n%s", path, got);
}

static struct fw_rule
rule(const char *cidr, uint16_t port)
{
	struct fw_rule r = {0};

	r.port = port;
	assert_int_equal(subnet_parse(cidr, &r.from), 0);
	return r;
}

static void
nft_scripts(void **state)
{
	struct fw_rule r[2];
	struct textbuf t;

	(void)state;
	r[0] = rule("172.30.96.0/20", 6000);
	r[1] = rule("172.30.96.0/20", 6001);
	snprintf(r[1].iface, sizeof(r[1].iface), "veth-wsl");
	textbuf_init(&t, text, sizeof(text));
	nft_script(r, 2, &t);
	assert_false(t.overflow);
	golden("nft-two-displays.nft", text);
	textbuf_init(&t, text, sizeof(text));
	nft_remove_script(&t);
	golden("nft-remove.nft", text);
}

static void
windows_scripts(void **state)
{
	struct fw_rule r[2];
	struct winfw_opts o = {r, 1, 0, XRULES_DISABLE, 6001};
	struct textbuf t;
	static char outer[24000];

	(void)state;
	r[0] = rule("172.30.96.0/20", 6000);
	r[1] = rule("172.30.96.0/20", 6001);
	textbuf_init(&t, text, sizeof(text));
	winscript_apply(&o, &t);
	golden("win-nat.ps1", text);
	/* wrapped for one UAC prompt */
	textbuf_init(&t, outer, sizeof(outer));
	assert_int_equal(winscript_elevate(text, &t), 0);
	golden("win-elevate.ps1", outer);
	/* a moved subnet: the same rule name, updated in place; others removed */
	r[0] = rule("172.25.0.0/16", 6000);
	o.xserver = XRULES_KEEP;
	textbuf_init(&t, text, sizeof(text));
	winscript_apply(&o, &t);
	golden("win-moved-keep.ps1", text);
	o.mirrored = 1;
	o.n = 2;
	o.xserver_port = 6002;
	r[0] = rule("127.0.0.0/8", 6000);
	r[1] = rule("127.0.0.0/8", 6001);
	o.xserver = XRULES_DISABLE;
	textbuf_init(&t, text, sizeof(text));
	winscript_apply(&o, &t);
	golden("win-mirrored-two.ps1", text);
	/* wslx-host following a moved subnet: its own rule only */
	r[0] = rule("172.25.0.0/16", 6000);
	textbuf_init(&t, text, sizeof(text));
	winscript_follow(r, &t);
	golden("win-host-follow.ps1", text);
	textbuf_init(&t, text, sizeof(text));
	winscript_remove(&t);
	golden("win-remove.ps1", text);
	textbuf_init(&t, text, sizeof(text));
	winscript_report(&t);
	golden("win-report.ps1", text);
}

static void
encoding(void **state)
{
	char out[64];
	struct winfw_opts o;
	struct fw_rule r = rule("172.30.96.0/20", 6000);
	struct textbuf t;
	static char enc[WINSCRIPT_MAX_ENCODED];
	static char outer[24000];

	(void)state;
	assert_int_equal(winscript_encode("a", out, sizeof(out)), 0);
	assert_string_equal(out, "YQA=");
	assert_int_equal(winscript_encode("abc", out, sizeof(out)), 0);
	assert_string_equal(out, "YQBiAGMA");
	assert_int_equal(winscript_encode("\xc3\xa9", out, sizeof(out)), -1);
	assert_int_equal(winscript_encode("abcdefgh", out, 8), -1);
	/* the largest script, wrapped for elevation, stays under the command-line limit
	 */
	o.rules = &r;
	o.n = 1;
	o.mirrored = 1;
	o.xserver = XRULES_DISABLE;
	o.xserver_port = 6001;
	textbuf_init(&t, text, sizeof(text));
	winscript_apply(&o, &t);
	textbuf_init(&t, outer, sizeof(outer));
	assert_int_equal(winscript_elevate(text, &t), 0);
	assert_int_equal(winscript_encode(outer, enc, sizeof(enc)), 0);
	/* nothing can end the here-string that holds the script, or leave ASCII */
	textbuf_init(&t, outer, sizeof(outer));
	assert_int_equal(winscript_elevate("Write-Output 1\n'@\ncalc\n", &t), -1);
	textbuf_init(&t, outer, sizeof(outer));
	assert_int_equal(winscript_elevate("'@\n", &t), -1);
	textbuf_init(&t, outer, sizeof(outer));
	assert_int_equal(winscript_elevate("Write-Output '\xc3\xa9'\n", &t), -1);
	textbuf_init(&t, out, sizeof(out));
	assert_int_equal(winscript_elevate("Write-Output 1\n", &t), -1);
}

static void
hostile_values_refused(void **state)
{
	struct fw_rule r = rule("10.0.0.0/8", 6000);
	char why[256];

	(void)state;
	assert_int_equal(fw_rule_validate(&r, why, sizeof(why)), 0);
	snprintf(r.iface, sizeof(r.iface), "eth0'; Remove-Item -Recurse C:\\");
	assert_int_equal(fw_rule_validate(&r, why, sizeof(why)), -1);
	snprintf(r.iface, sizeof(r.iface), "eth0\" drop");
	assert_int_equal(fw_rule_validate(&r, why, sizeof(why)), -1);
	r.iface[0] = '\0';
	r.port = 0;
	assert_int_equal(fw_rule_validate(&r, why, sizeof(why)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(nft_scripts),
	    cmocka_unit_test(windows_scripts),
	    cmocka_unit_test(encoding),
	    cmocka_unit_test(hostile_values_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
