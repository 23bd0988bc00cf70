#ifndef WSLX_GUEST_H
#define WSLX_GUEST_H

#include <limits.h>
#include <stddef.h>

#include "config.h"
#include "handoff.h"
#include "netinfo.h"
#include "shellenv.h"

/* What the guest's commands were asked for on the command line. */
struct guest_opts {
	long display; /* -1: from the handoff, the config, else 0 */
	const char *host_dir;
	const char *shell;
};

/* Everything the guest knows: settings, network, handoff, display. */
struct guest {
	struct config cfg;
	struct netinfo ni;
	int wslg; /* WSLg present (/mnt/wslg or WAYLAND_DISPLAY) */
	int have_host_dir;
	char host_dir[PATH_MAX];
	const char *host_dir_origin;
	int handoff_state; /* 0: read, 1: none there, -1: unreadable */
	struct handoff ho;
	long ho_age;
	char ho_why[512];
	long display;
	char display_host[64]; /* "" when none could be found */
	const char *display_host_why;
	char xauth[PATH_MAX];
};

/*
 * guest_gather(g, o, may_discover, why, whylen):
 * Load the config, detect the network, find and read the handoff, and choose the
 * display host: the config's display_host, else 127.0.0.1 in mirrored mode or on
 * WSL1 (never "localhost", which may resolve to ::1), else the default gateway,
 * else a usable resolv.conf nameserver.  Returns 0, or -1 (config error) with ${why}.
 */
int guest_gather(struct guest *g, const struct guest_opts *o, int may_discover, char *why,
                 size_t whylen);

/*
 * guest_env(o):
 * `wslx env`: print the shell commands that set DISPLAY (and XAUTHORITY when
 * configured) after installing the handoff cookie; on any failure print nothing
 * on stdout and one line on stderr.  Returns the exit status.
 */
int guest_env(const struct guest_opts *o);

/*
 * guest_display(o, buf, len):
 * The DISPLAY that `wslx env` would print ("HOST:N"), into ${buf}.  Returns 0,
 * or -1 when it cannot be told (no host found, a config error).
 */
int guest_display(const struct guest_opts *o, char *buf, size_t len);

/* guest_show(o): `wslx show`: what was detected, one fact a line.  Exit status. */
int guest_show(const struct guest_opts *o);

#endif
