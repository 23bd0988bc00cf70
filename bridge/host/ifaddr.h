#ifndef WSLX_IFADDR_H
#define WSLX_IFADDR_H

#include <stdint.h>

/*
 * Interface addresses, as they are now: getifaddrs on Linux, IP Helper's
 * adapter list on Windows (judged by ifchoose).
 */

/*
 * ifaddr_lookup(iface, addr, prefix):
 * The first IPv4 address of interface ${iface} and its prefix length.  On
 * Windows ${iface} is an adapter's friendly name, or its start followed by "*"
 * ("vEthernet (WSL*").  Returns 0, or -1 when it has none (or does not exist).
 */
int ifaddr_lookup(const char *iface, uint32_t *addr, unsigned *prefix);

/*
 * ifaddr_owner(addr, iface, len, prefix):
 * The interface that has IPv4 address ${addr}, and the prefix length there.
 * Returns 0 or -1.
 */
int ifaddr_owner(uint32_t addr, char *iface, unsigned long len, unsigned *prefix);

/* The interface wslx-host serves when given neither --listen nor --interface. */
extern const char *const ifaddr_default_iface; /* NULL where there is none */

#endif
