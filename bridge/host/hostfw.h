#ifndef WSLX_HOSTFW_H
#define WSLX_HOSTFW_H

#include <stddef.h>

#include "hostopts.h"
#include "rule.h"

/*
 * hostfw_apply(backend, rule, why, whylen):
 * Make the firewall hold exactly ${rule} (its old subnet out) through
 * ${backend}, without asking for elevation: a host without the rights gets -1
 * and writes firewall=stale in the handoff.  FW_NONE does nothing and returns 0.
 */
int hostfw_apply(enum fw_backend backend, const struct fw_rule *rule, char *why,
                 size_t whylen);

#endif
