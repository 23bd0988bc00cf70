#include "poller.h"

#include <errno.h>
#include <stdlib.h>

/*
 * WSAPoll over an array kept in place: a watch holds its slot, and removing one
 * moves the last into its place.  (IOCP would need overlapped I/O throughout;
 * the relay's idle cost on Windows is one array entry per socket.)
 */
struct poller {
	struct pollfd *fds;
	struct poller_watch **who;
	unsigned n, cap;
};

struct poller *
poller_new(unsigned max)
{
	struct poller *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cap = max ? max : 1;
	p->fds = calloc(p->cap, sizeof(*p->fds));
	p->who = calloc(p->cap, sizeof(*p->who));
	if (!p->fds || !p->who) {
		poller_free(p);
		return NULL;
	}
	return p;
}

void
poller_free(struct poller *p)
{
	if (!p)
		return;
	free(p->fds);
	free(p->who);
	free(p);
}

int
poller_set(struct poller *p, struct poller_watch *w, short events)
{
	if (!w->registered) {
		if (p->n == p->cap) {
			errno = ENOBUFS;
			return -1;
		}
		w->slot = p->n++;
		w->registered = 1;
		p->fds[w->slot].fd = w->sock;
		p->who[w->slot] = w;
	}
	w->events = events;
	p->fds[w->slot].events = events;
	return 0;
}

void
poller_remove(struct poller *p, struct poller_watch *w)
{
	unsigned last;

	if (!w->registered)
		return;
	last = --p->n;
	if (w->slot != last) {
		p->fds[w->slot] = p->fds[last];
		p->who[w->slot] = p->who[last];
		p->who[w->slot]->slot = w->slot;
	}
	w->registered = 0;
	w->events = 0;
}

int
poller_wait(struct poller *p, struct poller_event *ev, unsigned max, int timeout_ms)
{
	unsigned got = 0;
	int r;

	for (unsigned i = 0; i < p->n; i++)
		p->fds[i].revents = 0;
	r = netsock_poll(p->fds, p->n, timeout_ms);
	if (r <= 0)
		return r;
	for (unsigned i = 0; i < p->n && got < max; i++) {
		if (p->fds[i].revents) {
			ev[got].w = p->who[i];
			ev[got].revents = p->fds[i].revents;
			got++;
		}
	}
	return (int)got;
}
