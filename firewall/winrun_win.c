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
winrun_start(const char *ps, const char *encoded, struct winrun_child *child, char *why,
             size_t whylen)
{
	static wchar_t cmd[32768];
	static char line[32768];
	wchar_t app[MAX_PATH];
	STARTUPINFOW si;
	PROCESS_INFORMATION pi;

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
	CloseHandle(pi.hThread);
	child->pid = (long)pi.dwProcessId;
	child->handle = pi.hProcess;
	return 0;
}

int
winrun_wait(struct winrun_child *child, int block, int *status)
{
	DWORD code;

	switch (WaitForSingleObject(child->handle, block ? INFINITE : 0)) {
	case WAIT_OBJECT_0:
		break;
	case WAIT_TIMEOUT:
		return 0;
	default:
		return -1;
	}
	GetExitCodeProcess(child->handle, &code);
	CloseHandle(child->handle);
	child->handle = NULL;
	*status = (int)code;
	return 1;
}

void
winrun_kill(struct winrun_child *child)
{
	int status;

	TerminateProcess(child->handle, 1);
	winrun_wait(child, 1, &status);
}
