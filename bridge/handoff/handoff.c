#include "handoff.h"

#include <string.h>

/* host.ini's words, indexed by their enum: the one table both halves read. */
static const char *const run_words[] = {
    [HANDOFF_SERVING] = "serving",
    [HANDOFF_WAITING] = "waiting",
    [HANDOFF_PORT_TAKEN] = "port-taken",
    [HANDOFF_RUN_UNKNOWN] = "unknown",
};
static const char *const fw_words[] = {
    [HANDOFF_FW_UNSET] = "",
    [HANDOFF_FW_OFF] = "off",
    [HANDOFF_FW_UPDATING] = "updating",
    [HANDOFF_FW_CURRENT] = "current",
    [HANDOFF_FW_STALE] = "stale",
    [HANDOFF_FW_UNKNOWN] = "unknown",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *
handoff_run_word(enum handoff_run r)
{
	return (unsigned)r < COUNT(run_words) ? run_words[r]
	                                      : run_words[HANDOFF_RUN_UNKNOWN];
}

const char *
handoff_fw_word(enum handoff_fw f)
{
	return (unsigned)f < COUNT(fw_words) ? fw_words[f] : fw_words[HANDOFF_FW_UNKNOWN];
}

enum handoff_run
handoff_run_parse(const char *word)
{
	for (unsigned i = 0; i < HANDOFF_RUN_UNKNOWN; i++)
		if (strcmp(word, run_words[i]) == 0)
			return (enum handoff_run)i;
	return HANDOFF_RUN_UNKNOWN;
}

enum handoff_fw
handoff_fw_parse(const char *word)
{
	for (unsigned i = 0; i < HANDOFF_FW_UNKNOWN; i++)
		if (strcmp(word, fw_words[i]) == 0)
			return (enum handoff_fw)i;
	return HANDOFF_FW_UNKNOWN;
}
