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
    "evidence and the fix.  Changes nothing.\n"
    "exit status: 0 no check failed, 1 a check failed, 2 usage or configuration error\n";
static const char test_usage[] =
    "usage: wslx test [--seconds N] [--display N] [--host-dir DIR]\n"
    "Open a small X window showing the display and the round-trip time, for N\n"
    "seconds (default 5) or until a key or click: on $DISPLAY when it is set,\n"
    "else (or with --display) on the display wslx env would set.\n"
    "exit status: 0 the window was shown, 1 it could not be, 2 usage error\n";
static const char fixfw_usage[] =
    "usage: wslx fix-firewall [--dry-run] [--backend windows|nftables] [--display N]\n"
    "                         [--subnet CIDR [--force]] [--xserver-rules disable|keep]\n"
    "                         [--xserver-port PORT] [--remove | --report]\n"
    "                         [--host-dir DIR]\n"
    "Allow the X port from exactly this WSL subnet and nothing wider.  On WSL the\n"
    "Windows firewall is changed through PowerShell with one UAC prompt.  Elsewhere\n"
    "the rule belongs on the host that runs wslx-host: run it there with --backend.\n"
    "--subnet wider than this guest's own subnet needs --force.\n"
    "The X server's own port (--xserver-port, default the X port + 1, where\n"
    "wslx-start.ps1 runs it; 0: none) is blocked from every remote address:\n"
    "wslx-host reaches it over loopback, which the firewall does not filter.\n"
    "--xserver-rules: Xming's, VcXsrv's and wslx-host's own Allow rules (and\n"
    "wslx-host's Block rules) are disabled (default), or kept as they are.\n"
    "exit status: 0 done, 1 failed, 2 usage error, 3 the UAC prompt was declined\n";

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

/* Every option of every command; each command's table takes only its own. */
#define OPT_HELP                                                                         \
	{                                                                                \
		"help", no_argument, NULL, 'h'                                           \
	}
#define OPT_DISPLAY                                                                      \
	{                                                                                \
		"display", required_argument, NULL, O_DISPLAY                            \
	}
#define OPT_HOSTDIR                                                                      \
	{                                                                                \
		"host-dir", required_argument, NULL, O_HOSTDIR                           \
	}
#define OPT_END                                                                          \
	{                                                                                \
		NULL, 0, NULL, 0                                                         \
	}

static const struct option doctor_opts[] = {
    {"json", no_argument, NULL, O_JSON}, OPT_DISPLAY, OPT_HOSTDIR, OPT_HELP, OPT_END};
static const struct option test_opts[] = {{"seconds", required_argument, NULL, O_SECONDS},
                                          OPT_DISPLAY,
                                          OPT_HOSTDIR,
                                          OPT_HELP,
                                          OPT_END};
static const struct option fixfw_opts[] = {
    {"dry-run", no_argument, NULL, O_DRY},
    {"backend", required_argument, NULL, O_BACKEND},
    {"subnet", required_argument, NULL, O_SUBNET},
    {"force", no_argument, NULL, O_FORCE},
    {"xserver-rules", required_argument, NULL, O_XRULES},
    {"xserver-port", required_argument, NULL, O_XPORT},
    {"remove", no_argument, NULL, O_REMOVE},
    {"report", no_argument, NULL, O_REPORT},
    OPT_DISPLAY,
    OPT_HOSTDIR,
    OPT_HELP,
    OPT_END};

/* What the command line asked for, whichever command. */
struct args {
	struct fixfw_opts f; /* f.g: what every command takes */
	long seconds;
	int json;
};

static int run_doctor(struct args *a);
static int run_test(struct args *a);
static int run_fixfw(struct args *a);

static const struct command {
	const char *name;
	const char *usage;
	const struct option *opts;
	int (*run)(struct args *a);
} commands[] = {
    {"doctor", doctor_usage, doctor_opts, run_doctor},
    {"test", test_usage, test_opts, run_test},
    {"fix-firewall", fixfw_usage, fixfw_opts, run_fixfw},
};

