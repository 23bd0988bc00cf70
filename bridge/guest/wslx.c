/*
 * wslx: the guest side.  `env` and `show` run here, in a small static binary,
 * because `env` runs at every shell start; the commands that need libxcb,
 * libX11 or libnftables (doctor, test, fix-firewall) live in wslx-full, which
 * this program executes from beside itself or from ../libexec/wslx.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "parse.h"
#include "xdisplay.h"

#ifndef WSLX_VERSION
#define WSLX_VERSION "0.1"
#endif

static const char usage[] =
    "usage: wslx COMMAND [OPTIONS]\n"
    "\n"
    "Show Linux X11 programs from WSL2 on a Windows X server, safely.\n"
    "\n"
    "commands:\n"
    "  env           print shell commands that set DISPLAY and install the X cookie:\n"
    "                eval \"$(wslx env)\" in ~/.bashrc\n"
    "  show          print what was detected (WSL, networking, gateway, handoff)\n"
    "  doctor        check every link from this shell to the X server\n"
    "  test          open a small X window to prove the display works\n"
    "  fix-firewall  narrow the Windows firewall for the X port to this subnet\n"
    "\n"
    "exit status: 0 ok, 1 failed, 2 usage or configuration error\n"
    "`wslx COMMAND --help` for each command's options; man wslx for the rest.\n";

static const char env_usage[] =
    "usage: wslx env [--shell NAME] [--display N] [--host-dir DIR] [--unset]\n"
    "\n"
    "Print shell commands that set DISPLAY (and XAUTHORITY when configured) after\n"
    "installing wslx-host's cookie in the Xauthority file: eval \"$(wslx env)\".\n"
    "DISPLAY is printed whenever a display can be named; what else went wrong is\n"
    "one note on stderr.  When no display can be named, nothing is printed.\n"
    "  --shell NAME     the syntax to print (default: the shell that runs wslx,\n"
    "                   else $SHELL): %s\n"
    "  --display N      display number (default: the config's, else wslx-host's)\n"
    "  --host-dir DIR   wslx-host's handoff directory\n"
    "  --unset          print what undoes it: DISPLAY back to WSLg's :0 where WSLg\n"
    "                   is, else unset; XAUTHORITY unset when the config set it\n"
    "exit status: 0 ok, 1 no display can be named, 2 usage or configuration error\n";

static const char show_usage[] =
    "usage: wslx show [--display N] [--host-dir DIR]\n"
    "\n"
    "Print what was detected, one fact a line, and where each value came from.\n"
    "  --display N      display number (default: the config's, else wslx-host's)\n"
    "  --host-dir DIR   wslx-host's handoff directory\n"
    "exit status: 0 ok, 1 failed, 2 usage or configuration error\n";

/* Each command's options: the one definition --help, the man page, the README
 * and the completions are checked against (tests/e2e/42-cli-surface.sh). */
static const struct option env_opts[] = {
    {"shell", required_argument, NULL, 's'},    {"display", required_argument, NULL, 'd'},
    {"host-dir", required_argument, NULL, 'H'}, {"unset", no_argument, NULL, 'u'},
    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
};
static const struct option show_opts[] = {
    {"display", required_argument, NULL, 'd'},
    {"host-dir", required_argument, NULL, 'H'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int
parse_env_opts(int argc, char **argv, struct guest_opts *o)
{
	const int env = strcmp(argv[0], "env") == 0;
	int c;

	o->display = -1;
	optind = 1;
	opterr = 0; /* our own messages: getopt's would say "env: ...", as /usr/bin/env */
	while ((c = getopt_long(argc, argv, ":h", env ? env_opts : show_opts, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			o->shell = optarg;
			break;
		case 'u':
			o->unset = 1;
			break;
		case 'd':
			if (parse_number(optarg, 0, DISPLAY_MAX, &o->display)) {
				guest_say(
				    argv[0],
				    "--display: '%s' is not a display number (0-%ld)",
				    optarg, DISPLAY_MAX);
				return -1;
			}
			break;
		case 'H':
			o->host_dir = optarg;
			break;
		case 'h':
			if (env)
				printf(env_usage, shellenv_names(' '));
			else
				fputs(show_usage, stdout);
			exit(0);
		case ':':
			guest_say(argv[0], "%s needs a value; see wslx %s --help",
			          argv[optind - 1], argv[0]);
			return -1;
		default:
			guest_say(argv[0], "unknown option '%s'; see wslx %s --help",
			          argv[optind - 1], argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		guest_say(argv[0], "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	return 0;
}

/* Run wslx-full for the heavier commands, from beside us or ../libexec/wslx. */
static int
exec_full(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/wslx-full", self);
			execv(path, argv - 1);
			snprintf(path, sizeof(path), "%s/../libexec/wslx/wslx-full",
			         self);
			execv(path, argv - 1);
		}
	}
	guest_say(argv[0], "cannot run wslx-full: %s: reinstall wslx", strerror(errno));
	return 1;
}

int
main(int argc, char **argv)
{
	struct guest_opts o = {0};
	const char *cmd = argc > 1 ? argv[1] : "";

	if (strcmp(cmd, "env") == 0 || strcmp(cmd, "show") == 0) {
		if (parse_env_opts(argc - 1, argv + 1, &o))
			return 2;
		if (cmd[0] == 's')
			return guest_show(&o);
		return o.unset ? guest_env_unset(&o) : guest_env(&o);
	}
	if (strcmp(cmd, "doctor") == 0 || strcmp(cmd, "test") == 0 ||
	    strcmp(cmd, "fix-firewall") == 0)
		return exec_full(argv + 1);
	if (strcmp(cmd, "--version") == 0) {
		printf("wslx %s\n", WSLX_VERSION);
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (*cmd)
		fprintf(stderr, "wslx: unknown command '%s': try wslx --help\n", cmd);
	else
		fprintf(stderr, "wslx: no command given: try wslx --help\n");
	return 2;
}
