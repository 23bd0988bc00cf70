#ifndef WSLX_IFCHOOSE_H
#define WSLX_IFCHOOSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Choosing the interface to serve from a list of adapters, apart from how the
 * list is read (getifaddrs, GetAdaptersAddresses), so it is tested on canned
 * lists.
 */

struct adapter {
	char name[256]; /* Windows: the friendly name, e.g. "vEthernet (WSL)" */
	int up;
	uint32_t addr; /* IPv4, host byte order; 0 when it has none */
	unsigned prefix;
};

/*
 * ifchoose_match(pattern, name):
 * Non-zero when ${name} is ${pattern}, or starts with it when ${pattern} ends
 * in "*" ("vEthernet (WSL*" matches "vEthernet (WSL (Hyper-V firewall))").
 */
int ifchoose_match(const char *pattern, const char *name);

/*
 * ifchoose_by_name(list, n, pattern):
 * The first adapter that is up, has an IPv4 address and whose name matches
 * ${pattern}; NULL when none.
 */
const struct adapter *ifchoose_by_name(const struct adapter *list, size_t n,
                                       const char *pattern);

/* ifchoose_by_addr(list, n, addr): the adapter holding ${addr}, or NULL. */
const struct adapter *ifchoose_by_addr(const struct adapter *list, size_t n,
                                       uint32_t addr);

#endif
