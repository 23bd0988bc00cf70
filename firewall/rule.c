#include "rule.h"

#include <stdio.h>
#include <string.h>

int
fw_rule_validate(const struct fw_rule *r, char *why, size_t whylen)
{
	if (r->port == 0) {
		snprintf(why, whylen, "port 0 is not a port");
		return -1;
	}
	if (r->from.prefix > 32) {
		snprintf(why, whylen, "bad subnet prefix");
		return -1;
	}
	for (const char *p = r->iface; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_.-", *p))) {
			snprintf(
			    why, whylen,
			    "interface name '%s' has characters other than letters, digits, _ . -",
			    r->iface);
			return -1;
		}
	}
	return 0;
}
