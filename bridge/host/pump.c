#include "pump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int
transient(int err)
{
	return err == EAGAIN || err == EINTR;
}

void
pump_init(struct pump *p)
{
	memset(p, 0, sizeof(*p));
	p->zp.rd = p->zp.wr = -1;
}

void
pump_free(struct pump *p)
{
	free(p->data);
	netsock_zpipe_close(&p->zp);
	pump_init(p);
}

int
pump_open_ring(struct pump *p, size_t cap)
{
	pump_free(p);
	p->data = malloc(cap);
	p->cap = p->ring_cap = cap;
	return p->data ? 0 : -1;
}

int
pump_open_pipe(struct pump *p, size_t first, size_t ring_cap)
{
	size_t mem = first > PUMP_SMALL ? first : PUMP_SMALL;

	pump_free(p);
	if (!netsock_zpipe_supported() || (p->data = malloc(mem)) == NULL)
		return -1;
	p->cap = mem;
	p->ring_cap = ring_cap;
	p->piped = 1;
	return 0;
}

/*
 * No pipe after all (none could be opened, or splice cannot read this socket):
 * copy through a ring of ring_cap from now on, keeping what waits in memory.
 * Out of memory, the small buffer carries on as the ring.
 */
static void
to_ring(struct pump *p)
{
	uint8_t *ring = malloc(p->ring_cap);
	size_t first = p->cap - p->start < p->len ? p->cap - p->start : p->len;

	netsock_zpipe_close(&p->zp);
	p->piped = 0;
	p->bulk = 0;
	if (!ring)
		return;
	memcpy(ring, p->data + p->start, first);
	memcpy(ring + first, p->data, p->len - first);
	free(p->data);
	p->data = ring;
	p->cap = p->ring_cap;
	p->start = 0;
}

int
pump_put(struct pump *p, const void *buf, size_t n)
{
	if (n > p->cap - p->len)
		return -1;
	for (size_t done = 0; done < n;) {
		size_t at = (p->start + p->len) % p->cap;
		size_t seg = at >= p->start ? p->cap - at : p->start - at;
		if (seg > n - done)
			seg = n - done;
		memcpy(p->data + at, (const uint8_t *)buf + done, seg);
		p->len += seg;
		done += seg;
	}
	return 0;
}

/* Into the ring: 2 when the read filled the room asked (more may wait), 1 when
 * it was short, 0 when nothing came, -1 on a fatal error. */
static int
fill_ring(struct pump *p, sock_t from)
{
	size_t at, room;
	long n;

	if (p->len == p->cap)
		return 0;
	if (p->len == 0)
		p->start = 0; /* empty: read into one contiguous stretch */
	at = (p->start + p->len) % p->cap;
	room = at >= p->start ? p->cap - at : p->start - at;
	n = netsock_recv(from, p->data + at, room);
	if (n > 0) {
		p->len += (size_t)n;
		return (size_t)n == room ? 2 : 1;
	}
	if (n == 0)
		p->eof = 1;
	else if (!transient(netsock_errno()))
		return -1;
	return 0;
}

/*
 * With a pipe: small messages (most X11 requests and replies) are one recv
 * and one send through memory, which costs less than two splices; a read that
 * fills memory means bulk, which then goes through the pipe until a splice
 * moves less than PUMP_SMALL.  Memory is read only while the pipe is empty, so
 * bytes leave in the order they came (drain: memory, then the pipe).
 */
static int
fill_pipe(struct pump *p, sock_t from)
{
	size_t asked;
	long n;

	if (!p->bulk && p->zp.len == 0) {
		int r = fill_ring(p, from);
		if (r == 2 && p->len == p->cap) {
			/* Bulk: the pipe is opened now, so idle connections hold none. */
			if (p->zp.rd < 0 && netsock_zpipe_open(&p->zp))
				to_ring(p);
			else
				p->bulk = 1;
		}
		return r;
	}
	if (p->zp.len >= p->zp.cap || p->zp_full)
		return 0;
	asked = p->zp.cap - p->zp.len;
	n = netsock_zpipe_fill(from, &p->zp);
	if (n > 0) {
		p->bulk = (size_t)n >= PUMP_SMALL;
		return (size_t)n == asked ? 2 : 1;
	}
	p->bulk = 0;
	if (n == 0 && netsock_peer_closed(from)) {
		p->eof = 1;
		return 0;
	}
	if (n < 0 && !transient(netsock_errno()))
		return -1;
	/*
	 * Nothing moved: a pipe holds a fixed number of fragments, so it can be
	 * full before our byte count says so.  Wait for a drain; with an empty pipe
	 * that cannot be it, so copy through memory from now on.
	 */
	if (p->zp.len > 0) {
		p->zp_full = 1;
		return 0;
	}
	if (n < 0 || p->len > 0)
		return 0; /* plainly nothing to read, or memory to send first */
	to_ring(p);
	return 0;
}

int
pump_fill(struct pump *p, sock_t from)
{
	return p->piped ? fill_pipe(p, from) : fill_ring(p, from);
}

int
pump_drain(struct pump *p, sock_t to)
{
	while (p->len > 0) {
		size_t seg = p->cap - p->start < p->len ? p->cap - p->start : p->len;
		long n = netsock_send(to, p->data + p->start, seg);
		if (n < 0)
			return transient(netsock_errno()) ? 0 : -1;
		p->start = (p->start + (size_t)n) % p->cap;
		p->len -= (size_t)n;
	}
	while (p->zp.len > 0) {
		long n = netsock_zpipe_drain(to, &p->zp);
		if (n < 0)
			return transient(netsock_errno()) ? 0 : -1;
		if (n == 0)
			return -1; /* the pipe holds less than we counted: give up */
		p->zp_full = 0;
	}
	if (p->eof && !p->shut) {
		netsock_shutdown_write(to);
		p->shut = 1;
	}
	return 0;
}

int
pump_has_data(const struct pump *p)
{
	return p->len > 0 || p->zp.len > 0;
}

int
pump_has_room(const struct pump *p)
{
	/* Memory takes the read unless bulk is under way (without a pipe, never). */
	if (!p->bulk && p->zp.len == 0)
		return p->len < p->cap;
	return p->zp.len < p->zp.cap && !p->zp_full;
}
