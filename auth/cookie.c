#include "cookie.h"

int
cookie_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	/* volatile keeps the compiler from turning this into an early-exit loop. */
	volatile uint8_t diff = 0;

	for (size_t i = 0; i < len; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);
	return diff == 0;
}

void
cookie_hex(const uint8_t *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[buf[i] >> 4];
		out[2 * i + 1] = digits[buf[i] & 15];
	}
	out[2 * len] = '\0';
}

#ifdef _WIN32
#include <windows.h>
#include <bcrypt.h>

int
cookie_random(uint8_t *buf, size_t len)
{
	return BCryptGenRandom(NULL, buf, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) ==
	               0
	           ? 0
	           : -1;
}
#else
#include <errno.h>
#include <sys/random.h>

int
cookie_random(uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}
#endif
