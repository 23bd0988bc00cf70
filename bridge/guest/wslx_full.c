/*
 * wslx-full: the guest commands that need libxcb, libX11 or libnftables
 * (doctor, test, fix-firewall).  `wslx` runs it; see wslx.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "guest.h"
#include "fixfw.h"
#include "parse.h"
#include "xdisplay.h"
#include "xwindow.h"

static const char doctor_usage[] =
    "usage: wslx doctor [--json] [--display N] [--host-dir DIR]\n"
    "Check every link from this shell to the X server; print ok/warn/fail with\n"
    "evidence and the fix.  Changes nothing.  Exit status 1 when a check failed.\n";
static const char test_usage[] =
    "usage: wslx test [--seconds N] [--display N] [--host-dir DIR]\n"
    "Open a small X window showing the display and the round-trip time, for N\n"
    "seconds (default 5) or until a key or click: on $DISPLAY when it is set,\n"
    "else (or with --display) on the display wslx env would set.\n";
static const char fixfw_usage[] =
    "usage: wslx fix-firewall [--dry-run] [--backend windows|nftables] [--display N]\n"
    "                         [--subnet CIDR [--force]] [--xserver-rules disable|keep]\n"
    "                         [--xserver-port PORT] [--remove | --report]\n"
    "Allow the X port from exactly this WSL subnet and nothing wider.  On WSL the\n"
    "Windows firewall is changed through PowerShell with one UAC prompt.  Elsewhere\n"
    "the rule belongs on the host that runs wslx-host: run it there with --backend.\n"
    "--subnet wider than this guest's own subnet needs --force.\n"
    "The X server's own port (--xserver-port, default the X port + 1, where\n"
    "wslx-start.ps1 runs it; 0: none) is blocked from every remote address:\n"
    "wslx-host reaches it over loopback, which the firewall does not filter.\n"
    "--xserver-rules: Xming's, VcXsrv's and wslx-host's own Allow rules (and\n"
    "wslx-host's Block rules) are disabled (default), or kept as they are.\n"
    "Exit status: 0 done, 1 failed, 2 usage, 3 the UAC prompt was declined.\n";

enum {
	O_JSON = 256,
	O_DISPLAY,
	O_HOSTDIR,
	O_FORCE,
	O_SECONDS,
	O_DRY,
	O_BACKEND,
	O_SUBNET,
	O_XRULES,
	O_XPORT,
	O_REMOVE,
	O_REPORT
};

static int
bad(const char *cmd, const char *what, const char *value)
{
	fprintf(stderr, "wslx: %s: %s '%s'; see wslx %s --help\n", cmd, what, value, cmd);
	return 2;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, O_JSON},
	    {"display", required_argument, NULL, O_DISPLAY},
	    {"host-dir", required_argument, NULL, O_HOSTDIR},
	    {"seconds", required_argument, NULL, O_SECONDS},
	    {"dry-run", no_argument, NULL, O_DRY},
	    {"backend", required_argument, NULL, O_BACKEND},
	    {"subnet", required_argument, NULL, O_SUBNET},
	    {"xserver-rules", required_argument, NULL, O_XRULES},
	    {"xserver-port", required_argument, NULL, O_XPORT},
	    {"remove", no_argument, NULL, O_REMOVE},
	    {"report", no_argument, NULL, O_REPORT},
	    {"force", no_argument, NULL, O_FORCE},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct fixfw_opts f = {{-1, NULL, NULL}, FIXFW_APPLY, 0, NULL, NULL,
	                       XRULES_DISABLE,   -1,          0};
	const char *cmd = argc > 1 ? argv[1] : "";
	char display[96];
	const char *usage = strcmp(cmd, "doctor") == 0 ? doctor_usage
	                    : strcmp(cmd, "test") == 0 ? test_usage
	                                               : fixfw_usage;
	long seconds = 5;
	int json = 0, c;

	if (strcmp(cmd, "doctor") && strcmp(cmd, "test") && strcmp(cmd, "fix-firewall")) {
		fprintf(stderr, "wslx: unknown command '%s': try wslx --help\n", cmd);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case O_JSON:
			json = 1;
			break;
		case O_DISPLAY:
			if (parse_number(optarg, 0, DISPLAY_MAX, &f.g.display))
				return bad(cmd, "--display needs a number, not", optarg);
			break;
		case O_HOSTDIR:
			f.g.host_dir = optarg;
			break;
		case O_SECONDS:
			if (parse_number(optarg, 0, 3600, &seconds))
				return bad(cmd, "--seconds needs 0 to 3600, not", optarg);
			break;
		case O_DRY:
			f.dry_run = 1;
			break;
		case O_FORCE:
			f.force = 1;
			break;
		case O_BACKEND:
			f.backend = optarg;
			break;
		case O_SUBNET:
			f.subnet = optarg;
			break;
		case O_XRULES:
			if (strcmp(optarg, "disable") == 0)
				f.xserver = XRULES_DISABLE;
			else if (strcmp(optarg, "keep") == 0)
				f.xserver = XRULES_KEEP;
			else if (strcmp(optarg, "narrow") == 0)
				/* Narrowed, the X server's own port stays open to WSL. */
				return bad(
				    cmd,
				    "--xserver-rules narrow is gone (it left the X server's own port open, beside wslx-host): use disable or keep, not",
				    optarg);
			else
				return bad(cmd,
				           "--xserver-rules takes disable or keep, not",
				           optarg);
			break;
		case O_XPORT:
			if (parse_number(optarg, 0, 65535, &f.xserver_port))
				return bad(cmd, "--xserver-port needs 0 to 65535, not",
				           optarg);
			break;
		case O_REMOVE:
		case O_REPORT:
			if (f.action != FIXFW_APPLY)
				return bad(cmd, "give --remove or --report, not both:",
				           argv[optind - 1]);
			f.action = c == O_REMOVE ? FIXFW_REMOVE : FIXFW_REPORT;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc)
		return bad(cmd, "unexpected argument", argv[optind]);
	if (cmd[0] == 'd')
		return doctor_run(&f.g, json);
	if (cmd[0] == 't') {
		/* The display wslx env would set, unless this shell already has one. */
		const char *env = getenv("DISPLAY");
		if (f.g.display >= 0 || !env || !*env) {
			if (guest_display(&f.g, display, sizeof(display))) {
				fprintf(
				    stderr,
				    "wslx: test: cannot tell the display: run wslx doctor\n");
				return 1;
			}
		} else {
			snprintf(display, sizeof(display), "%s", env);
		}
		return xwindow_test(display, (int)seconds);
	}
	return fixfw_run(&f);
}
