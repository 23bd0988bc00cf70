#include "forwarder.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "log.h"
#include "poller.h"
#include "pump.h"
#include "x11reply.h"

/*
 * What a connection waits for.  A connection moves through these in order
 * (bridge/DESIGN.md, "The gate"), and may leave any of the first three for REFUSING;
 * only set_state() changes it.
 */
enum conn_state {
	CS_SETUP,      /* G2: the client's X11 setup, whole (size cap, deadline) */
	CS_CONNECTING, /* G3: the cookie passed; the X server's connect to complete */
	CS_ANSWER,     /* G4: the X server's first bytes (its setup reply), relaying
	                  meanwhile; the deadline still runs */
	CS_RELAY,      /* G5: nothing: bytes flow both ways until both directions end */
	CS_REFUSING,   /* the client to take our Failed reply, and to close */
};

static const char *const state_name[] = {"setup", "connecting", "answer", "relay",
                                         "refusing"};

struct conn {
	enum conn_state state;
	struct poller_watch client, upstream; /* the sockets and their registration */
	char peer[24];
	uint64_t deadline; /* while timed(): when the state's time is up, ms */
	uint8_t setup[X11SETUP_MAX];
	size_t setup_len;
	size_t answer_len;    /* CS_ANSWER: the X server's answer so far, in setup[] */
	uint8_t order;        /* the client's byte order, for a Failed reply */
	struct pump c2u, u2c; /* client to upstream, upstream to client */
	/*
	 * poll() said this side's peer hung up.  poll reports a hang-up even for a
	 * socket polled for nothing, so a hung-up side is polled only while we want
	 * something of it (room to read its EOF, bytes to write that will fail).
	 */
	unsigned char client_hup, upstream_hup;
	int authed; /* the cookie passed: counted in nauthed, never dropped */
	uint64_t accepted;
	short cev, uev;    /* their events gathered this turn */
	int ready;         /* in f->ready this turn */
	unsigned at;       /* its index in f->conns */
	unsigned clock_at; /* its index in f->clocked, or NOT_CLOCKED */
	/* Why it ends, logged by conn_close ("" for a silent end). */
	char end_why[112];
	int end_limited; /* through log_limited: a stranger can cause it */
};

#define NOT_CLOCKED (~0u)

/* The connection is on a clock: every state but the relay has a deadline. */
static int
timed(const struct conn *c)
{
	return c->state != CS_RELAY;
}

struct forwarder {
	struct forwarder_cfg cfg;
	sock_t listener;
	uint64_t listen_paused_until; /* after EMFILE: let descriptors free up */
	struct conn **conns;
	unsigned nconns, nauthed, capacity;
	struct poller *poller;
	struct poller_watch lw, xw; /* the listener, the hooks' extra socket */
	struct poller_event *ev;
	unsigned nev;
	struct conn **ready;   /* connections to service this turn */
	struct conn **clocked; /* connections on a clock (timed()): the only ones
	                          the loop looks at without an event */
	unsigned nclocked;
	unsigned long up_refusals;    /* the X server refused our authorization */
	uint64_t refusal_quiet_until; /* one log line per burst of refusals */
};

struct forwarder *
forwarder_new(const struct forwarder_cfg *cfg)
{
	struct forwarder *f = calloc(1, sizeof(*f));
	size_t slots;

	if (!f)
		return NULL;
	f->cfg = *cfg;
	if (f->cfg.max_clients == 0)
		f->cfg.max_clients = 256;
	if (f->cfg.buffer_size == 0)
		f->cfg.buffer_size = 256 * 1024;
	if (f->cfg.setup_timeout_ms == 0)
		f->cfg.setup_timeout_ms = 10000;
	if (f->cfg.max_startups == 0)
		f->cfg.max_startups = FORWARDER_MAX_STARTUPS;
	f->listener = SOCK_INVALID;
	poller_watch_init(&f->lw, SOCK_INVALID, NULL);
	poller_watch_init(&f->xw, SOCK_INVALID, NULL);
	f->capacity = f->cfg.max_clients + f->cfg.max_startups;
	slots = 2 * (size_t)f->capacity + 2;
	f->nev = (unsigned)slots;
	f->conns = calloc(f->capacity, sizeof(*f->conns));
	f->ready = calloc(f->capacity, sizeof(*f->ready));
	f->clocked = calloc(f->capacity, sizeof(*f->clocked));
	f->ev = calloc(slots, sizeof(*f->ev));
	f->poller = poller_new((unsigned)slots);
	if (!f->conns || !f->ready || !f->clocked || !f->ev || !f->poller) {
		forwarder_free(f);
		return NULL;
	}
	return f;
}

