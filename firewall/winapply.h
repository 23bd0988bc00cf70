#ifndef WSLX_WINAPPLY_H
#define WSLX_WINAPPLY_H

#include <stddef.h>

#include "rule.h"
#include "winrun.h"

/*
 * winapply_start(rule, child, why, whylen):
 * Start applying ${rule} to the Windows firewall: the generated script in
 * powershell.exe as we are, without asking for elevation (wslx-host's way: a
 * host without the rights reports the rule stale).  The caller watches ${child}
 * (winrun_wait) and takes a non-zero exit code as a rule not applied.  0, or -1.
 */
int winapply_start(const struct fw_rule *rule, struct winrun_child *child, char *why,
                   size_t whylen);

#endif
