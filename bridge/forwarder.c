#include "forwarder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostsys.h"
#include "log.h"

enum conn_state { CS_SETUP, CS_CONNECTING, CS_RELAY, CS_REFUSING };

/* One direction's buffer, a ring: ${len} bytes from ${start} wait to be written. */
struct dirbuf {
	uint8_t *data;
	size_t cap, start, len;
	struct zpipe zp; /* when open, bulk goes socket -> pipe -> socket (splice) */
	int zp_full;     /* the pipe took no more though it is not full by our count */
	int eof;         /* the source said EOF: shut the sink down once drained */
	int shut;        /* the sink was shut down */
};

struct conn {
	enum conn_state state;
	sock_t client, upstream;
	char peer[24];
	uint64_t deadline; /* setup or connect deadline, ms */
	uint8_t setup[X11SETUP_MAX];
	size_t setup_len;
	struct dirbuf c2u, u2c;
};

struct forwarder {
	struct forwarder_cfg cfg;
	sock_t listener;
	uint64_t listen_paused_until; /* after EMFILE: let descriptors free up */
	struct conn **conns;
	unsigned nconns;
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
	f->listener = SOCK_INVALID;
	slots = 2 * (size_t)f->cfg.max_clients + 2;
	f->conns = calloc(f->cfg.max_clients, sizeof(*f->conns));
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
	free(c->c2u.data);
	free(c->u2c.data);
	netsock_zpipe_close(&c->c2u.zp);
	netsock_zpipe_close(&c->u2c.zp);
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
	if (f->nconns >= f->cfg.max_clients || (c = calloc(1, sizeof(*c))) == NULL) {
		netsock_close(s);
		log_limited(now, "%s:%u refused: too many clients", ip, port);
		return 0;
	}
	c->state = CS_SETUP;
	c->c2u.zp.rd = c->c2u.zp.wr = c->u2c.zp.rd = c->u2c.zp.wr = -1;
	c->client = s;
	c->upstream = SOCK_INVALID;
	snprintf(c->peer, sizeof(c->peer), "%s:%u", ip, port);
	c->deadline = now + f->cfg.setup_timeout_ms;
	f->conns[f->nconns++] = c;
	log_debug("%s connected", c->peer);
	return 0;
}

/* C2 refused: queue the Failed reply; the connection ends once it is sent. */
static void
refuse(struct conn *c, uint8_t order, const char *why, uint64_t now)
{
	uint8_t reply[X11SETUP_FAILED_MAX];
	size_t n = x11setup_failed(order, why, reply, sizeof(reply));

	log_event("%s refused: %s", c->peer, why);
	free(c->u2c.data);
	c->u2c.data = malloc(n);
	if (c->u2c.data) {
		memcpy(c->u2c.data, reply, n);
		c->u2c.cap = n;
		c->u2c.start = 0;
		c->u2c.len = n;
	}
	netsock_close(c->upstream);
	c->upstream = SOCK_INVALID;
	c->state = CS_REFUSING;
	c->deadline = now + 1000;
}

/*
 * With kernel pipes (Linux), memory holds only the rewritten setup; without
 * them (Windows, or no descriptors left), each direction gets a ring buffer.
 */
static int
alloc_buffers(struct forwarder *f, struct conn *c)
{
	if (netsock_zpipe_open(&c->c2u.zp) == 0 && netsock_zpipe_open(&c->u2c.zp) == 0) {
		c->c2u.data = malloc(X11SETUP_MAX);
		c->c2u.cap = X11SETUP_MAX;
		return c->c2u.data ? 0 : -1;
	}
	netsock_zpipe_close(&c->c2u.zp);
	netsock_zpipe_close(&c->u2c.zp);
	c->c2u.data = malloc(f->cfg.buffer_size);
	c->u2c.data = malloc(f->cfg.buffer_size);
	c->c2u.cap = c->u2c.cap = f->cfg.buffer_size;
	return c->c2u.data && c->u2c.data ? 0 : -1;
}

