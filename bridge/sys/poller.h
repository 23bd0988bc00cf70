#ifndef WSLX_POLLER_H
#define WSLX_POLLER_H

/*
 * Readiness of many sockets, with interest kept between waits: a socket is
 * registered once and changed only when what its owner wants of it changes, so
 * a wait costs the same with 10 or 1,000 idle connections.  Linux: epoll,
 * level-triggered.  Windows: WSAPoll over an array kept in place.
 * Events are poll(2)'s flags: POLLIN and POLLOUT asked for; POLLIN, POLLOUT,
 * POLLHUP and POLLERR reported.  A registered socket reports POLLHUP and POLLERR
 * even when registered for nothing (as poll(2) and epoll do).
 */

#include "netsock.h"

/* One socket's registration: owned by the caller, kept up to date by the poller. */
struct poller_watch {
	sock_t sock;
	void *owner;    /* given back with its events */
	short events;   /* what it is registered for */
	int registered; /* 0: the poller does not watch it */
	unsigned slot;  /* Windows: its place in the array */
};

struct poller_event {
	struct poller_watch *w;
	short revents;
};

struct poller;

/*
 * poller_new(max): a poller for up to ${max} registered sockets; NULL when out of
 * memory or (Linux) of descriptors.
 */
struct poller *poller_new(unsigned max);

/* poller_free(p): free ${p}; the sockets are not closed. */
void poller_free(struct poller *p);

/* poller_watch_init(w, s, owner): an unregistered watch of socket ${s}. */
static inline void
poller_watch_init(struct poller_watch *w, sock_t s, void *owner)
{
	w->sock = s;
	w->owner = owner;
	w->events = 0;
	w->registered = 0;
	w->slot = 0;
}

/*
 * poller_set(p, w, events):
 * Register ${w} for ${events}, or change what it is registered for; no system
 * call when it is registered for exactly that already.  0, or -1 (netsock_errno).
 */
int poller_set(struct poller *p, struct poller_watch *w, short events);

/*
 * poller_remove(p, w): stop watching ${w} (a no-op when it is not registered).
 * Call it before closing the socket.
 */
void poller_remove(struct poller *p, struct poller_watch *w);

/*
 * poller_wait(p, ev, max, timeout_ms):
 * Wait up to ${timeout_ms} ms (-1: no limit) for readiness and give up to ${max}
 * ready watches in ${ev}, each once.  Returns how many (0 on timeout), or -1
 * (netsock_errno; EINTR when a signal came).
 */
int poller_wait(struct poller *p, struct poller_event *ev, unsigned max, int timeout_ms);

#endif
