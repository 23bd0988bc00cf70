/*
 * libFuzzer target: the setup reply parser on hostile bytes.  Whatever it says,
 * it says it of every longer input too (a verdict never changes as more bytes
 * come), the reason it gives is one printable line within its buffer, and a
 * Failed reply built by x11setup_failed parses back to its reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x11reply.h"
#include "x11setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
printable(const char *s, size_t cap)
{
	const char *end = memchr(s, '\0', cap);
	size_t n;

	if (!end)
		__builtin_trap(); /* not terminated within its buffer */
	n = (size_t)(end - s);
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7E)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reason[64], more[64], text[300];
	uint8_t built[X11SETUP_FAILED_MAX];
	enum x11reply_status r, longer;
	uint8_t order;
	size_t n;

	if (size == 0)
		return 0;
	order = data[0] & 1 ? 'B' : 'l';
	r = x11reply_parse(order, data + 1, size - 1, reason, sizeof(reason));
	printable(reason, sizeof(reason));
	for (size_t len = 0; len < size - 1; len++) {
		longer = x11reply_parse(order, data + 1, len, more, sizeof(more));
		if (longer != X11REPLY_NEED_MORE && longer != r)
			__builtin_trap(); /* a verdict on a prefix that more bytes change
			                   */
	}
	/* A reply we build ourselves says what it was built with. */
	n = size - 1 < sizeof(text) - 1 ? size - 1 : sizeof(text) - 1;
	for (size_t i = 0; i < n; i++)
		text[i] = (char)(0x20 + data[1 + i] % 0x5F);
	text[n] = '\0';
	n = x11setup_failed(order, text, built, sizeof(built));
	if (x11reply_parse(order, built, n, more, sizeof(more)) != X11REPLY_FAILED ||
	    strncmp(more, text, sizeof(more) - 1) != 0)
		__builtin_trap();
	return 0;
}
