#include "fixfw.h"
#include "guest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nft.h"
#include "rule.h"
#include "winrun.h"
#include "xdisplay.h"

static char script[16384], outer[24000], encoded[WINSCRIPT_MAX_ENCODED];

static int
run_nft(const struct fixfw_opts *o, const struct fw_rule *rule)
{
	struct textbuf t;
	char why[512], out[8192];

	textbuf_init(&t, script, sizeof(script));
	if (o->action == FIXFW_APPLY)
		nft_script(rule, 1, &t);
	else if (o->action == FIXFW_REMOVE)
		nft_remove_script(&t);
	else
		textbuf_printf(&t, "list table %s\n", NFT_TABLE);
	if (o->dry_run) {
		printf("# would run through libnftables:\n%s", script);
		return 0;
	}
	if (nft_run(script, out, sizeof(out), why, sizeof(why))) {
		if (o->action == FIXFW_REPORT && strstr(why, "No such file")) {
			printf("wslx: no wslx rules (table %s does not exist)\n",
			       NFT_TABLE);
			return 0;
		}
		guest_say("fix-firewall", "nftables: %s", why);
		return 1;
	}
	if (o->action == FIXFW_REPORT)
		fputs(out, stdout);
	else if (o->action == FIXFW_REMOVE)
		printf("wslx: removed table %s\n", NFT_TABLE);
	else {
		char from[SUBNET_STRLEN + 1];
		subnet_format(&rule->from, from, sizeof(from));
		printf("wslx: nftables: TCP %u accepted from %s only (table %s)\n",
		       rule->port, from, NFT_TABLE);
	}
	return 0;
}

static int
run_windows(const struct fixfw_opts *o, const struct fw_rule *rule, int mirrored)
{
	/* wslx-start.ps1 runs the X server on the display after wslx-host's. */
	unsigned xport =
	    o->xserver_port < 0 ? rule->port + 1u : (unsigned)o->xserver_port;
	struct winfw_opts w = {
	    rule, 1, mirrored, o->xserver,
	    o->action == FIXFW_APPLY && xport <= 65535 && xport != rule->port ? xport
	                                                                      : 0};
	struct textbuf t;
	char ps[4096], why[600];
	int status, elevated = 0;

	textbuf_init(&t, script, sizeof(script));
	if (o->action == FIXFW_APPLY)
		winscript_apply(&w, &t);
	else if (o->action == FIXFW_REMOVE)
		winscript_remove(&t);
	else
		winscript_report(&t);
	/* Changing rules needs elevation: one UAC prompt; reading them does not. */
	textbuf_init(&t, outer, sizeof(outer));
	if (o->action != FIXFW_REPORT)
		elevated = winscript_elevate(script, &t);
	else
		textbuf_printf(&t, "%s", script);
	if (elevated || t.overflow || winscript_encode(outer, encoded, sizeof(encoded))) {
		guest_say("fix-firewall", "the script is too long");
		return 1;
	}
	if (o->dry_run) {
		printf(
		    "# would run, elevated once through UAC, in Windows PowerShell:\n%s",
		    script);
		return 0;
	}
	if (winrun_find(ps, sizeof(ps), why, sizeof(why)) ||
	    winrun_run(ps, encoded, &status, why, sizeof(why))) {
		guest_say("fix-firewall", "%s", why);
		return 1;
	}
	if (status == 3) {
		fprintf(
		    stderr,
		    "wslx: fix-firewall: the UAC prompt was declined: nothing changed; run it again and answer Yes\n");
		return 3;
	}
	if (status != 0) {
		fprintf(
		    stderr,
		    "wslx: fix-firewall: PowerShell failed (exit %d): see its message above\n",
		    status);
		return 1;
	}
	return 0;
}

/*
 * ${from} is wider than the guest's subnet (or, when that is unknown, than
 * 172.16.0.0/12, the range WSL takes its subnets from).
 */
static int
too_wide(const struct guest *g, const struct subnet *from)
{
	if (g->ni.have_subnet && g->ni.mode != NET_MIRRORED)
		return from->prefix < g->ni.subnet.prefix;
	return from->prefix < 12;
}

int
fixfw_run(const struct fixfw_opts *o)
{
	struct guest *g = calloc(1, sizeof(*g));
	struct fw_rule rule = {0};
	char why[600];
	int windows, status = 1;

	if (!g)
		return 1;
	if (guest_gather(g, &o->g, 0, why, sizeof(why))) {
		guest_say("fix-firewall", "config: %s", why);
		goto out;
	}
	if (!o->backend && g->ni.wsl == 0) {
		/* Here (a VM, a container) the X port is on the host, not in us. */
		fprintf(
		    stderr,
		    "wslx: fix-firewall: this is not WSL, so the rule belongs on the host that runs wslx-host: start it there with --firewall nftables, or run wslx fix-firewall --backend nftables there; nothing changed\n");
		goto out;
	}
	windows = o->backend ? strcmp(o->backend, "windows") == 0 : 1;
	if (o->backend && !windows && strcmp(o->backend, "nftables") != 0) {
		fprintf(
		    stderr,
		    "wslx: fix-firewall: unknown backend '%s': use windows or nftables\n",
		    o->backend);
		status = 2;
		goto out;
	}
	rule.port = (uint16_t)(guest_has_handoff(g) && o->g.display < 0
	                           ? g->ho.port
	                           : xdisplay_port(g->display));
	if (o->subnet) {
		if (subnet_parse(o->subnet, &rule.from)) {
			fprintf(
			    stderr,
			    "wslx: fix-firewall: --subnet '%s' is not a CIDR such as 172.28.80.0/20\n",
			    o->subnet);
			status = 2;
			goto out;
		}
		if (!o->force && o->action == FIXFW_APPLY && too_wide(g, &rule.from)) {
			fprintf(
			    stderr,
			    "wslx: fix-firewall: --subnet %s is wider than this guest's own subnet: everything in it could reach the X port; give --force if that is meant\n",
			    o->subnet);
			status = 2;
			goto out;
		}
	} else if (g->ni.mode == NET_MIRRORED) {
		subnet_parse("127.0.0.0/8", &rule.from);
	} else if (g->ni.have_subnet) {
		rule.from = g->ni.subnet;
	} else if (o->action == FIXFW_APPLY) {
		fprintf(
		    stderr,
		    "wslx: fix-firewall: cannot tell this guest's subnet (no default route): give --subnet CIDR\n");
		goto out;
	}
	if (o->action == FIXFW_APPLY && fw_rule_validate(&rule, why, sizeof(why))) {
		guest_say("fix-firewall", "%s", why);
		goto out;
	}
	status = windows ? run_windows(o, &rule, g->ni.mode == NET_MIRRORED)
	                 : run_nft(o, &rule);
out:
	free(g);
	return status;
}