int
forwarder_listen(struct forwarder *f, uint32_t addr, uint16_t port)
{
	sock_t s = netsock_listen_tcp(addr, port);

	if (s == SOCK_INVALID)
		return -1;
	forwarder_unlisten(f);
	f->listener = s;
	poller_watch_init(&f->lw, s, NULL); /* registered by the loop */
	return 0;
}

uint16_t
forwarder_listen_port(const struct forwarder *f)
{
	return f->listener == SOCK_INVALID ? 0 : netsock_local_port(f->listener);
}

void
forwarder_unlisten(struct forwarder *f)
{
	poller_remove(f->poller, &f->lw);
	netsock_close(f->listener);
	f->listener = SOCK_INVALID;
}

void
forwarder_set_allow(struct forwarder *f, const struct subnet *allow, unsigned n)
{
	if (n > FORWARDER_MAX_ALLOW)
		n = FORWARDER_MAX_ALLOW;
	memcpy(f->cfg.allow, allow, n * sizeof(*allow));
	f->cfg.nallow = n;
}

void
forwarder_set_upstream_auth(struct forwarder *f, const char *name, const uint8_t *data,
                            size_t len)
{
	snprintf(f->cfg.up_name, sizeof(f->cfg.up_name), "%s", name);
	if (len > sizeof(f->cfg.up_data))
		len = sizeof(f->cfg.up_data);
	memcpy(f->cfg.up_data, data, len);
	f->cfg.up_data_len = len;
}

unsigned long
forwarder_upstream_refusals(const struct forwarder *f)
{
	return f->up_refusals;
}

unsigned
forwarder_clients(const struct forwarder *f)
{
	return f->nconns;
}

static void
clock_on(struct forwarder *f, struct conn *c)
{
	c->clock_at = f->nclocked;
	f->clocked[f->nclocked++] = c;
}

static void
clock_off(struct forwarder *f, struct conn *c)
{
	struct conn *last = f->clocked[--f->nclocked];

	f->clocked[c->clock_at] = last;
	last->clock_at = c->clock_at;
	c->clock_at = NOT_CLOCKED;
}

static void
close_upstream(struct forwarder *f, struct conn *c)
{
	poller_remove(f->poller, &c->upstream);
	netsock_close(c->upstream.sock);
	c->upstream.sock = SOCK_INVALID;
}

/* The one place a connection ends: its reason logged, everything released. */
static void
conn_close(struct forwarder *f, struct conn *c, uint64_t now)
{
	struct conn *last = f->conns[--f->nconns];

	if (c->end_why[0] && c->end_limited)
		log_limited(now, "%s %s", c->peer, c->end_why);
	else if (c->end_why[0])
		log_event("%s %s", c->peer, c->end_why);
	f->conns[c->at] = last;
	last->at = c->at;
	f->conns[f->nconns] = NULL;
	if (c->clock_at != NOT_CLOCKED)
		clock_off(f, c);
	poller_remove(f->poller, &c->client);
	netsock_close(c->client.sock);
	close_upstream(f, c);
	pump_free(&c->c2u);
	pump_free(&c->u2c);
	if (c->authed)
		f->nauthed--;
	free(c);
}

/* What a state's handler tells the dispatcher. */
enum outcome {
	WAIT,  /* done for this turn: wait for the next event or the deadline */
	AGAIN, /* the state changed: its handler runs now, with the events left */
	OVER,  /* the connection ends (the reason is in end_why) */
};

/* end(c, limited, fmt, ...): the connection is over, for the reason given. */
static enum outcome __attribute__((format(printf, 3, 4)))
end(struct conn *c, int limited, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->end_why, sizeof(c->end_why), fmt, ap);
	va_end(ap);
	c->end_limited = limited;
	return OVER;
}

