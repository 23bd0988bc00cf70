#include "forwarder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "log.h"
#include "pump.h"

enum conn_state { CS_SETUP, CS_CONNECTING, CS_RELAY, CS_REFUSING };

struct conn {
	enum conn_state state;
	sock_t client, upstream;
	char peer[24];
	uint64_t deadline; /* setup or connect deadline, ms */
	uint8_t setup[X11SETUP_MAX];
	size_t setup_len;
	struct pump c2u, u2c; /* client to upstream, upstream to client */
	/*
	 * poll() said this side's peer hung up.  poll reports a hang-up even for a
	 * socket polled for nothing, so a hung-up side is polled only while we want
	 * something of it (room to read its EOF, bytes to write that will fail).
	 */
	unsigned char client_hup, upstream_hup;
	int answered; /* the X server has sent its first byte */
	int authed;   /* the cookie passed: counted in nauthed, never dropped */
	uint64_t accepted;
};

/* The connection is on a clock: its setup, its connect, or the X server's answer. */
static int
timed(const struct conn *c)
{
	return c->state != CS_RELAY || !c->answered;
}

struct forwarder {
	struct forwarder_cfg cfg;
	sock_t listener;
	uint64_t listen_paused_until; /* after EMFILE: let descriptors free up */
	struct conn **conns;
	unsigned nconns, nauthed, capacity;
	struct pollfd *pfd;
	struct conn **pconn;  /* which connection each pollfd belongs to */
	unsigned char *pside; /* 0 client, 1 upstream */
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
	f->capacity = f->cfg.max_clients + f->cfg.max_startups;
	slots = 2 * (size_t)f->capacity + 2;
	f->conns = calloc(f->capacity, sizeof(*f->conns));
	f->pfd = calloc(slots, sizeof(*f->pfd));
	f->pconn = calloc(slots, sizeof(*f->pconn));
	f->pside = calloc(slots, 1);
	if (!f->conns || !f->pfd || !f->pconn || !f->pside) {
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
	netsock_close(f->listener);
	f->listener = s;
	return 0;
}

void
forwarder_unlisten(struct forwarder *f)
{
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

unsigned
forwarder_clients(const struct forwarder *f)
{
	return f->nconns;
}

static void
conn_close(struct forwarder *f, unsigned i)
{
	struct conn *c = f->conns[i];

	netsock_close(c->client);
	netsock_close(c->upstream);
	pump_free(&c->c2u);
	pump_free(&c->u2c);
	if (c->authed)
		f->nauthed--;
	free(c);
	f->conns[i] = f->conns[--f->nconns];
	f->conns[f->nconns] = NULL;
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
	log_limited(now, "%s dropped: %u connections in their setup, the oldest goes",
	            f->conns[oldest]->peer, f->cfg.max_startups);
	conn_close(f, oldest);
}

/* C1: returns -1 when there was nothing (more) to accept. */
static int
accept_one(struct forwarder *f, uint64_t now)
{
	uint32_t peer;
	uint16_t port;
	char ip[16];
	struct conn *c;
	sock_t s = netsock_accept(f->listener, &peer, &port);

	if (s == SOCK_INVALID) {
		int err = netsock_errno();
		if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
			log_limited(now, "accept: %s: pausing 100 ms",
			            netsock_strerror(err));
			f->listen_paused_until = now + 100;
		}
		return -1;
	}
	ipv4_format(peer, ip, sizeof(ip));
	if (!allowed(f, peer)) {
		netsock_close(s); /* before reading a byte */
		log_limited(now, "%s:%u refused: not in an allowed subnet", ip, port);
		return 0;
	}
	if (f->nconns - f->nauthed >= f->cfg.max_startups)
		drop_oldest_startup(f, now);
	if (f->nconns >= f->capacity || (c = calloc(1, sizeof(*c))) == NULL) {
		netsock_close(s);
		log_limited(now, "%s:%u refused: out of memory", ip, port);
		return 0;
	}
	c->accepted = now;
	c->state = CS_SETUP;
	pump_init(&c->c2u);
	pump_init(&c->u2c);
	c->client = s;
	c->upstream = SOCK_INVALID;
	snprintf(c->peer, sizeof(c->peer), "%s:%u", ip, port);
	c->deadline = now + f->cfg.setup_timeout_ms;
	f->conns[f->nconns++] = c;
	log_debug(now, "%s connected", c->peer);
	/* Its setup is usually here already (deferred accept): read it now, no
	 * poll round first, and then it is no longer a candidate for dropping. */
	if (service(f, c, POLLIN, 0, now))
		conn_close(f, f->nconns - 1);
	return 0;
}

/* C2 refused: queue the Failed reply; the connection ends once it is sent. */
static void
refuse(struct conn *c, uint8_t order, const char *why, uint64_t now)
{
	uint8_t reply[X11SETUP_FAILED_MAX];
	size_t n = x11setup_failed(order, why, reply, sizeof(reply));

	log_limited(now, "%s refused: %s", c->peer, why);
	if (pump_open_ring(&c->u2c, n) == 0)
		pump_put(&c->u2c, reply, n);
	netsock_close(c->upstream);
	c->upstream = SOCK_INVALID;
	c->state = CS_REFUSING;
	c->deadline = now + 1000;
}

/*
 * With kernel pipes (Linux), memory holds the rewritten setup and small
 * messages; without them (Windows, or no descriptors left), each direction
 * gets a ring buffer.
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

/* C2 accepted: C3 connect upstream and queue the rewritten setup (C4). */
static void
setup_done(struct forwarder *f, struct conn *c, const struct x11setup *s, uint64_t now)
{
	uint8_t out[X11SETUP_MAX];
	size_t n, rest;
	const char *why;

	if (x11setup_check_cookie(s, f->cfg.cookie, &why)) {
		refuse(c, s->order, why, now);
		return;
	}
	if (f->nauthed >= f->cfg.max_clients) {
		char too_many[120];
		snprintf(
		    too_many, sizeof(too_many),
		    "wslx: too many clients (%u): close some, or raise --max-clients",
		    f->cfg.max_clients);
		refuse(c, s->order, too_many, now);
		return;
	}
	c->authed = 1;
	f->nauthed++;
	if (open_pumps(f, c)) {
		refuse(c, s->order, "wslx: out of memory", now);
		return;
	}
	n = x11setup_rewrite(s, f->cfg.up_name, f->cfg.up_data, f->cfg.up_data_len, out,
	                     sizeof(out));
	/* Requests the client pipelined after its setup go on unchanged. */
	rest = c->setup_len - s->total;
	if (n == 0 || pump_put(&c->c2u, out, n) ||
	    pump_put(&c->c2u, c->setup + s->total, rest)) {
		refuse(c, s->order, "wslx: cannot rewrite the setup", now);
		return;
	}
	c->upstream = netsock_connect(&f->cfg.upstream);
	if (c->upstream == SOCK_INVALID) {
		char why2[160];
		snprintf(why2, sizeof(why2),
		         "wslx: the X server behind wslx-host is not running (%s): start "
		         "Xming/VcXsrv",
		         netsock_strerror(netsock_errno()));
		refuse(c, s->order, why2, now);
		return;
	}
	c->state = CS_CONNECTING;
	c->deadline = now + f->cfg.setup_timeout_ms;
	c->setup[0] = s->order; /* kept for a late refusal */
}

static void
read_setup(struct forwarder *f, struct conn *c, uint64_t now, int *dead)
{
	struct x11setup s;
	const char *why = NULL;
	long n =
	    netsock_recv(c->client, c->setup + c->setup_len, X11SETUP_MAX - c->setup_len);

	if (n == 0 || (n < 0 && netsock_errno() != EAGAIN && netsock_errno() != EINTR)) {
		log_limited(now, "%s closed during setup", c->peer);
		*dead = 1;
		return;
	}
	if (n < 0)
		return;
	c->setup_len += (size_t)n;
	switch (x11setup_parse(c->setup, c->setup_len, &s, &why)) {
	case X11SETUP_NEED_MORE:
		if (c->setup_len == X11SETUP_MAX) /* cannot happen: caps fit */
			refuse(c, c->setup[0], "wslx: setup too long", now);
		break;
	case X11SETUP_REFUSE:
		refuse(c, c->setup[0], why, now);
		break;
	case X11SETUP_ACCEPT:
		setup_done(f, c, &s, now);
		break;
	}
}

/* Handle poll results for connection ${c}; returns 1 when it is over. */
static int
service(struct forwarder *f, struct conn *c, short cev, short uev, uint64_t now)
{
	int dead = 0;

	switch (c->state) {
	case CS_SETUP:
		if (cev & (POLLIN | POLLHUP | POLLERR))
			read_setup(f, c, now, &dead);
		else if (now >= c->deadline)
			refuse(c, c->setup_len ? c->setup[0] : 'l',
			       "wslx: connection setup timed out", now);
		if (dead)
			return 1;
		/* Connected at once (a unix socket): the setup goes out this turn. */
		if (c->state == CS_CONNECTING && netsock_connected_now(c->upstream))
			return service(f, c, 0, POLLOUT, now);
		if (c->state != CS_REFUSING)
			return 0;
		/* fall through */
	case CS_REFUSING:
		/*
		 * Send the reply, shut our side, then discard what the client still
		 * sends until it closes: closing with unread input would reset the
		 * connection and could destroy the reply before the client reads it.
		 */
		c->u2c.eof = 1;
		if (pump_drain(&c->u2c, c->client))
			return 1;
		if (c->u2c.shut && (cev & (POLLIN | POLLHUP | POLLERR))) {
			uint8_t sink[512];
			long n = netsock_recv(c->client, sink, sizeof(sink));
			if (n == 0 || (n < 0 && netsock_errno() != EAGAIN))
				return 1;
		}
		return now >= c->deadline;
	case CS_CONNECTING: {
		int err;
		if (cev & (POLLERR | POLLHUP)) {
			log_event("%s closed while connecting upstream", c->peer);
			return 1; /* the client reset: nobody to relay for */
		}
		if (!(uev & (POLLOUT | POLLERR | POLLHUP))) {
			/* WSAPoll may never report a failed connect: ask directly. */
			err = now < c->deadline ? netsock_connect_check(c->upstream)
			                        : ETIMEDOUT;
			if (err == EINPROGRESS)
				return 0;
		} else {
			err = netsock_connect_result(c->upstream);
		}
		if (err == EINPROGRESS)
			return 0;
		if (err) {
			char why[160];
			snprintf(
			    why, sizeof(why),
			    "wslx: the X server behind wslx-host is not running (%s): "
			    "start Xming/VcXsrv",
			    netsock_strerror(err));
			refuse(c, c->setup[0], why, now);
			return 0;
		}
		c->state = CS_RELAY;
		c->deadline = now + f->cfg.setup_timeout_ms; /* for the server's answer */
		log_event("%s accepted", c->peer);
		uev = POLLOUT;
	}
		/* fall through */
	case CS_RELAY:
		/* A reset or an error on either side ends the connection at once. */
		if ((cev | uev) & POLLERR) {
			log_event("%s closed: %s reset the connection", c->peer,
			          cev & POLLERR ? "the client" : "the X server");
			return 1;
		}
		if (!c->answered && now >= c->deadline && !pump_has_data(&c->u2c)) {
			refuse(c, c->setup[0],
			       "wslx: the X server behind wslx-host did not answer the "
			       "connection setup",
			       now);
			return service(f, c, 0, 0, now);
		}
		c->client_hup |= (cev & POLLHUP) != 0;
		c->upstream_hup |= (uev & POLLHUP) != 0;
		/*
		 * A readable side is read, and what came is written at once; for bulk
		 * transfers go round again while a read filled its buffer and it got
		 * out, so one wake-up carries several buffers.  After a short read the
		 * socket is empty: trying again would only cost an EAGAIN.
		 */
		for (int round = 0; round < 8 && !dead; round++) {
			int more_c = 0, more_u = 0;
			if ((cev & (POLLIN | POLLHUP | POLLERR)) && !c->c2u.eof &&
			    (more_c = pump_fill(&c->c2u, c->client)) < 0)
				dead = 1;
			if ((uev & (POLLIN | POLLHUP | POLLERR)) && !c->u2c.eof &&
			    (more_u = pump_fill(&c->u2c, c->upstream)) < 0)
				dead = 1;
			if (more_u > 0)
				c->answered = 1;
			if (!dead && (pump_drain(&c->c2u, c->upstream) ||
			              pump_drain(&c->u2c, c->client)))
				dead = 1;
			/* Go round only for a side that filled its buffer and got it out.
			 */
			cev = more_c == 2 && !pump_has_data(&c->c2u) ? POLLIN : 0;
			uev = more_u == 2 && !pump_has_data(&c->u2c) ? POLLIN : 0;
			if (!cev && !uev)
				break;
		}
		if (dead || (c->c2u.shut && c->u2c.shut)) {
			log_event("%s closed", c->peer);
			return 1;
		}
		return 0;
	}
	return 1;
}

static void
add_pfd(struct forwarder *f, unsigned *n, sock_t s, short events, struct conn *c,
        int side)
{
	f->pfd[*n].fd = s;
	f->pfd[*n].events = events;
	f->pfd[*n].revents = 0;
	f->pconn[*n] = c;
	f->pside[*n] = (unsigned char)side;
	(*n)++;
}

static short
client_events(const struct conn *c)
{
	short ev = 0;

	if (c->state == CS_SETUP)
		ev |= POLLIN;
	if (c->state == CS_RELAY && !c->c2u.eof && pump_has_room(&c->c2u))
		ev |= POLLIN;
	if ((c->state == CS_RELAY || c->state == CS_REFUSING) && pump_has_data(&c->u2c))
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
	if (c->state != CS_RELAY)
		return 0;
	if (!c->u2c.eof && pump_has_room(&c->u2c))
		ev |= POLLIN;
	if (pump_has_data(&c->c2u))
		ev |= POLLOUT;

	return ev;
}

int
forwarder_run(struct forwarder *f, volatile int *stop, const struct forwarder_hooks *h)
{
	uint64_t next_tick = platform_now_ms() + 1000;

	while (!*stop) {
		uint64_t now = platform_now_ms(), wake = next_tick;
		unsigned n = 0, first_conn;
		int timeout, r;

		if (f->listener != SOCK_INVALID && now >= f->listen_paused_until)
			add_pfd(f, &n, f->listener, POLLIN, NULL, 0);
		else if (f->listen_paused_until > now && f->listen_paused_until < wake)
			wake = f->listen_paused_until;
		if (h && h->extra_fd != SOCK_INVALID)
			add_pfd(f, &n, h->extra_fd, POLLIN, NULL, 1);
		first_conn = n;
		for (unsigned i = 0; i < f->nconns; i++) {
			struct conn *c = f->conns[i];
			short cev = client_events(c), uev = upstream_events(c);
			/* Poll only real sockets: poll() refuses nfds over RLIMIT_NOFILE.
			 */
			if (cev || !c->client_hup)
				add_pfd(f, &n, c->client, cev, c, 0);
			if (c->upstream != SOCK_INVALID && (uev || !c->upstream_hup))
				add_pfd(f, &n, c->upstream, uev, c, 1);
			if (timed(c) && c->deadline < wake)
				wake = c->deadline;
			if (c->state == CS_CONNECTING && NETSOCK_RECHECK_MS &&
			    now + NETSOCK_RECHECK_MS < wake)
				wake = now + NETSOCK_RECHECK_MS;
		}
		timeout = wake > now ? (int)(wake - now) : 0;
		r = netsock_poll(f->pfd, n, timeout);
		if (r < 0 && netsock_errno() != EINTR) {
			log_event("poll: %s", netsock_strerror(netsock_errno()));
			return -1;
		}
		now = platform_now_ms();
		/* Service each connection once, with both of its sockets' events. */
		for (unsigned k = first_conn; k < n;) {
			struct conn *c = f->pconn[k];
			short cev = 0, uev = 0;
			unsigned next = k;
			/* Its client's pollfd, then its upstream's (either may be left
			 * out). */
			if (f->pside[next] == 0)
				cev = f->pfd[next++].revents;
			if (next < n && f->pconn[next] == c && f->pside[next] == 1)
				uev = f->pfd[next++].revents;
			if (cev || uev || (timed(c) && now >= c->deadline)) {
				if (service(f, c, cev, uev, now)) {
					for (unsigned i = 0; i < f->nconns; i++) {
						if (f->conns[i] == c) {
							conn_close(f, i);
							break;
						}
					}
				}
			}
			k = next;
		}
		for (unsigned k = 0; k < first_conn; k++) {
			if (!f->pfd[k].revents)
				continue;
			if (f->pside[k] == 0) {
				/* Several at once: a burst of clients is served in one
				 * turn. */
				for (int i = 0; i < 16 && now >= f->listen_paused_until;
				     i++)
					if (accept_one(f, now))
						break;
			} else if (h && h->on_extra) {
				h->on_extra(h->user);
			}
		}
		if (now >= next_tick) {
			next_tick = now + 1000;
			if (h && h->on_tick)
				h->on_tick(h->user);
		}
	}
	return 0;
}

void
forwarder_free(struct forwarder *f)
{
	if (!f)
		return;
	while (f->nconns > 0)
		conn_close(f, f->nconns - 1);
	netsock_close(f->listener);
	free(f->conns);
	free(f->pfd);
	free(f->pconn);
	free(f->pside);
	free(f);
}
