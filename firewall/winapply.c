#include "winapply.h"

#include <stdio.h>

#include "winrun.h"
#include "winscript.h"

int
winapply_start(const struct fw_rule *rule, struct winrun_child *child, char *why,
               size_t whylen)
{
	static char script[16384], encoded[WINSCRIPT_MAX_ENCODED];
	struct textbuf t;
	char ps[4096];

	if (fw_rule_validate(rule, why, whylen))
		return -1;
	textbuf_init(&t, script, sizeof(script));
	winscript_follow(rule, &t);
	if (t.overflow || winscript_encode(script, encoded, sizeof(encoded))) {
		snprintf(why, whylen, "firewall script too long");
		return -1;
	}
	if (winrun_find(ps, sizeof(ps), why, whylen) ||
	    winrun_start(ps, encoded, child, why, whylen))
		return -1;
	return 0;
}
