/*
 * libFuzzer target: the X11 Failed reply builder with reasons of 0 to 1,000 bytes
 * in both byte orders: the reply is well formed (success 0, the reason's length,
 * protocol 11.0, the padded length in 4-byte units) and carries the reason, cut
 * at 255 bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "x11setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
u16(uint8_t order, const uint8_t *p)
{
	return order == 'B' ? (unsigned)(p[0] << 8 | p[1]) : (unsigned)(p[1] << 8 | p[0]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t out[X11SETUP_FAILED_MAX];
	char reason[1001];
	size_t len, want, cut;
	uint8_t order;

	if (size == 0 || size > sizeof(reason))
		return 0;
	order = data[0] & 1 ? 'B' : 'l';
	memcpy(reason, data + 1, size - 1);
	reason[size - 1] = '\0';
	cut = strlen(reason) > 255 ? 255 : strlen(reason);
	want = 8 + cut + (-cut & 3);
	len = x11setup_failed(order, reason, out, sizeof(out));
	if (len != want || out[0] != 0 || out[1] != cut || u16(order, out + 2) != 11 ||
	    u16(order, out + 4) != 0 || u16(order, out + 6) * 4 != want - 8 ||
	    memcmp(out + 8, reason, cut) != 0)
		__builtin_trap();
	if (x11setup_failed(order, reason, out, want - 1) != 0)
		__builtin_trap(); /* too small: refused, not cut */
	return 0;
}
