#include "hostfw.h"

#include <stdio.h>

#include "winapply.h"

int
hostfw_apply(enum fw_backend backend, const struct fw_rule *rule, char *why,
             size_t whylen)
{
	if (backend == FW_NONE)
		return 0;
	if (backend != FW_WINDOWS) {
		snprintf(why, whylen,
		         "only the windows firewall backend exists on Windows");
		return -1;
	}
	return winapply_direct(rule, why, whylen);
}