/* C2 accepted: C3 connect upstream and queue the rewritten setup (C4). */
static void
setup_done(struct forwarder *f, struct conn *c, const struct x11setup *s, uint64_t now)
{
	size_t n, rest;
	const char *why;

	if (x11setup_check_cookie(s, f->cfg.cookie, &why)) {
		refuse(c, s->order, why, now);
		return;
	}
	if (alloc_buffers(f, c)) {
		refuse(c, s->order, "wslx: out of memory", now);
		return;
	}
	n = x11setup_rewrite(s, f->cfg.up_name, f->cfg.up_data, f->cfg.up_data_len,
	                     c->c2u.data, c->c2u.cap);
	/* Requests the client pipelined after its setup go on unchanged. */
	rest = c->setup_len - s->total;
	if (n == 0 || n + rest > c->c2u.cap) {
		refuse(c, s->order, "wslx: cannot rewrite the setup", now);
		return;
	}
	memcpy(c->c2u.data + n, c->setup + s->total, rest);
	c->c2u.len = n + rest;
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
		log_event("%s closed during setup", c->peer);
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

/*
 * Move bytes from ${from} into ${b}: -1 on a fatal error, 1 when bytes came (more
 * may be waiting), else 0 (nothing there, no room, or EOF).
 */
static int
fill(sock_t from, struct dirbuf *b, size_t fallback_cap)
{
	size_t at, room;
	long n;

	if (b->zp.rd >= 0) {
		/* Memory first (the setup), then the pipe. */
		if (b->len > 0 || b->zp.len >= b->zp.cap || b->zp_full)
			return 0;
		n = netsock_zpipe_fill(from, &b->zp);
		if (n > 0)
			return 1;
		if (n == 0 && netsock_peer_closed(from)) {
			b->eof = 1;
			return 0;
		}
		if (n < 0 && netsock_errno() != EAGAIN && netsock_errno() != EINTR)
			return -1;
		/*
		 * Nothing moved: a pipe holds a fixed number of fragments, so it can
		 * be full before our byte count says so.  Wait for a drain; with an
		 * empty pipe that cannot be it, so copy through memory from now on.
		 */
		if (b->zp.len > 0) {
			b->zp_full = 1;
			return 0;
		}
		if (n < 0)
			return 0; /* plainly nothing to read */
		netsock_zpipe_close(&b->zp);
		free(b->data);
		b->data = malloc(fallback_cap);
		b->cap = fallback_cap;
		b->start = b->len = 0;
		return b->data ? 0 : -1;
	} else {
		if (b->len == b->cap)
			return 0;
		if (b->len == 0)
			b->start = 0; /* empty: read into one contiguous stretch */
		at = (b->start + b->len) % b->cap;
		room = at >= b->start ? b->cap - at : b->start - at;
		n = netsock_recv(from, b->data + at, room);
		if (n > 0)
			b->len += (size_t)n;
	}
	if (n == 0)
		b->eof = 1;
	else if (n < 0 && netsock_errno() != EAGAIN && netsock_errno() != EINTR)
		return -1;
	return n > 0;
}

/* Write what ${b} holds to ${to}; shut ${to} down after the source's EOF. */
static int
drain(sock_t to, struct dirbuf *b)
{
	while (b->len > 0) {
		size_t seg = b->cap - b->start < b->len ? b->cap - b->start : b->len;
		long n = netsock_send(to, b->data + b->start, seg);
		if (n < 0) {
			int err = netsock_errno();
			return err == EAGAIN || err == EINTR ? 0 : -1;
		}
		b->start = (b->start + (size_t)n) % b->cap;
		b->len -= (size_t)n;
	}
	while (b->zp.len > 0) {
		long n = netsock_zpipe_drain(to, &b->zp);
		if (n < 0) {
			int err = netsock_errno();
			return err == EAGAIN || err == EINTR ? 0 : -1;
		}
		if (n == 0)
			return -1; /* the pipe holds less than we counted: give up */
		b->zp_full = 0;
	}
	if (b->eof && !b->shut) {
		netsock_shutdown_write(to);
		b->shut = 1;
	}
	return 0;
}

static int
has_data(const struct dirbuf *b)
{
	return b->len > 0 || b->zp.len > 0;
}

static int
has_room(const struct dirbuf *b)
{
	return b->zp.rd >= 0 ? b->len == 0 && b->zp.len < b->zp.cap && !b->zp_full
	                     : b->len < b->cap;
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
		if (drain(c->client, &c->u2c))
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
		log_event("%s accepted", c->peer);
		uev = POLLOUT;
	}
		/* fall through */
	case CS_RELAY:
		/*
		 * A readable side is read, and what came is written at once; for bulk
		 * transfers go round again while a full buffer was moved, so one wake-up
		 * carries several buffers instead of one.
		 */
		for (int round = 0; round < 8 && !dead; round++) {
			int more_c = 0, more_u = 0;
			if ((cev & (POLLIN | POLLHUP | POLLERR)) && !c->c2u.eof &&
			    (more_c = fill(c->client, &c->c2u, f->cfg.buffer_size)) < 0)
				dead = 1;
			if ((uev & (POLLIN | POLLHUP | POLLERR)) && !c->u2c.eof &&
			    (more_u = fill(c->upstream, &c->u2c, f->cfg.buffer_size)) < 0)
				dead = 1;
			if (!dead &&
			    (drain(c->upstream, &c->c2u) || drain(c->client, &c->u2c)))
				dead = 1;
			/* Go round only for a side that filled its buffer and got it out.
			 */
			cev = more_c > 0 && !has_data(&c->c2u) ? POLLIN : 0;
			uev = more_u > 0 && !has_data(&c->u2c) ? POLLIN : 0;
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
	if (c->state == CS_RELAY && !c->c2u.eof && has_room(&c->c2u))
		ev |= POLLIN;
	if ((c->state == CS_RELAY || c->state == CS_REFUSING) && has_data(&c->u2c))
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
	if (!c->u2c.eof && has_room(&c->u2c))
		ev |= POLLIN;
	if (has_data(&c->c2u))
		ev |= POLLOUT;

	return ev;
}

int
forwarder_run(struct forwarder *f, volatile int *stop, const struct forwarder_hooks *h)
{
	uint64_t next_tick = hostsys_now_ms() + 1000;

	while (!*stop) {
		uint64_t now = hostsys_now_ms(), wake = next_tick;
		unsigned n = 0, first_conn;
		int timeout, r;

		if (f->listener != SOCK_INVALID && f->nconns < f->cfg.max_clients &&
		    now >= f->listen_paused_until)
			add_pfd(f, &n, f->listener, POLLIN, NULL, 0);
		else if (f->listen_paused_until > now && f->listen_paused_until < wake)
			wake = f->listen_paused_until;
		if (h && h->extra_fd != SOCK_INVALID)
			add_pfd(f, &n, h->extra_fd, POLLIN, NULL, 1);
		first_conn = n;
		for (unsigned i = 0; i < f->nconns; i++) {
			struct conn *c = f->conns[i];
			/* Poll only real sockets: poll() refuses nfds over RLIMIT_NOFILE.
			 */
			add_pfd(f, &n, c->client, client_events(c), c, 0);
			if (c->upstream != SOCK_INVALID)
				add_pfd(f, &n, c->upstream, upstream_events(c), c, 1);
			if (c->state != CS_RELAY && c->deadline < wake)
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
		now = hostsys_now_ms();
		/* Service each connection once, with both of its sockets' events. */
		for (unsigned k = first_conn; k < n;) {
			struct conn *c = f->pconn[k];
			short cev = f->pfd[k].revents, uev = 0;
			unsigned next = k + 1;
			if (next < n && f->pconn[next] == c) {
				uev = f->pfd[next].revents;
				next++;
			}
			if (cev || uev || (c->state != CS_RELAY && now >= c->deadline)) {
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
				for (int i = 0;
				     i < 16 && f->nconns < f->cfg.max_clients &&
				     now >= f->listen_paused_until;
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
