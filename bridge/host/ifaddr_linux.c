#include "ifaddr.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

const char *const ifaddr_default_iface = NULL;

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
