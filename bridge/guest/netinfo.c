#include "netinfo.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysroot.h"

int
netinfo_wsl_from_release(const char *release)
{
	/* WSL1 reports the Windows build, e.g. "4.4.0-19041-Microsoft". */
	if (strstr(release, "-Microsoft"))
		return 1;
	if (strstr(release, "microsoft") || strstr(release, "WSL2"))
		return 2;
	return 0;
}

static int
parse_hex32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 16);

	if (end == s || *end != '\0' || v > 0xFFFFFFFFul)
		return -1;
	/* The kernel prints the address as it lies in memory (network order). */
	*out = ntohl((uint32_t)v);
	return 0;
}

static int
mask_prefix(uint32_t mask, unsigned *prefix)
{
	unsigned n = 0;

	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	if (n < 32 && (mask << n) != 0)
		return -1; /* not contiguous */
	*prefix = n;
	return 0;
}

struct route {
	char iface[32];
	uint32_t dest, gw, mask;
	unsigned flags;
	unsigned long metric;
};

/* One data line of /proc/net/route; 0 when it parsed. */
static int
parse_route_line(char *line, struct route *r)
{
	char *f[11], *save = NULL;
	int n = 0;

	for (char *t = strtok_r(line, " \t", &save); t && n < 11;
	     t = strtok_r(NULL, " \t", &save))
		f[n++] = t;
	if (n < 8 || strlen(f[0]) >= sizeof(r->iface))
		return -1;
	if (parse_hex32(f[1], &r->dest) || parse_hex32(f[2], &r->gw) ||
	    parse_hex32(f[7], &r->mask))
		return -1;
	r->flags = (unsigned)strtoul(f[3], NULL, 16);
	r->metric = strtoul(f[6], NULL, 10);
	strcpy(r->iface, f[0]);
	return 0;
}

#define RTF_UP_ 0x1
#define RTF_GATEWAY_ 0x2

int
netinfo_parse_routes(const char *text, int (*up)(void *user, const char *iface),
                     void *user, uint32_t *gw, char *iface, size_t ifacelen,
                     struct subnet *link)
{
	struct route best = {0}, r;
	char line[512];
	const char *p = text;
	int found = 0;

	/* Pass 1: the default route; pass 2: its interface's link route. */
	for (int pass = 1; pass <= 2 && (pass == 1 || found); pass++) {
		p = text;
		while (*p) {
			size_t n = strcspn(p, "\n");
			if (n < sizeof(line)) {
				memcpy(line, p, n);
				line[n] = '\0';
			} else {
				line[0] = '\0';
			}
			p += n + (p[n] == '\n');
			if (parse_route_line(line, &r) || !(r.flags & RTF_UP_))
				continue;
			if (pass == 1) {
				if (r.dest != 0 || r.mask != 0 ||
				    !(r.flags & RTF_GATEWAY_))
					continue;
				if (found && r.metric >= best.metric)
					continue;
				if (up && !up(user, r.iface))
					continue;
				best = r;
				found = 1;
			} else {
				unsigned prefix;
				if ((r.flags & RTF_GATEWAY_) ||
				    strcmp(r.iface, best.iface) || r.mask == 0 ||
				    mask_prefix(r.mask, &prefix))
					continue;
				if (subnet_from_host(r.dest, prefix, link) == 0 &&
				    subnet_contains(link, best.gw)) {
					*gw = best.gw;
					snprintf(iface, ifacelen, "%s", best.iface);
					return 2;
				}
			}
		}
	}
	if (!found)
		return 0;
	*gw = best.gw;
	snprintf(iface, ifacelen, "%s", best.iface);
	return 1;
}

int
netinfo_resolv_host(const char *text, uint32_t *out)
{
	const char *p = text;
	char line[256], word[32], addr[64];

	while (*p) {
		size_t n = strcspn(p, "\n");
		uint32_t a;
		if (n < sizeof(line)) {
			memcpy(line, p, n);
			line[n] = '\0';
		} else {
			line[0] = '\0';
		}
		p += n + (p[n] == '\n');
		if (sscanf(line, " %31s %63s", word, addr) != 2 ||
		    strcmp(word, "nameserver"))
			continue;
		if (ipv4_parse(addr, &a))
			continue;
		if ((a >> 24) == 127 || a == WSL_DNS_TUNNEL_ADDR)
			continue;
		*out = a;
		return 0;
	}
	return -1;
}

static int
iface_is_up(void *user, const char *iface)
{
	char path[128], buf[32];

	(void)user;
	snprintf(path, sizeof(path), "/sys/class/net/%s/flags", iface);
	/* No sysfs entry (a fixture without one): trust the route's own UP flag. */
	if (sysroot_read(path, buf, sizeof(buf)) < 0)
		return 1;
	return (strtoul(buf, NULL, 16) & 0x1) != 0; /* IFF_UP */
}

static void
detect_wsl(struct netinfo *ni)
{
	char buf[256];

	/*
	 * The kernel release is the one signal WSL itself sets and users rarely
	 * change; custom kernels drop "microsoft", so fall back to what WSL's init
	 * creates: the interop binfmt entry (WSL2 and WSL1 alike), WSL_DISTRO_NAME,
	 * /run/WSL.  Those cannot tell 1 from 2; WSL_INTEROP exists only on WSL2.
	 */
	if (sysroot_read("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0 &&
	    (ni->wsl = netinfo_wsl_from_release(buf)) != 0) {
		ni->wsl_why = "kernel release";
		return;
	}
	if (sysroot_exists("/proc/sys/fs/binfmt_misc/WSLInterop"))
		ni->wsl_why = "WSLInterop binfmt entry";
	else if (getenv("WSL_DISTRO_NAME"))
		ni->wsl_why = "WSL_DISTRO_NAME";
	else if (sysroot_exists("/run/WSL"))
		ni->wsl_why = "/run/WSL";
	else {
		ni->wsl = 0;
		ni->wsl_why = "no WSL signal";
		return;
	}
	ni->wsl = 2;
}

void
netinfo_detect(struct netinfo *ni)
{
	char routes[16384];
	int r;

	memset(ni, 0, sizeof(*ni));
	detect_wsl(ni);
	/* WSL creates loopback0 only in mirrored mode (Docker's engine checks the same).
	 */
	if (sysroot_exists("/sys/class/net/loopback0"))
		ni->mode = NET_MIRRORED;
	if (sysroot_read("/proc/net/route", routes, sizeof(routes)) >= 0) {
		r = netinfo_parse_routes(routes, iface_is_up, NULL, &ni->gateway,
		                         ni->iface, sizeof(ni->iface), &ni->subnet);
		ni->have_gateway = r > 0;
		ni->have_subnet = r == 2;
	}
	if (ni->mode == NET_UNKNOWN && ni->wsl == 2 && ni->have_gateway)
		ni->mode = NET_NAT;
}

const char *
netinfo_mode_name(enum net_mode mode)
{
	return mode == NET_NAT ? "nat" : mode == NET_MIRRORED ? "mirrored" : "unknown";
}
