#ifndef WSLX_RULE_H
#define WSLX_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "subnet.h"

/*
 * The one firewall rule model: inbound TCP to local port ${port} is allowed only
 * from ${from}, optionally only on interface ${iface}; owned by wslx.  Backends
 * (nft.h, winscript.h) make exactly the wanted rules exist.
 */
struct fw_rule {
	uint16_t port;
	struct subnet from;
	char iface[32]; /* "" for any */
};

/*
 * fw_rule_validate(r, why, whylen):
 * 0 when ${r} may reach a backend: port 1..65535, an interface name of
 * [A-Za-z0-9_.-] only (it is pasted into nft and PowerShell text); else -1.
 */
int fw_rule_validate(const struct fw_rule *r, char *why, size_t whylen);

#endif
