#ifndef WSLX_XAUTHFILE_H
#define WSLX_XAUTHFILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The Xauthority file format, for where libXau is not (the Windows build) and
 * for reading the handoff cookie without stdio.  Each entry is: family (2 bytes,
 * MSB first), then address, number, name and data, each a 2-byte MSB-first
 * length and that many bytes.  Linux tests check both ways against libXau.
 */

#define XAUTH_FAMILY_WILD 0xFFFF

struct xauth_entry {
	uint16_t family;
	const uint8_t *address;
	size_t address_len;
	const char *number; /* display number as text */
	const char *name;
	const uint8_t *data;
	size_t data_len;
};

/*
 * xauthfile_put(e, out, cap):
 * Append entry ${e} to ${out} of ${cap} bytes.  Returns the bytes written, or 0
 * when it does not fit or a field is over 65535 bytes.
 */
size_t xauthfile_put(const struct xauth_entry *e, uint8_t *out, size_t cap);

/*
 * xauthfile_put_cookie(display, cookie, out, cap):
 * Append the entry wslx writes for its files: family Wild, display number
 * ${display}, MIT-MAGIC-COOKIE-1 with the 16 bytes of ${cookie}.  Returns the
 * bytes written, or 0 when it does not fit.
 */
size_t xauthfile_put_cookie(long display, const uint8_t *cookie, uint8_t *out,
                            size_t cap);

/*
 * xauthfile_find_cookie(buf, len, display, cookie):
 * In the Xauthority bytes ${buf}, the first MIT-MAGIC-COOKIE-1 entry for display
 * number ${display} (any number when ${display} < 0) with 16 bytes of data; copied to
 * ${cookie}.  Returns 0, 1 when there is none, or -1 when ${buf} is not a well-formed
 * Xauthority file.
 */
int xauthfile_find_cookie(const uint8_t *buf, size_t len, long display, uint8_t *cookie);

#endif
