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

/*
 * What wslx-host is doing: host.ini's "state".  The words are in one table
 * (handoff.c); a word this version does not know maps to HANDOFF_RUN_UNKNOWN.
 */
enum handoff_run {
	HANDOFF_SERVING,     /* "serving": listening (what older hosts, which do not
	                        say, were doing) */
	HANDOFF_WAITING,     /* "waiting": running, not listening: its interface has
	                        no address */
	HANDOFF_PORT_TAKEN,  /* "port-taken": running, not listening: another
	                        program holds the port (an X server on display :0) */
	HANDOFF_RUN_UNKNOWN, /* a word of a newer wslx-host */
};

/* Whether the firewall rule follows the subnet: host.ini's "firewall". */
enum handoff_fw {
	HANDOFF_FW_UNSET,    /* "": not said */
	HANDOFF_FW_OFF,      /* "off": wslx-host does not manage the firewall */
	HANDOFF_FW_UPDATING, /* "updating": an update for the subnet is under way */
	HANDOFF_FW_CURRENT,  /* "current": the rule allows exactly the subnet */
	HANDOFF_FW_STALE,    /* "stale": the rule could not be updated */
	HANDOFF_FW_UNKNOWN,  /* a word of a newer wslx-host */
};

/* handoff_run_word(r), handoff_fw_word(f): the word host.ini uses. */
const char *handoff_run_word(enum handoff_run r);
const char *handoff_fw_word(enum handoff_fw f);

/* handoff_run_parse(word), handoff_fw_parse(word): the value of a host.ini word. */
enum handoff_run handoff_run_parse(const char *word);
enum handoff_fw handoff_fw_parse(const char *word);

struct handoff {
	long display;
	char listen[16]; /* dotted quad */
	long port;
	struct subnet subnet;
	int have_subnet;
	enum handoff_fw firewall;
	enum handoff_run state;
	char allow[128]; /* the allowed subnets, "A/N, B/M" (what the gate admits) */
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
