#include "watcher.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct watcher {
	int fd;
};

struct watcher *
watcher_open(void)
{
	struct sockaddr_nl sa;
	struct watcher *w = malloc(sizeof(*w));

	if (!w)
		return NULL;
	w->fd =
	    socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (w->fd < 0) {
		free(w);
		return NULL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_LINK;
	if (bind(w->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(w->fd);
		free(w);
		return NULL;
	}
	return w;
}

sock_t
watcher_fd(const struct watcher *w)
{
	return w->fd;
}

int
watcher_changed(struct watcher *w)
{
	char buf[8192];
	int changed = 0;
	ssize_t n;

	while ((n = recv(w->fd, buf, sizeof(buf), 0)) > 0 ||
	       (n < 0 && errno == ENOBUFS)) {
		/* ENOBUFS: events were lost, so assume the worst and look again. */
		if (n < 0) {
			changed = 1;
			continue;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == RTM_NEWADDR ||
			    h->nlmsg_type == RTM_DELADDR || h->nlmsg_type == RTM_NEWLINK)
				changed = 1;
	}
	return changed;
}

void
watcher_close(struct watcher *w)
{
	if (!w)
		return;
	close(w->fd);
	free(w);
}
