#include "poller.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

struct poller {
	int ep;
	struct epoll_event *got;
	unsigned cap;
};

/* poll(2)'s flags and epoll's are the same bits on Linux; say so once. */
_Static_assert(POLLIN == EPOLLIN && POLLOUT == EPOLLOUT && POLLHUP == EPOLLHUP &&
                   POLLERR == EPOLLERR,
               "poll and epoll flags differ");

struct poller *
poller_new(unsigned max)
{
	struct poller *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->cap = max ? max : 1;
	p->got = calloc(p->cap, sizeof(*p->got));
	p->ep = epoll_create1(EPOLL_CLOEXEC);
	if (!p->got || p->ep < 0) {
		if (p->ep >= 0)
			close(p->ep);
		free(p->got);
		free(p);
		return NULL;
	}
	return p;
}

void
poller_free(struct poller *p)
{
	if (!p)
		return;
	close(p->ep);
	free(p->got);
	free(p);
}

int
poller_set(struct poller *p, struct poller_watch *w, short events)
{
	struct epoll_event ev = {.events = (uint32_t)events, .data.ptr = w};

	if (w->registered && w->events == events)
		return 0;
	if (epoll_ctl(p->ep, w->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, w->sock,
	              &ev) < 0)
		return -1;
	w->registered = 1;
	w->events = events;
	return 0;
}

void
poller_remove(struct poller *p, struct poller_watch *w)
{
	if (!w->registered)
		return;
	epoll_ctl(p->ep, EPOLL_CTL_DEL, w->sock, NULL);
	w->registered = 0;
	w->events = 0;
}

int
poller_wait(struct poller *p, struct poller_event *ev, unsigned max, int timeout_ms)
{
	int n;

	if (max > p->cap)
		max = p->cap;
	n = epoll_wait(p->ep, p->got, (int)max, timeout_ms);
	for (int i = 0; i < n; i++) {
		ev[i].w = p->got[i].data.ptr;
		ev[i].revents = (short)p->got[i].events;
	}
	return n;
}