/* The one place a connection changes state: logged, and the state's clock set. */
static void
set_state(const struct forwarder *f, struct conn *c, enum conn_state to, uint64_t now)
{
	log_debug(now, "%s %s -> %s", c->peer, state_name[c->state], state_name[to]);
	c->state = to;
	if (to == CS_CONNECTING || to == CS_ANSWER)
		c->deadline = now + f->cfg.setup_timeout_ms;
	else if (to == CS_REFUSING)
		c->deadline = now + 1000; /* for the client to take the reply */
}

static int
allowed(const struct forwarder *f, uint32_t peer)
{
	for (unsigned i = 0; i < f->cfg.nallow; i++)
		if (subnet_contains(&f->cfg.allow[i], peer))
			return 1;
	return 0;
}

static int service(struct forwarder *f, struct conn *c, short cev, short uev,
                   uint64_t now);
static int watch_conn(struct forwarder *f, struct conn *c);

/* The setup budget is full: the oldest connection not yet authenticated goes. */
static void
drop_oldest_startup(struct forwarder *f, uint64_t now)
{
	unsigned oldest = f->nconns;

	for (unsigned i = 0; i < f->nconns; i++)
		if (!f->conns[i]->authed &&
		    (oldest == f->nconns ||
		     f->conns[i]->accepted < f->conns[oldest]->accepted))
			oldest = i;
	if (oldest == f->nconns)
		return;
	end(f->conns[oldest], 1,
	    "dropped: %u connections in their setup, the oldest goes",
	    f->cfg.max_startups);
	conn_close(f, f->conns[oldest], now);
}

/* G1: a new connection's state, in CS_SETUP; NULL when out of memory. */
static struct conn *
conn_new(struct forwarder *f, sock_t s, const char *ip, uint16_t port, uint64_t now)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->accepted = now;
	c->state = CS_SETUP;
	c->order = 'l'; /* until the client says */
	pump_init(&c->c2u);
	pump_init(&c->u2c);
	poller_watch_init(&c->client, s, c);
	poller_watch_init(&c->upstream, SOCK_INVALID, c);
	c->clock_at = NOT_CLOCKED;
	snprintf(c->peer, sizeof(c->peer), "%s:%u", ip, port);
	c->deadline = now + f->cfg.setup_timeout_ms;
	c->at = f->nconns;
	f->conns[f->nconns++] = c;
	log_debug(now, "%s connected", c->peer);
	return c;
}

/* G1: one connection, when one waits. */
static void
accept_one(struct forwarder *f, uint64_t now)
{
	uint32_t peer;
	uint16_t port;
	char ip[16];
	struct conn *c = NULL;
	sock_t s = netsock_accept(f->listener, &peer, &port);

	if (s == SOCK_INVALID) {
		int err = netsock_errno();
		if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
			log_limited(now, "accept: %s: pausing 100 ms",
			            netsock_strerror(err));
			f->listen_paused_until = now + 100;
		}
		return;
	}
	ipv4_format(peer, ip, sizeof(ip));
	if (!allowed(f, peer)) {
		netsock_close(s); /* before reading a byte */
		log_limited(now, "%s:%u refused: not in an allowed subnet", ip, port);
		return;
	}
	if (f->nconns - f->nauthed >= f->cfg.max_startups)
		drop_oldest_startup(f, now);
	if (f->nconns >= f->capacity || (c = conn_new(f, s, ip, port, now)) == NULL) {
		netsock_close(s);
		log_limited(now, "%s:%u refused: out of memory", ip, port);
		return;
	}
	/* Its setup is usually here already (deferred accept): read it now, no
	 * poll round first, and then it is no longer a candidate for dropping. */
	if (service(f, c, POLLIN, 0, now) || watch_conn(f, c)) {
		conn_close(f, c, now);
		return;
	}
	/* Nothing came: the kernel held it NETSOCK_DEFER_MS since its handshake,
	 * which the client's setup time includes. */
	if (c->state == CS_SETUP && c->setup_len == 0)
		c->deadline -= NETSOCK_DEFER_MS;
}

/* Refused: queue the Failed reply; the connection ends once it is sent. */
static void
refuse(struct forwarder *f, struct conn *c, const char *why, uint64_t now)
{
	uint8_t reply[X11SETUP_FAILED_MAX];
	size_t n = x11setup_failed(c->order, why, reply, sizeof(reply));

	log_limited(now, "%s refused: %s", c->peer, why);
	if (pump_open_ring(&c->u2c, n) == 0)
		pump_put(&c->u2c, reply, n);
	close_upstream(f, c);
	set_state(f, c, CS_REFUSING, now);
}

