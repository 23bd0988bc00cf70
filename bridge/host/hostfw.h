#ifndef WSLX_HOSTFW_H
#define WSLX_HOSTFW_H

#include <stddef.h>
#include <stdint.h>

#include "hostopts.h"
#include "rule.h"
#include "winrun.h"

/*
 * wslx-host's firewall follow-up.  An update runs beside the relay, never in
 * it: nftables is applied in-process (one libnftables transaction, quick); the
 * Windows firewall through powershell.exe, which is started and then watched
 * from the loop, and ended after HOSTFW_TIMEOUT_MS (the rule is then stale).
 */
#define HOSTFW_TIMEOUT_MS 30000

struct hostfw_job {
	int running;
	struct winrun_child child;
	uint64_t deadline; /* ms */
};

/*
 * hostfw_start(backend, rule, job, now_ms, why, whylen):
 * Start making the firewall hold exactly ${rule} (its old subnet out) through
 * ${backend}, without asking for elevation.  Returns 1 when it is done already
 * (FW_NONE does nothing), 0 when ${job} runs it (watch it with hostfw_check),
 * or -1 with ${why}: a host without the rights writes firewall=stale.
 */
int hostfw_start(enum fw_backend backend, const struct fw_rule *rule,
                 struct hostfw_job *job, uint64_t now_ms, char *why, size_t whylen);

/*
 * hostfw_check(job, now_ms, why, whylen):
 * 0 while ${job} runs, 1 when it applied the rule, -1 when it failed or ran past
 * its deadline (then it is killed), with ${why}.
 */
int hostfw_check(struct hostfw_job *job, uint64_t now_ms, char *why, size_t whylen);

/* hostfw_cancel(job): end a running ${job} (a newer rule replaces it). */
void hostfw_cancel(struct hostfw_job *job);

#endif
