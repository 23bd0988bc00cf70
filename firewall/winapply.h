#ifndef WSLX_WINAPPLY_H
#define WSLX_WINAPPLY_H

#include <stddef.h>

#include "rule.h"

/*
 * winapply_direct(rule, why, whylen):
 * Apply ${rule} to the Windows firewall by running the generated script in
 * powershell.exe as we are, without asking for elevation (wslx-host's way: a
 * host without the rights reports the rule stale).  Returns 0 or -1.
 */
int winapply_direct(const struct fw_rule *rule, char *why, size_t whylen);

#endif
