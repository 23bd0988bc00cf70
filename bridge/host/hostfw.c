#include "hostfw.h"

#include <stdio.h>

int
hostfw_check(struct hostfw_job *job, uint64_t now_ms, char *why, size_t whylen)
{
	int status;

	if (!job->running)
		return 1;
	switch (winrun_wait(&job->child, 0, &status)) {
	case 0:
		if (now_ms < job->deadline)
			return 0;
		hostfw_cancel(job);
		snprintf(why, whylen, "powershell.exe took more than %d s: stopped it",
		         HOSTFW_TIMEOUT_MS / 1000);
		return -1;
	case 1:
		job->running = 0;
		if (status == 0)
			return 1;
		snprintf(why, whylen, "powershell.exe exited with %d (not elevated?)",
		         status);
		return -1;
	default:
		job->running = 0;
		snprintf(why, whylen, "lost track of powershell.exe");
		return -1;
	}
}

void
hostfw_cancel(struct hostfw_job *job)
{
	if (job->running)
		winrun_kill(&job->child);
	job->running = 0;
}
