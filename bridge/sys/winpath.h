#ifndef WSLX_WINPATH_H
#define WSLX_WINPATH_H

#ifdef _WIN32
#include <wchar.h>

/*
 * winpath_wide(utf8, out, n):
 * ${utf8} as UTF-16 for the wide Windows API (profile folders are often not
 * ASCII).  Returns ${out}, or NULL when it does not fit.
 */
wchar_t *winpath_wide(const char *utf8, wchar_t *out, int n);

/* winpath_utf8(wide, out, n): the reverse.  Returns 0 or -1. */
int winpath_utf8(const wchar_t *wide, char *out, int n);
#endif

#endif
