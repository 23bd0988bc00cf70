#ifndef WSLX_X11REPLY_H
#define WSLX_X11REPLY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The X server's answer to a connection setup (X11 protocol, section 8), as a
 * client reads it: an 8-byte header (status: 0 Failed, 1 Success, 2
 * Authenticate; for Failed the reason's length; the protocol version; the length
 * of what follows in 4-byte units), then the reason or the server's setup.
 * A pure function over a byte buffer: no I/O.
 */

#define X11REPLY_HEADER 8

enum x11reply_status {
	X11REPLY_NEED_MORE,    /* not all of the header (and reason) is there yet */
	X11REPLY_FAILED,       /* refused: the reason is in ${reason} */
	X11REPLY_SUCCESS,      /* accepted: the server's setup follows */
	X11REPLY_AUTHENTICATE, /* more authentication asked: the reason says what */
	X11REPLY_MALFORMED,    /* not an X11 setup reply */
};

/*
 * x11reply_parse(order, buf, len, reason, reasonlen):
 * Look at the first ${len} bytes a server sent in answer to a setup in byte
 * order ${order} ('B' MSB first, else LSB first).  For Failed and Authenticate,
 * waits for the reason and copies it into ${reason} as one printable line
 * (bytes outside printable ASCII become spaces; cut to fit ${reasonlen}).
 * Success needs only the header.
 */
enum x11reply_status x11reply_parse(uint8_t order, const uint8_t *buf, size_t len,
                                    char *reason, size_t reasonlen);

#endif
