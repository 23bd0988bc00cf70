#include "hostfw.h"

#include <stdio.h>

#include "nft.h"
#include "winapply.h"

int
hostfw_start(enum fw_backend backend, const struct fw_rule *rule, struct hostfw_job *job,
             uint64_t now_ms, char *why, size_t whylen)
{
	static char script[16384];
	struct textbuf t;

	if (backend == FW_NONE)
		return 1;
	if (backend == FW_WINDOWS) {
		/* A Linux host in front of Windows' firewall (through WSL interop). */
		if (winapply_start(rule, &job->child, why, whylen))
			return -1;
		job->running = 1;
		job->deadline = now_ms + HOSTFW_TIMEOUT_MS;
		return 0;
	}
	if (fw_rule_validate(rule, why, whylen))
		return -1;
	textbuf_init(&t, script, sizeof(script));
	nft_script(rule, 1, &t);
	if (t.overflow) {
		snprintf(why, whylen, "nftables script too long");
		return -1;
	}
	return nft_run(script, NULL, 0, why, whylen) ? -1 : 1;
}
