#ifndef WSLX_NETINFO_H
#define WSLX_NETINFO_H

#include <stddef.h>
#include <stdint.h>

#include "subnet.h"

/*
 * Guest network detection, from files only (through sysroot_path): never runs
 * a program, never asks DNS.  The parsers are pure functions over text.
 */

enum net_mode { NET_UNKNOWN, NET_NAT, NET_MIRRORED };

struct netinfo {
	int wsl;             /* 0: not WSL, 1: WSL1, 2: WSL2 */
	const char *wsl_why; /* the signal that decided it */
	enum net_mode mode;
	int have_gateway;
	uint32_t gateway; /* host byte order */
	char iface[32];
	int have_subnet;
	struct subnet subnet; /* the link route holding the gateway */
};

/*
 * netinfo_wsl_from_release(release):
 * WSL version told by a kernel release string: 1 for "...-Microsoft" (WSL1),
 * 2 for "...microsoft-standard-WSL2" or any other "microsoft" kernel, 0 otherwise.
 */
int netinfo_wsl_from_release(const char *release);

/*
 * netinfo_parse_routes(text, up, user, gw, iface, ifacelen, link):
 * From /proc/net/route ${text}: the default route (destination and mask 0, flags
 * UP|GATEWAY) with the lowest metric whose interface ${up}(${user}, name) says is
 * up; its gateway to *${gw}, its interface to ${iface}.  When a link route on that
 * interface (no gateway) contains the gateway, it goes to *${link} and the return
 * is 2; 1 when only the gateway was found, 0 when there is no default route.
 */
int netinfo_parse_routes(const char *text, int (*up)(void *user, const char *iface),
                         void *user, uint32_t *gw, char *iface, size_t ifacelen,
                         struct subnet *link);

/*
 * netinfo_resolv_host(text, out):
 * The first IPv4 nameserver in resolv.conf ${text} that is usable as the
 * Windows host: not loopback, not WSL's DNS-tunneling 10.255.255.254.
 * Returns 0 with *${out}, or -1.
 */
int netinfo_resolv_host(const char *text, uint32_t *out);
#define WSL_DNS_TUNNEL_ADDR 0x0AFFFFFEu /* 10.255.255.254 */

/*
 * netinfo_detect(ni):
 * Fill ${ni} from the machine (through $WSLX_SYSROOT) and the environment.
 */
void netinfo_detect(struct netinfo *ni);

/* netinfo_mode_name(mode): "nat", "mirrored" or "unknown". */
const char *netinfo_mode_name(enum net_mode mode);

#endif
