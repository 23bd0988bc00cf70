#ifndef WSLX_COOKIE_H
#define WSLX_COOKIE_H

#include <stddef.h>
#include <stdint.h>

/*
 * cookie_random(buf, len):
 * Fill ${buf} with ${len} bytes from the OS CSPRNG (getrandom on Linux,
 * BCryptGenRandom on Windows).  Returns 0, or -1 with a warning.
 */
int cookie_random(uint8_t *buf, size_t len);

/*
 * cookie_equal(a, b, len):
 * Non-zero when the ${len} bytes at ${a} and ${b} are equal; the time taken does
 * not depend on where they differ.
 */
int cookie_equal(const uint8_t *a, const uint8_t *b, size_t len);

/*
 * cookie_hex(buf, len, out):
 * Write ${buf} as lowercase hex into ${out} (2 * ${len} + 1 bytes).
 */
void cookie_hex(const uint8_t *buf, size_t len, char *out);

#endif
