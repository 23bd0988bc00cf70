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

const char *const ifaddr_default_iface = NULL;

struct watcher {
	int fd;
};

static unsigned
mask_len(const struct sockaddr *mask)
{
	uint32_t m = ntohl(((const struct sockaddr_in *)mask)->sin_addr.s_addr);
	unsigned n = 0;

	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	return n;
}

/* Walk IPv4 addresses; match by name (${iface}) or by address (${want}). */
static int
find(const char *iface, uint32_t want, uint32_t *addr, char *name, unsigned long len,
     unsigned *prefix)
{
	struct ifaddrs *list, *i;
	int r = -1;

	if (getifaddrs(&list))
		return -1;
	for (i = list; i; i = i->ifa_next) {
		uint32_t a;
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_netmask)
			continue;
		a = ntohl(((const struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		if (iface ? strcmp(i->ifa_name, iface) != 0 : a != want)
			continue;
		if (addr)
			*addr = a;
		if (name)
			snprintf(name, len, "%s", i->ifa_name);
		*prefix = mask_len(i->ifa_netmask);
		r = 0;
		break;
	}
	freeifaddrs(list);
	return r;
}

int
ifaddr_lookup(const char *iface, uint32_t *addr, unsigned *prefix)
{
	return find(iface, 0, addr, NULL, 0, prefix);
}

int
ifaddr_owner(uint32_t addr, char *iface, unsigned long len, unsigned *prefix)
{
	return find(NULL, addr, NULL, iface, len, prefix);
}

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
