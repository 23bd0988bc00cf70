#ifndef WSLX_FORWARDER_H
#define WSLX_FORWARDER_H

#include <stddef.h>
#include <stdint.h>

#include "netsock.h"
#include "subnet.h"
#include "x11setup.h"

/*
 * The authenticating X11 forwarder (the gate): one listening socket, one event
 * loop, one state struct per connection.  Per connection (bridge/DESIGN.md,
 * "The gate", G1-G5):
 *   G1 accept; a peer outside every allowed subnet is closed before a byte is
 *      read.  The listener is always served: past max_startups connections in
 *      their setup, the oldest of them is dropped for the new one (OpenSSH's
 *      MaxStartups), so idle or reconnecting floods cannot lock a client out.
 *   G2 read the X11 setup (size cap, deadline); malformed or wrong cookie: an
 *      X11 Failed reply in the client's byte order, then close.
 *   G3 only then connect to the X server (past max_clients relayed connections:
 *      Failed "too many clients"); refused: Failed "X server not running".
 *   G4 send the setup rewritten with the X server's own auth (never the
 *      client's cookie) and wait for its first answer (deadline: Failed "did
 *      not answer"), relaying meanwhile; an answer that refuses wslx-host's
 *      own authorization, or the X server closing first, gets the client a
 *      Failed reply that names the cause.
 *   G5 relay bytes unchanged both ways (pump.h) with bounded buffers,
 *      back-pressure and half-close.
 */

#define FORWARDER_MAX_ALLOW 16
/* The default budget for connections not yet authenticated. */
#define FORWARDER_MAX_STARTUPS 64

struct forwarder_cfg {
	struct subnet allow[FORWARDER_MAX_ALLOW];
	unsigned nallow;
	struct endpoint upstream;
	uint8_t cookie[X11_COOKIE_LEN]; /* what clients must present */
	char up_name[32];               /* upstream auth name, "" for none */
	uint8_t up_data[X11_COOKIE_LEN];
	size_t up_data_len;
	unsigned max_clients;  /* relayed (authenticated) connections */
	unsigned max_startups; /* connections still in their setup: past this, the
	                          oldest is dropped for the new one */
	unsigned setup_timeout_ms;
	size_t buffer_size; /* per direction, per connection */
};

/* Called from the loop: readable ${fd} given to forwarder_run, and a 1 s tick. */
struct forwarder_hooks {
	sock_t extra_fd; /* SOCK_INVALID for none */
	void (*on_extra)(void *user);
	void (*on_tick)(void *user);
	void *user;
};

struct forwarder;

/*
 * forwarder_new(cfg):
 * A forwarder with settings ${cfg} (copied), not yet listening; NULL when out of
 * memory.
 */
struct forwarder *forwarder_new(const struct forwarder_cfg *cfg);

/*
 * forwarder_listen(f, addr, port):
 * Listen on ${addr}:${port}.  A new socket is opened before the old one is
 * closed, and open connections carry on.  Returns 0, or -1 (errno; the old
 * listener is kept).
 */
int forwarder_listen(struct forwarder *f, uint32_t addr, uint16_t port);

/* forwarder_listen_port(f): the port it listens on (the one picked for 0), or 0. */
uint16_t forwarder_listen_port(const struct forwarder *f);

/* forwarder_unlisten(f): stop listening; open connections carry on. */
void forwarder_unlisten(struct forwarder *f);

/* forwarder_set_allow(f, allow, n): the allowed subnets from now on. */
void forwarder_set_allow(struct forwarder *f, const struct subnet *allow, unsigned n);

/*
 * forwarder_set_upstream_auth(f, name, data, len):
 * The authorization the X server gets from now on (its cookie file changed):
 * ${name} ("" for none) and ${len} bytes of ${data}.
 */
void forwarder_set_upstream_auth(struct forwarder *f, const char *name,
                                 const uint8_t *data, size_t len);

/*
 * forwarder_upstream_refusals(f):
 * How many times the X server refused wslx-host's own authorization (its Failed
 * answer to a setup the gate passed): the caller reads its cookie file again.
 */
unsigned long forwarder_upstream_refusals(const struct forwarder *f);

/*
 * forwarder_run(f, stop, hooks):
 * Serve until *${stop} becomes non-zero, then close every connection.  Errors on
 * one connection end that connection only.  Returns 0, or -1 when polling fails.
 */
int forwarder_run(struct forwarder *f, volatile int *stop,
                  const struct forwarder_hooks *h);

/* forwarder_free(f): close everything and free ${f}. */
void forwarder_free(struct forwarder *f);

/* forwarder_clients(f): connections open now. */
unsigned forwarder_clients(const struct forwarder *f);

#endif
