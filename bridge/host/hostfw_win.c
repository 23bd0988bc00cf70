#include "hostfw.h"

#include <stdio.h>

#include "winapply.h"

int
hostfw_start(enum fw_backend backend, const struct fw_rule *rule, struct hostfw_job *job,
             uint64_t now_ms, char *why, size_t whylen)
{
	if (backend == FW_NONE)
		return 1;
	if (backend != FW_WINDOWS) {
		snprintf(why, whylen,
		         "only the windows firewall backend exists on Windows");
		return -1;
	}
	if (winapply_start(rule, &job->child, why, whylen))
		return -1;
	job->running = 1;
	job->deadline = now_ms + HOSTFW_TIMEOUT_MS;
	return 0;
}
