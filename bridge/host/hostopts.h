#ifndef WSLX_HOSTOPTS_H
#define WSLX_HOSTOPTS_H

#include <stddef.h>
#include <stdint.h>

#include "forwarder.h"
#include "netsock.h"
#include "subnet.h"

/* wslx-host's settings, from flags and from an INI file with the same keys. */

enum fw_backend { FW_NONE, FW_NFTABLES, FW_WINDOWS };

struct hostopts {
	int have_listen;
	uint32_t listen_addr;
	long port; /* 0: 6000 + display */
	char iface[64];
	long display;
	struct subnet allow[FORWARDER_MAX_ALLOW];
	unsigned nallow;
	int have_upstream;
	struct endpoint upstream;
	long upstream_display; /* -1 unless given as :M */
	char upstream_auth[512];
	char upstream_cookie_out[512];
	char state_dir[512];
	char log[512];
	long max_clients;
	long setup_timeout_s;
	int verbose;
	enum fw_backend firewall;
};

/* hostopts_defaults(o): display 0, 256 clients, 10 s setup timeout, no firewall. */
void hostopts_defaults(struct hostopts *o);

/*
 * hostopts_set(o, key, value, why, whylen):
 * Apply one setting (the flag's name without dashes, as in the INI file):
 * listen, interface, display, allow, upstream, upstream-auth,
 * upstream-cookie-out, state-dir, max-clients, setup-timeout, log, verbose,
 * firewall.  Returns 0, or -1 with ${why}.
 */
int hostopts_set(struct hostopts *o, const char *key, const char *value, char *why,
                 size_t whylen);

/*
 * hostopts_load(o, path, why, whylen):
 * Apply the keys of ${path} (section [host] or none).  Returns 0, or -1 with
 * "FILE:LINE: what".
 */
int hostopts_load(struct hostopts *o, const char *path, char *why, size_t whylen);

/*
 * hostopts_check(o, why, whylen):
 * Refuse settings that conflict or miss: --listen with --interface, no upstream,
 * an upstream that is this listener.  Returns 0 or -1.
 */
int hostopts_check(const struct hostopts *o, char *why, size_t whylen);

/* hostopts_parse_upstream(text, ep, display): parse HOST:PORT, unix:PATH or :M. */
int hostopts_parse_upstream(const char *text, struct endpoint *ep, long *display);

#endif
