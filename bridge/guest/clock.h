#ifndef WSLX_CLOCK_H
#define WSLX_CLOCK_H

#include <time.h>

/* clock_ms(): a monotonic clock in milliseconds, for measuring round trips. */
static inline double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#endif
