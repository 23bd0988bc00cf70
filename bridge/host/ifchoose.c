#include "ifchoose.h"

#include <string.h>

int
ifchoose_match(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

const struct adapter *
ifchoose_by_name(const struct adapter *list, size_t n, const char *pattern)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].up && list[i].addr != 0 &&
		    ifchoose_match(pattern, list[i].name))
			return &list[i];
	return NULL;
}

const struct adapter *
ifchoose_by_addr(const struct adapter *list, size_t n, uint32_t addr)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].addr == addr && addr != 0)
			return &list[i];
	return NULL;
}
