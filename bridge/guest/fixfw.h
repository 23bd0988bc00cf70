#ifndef WSLX_FIXFW_H
#define WSLX_FIXFW_H

#include "guest.h"
#include "winscript.h"

enum fixfw_action { FIXFW_APPLY, FIXFW_REMOVE, FIXFW_REPORT };

struct fixfw_opts {
	struct guest_opts g;
	enum fixfw_action action;
	int dry_run;
	const char *backend; /* NULL: windows on WSL, nftables elsewhere */
	const char *subnet;  /* NULL: this guest's */
	enum xserver_rules xserver;
	long xserver_port; /* the real X server's port to block; -1: the X port + 1 */
	int force;         /* a --subnet wider than this guest's own */
};

/*
 * fixfw_run(o):
 * `wslx fix-firewall`: make the firewall allow the X port from exactly this
 * guest's subnet (or ${o->subnet}), remove wslx's rules, or report them, through
 * the Windows backend (powershell.exe via interop, one UAC prompt) or nftables.
 * With dry_run, print what would be done and change nothing.  On a guest that is
 * not WSL it changes nothing unless a backend is named (the rule belongs on the
 * host that runs wslx-host); a --subnet wider than the guest's own needs
 * ${o->force}.  Returns the exit status: 0 done, 1 failed, 2 usage, 3 the UAC
 * prompt was declined.
 */
int fixfw_run(const struct fixfw_opts *o);

#endif
