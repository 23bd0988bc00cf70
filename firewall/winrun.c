#include "winrun.h"

#include <stdio.h>

/* The same on both platforms: start, then wait for the end. */
int
winrun_run(const char *ps, const char *encoded, int *status, char *why, size_t whylen)
{
	struct winrun_child child;

	if (winrun_start(ps, encoded, &child, why, whylen))
		return -1;
	if (winrun_wait(&child, 1, status) != 1) {
		snprintf(why, whylen, "lost track of %s while waiting for it", ps);
		return -1;
	}
	return 0;
}