/*
 * With kernel pipes (Linux), memory holds the rewritten setup and small
 * messages, and bulk opens a pipe (or, with no descriptor for one, a ring);
 * without them (Windows, WSLX_NO_SPLICE), each direction gets a ring buffer.
 */
static int
open_pumps(struct forwarder *f, struct conn *c)
{
	size_t ring = f->cfg.buffer_size;

	if (pump_open_pipe(&c->c2u, X11SETUP_MAX, ring) == 0 &&
	    pump_open_pipe(&c->u2c, 0, ring) == 0)
		return 0;
	if (pump_open_ring(&c->c2u, ring) || pump_open_ring(&c->u2c, ring))
		return -1;
	return 0;
}

/* G3 failed: the X server behind us cannot be reached (${err}). */
static void
refuse_not_running(struct forwarder *f, struct conn *c, int err, uint64_t now)
{
	char why[160];

	snprintf(
	    why, sizeof(why),
	    "wslx: the X server behind wslx-host is not running (%s): start Xming/VcXsrv",
	    netsock_strerror(err));
	refuse(f, c, why, now);
}

/* G3: the setup is whole and its cookie passed: the client is counted. */
static int
admit(struct forwarder *f, struct conn *c, const struct x11setup *s, uint64_t now)
{
	const char *why;
	char too_many[120];

	if (x11setup_check_cookie(s, f->cfg.cookie, &why)) {
		refuse(f, c, why, now);
		return -1;
	}
	if (f->nauthed >= f->cfg.max_clients) {
		snprintf(
		    too_many, sizeof(too_many),
		    "wslx: too many clients (%u): close some, or raise --max-clients",
		    f->cfg.max_clients);
		refuse(f, c, too_many, now);
		return -1;
	}
	c->authed = 1;
	f->nauthed++;
	if (open_pumps(f, c)) {
		refuse(f, c, "wslx: out of memory", now);
		return -1;
	}
	return 0;
}

/*
 * G3, G4: queue the setup rewritten with the upstream's own auth (never the
 * client's cookie), then what the client pipelined behind it, and start the
 * connect to the X server; only now is it contacted.
 */
static void
setup_done(struct forwarder *f, struct conn *c, const struct x11setup *s, uint64_t now)
{
	uint8_t out[X11SETUP_MAX];
	size_t n, rest = c->setup_len - s->total;

	if (admit(f, c, s, now))
		return;
	n = x11setup_rewrite(s, f->cfg.up_name, f->cfg.up_data, f->cfg.up_data_len, out,
	                     sizeof(out));
	if (n == 0 || pump_put(&c->c2u, out, n) ||
	    pump_put(&c->c2u, c->setup + s->total, rest)) {
		refuse(f, c, "wslx: cannot rewrite the setup", now);
		return;
	}
	poller_watch_init(&c->upstream, netsock_connect(&f->cfg.upstream), c);
	if (c->upstream.sock == SOCK_INVALID) {
		refuse_not_running(f, c, netsock_errno(), now);
		return;
	}
	set_state(f, c, CS_CONNECTING, now);
}

/* G2: read what the client sent of its setup and judge it when whole. */
static enum outcome
read_setup(struct forwarder *f, struct conn *c, uint64_t now)
{
	struct x11setup s;
	const char *why = NULL;
	long n = netsock_recv(c->client.sock, c->setup + c->setup_len,
	                      X11SETUP_MAX - c->setup_len);

	if (n == 0 || (n < 0 && netsock_errno() != EAGAIN && netsock_errno() != EINTR))
		return end(c, 1, "closed during setup");
	if (n < 0)
		return WAIT;
	c->setup_len += (size_t)n;
	c->order = c->setup[0];
	switch (x11setup_parse(c->setup, c->setup_len, &s, &why)) {
	case X11SETUP_NEED_MORE:
		if (c->setup_len == X11SETUP_MAX) /* cannot happen: caps fit */
			refuse(f, c, "wslx: setup too long", now);
		break;
	case X11SETUP_REFUSE:
		refuse(f, c, why, now);
		break;
	case X11SETUP_ACCEPT:
		setup_done(f, c, &s, now);
		break;
	}
	return WAIT;
}

