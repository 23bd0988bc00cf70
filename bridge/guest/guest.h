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
	int unset; /* env --unset: undo what env sets */
};

/* What the handoff says of wslx-host, worked out once (guest_gather). */
enum host_status {
	HOST_NO_HANDOFF, /* no handoff directory known, or no host.ini in it */
	HOST_UNREADABLE, /* a handoff that cannot be read: ho_why says why */
	HOST_UNTRUSTED,  /* a handoff others can write: not believed (ho_why) */
	HOST_GONE,       /* host.ini not updated for HANDOFF_STALE_S: not running */
	HOST_WAITING,    /* running, not listening: its interface has no address */
	HOST_PORT_TAKEN, /* running, not listening: another program holds its port */
	HOST_UNKNOWN,    /* running, in a state this version does not know */
	HOST_SERVING,    /* running and listening */
};

/* Whether wslx-host's allowed subnet takes this guest's (NAT mode only). */
enum host_subnet {
	HOST_SUBNET_UNKNOWN, /* not NAT, or a subnet unknown on either side */
	HOST_SUBNET_OK,      /* the guest's subnet lies inside the allowed one */
	HOST_SUBNET_OTHER,   /* it does not: wslx-host follows another adapter */
};

/* Everything the guest knows: settings, network, handoff, display. */
struct guest {
	struct config cfg;
	struct netinfo ni;
	int wslg; /* WSLg present (/mnt/wslg or WAYLAND_DISPLAY) */
	int have_host_dir;
	char host_dir[PATH_MAX];
	const char *host_dir_origin;
	struct handoff ho; /* as read, unless host is NO_HANDOFF or UNREADABLE */
	long ho_age;
	char ho_why[512];
	enum host_status host;
	int ho_windows; /* the handoff is on a Windows filesystem (DrvFs): modes tell
	                   nothing */
	enum host_subnet host_subnet;
	long display;
	const char *display_why; /* where the number came from */
	char display_host[64];   /* "" when none could be found */
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

/* guest_has_handoff(g): a handoff was read, whatever its age and state. */
int guest_has_handoff(const struct guest *g);

/*
 * guest_host_listens(g):
 * Non-zero when the handoff is live and does not say wslx-host is not
 * listening: SERVING, or a state of a newer host (its address is worth a try).
 */
int guest_host_listens(const struct guest *g);

/*
 * guest_wslg_kept(g):
 * Non-zero when `wslx env` leaves WSLg's DISPLAY alone: WSLg is present and no
 * live wslx-host (no handoff, or a gone one) offers anything better.
 */
int guest_wslg_kept(const struct guest *g);

/* guest_host_subnet_text(g, buf, len): "allows A/N, this guest is in B/M". */
void guest_host_subnet_text(const struct guest *g, char *buf, size_t len);

/*
 * guest_say(cmd, fmt, ...):
 * One line on stderr, "wslx: ${cmd}: " and the message: the form of every
 * error and note of the guest's commands (${cmd} "note" for a note).
 */
void guest_say(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * guest_env(o):
 * `wslx env`: print the shell commands that set DISPLAY (and XAUTHORITY when
 * configured) after installing the handoff cookie; on any failure print nothing
 * on stdout and one line on stderr.  Returns the exit status.
 */
int guest_env(const struct guest_opts *o);

/*
 * guest_env_unset(o):
 * `wslx env --unset`: print the shell commands that undo what `wslx env` set:
 * DISPLAY back to WSLg's :0 where WSLg is present, else unset; XAUTHORITY
 * unset when the config sets it.  Returns the exit status.
 */
int guest_env_unset(const struct guest_opts *o);

/*
 * guest_display(o, buf, len):
 * The DISPLAY that `wslx env` would print ("HOST:N"), into ${buf}.  Returns 0,
 * or -1 when it cannot be told (no host found, a config error).
 */
int guest_display(const struct guest_opts *o, char *buf, size_t len);

/* guest_show(o): `wslx show`: what was detected, one fact a line.  Exit status. */
int guest_show(const struct guest_opts *o);

#endif
