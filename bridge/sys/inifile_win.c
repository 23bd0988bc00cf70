#include "inifile.h"

#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winpath.h"

/*
 * No inih for mingw: Windows' own profile reader behind the same interface.
 * It cannot tell line numbers (always 0) and ignores malformed lines.
 */
int
inifile_parse(const char *path, inifile_handler handler, void *user, int *line, char *why,
              size_t whylen)
{
	wchar_t wpath[MAX_PATH], full[MAX_PATH];
	wchar_t *names = NULL, *body = NULL;
	DWORD cap = 32768;
	int result = -1;

	*line = 0;
	if (!winpath_wide(path, wpath, MAX_PATH) || !_wfullpath(full, wpath, MAX_PATH)) {
		snprintf(why, whylen, "path too long");
		return -1;
	}
	if (GetFileAttributesW(full) == INVALID_FILE_ATTRIBUTES)
		return 1;
	names = malloc(cap * sizeof(wchar_t));
	body = malloc(cap * sizeof(wchar_t));
	if (!names || !body) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	GetPrivateProfileSectionNamesW(names, cap, full);
	for (wchar_t *sec = names; *sec; sec += wcslen(sec) + 1) {
		char section[256];
		GetPrivateProfileSectionW(sec, body, cap, full);
		if (winpath_utf8(sec, section, sizeof(section)))
			continue;
		for (wchar_t *kv = body; *kv; kv += wcslen(kv) + 1) {
			char pair[1024], *eq, *name, *value, *end;
			if (winpath_utf8(kv, pair, sizeof(pair)) || pair[0] == ';' ||
			    pair[0] == '#')
				continue;
			eq = strchr(pair, '=');
			if (!eq)
				continue;
			*eq = '\0';
			name = pair;
			value = eq + 1;
			for (end = eq; end > name && (end[-1] == ' ' || end[-1] == '\t');)
				*--end = '\0';
			while (*value == ' ' || *value == '\t')
				value++;
			if (!handler(user, section, name, value, why, whylen))
				goto out;
		}
	}
	result = 0;
out:
	free(names);
	free(body);
	return result;
}
