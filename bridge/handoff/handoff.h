#ifndef WSLX_HANDOFF_H
#define WSLX_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#include "subnet.h"
#include "x11setup.h"

/*
 * The handoff between wslx-host (writer) and the guest (reader): in one
 * directory, "cookie" (an Xauthority file: one Wild MIT-MAGIC-COOKIE-1 entry for
 * the display) and "host.ini" (no secrets).  Both are replaced atomically, mode
 * 0600; host.ini is touched every HANDOFF_HEARTBEAT_S seconds while the host runs.
 */

#define HANDOFF_INI "host.ini"
#define HANDOFF_COOKIE "cookie"
#define HANDOFF_HEARTBEAT_S 10
/* A host.ini older than this belongs to a wslx-host that is gone. */
#define HANDOFF_STALE_S 35

struct handoff {
	long display;
	char listen[16]; /* dotted quad */
	long port;
	struct subnet subnet;
	int have_subnet;
	char firewall[16]; /* "current", "stale" or "off" */
	char state[16]; /* "serving", or "waiting" while its interface has no address */
	long pid;
	long generation;
	uint8_t cookie[X11_COOKIE_LEN];
	int have_cookie;
};

/*
 * handoff_format(h, buf, len):
 * Write host.ini's text for ${h} into ${buf}.  Returns its length, or 0 when it
 * does not fit.
 */
size_t handoff_format(const struct handoff *h, char *buf, size_t len);

/*
 * handoff_write(dir, h):
 * Write the cookie file, then host.ini, into ${dir} (the cookie first, so a
 * reader that sees the new host.ini finds the new cookie).  Returns 0 or -1.
 */
int handoff_write(const char *dir, const struct handoff *h);

/* handoff_remove(dir): remove both files (on a clean stop). */
void handoff_remove(const char *dir);

/*
 * handoff_read(dir, h, age_s, why, whylen):
 * Read host.ini and the cookie from ${dir} into ${h}; the age of host.ini in
 * seconds goes to *${age_s}.  Returns 0, 1 when there is no host.ini, or -1 with
 * ${why} (malformed file, unreadable cookie).  Guest side only.
 */
int handoff_read(const char *dir, struct handoff *h, long *age_s, char *why,
                 size_t whylen);

#endif
