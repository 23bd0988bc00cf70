#ifndef WSLX_SUBNET_H
#define WSLX_SUBNET_H

#include <stddef.h>
#include <stdint.h>

/* An IPv4 subnet: address (host byte order, masked) and prefix length 0..32. */
struct subnet {
	uint32_t addr;
	unsigned prefix;
};

/*
 * subnet_parse(text, out):
 * Parse ${text} as "A.B.C.D/N" or a bare "A.B.C.D" (a /32) into ${out}.  Host
 * bits must be zero ("172.28.0.0/20", not "172.28.1.5/20"), so a typo never
 * silently widens what is allowed.  Returns 0, or -1 when ${text} is not that.
 */
int subnet_parse(const char *text, struct subnet *out);

/*
 * subnet_from_host(addr, prefix, out):
 * The subnet of host ${addr} (host byte order) with ${prefix} bits.  Returns 0,
 * or -1 when ${prefix} > 32.
 */
int subnet_from_host(uint32_t addr, unsigned prefix, struct subnet *out);

/*
 * subnet_contains(s, addr):
 * Non-zero when ${addr} (host byte order) lies in ${s}.
 */
int subnet_contains(const struct subnet *s, uint32_t addr);

/*
 * subnet_format(s, buf, len):
 * Write ${s} as "A.B.C.D/N" into ${buf} of ${len} bytes (SUBNET_STRLEN fits).
 */
#define SUBNET_STRLEN 19
void subnet_format(const struct subnet *s, char *buf, size_t len);

/*
 * ipv4_parse(text, out):
 * Parse dotted-quad ${text} strictly (four decimal parts 0..255, no leading
 * signs or spaces) into ${out} in host byte order.  Returns 0 or -1.
 */
int ipv4_parse(const char *text, uint32_t *out);

/*
 * ipv4_format(addr, buf, len):
 * Write ${addr} (host byte order) as a dotted quad (16 bytes fit).
 */
void ipv4_format(uint32_t addr, char *buf, size_t len);

#endif