/* The events a handler is given, and may change for the next state's handler. */
struct events {
	short c, u; /* the client's, the upstream's */
};

/* CS_SETUP: bytes of the setup, or its deadline. */
static enum outcome
on_setup(struct forwarder *f, struct conn *c, struct events *ev, uint64_t now)
{
	if (ev->c & (POLLIN | POLLHUP | POLLERR)) {
		if (read_setup(f, c, now) == OVER)
			return OVER;
	} else if (now >= c->deadline) {
		refuse(f, c, "wslx: connection setup timed out", now);
	}
	if (c->state == CS_REFUSING)
		return AGAIN;
	/* Connected at once (a unix socket): the setup goes out this turn. */
	if (c->state == CS_CONNECTING && netsock_connected_now(c->upstream.sock)) {
		set_state(f, c, CS_ANSWER, now);
		ev->c = 0;
		ev->u = POLLOUT;
		return AGAIN;
	}
	return WAIT;
}

/* CS_CONNECTING: the connect's end (or the client leaving meanwhile). */
static enum outcome
on_connecting(struct forwarder *f, struct conn *c, struct events *ev, uint64_t now)
{
	int err;

	if (ev->c & (POLLERR | POLLHUP))
		return end(c, 0,
		           "closed while connecting upstream"); /* nobody to relay for */
	if (!(ev->u & (POLLOUT | POLLERR | POLLHUP)))
		/* WSAPoll may never report a failed connect: ask directly. */
		err = now < c->deadline ? netsock_connect_check(c->upstream.sock)
		                        : ETIMEDOUT;
	else
		err = netsock_connect_result(c->upstream.sock);
	if (err == EINPROGRESS)
		return WAIT;
	if (err) {
		refuse_not_running(f, c, err, now);
		return WAIT; /* the reply goes out when the client can take it */
	}
	set_state(f, c, CS_ANSWER, now);
	ev->u = POLLOUT;
	return AGAIN;
}

/*
 * G5: a readable side is read, and what came is written at once; for bulk
 * transfers go round again while a read filled its buffer and it got out, so
 * one wake-up carries several buffers.  After a short read the socket is empty:
 * trying again would only cost an EAGAIN.
 */
static enum outcome
relay(struct conn *c, struct events *ev)
{
	short cev = ev->c, uev = ev->u;
	int dead = 0;

	/* A reset or an error on either side ends the connection at once. */
	if ((cev | uev) & POLLERR)
		return end(c, 0, "closed: %s reset the connection",
		           cev & POLLERR ? "the client" : "the X server");
	c->client_hup |= (cev & POLLHUP) != 0;
	c->upstream_hup |= (uev & POLLHUP) != 0;
	for (int round = 0; round < 8 && !dead; round++) {
		int more_c = 0, more_u = 0;
		if ((cev & (POLLIN | POLLHUP | POLLERR)) && !c->c2u.eof &&
		    (more_c = pump_fill(&c->c2u, c->client.sock)) < 0)
			dead = 1;
		if ((uev & (POLLIN | POLLHUP | POLLERR)) && !c->u2c.eof &&
		    (more_u = pump_fill(&c->u2c, c->upstream.sock)) < 0)
			dead = 1;
		if (!dead && (pump_drain(&c->c2u, c->upstream.sock) ||
		              pump_drain(&c->u2c, c->client.sock)))
			dead = 1;
		/* Go round only for a side that filled its buffer and got it out. */
		cev = more_c == 2 && !pump_has_data(&c->c2u) ? POLLIN : 0;
		uev = more_u == 2 && !pump_has_data(&c->u2c) ? POLLIN : 0;
		if (!cev && !uev)
			break;
	}
	return dead || (c->c2u.shut && c->u2c.shut) ? OVER : WAIT;
}

/*
 * G4: the X server refused the setup the gate passed (its Failed reason in
 * ${reason}): its cookie is not the one wslx-host gives it, or it is full.
 * The client learns the cause; the log says it once a burst.
 */
