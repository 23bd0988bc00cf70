#include "x11reply.h"

/* The peer's text as one printable line: it may be shown to a user. */
static void
copy_printable(const uint8_t *from, size_t n, char *to, size_t len)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i < n && i + 1 < len; i++)
		to[i] = from[i] >= 0x20 && from[i] <= 0x7E ? (char)from[i] : ' ';
	to[i] = '\0';
}

enum x11reply_status
x11reply_parse(uint8_t order, const uint8_t *buf, size_t len, char *reason,
               size_t reasonlen)
{
	size_t n;

	if (reasonlen)
		reason[0] = '\0';
	if (len >= 1 && buf[0] > 2)
		return X11REPLY_MALFORMED;
	if (len < X11REPLY_HEADER)
		return X11REPLY_NEED_MORE;
	if (buf[0] == 1)
		return X11REPLY_SUCCESS;
	/* Failed: the reason's length is byte 1; Authenticate: the whole rest. */
	n = buf[0] == 0 ? buf[1]
	                : (size_t)4 * (order == 'B' ? (unsigned)(buf[6] << 8 | buf[7])
	                                            : (unsigned)(buf[7] << 8 | buf[6]));
	if (len < X11REPLY_HEADER + n)
		return X11REPLY_NEED_MORE;
	copy_printable(buf + X11REPLY_HEADER, n, reason, reasonlen);
	return buf[0] == 0 ? X11REPLY_FAILED : X11REPLY_AUTHENTICATE;
}