static int
bad(const char *cmd, const char *what, const char *value)
{
	guest_say(cmd, "%s '%s'; see wslx %s --help", what, value, cmd);
	return 2;
}

/* --xserver-rules: disable or keep. */
static int
take_xrules(const char *cmd, const char *arg, struct fixfw_opts *f)
{
	if (strcmp(arg, "disable") == 0)
		f->xserver = XRULES_DISABLE;
	else if (strcmp(arg, "keep") == 0)
		f->xserver = XRULES_KEEP;
	else if (strcmp(arg, "narrow") == 0)
		/* Narrowed, the X server's own port stays open to WSL. */
		return bad(
		    cmd,
		    "--xserver-rules narrow is gone (it left the X server's own port open, beside wslx-host): use disable or keep, not",
		    arg);
	else
		return bad(cmd, "--xserver-rules takes disable or keep, not", arg);
	return 0;
}

/* One option's value into ${a}: 0, or the exit status of a usage error. */
static int
take_option(const char *cmd, int c, const char *arg, struct args *a)
{
	struct fixfw_opts *f = &a->f;

	switch (c) {
	case O_JSON:
		a->json = 1;
		break;
	case O_DISPLAY:
		if (parse_number(arg, 0, DISPLAY_MAX, &f->g.display))
			return bad(cmd, "--display needs a number, not", arg);
		break;
	case O_HOSTDIR:
		f->g.host_dir = arg;
		break;
	case O_SECONDS:
		if (parse_number(arg, 0, 3600, &a->seconds))
			return bad(cmd, "--seconds needs 0 to 3600, not", arg);
		break;
	case O_DRY:
		f->dry_run = 1;
		break;
	case O_FORCE:
		f->force = 1;
		break;
	case O_BACKEND:
		f->backend = arg;
		break;
	case O_SUBNET:
		f->subnet = arg;
		break;
	case O_XRULES:
		return take_xrules(cmd, arg, f);
	case O_XPORT:
		if (parse_number(arg, 0, 65535, &f->xserver_port))
			return bad(cmd, "--xserver-port needs 0 to 65535, not", arg);
		break;
	case O_REMOVE:
	case O_REPORT:
		if (f->action != FIXFW_APPLY)
			return bad(cmd, "give --remove or --report, not both:",
			           c == O_REMOVE ? "--remove" : "--report");
		f->action = c == O_REMOVE ? FIXFW_REMOVE : FIXFW_REPORT;
		break;
	}
	return 0;
}

static int
run_doctor(struct args *a)
{
	return doctor_run(&a->f.g, a->json);
}

static int
run_test(struct args *a)
{
	/* The display wslx env would set, unless this shell already has one. */
	const char *env = getenv("DISPLAY");
	char display[96];

	if (a->f.g.display >= 0 || !env || !*env) {
		if (guest_display(&a->f.g, display, sizeof(display))) {
			guest_say("test", "cannot tell the display: run wslx doctor");
			return 1;
		}
	} else {
		snprintf(display, sizeof(display), "%s", env);
	}
	return xwindow_test(display, (int)a->seconds);
}

static int
run_fixfw(struct args *a)
{
	return fixfw_run(&a->f);
}

int
main(int argc, char **argv)
{
	struct args a = {
	    {{-1, NULL, NULL, 0}, FIXFW_APPLY, 0, NULL, NULL, XRULES_DISABLE, -1, 0},
	    5,
	    0};
	const char *name = argc > 1 ? argv[1] : "";
	const struct command *cmd = NULL;
	int c, r;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "wslx: unknown command '%s': try wslx --help\n", name);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", cmd->opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(cmd->usage, stdout);
			return 0;
		}
		if (c == '?' || c == ':') {
			fputs(cmd->usage, stderr);
			return 2;
		}
		if ((r = take_option(name, c, optarg, &a)) != 0)
			return r;
	}
	if (optind < argc)
		return bad(name, "unexpected argument", argv[optind]);
	return cmd->run(&a);
}