static void
refused_upstream(struct forwarder *f, struct conn *c, const char *reason, uint64_t now)
{
	char why[600]; /* the client gets the first 255 bytes */
	int auth = strstr(reason, "uthoriz") || strstr(reason, "MIT-MAGIC-COOKIE") ||
	           strstr(reason, "cookie");

	if (auth) {
		f->up_refusals++;
		snprintf(
		    why, sizeof(why),
		    "wslx: the X server refused wslx-host's own cookie (%s): restart wslx-host and the X server together (wslx-start.ps1 -Stop, then wslx-start.ps1)",
		    reason);
	} else {
		snprintf(why, sizeof(why),
		         "wslx: the X server behind wslx-host refused the connection: %s",
		         reason);
	}
	if (now >= f->refusal_quiet_until) {
		log_event("the X server refused %s: %s",
		          auth ? "wslx-host's cookie" : "a connection", reason);
		f->refusal_quiet_until = now + LOG_WINDOW_MS;
	}
	refuse(f, c, why, now);
}

/*
 * G4: read the X server's first answer until it can be judged, before any of it
 * reaches the client.  One read takes all an X server usually sends at once (up
 * to PUMP_SMALL, what the pump's memory holds: no more system calls than a
 * plain relay); a Failed reply whose header and reason came apart waits in the
 * setup's buffer, free by now.  A refusal of our authorization, or a close
 * without a word, becomes a Failed reply that names the cause.  Returns 1 when
 * the connection was refused, 0 when the answer is judged and queued for the
 * client, -1 while more is needed.
 */
static int
judge_answer(struct forwarder *f, struct conn *c, uint64_t now)
{
	uint8_t first[PUMP_SMALL];
	uint8_t *at = c->answer_len ? c->setup : first;
	size_t room = c->answer_len ? sizeof(c->setup) - c->answer_len : sizeof(first);
	char reason[256], why[160];
	long n = netsock_recv(c->upstream.sock, at + c->answer_len, room);

	if (n < 0 && (netsock_errno() == EAGAIN || netsock_errno() == EINTR))
		return -1;
	if (n <= 0) {
		snprintf(
		    why, sizeof(why),
		    "wslx: the X server closed the connection without answering (%s): is it at its client limit?",
		    n == 0 ? "end of stream" : netsock_strerror(netsock_errno()));
		refuse(f, c, why, now);
		return 1;
	}
	n += (long)c->answer_len;
	switch (x11reply_parse(c->order, at, (size_t)n, reason, sizeof(reason))) {
	case X11REPLY_FAILED:
		refused_upstream(f, c, reason, now);
		return 1;
	case X11REPLY_NEED_MORE:
		/* Only a Failed or Authenticate reply's text can be missing here. */
		if ((size_t)n < sizeof(c->setup)) {
			memmove(c->setup, at, (size_t)n);
			c->answer_len = (size_t)n;
			return -1;
		}
		/* fall through: a long Authenticate text, the client's to read */
	default:
		break;
	}
	if (pump_put(&c->u2c, at, (size_t)n)) {
		refuse(f, c, "wslx: out of memory", now);
		return 1;
	}
	return 0;
}

/* CS_ANSWER: the X server has not yet said a word: on a clock, requests relayed. */
static enum outcome
on_answer(struct forwarder *f, struct conn *c, struct events *ev, uint64_t now)
{
	enum outcome r;
	int judged = -1;

	if (!((ev->c | ev->u) & POLLERR) && (ev->u & (POLLIN | POLLHUP))) {
		judged = judge_answer(f, c, now);
		if (judged > 0) {
			ev->c = ev->u = 0;
			return AGAIN;
		}
		ev->u &= (short)~(POLLIN | POLLHUP); /* what came is read */
	}
	if (judged < 0 && !((ev->c | ev->u) & POLLERR) && now >= c->deadline) {
		refuse(
		    f, c,
		    "wslx: the X server behind wslx-host did not answer the connection setup",
		    now);
		ev->c = ev->u = 0;
		return AGAIN;
	}
	if (judged == 0)
		set_state(f, c, CS_RELAY, now); /* the rest as it comes */
	r = relay(c, ev);
	/* Logged once the answer is on its way: no write before it. */
	if (judged == 0)
		log_event("%s accepted", c->peer);
	return r == OVER && !c->end_why[0] ? end(c, 0, "closed") : r;
}

