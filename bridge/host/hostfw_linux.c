#include "hostfw.h"

#include <stdio.h>

#include "nft.h"
#include "winapply.h"

int
hostfw_apply(enum fw_backend backend, const struct fw_rule *rule, char *why,
             size_t whylen)
{
	static char script[16384];
	struct textbuf t;

	if (backend == FW_NONE)
		return 0;
	if (backend == FW_WINDOWS)
		return winapply_direct(rule, why, whylen);
	if (fw_rule_validate(rule, why, whylen))
		return -1;
	textbuf_init(&t, script, sizeof(script));
	nft_script(rule, 1, &t);
	return t.overflow ? -1 : nft_run(script, NULL, 0, why, whylen);
}
