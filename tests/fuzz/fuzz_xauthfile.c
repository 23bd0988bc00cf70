/*
 * libFuzzer target: xauthfile_find_cookie on bytes a user controls (their
 * Xauthority file, an --upstream-auth file), with a property: in a well-formed
 * file that has no cookie for a display, the entry wslx appends for it is the
 * one found.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xauthfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t got[16], mine[16];
	long display = size ? data[0] % 8 : 0;
	uint8_t *both;
	size_t n;
	int r;

	for (long d = -1; d < 8; d++) {
		r = xauthfile_find_cookie(data, size, d, got);
		if (r < -1 || r > 1)
			__builtin_trap();
	}
	r = xauthfile_find_cookie(data, size, display, got);
	if (r != 1)
		return 0;
	for (size_t i = 0; i < sizeof(mine); i++)
		mine[i] = (uint8_t)(size > i + 1 ? data[i + 1] ^ 0x5a : i);
	both = malloc(size + 256);
	if (!both)
		return 0;
	if (size)
		memcpy(both, data, size);
	n = xauthfile_put_cookie(display, mine, both + size, 256);
	if (n == 0 || xauthfile_find_cookie(both, size + n, display, got) != 0 ||
	    memcmp(got, mine, sizeof(mine)) != 0)
		__builtin_trap();
	free(both);
	return 0;
}