/* CS_RELAY: bytes both ways, until both directions are closed. */
static enum outcome
on_relay(struct forwarder *f, struct conn *c, struct events *ev, uint64_t now)
{
	(void)f;
	(void)now;
	if (relay(c, ev) == WAIT)
		return WAIT;
	return c->end_why[0] ? OVER : end(c, 0, "closed");
}

/*
 * CS_REFUSING: send the reply, shut our side, then discard what the client
 * still sends until it closes: closing with unread input would reset the
 * connection and could destroy the reply before the client reads it.
 */
static enum outcome
on_refusing(struct forwarder *f, struct conn *c, struct events *ev, uint64_t now)
{
	(void)f;
	c->u2c.eof = 1;
	if (pump_drain(&c->u2c, c->client.sock))
		return OVER;
	if (c->u2c.shut && (ev->c & (POLLIN | POLLHUP | POLLERR))) {
		uint8_t sink[512];
		long n = netsock_recv(c->client.sock, sink, sizeof(sink));
		if (n == 0 || (n < 0 && netsock_errno() != EAGAIN))
			return OVER;
	}
	return now >= c->deadline ? OVER : WAIT;
}

typedef enum outcome (*handler)(struct forwarder *, struct conn *, struct events *,
                                uint64_t);
static const handler handlers[] = {
    [CS_SETUP] = on_setup, [CS_CONNECTING] = on_connecting, [CS_ANSWER] = on_answer,
    [CS_RELAY] = on_relay, [CS_REFUSING] = on_refusing,
};

/*
 * Handle the events ${cev} and ${uev} of connection ${c}: its state's handler,
 * and the next state's when it changed and that one has work to do this turn.
 * Returns 1 when the connection is over.
 */
static int
service(struct forwarder *f, struct conn *c, short cev, short uev, uint64_t now)
{
	struct events ev = {cev, uev};
	enum outcome r;

	while ((r = handlers[c->state](f, c, &ev, now)) == AGAIN)
		;
	return r == OVER;
}

static short
client_events(const struct conn *c)
{
	short ev = 0;
	int relaying = c->state == CS_ANSWER || c->state == CS_RELAY;

	if (c->state == CS_SETUP)
		ev |= POLLIN;
	if (relaying && !c->c2u.eof && pump_has_room(&c->c2u))
		ev |= POLLIN;
	if ((relaying || c->state == CS_REFUSING) && pump_has_data(&c->u2c))
		ev |= POLLOUT;
	if (c->state == CS_REFUSING && c->u2c.shut)
		ev |= POLLIN;
	return ev;
}

static short
upstream_events(const struct conn *c)
{
	short ev = 0;

	if (c->state == CS_CONNECTING)
		return POLLOUT;
	if (c->state != CS_ANSWER && c->state != CS_RELAY)
		return 0;
	if (!c->u2c.eof && pump_has_room(&c->u2c))
		ev |= POLLIN;
	if (pump_has_data(&c->c2u))
		ev |= POLLOUT;
	return ev;
}

/*
 * After a connection was serviced: register what it needs now (no system call
 * when that did not change) and put it on or off the clock.  A hung-up side is
 * left out while we want nothing of it: it would report its hang-up at every
 * wait.  Returns -1 when the poller cannot take it (the connection then ends).
 */
static int
watch_conn(struct forwarder *f, struct conn *c)
{
	short cev = client_events(c), uev = upstream_events(c);
	int err = 0;

	if (cev || !c->client_hup)
		err |= poller_set(f->poller, &c->client, cev);
	else
		poller_remove(f->poller, &c->client);
	if (c->upstream.sock != SOCK_INVALID && (uev || !c->upstream_hup))
		err |= poller_set(f->poller, &c->upstream, uev);
	else
		poller_remove(f->poller, &c->upstream);
	if (timed(c) && c->clock_at == NOT_CLOCKED)
		clock_on(f, c);
	else if (!timed(c) && c->clock_at != NOT_CLOCKED)
		clock_off(f, c);
	if (err)
		end(c, 1, "closed: cannot watch its sockets: %s",
		    netsock_strerror(netsock_errno()));
	return err ? -1 : 0;
}

static void
mark_ready(struct forwarder *f, unsigned *n, struct conn *c)
{
	if (!c->ready) {
		c->ready = 1;
		f->ready[(*n)++] = c;
	}
}

