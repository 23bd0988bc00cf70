#ifndef WSLX_CONFIG_H
#define WSLX_CONFIG_H

#include <limits.h>
#include <stddef.h>

/*
 * The guest's settings: /etc/wslx.conf (through $WSLX_SYSROOT), then
 * $XDG_CONFIG_HOME/wslx/wslx.ini (default ~/.config/wslx/wslx.ini); the later
 * file wins key by key.  Keys stand before any section or under [wslx].  An
 * unknown section or key is an error, so a typo never passes silently.
 */
struct config {
	long display;            /* -1: not set */
	char display_host[64];   /* "" : detect */
	char host_dir[PATH_MAX]; /* paths: absolute, "~/" expanded */
	char xauthority[PATH_MAX];
	char shell[PATH_MAX];     /* a known shell's name or path */
	char wslconfig[PATH_MAX]; /* the Windows .wslconfig, when known */
	int quiet;                /* no notes on stderr from env */
};

/*
 * config_load(c, why, whylen):
 * Fill ${c} with defaults, then from both files.  Returns 0, or -1 with
 * "FILE:LINE: what" in ${why}.
 */
int config_load(struct config *c, char *why, size_t whylen);

#endif
