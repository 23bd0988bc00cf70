#include "hostfw.h"

#include <stdio.h>

#include "nft.h"
#include "winrun.h"
#include "winscript.h"

int
hostfw_apply(enum fw_backend backend, const struct fw_rule *rule, char *why,
             size_t whylen)
{
	static char script[16384], encoded[WINSCRIPT_MAX_ENCODED];
	struct textbuf t;
	char ps[4096];
	int status;

	if (backend == FW_NONE)
		return 0;
	if (fw_rule_validate(rule, why, whylen))
		return -1;
	textbuf_init(&t, script, sizeof(script));
	if (backend == FW_NFTABLES) {
		nft_script(rule, 1, &t);
		return t.overflow ? -1 : nft_run(script, NULL, 0, why, whylen);
	}
	{
		struct winfw_opts o = {rule, 1, 0, XRULES_KEEP};
		winscript_apply(&o, &t);
	}
	if (t.overflow || winscript_encode(script, encoded, sizeof(encoded))) {
		snprintf(why, whylen, "firewall script too long");
		return -1;
	}
	if (winrun_find(ps, sizeof(ps), why, whylen) ||
	    winrun_run(ps, encoded, &status, why, whylen))
		return -1;
	if (status != 0) {
		snprintf(why, whylen, "powershell.exe exited with %d (not elevated?)",
		         status);
		return -1;
	}
	return 0;
}