/* When the loop must wake at the latest: the tick, a pause's end, a deadline. */
static uint64_t
next_wake(const struct forwarder *f, uint64_t now, uint64_t next_tick)
{
	uint64_t wake = next_tick;

	if (f->listen_paused_until > now && f->listen_paused_until < wake)
		wake = f->listen_paused_until;
	for (unsigned i = 0; i < f->nclocked; i++) {
		const struct conn *c = f->clocked[i];
		if (c->deadline < wake)
			wake = c->deadline;
		if (c->state == CS_CONNECTING && NETSOCK_RECHECK_MS &&
		    now + NETSOCK_RECHECK_MS < wake)
			wake = now + NETSOCK_RECHECK_MS;
	}
	return wake;
}

/*
 * One wait and what it brought: each ready connection is serviced once with
 * both of its sockets' events, then the listener and the hooks.  Returns -1
 * when waiting fails.
 */
static int
turn(struct forwarder *f, const struct forwarder_hooks *h, uint64_t next_tick)
{
	uint64_t now = platform_now_ms(), wake;
	int listen_ready = 0, extra_ready = 0, got;
	unsigned nready = 0;

	if (f->listener != SOCK_INVALID && now >= f->listen_paused_until)
		poller_set(f->poller, &f->lw, POLLIN);
	else
		poller_remove(f->poller, &f->lw);
	wake = next_wake(f, now, next_tick);
	got = poller_wait(f->poller, f->ev, f->nev, wake > now ? (int)(wake - now) : 0);
	if (got < 0 && netsock_errno() != EINTR) {
		log_event("poll: %s", netsock_strerror(netsock_errno()));
		return -1;
	}
	now = platform_now_ms();
	for (int i = 0; i < got; i++) {
		struct poller_watch *w = f->ev[i].w;
		struct conn *c = w->owner;
		if (w == &f->lw) {
			listen_ready = 1;
		} else if (w == &f->xw) {
			extra_ready = 1;
		} else {
			*(w == &c->client ? &c->cev : &c->uev) |= f->ev[i].revents;
			mark_ready(f, &nready, c);
		}
	}
	/* Past its deadline, or a connect to ask about (WSAPoll may miss its end). */
	for (unsigned i = 0; i < f->nclocked; i++) {
		struct conn *c = f->clocked[i];
		if (now >= c->deadline ||
		    (NETSOCK_RECHECK_MS && c->state == CS_CONNECTING))
			mark_ready(f, &nready, c);
	}
	for (unsigned i = 0; i < nready; i++) {
		struct conn *c = f->ready[i];
		short cev = c->cev, uev = c->uev;
		c->cev = c->uev = 0;
		c->ready = 0;
		if (service(f, c, cev, uev, now) || watch_conn(f, c))
			conn_close(f, c, now);
	}
	/* One per turn: another waiting is reported by the next wait (level-
	 * triggered), and the usual lone client costs no accept that fails. */
	if (listen_ready && now >= f->listen_paused_until)
		accept_one(f, now);
	if (extra_ready && h && h->on_extra)
		h->on_extra(h->user);
	return 0;
}

int
forwarder_run(struct forwarder *f, volatile int *stop, const struct forwarder_hooks *h)
{
	uint64_t next_tick = platform_now_ms() + 1000;
	int r = 0;

	if (h && h->extra_fd != SOCK_INVALID) {
		poller_watch_init(&f->xw, h->extra_fd, NULL);
		if (poller_set(f->poller, &f->xw, POLLIN))
			log_event("cannot watch the interface: %s",
			          netsock_strerror(netsock_errno()));
	}
	while (!*stop && r == 0) {
		uint64_t now;
		r = turn(f, h, next_tick);
		now = platform_now_ms();
		if (now >= next_tick) {
			next_tick = now + 1000;
			if (h && h->on_tick)
				h->on_tick(h->user);
		}
	}
	poller_remove(f->poller, &f->xw);
	return r;
}

void
forwarder_free(struct forwarder *f)
{
	if (!f)
		return;
	while (f->nconns > 0)
		conn_close(f, f->conns[f->nconns - 1], 0);
	forwarder_unlisten(f);
	poller_free(f->poller);
	free(f->conns);
	free(f->ready);
	free(f->clocked);
	free(f->ev);
	free(f);
}
