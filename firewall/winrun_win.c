#include "winrun.h"

#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "winpath.h"

int
winrun_find(char *buf, size_t len, char *why, size_t whylen)
{
	wchar_t sys[MAX_PATH];
	char dir[MAX_PATH * 3];

	if (!GetSystemDirectoryW(sys, MAX_PATH) || winpath_utf8(sys, dir, sizeof(dir))) {
		snprintf(why, whylen, "cannot find the System32 folder");
		return -1;
	}
	snprintf(buf, len, "%s\\WindowsPowerShell\\v1.0\\powershell.exe", dir);
	return 0;
}

int
winrun_run(const char *ps, const char *encoded, int *status, char *why, size_t whylen)
{
	static wchar_t cmd[32768];
	static char line[32768];
	wchar_t app[MAX_PATH];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;
	DWORD code;

	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	/* Base64 needs no quoting; the program path is quoted for its spaces. */
	if ((size_t)snprintf(line, sizeof(line),
	                     "\"%s\" -NoProfile -NonInteractive -EncodedCommand %s", ps,
	                     encoded) >= sizeof(line) ||
	    !winpath_wide(line, cmd, 32768) || !winpath_wide(ps, app, MAX_PATH)) {
		snprintf(why, whylen, "command line too long");
		return -1;
	}
	if (!CreateProcessW(app, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL,
	                    &si, &pi)) {
		snprintf(why, whylen, "cannot run %s (error %lu)", ps, GetLastError());
		return -1;
	}
	WaitForSingleObject(pi.hProcess, INFINITE);
	GetExitCodeProcess(pi.hProcess, &code);
	CloseHandle(pi.hProcess);
	CloseHandle(pi.hThread);
	*status = (int)code;
	return 0;
}
