#ifndef WSLX_X11SETUP_H
#define WSLX_X11SETUP_H

#include <stddef.h>
#include <stdint.h>

/*
 * The X11 connection setup, as a client sends it (X11 protocol, section 8):
 *   byte-order ('B' or 'l'), unused, major, minor, n (name length),
 *   d (data length), 2 unused, name + pad(n), data + pad(d).
 * Everything here is a pure function over a byte buffer: no I/O.
 */

#define X11SETUP_HEADER 12
#define X11SETUP_MAX_NAME 64
#define X11SETUP_MAX_DATA 256
/* The largest setup we ever buffer: header plus both capped, padded fields. */
#define X11SETUP_MAX (X11SETUP_HEADER + X11SETUP_MAX_NAME + X11SETUP_MAX_DATA)
/* Room for any Failed reply: 8-byte header and a reason of up to 255 bytes, padded. */
#define X11SETUP_FAILED_MAX (8 + 256)

#define X11_AUTH_MIT "MIT-MAGIC-COOKIE-1"
#define X11_COOKIE_LEN 16

struct x11setup {
	uint8_t order; /* 'B' (MSB first) or 'l' (LSB first) */
	uint16_t major, minor;
	const uint8_t *name; /* points into the parsed buffer */
	size_t name_len;
	const uint8_t *data;
	size_t data_len;
	size_t total; /* bytes the setup occupies in the buffer */
};

enum x11setup_verdict {
	X11SETUP_REFUSE = -1,
	X11SETUP_NEED_MORE = 0,
	X11SETUP_ACCEPT = 1,
};

/*
 * x11setup_parse(buf, len, out, why):
 * Look at the first ${len} bytes a client sent.  Returns X11SETUP_NEED_MORE while
 * the setup is incomplete, X11SETUP_REFUSE (with a reason for the client in
 * *${why}) when it is malformed or over the caps, or X11SETUP_ACCEPT with ${out}
 * filled.  Declared lengths are checked against the caps before waiting for the
 * bytes, so a peer cannot make us buffer more than X11SETUP_MAX.
 */
enum x11setup_verdict x11setup_parse(const uint8_t *buf, size_t len, struct x11setup *out,
                                     const char **why);

/*
 * x11setup_check_cookie(s, cookie, why):
 * Returns 0 when ${s} carries MIT-MAGIC-COOKIE-1 with data equal to the 16 bytes
 * of ${cookie} (compared in constant time), else -1 with a reason in *${why}.
 */
int x11setup_check_cookie(const struct x11setup *s, const uint8_t *cookie,
                          const char **why);

/*
 * x11setup_rewrite(s, name, data, data_len, out, outlen):
 * Write into ${out} the setup ${s} with its authorization replaced by ${name}
 * (NUL-terminated, may be "" for none) and ${data_len} bytes of ${data}, in the
 * client's byte order and version.  Returns the length written, or 0 when it
 * does not fit in ${outlen} or the new fields exceed the caps.
 */
size_t x11setup_rewrite(const struct x11setup *s, const char *name, const uint8_t *data,
                        size_t data_len, uint8_t *out, size_t outlen);

/*
 * x11setup_failed(order, reason, out, outlen):
 * Write an X11 setup "Failed" reply in byte order ${order} ('B', else LSB first)
 * whose reason is ${reason} (cut at 255 bytes).  Returns its length, or 0 when
 * ${outlen} is too small (X11SETUP_FAILED_MAX always fits).
 */
size_t x11setup_failed(uint8_t order, const char *reason, uint8_t *out, size_t outlen);

#endif
