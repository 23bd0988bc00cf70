#ifndef WSLX_PLATFORM_WIN_H
#define WSLX_PLATFORM_WIN_H

/* The Windows platform layer's own pieces, for its tests. */
#ifdef _WIN32
#include <windows.h>

/*
 * platform_win_private_sddl(directory, out, n):
 * The SDDL of wslx's private files: full access for this process's user and
 * SYSTEM, nothing inherited; inherited by the files of a directory.  0 or -1.
 */
int platform_win_private_sddl(int directory, wchar_t *out, size_t n);

/* platform_win_console_event(type): the console control handler. */
BOOL WINAPI platform_win_console_event(DWORD type);
#endif

#endif
