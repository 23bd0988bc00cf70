#ifndef WSLX_PUMP_H
#define WSLX_PUMP_H

#include <stddef.h>
#include <stdint.h>

#include "netsock.h"

/*
 * The byte pump: one direction of a relayed connection.  Bytes read from one
 * socket wait here until the other socket takes them.  On Linux small messages
 * go through a memory buffer (one recv, one send) and bulk, a read that fills
 * it, socket -> kernel pipe -> socket (splice, no copy through user space);
 * elsewhere, or when no pipe can be had, everything goes through a ring buffer
 * in memory.  The pump knows sockets and bytes, nothing of X11 or of polling: its
 * owner asks pump_has_room / pump_has_data what to poll for.
 */
struct pump {
	uint8_t *data; /* ring: ${len} bytes from ${start} wait to be written */
	size_t cap, start, len;
	size_t ring_cap; /* the ring's size when the pipe has to be given up */
	int piped;       /* bulk goes through a kernel pipe, opened at the first */
	struct zpipe zp; /* when open (zp.rd >= 0), bulk goes through it */
	int zp_full;     /* the pipe took no more though it is not full by our count */
	int bulk;        /* reads go through the pipe (the last one was large) */
	int eof;         /* the source said EOF: shut the sink down once drained */
	int shut;        /* the sink was shut down */
};

/*
 * Up to this, a message is copied (one recv, one send) rather than spliced: two
 * splices cost more than a recv and a send for the small requests and replies
 * of X11, and the server's setup reply (9.5 KiB from Xvfb) then needs no pipe.
 * Only the pages a connection uses become resident.
 */
#define PUMP_SMALL 16384

/* pump_init(p): an empty pump with no buffer and no pipe. */
void pump_init(struct pump *p);

/*
 * pump_open_pipe(p, first, ring_cap):
 * Relay bulk through a kernel pipe, opened at the first read that fills the
 * max(${first}, PUMP_SMALL) bytes of memory in front of it (small reads and
 * pump_put go there); ${ring_cap} is the ring that replaces the pipe should none
 * be had.  Returns 0, or -1 (no pipes here, or out of memory; ${p} is then as
 * after pump_init).
 */
int pump_open_pipe(struct pump *p, size_t first, size_t ring_cap);

/* pump_open_ring(p, cap): relay through a ring of ${cap} bytes.  0, or -1. */
int pump_open_ring(struct pump *p, size_t cap);

/* pump_put(p, buf, n): queue ${n} bytes in memory.  0, or -1 when they do not fit. */
int pump_put(struct pump *p, const void *buf, size_t n);

/*
 * pump_fill(p, from):
 * Read from socket ${from} into ${p} with one call, without blocking: -1 on a
 * fatal error, 2 when the read filled all the room it had (more may be
 * waiting), 1 when bytes came in a short read (nothing more now: wait for the
 * next readiness), else 0 (nothing there, no room, or EOF, which sets
 * ${p->eof}).
 */
int pump_fill(struct pump *p, sock_t from);

/*
 * pump_drain(p, to):
 * Write what ${p} holds to socket ${to}, without blocking; once the source's EOF
 * is seen and all is written, shut ${to} down for writing (${p->shut}).
 * Returns 0, or -1 on a fatal error.
 */
int pump_drain(struct pump *p, sock_t to);

/* pump_has_data(p): bytes wait to be written. */
int pump_has_data(const struct pump *p);

/* pump_has_room(p): a read could take bytes now. */
int pump_has_room(const struct pump *p);

/* pump_free(p): release its buffer and pipe; ${p} is then as after pump_init. */
void pump_free(struct pump *p);

#endif
