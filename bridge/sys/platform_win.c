#include "platform.h"

#include <windows.h>
#include <sddl.h>
#include <aclapi.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform_win.h"
#include "winargv.h"
#include "winpath.h"

const char platform_path_sep = '\\';

wchar_t *
winpath_wide(const char *utf8, wchar_t *out, int n)
{
	return MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, n) > 0 ? out : NULL;
}

int
winpath_utf8(const wchar_t *wide, char *out, int n)
{
	return WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, n, NULL, NULL) > 0 ? 0 : -1;
}

static int
fail_errno(int e)
{
	errno = e;
	return -1;
}

int
platform_win_private_sddl(int directory, wchar_t *out, size_t n)
{
	HANDLE token;
	union {
		TOKEN_USER user;
		char buf[256];
	} u;
	DWORD got;
	wchar_t *sid = NULL;
	int w = -1;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return -1;
	if (GetTokenInformation(token, TokenUser, &u, sizeof(u), &got) &&
	    ConvertSidToStringSidW(u.user.User.Sid, &sid)) {
		/* Protected (P): nothing inherited from the parent, whose ACL may
		 * give Authenticated Users Modify (C:\wslx); the user and SYSTEM only. */
		const wchar_t *inherit = directory ? L"OICI" : L"";
		w = _snwprintf(out, n, L"D:P(A;%ls;FA;;;%ls)(A;%ls;FA;;;SY)", inherit,
		               sid, inherit);
		LocalFree(sid);
	}
	CloseHandle(token);
	return w > 0 && (size_t)w < n ? 0 : -1;
}

/* The security attributes for a private file or directory;
 * LocalFree(sa->lpSecurityDescriptor). */
static int
private_sa(int directory, SECURITY_ATTRIBUTES *sa)
{
	wchar_t sddl[256];

	sa->nLength = sizeof(*sa);
	sa->bInheritHandle = FALSE;
	sa->lpSecurityDescriptor = NULL;
	return platform_win_private_sddl(directory, sddl, 256) ||
	               !ConvertStringSecurityDescriptorToSecurityDescriptorW(
	                   sddl, SDDL_REVISION_1, &sa->lpSecurityDescriptor, NULL)
	           ? -1
	           : 0;
}

uint64_t
platform_now_ms(void)
{
	return GetTickCount64();
}

int
platform_write_atomic(const char *path, const void *buf, size_t len)
{
	wchar_t wpath[MAX_PATH], wtmp[MAX_PATH + 16];
	SECURITY_ATTRIBUTES sa;
	HANDLE h;
	DWORD done;
	BOOL ok;

	if (!winpath_wide(path, wpath, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	_snwprintf(wtmp, MAX_PATH + 16, L"%ls.%lu.tmp", wpath, GetCurrentProcessId());
	/* The user's own, whatever the directory's ACL would pass on (cookies). */
	if (private_sa(0, &sa))
		return fail_errno(EACCES);
	h = CreateFileW(wtmp, GENERIC_WRITE, 0, &sa, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL,
	                NULL);
	LocalFree(sa.lpSecurityDescriptor);
	if (h == INVALID_HANDLE_VALUE)
		return fail_errno(EACCES);
	ok = WriteFile(h, buf, (DWORD)len, &done, NULL) && done == len &&
	     FlushFileBuffers(h);
	CloseHandle(h);
	if (!ok || !MoveFileExW(wtmp, wpath,
	                        MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
		DeleteFileW(wtmp);
		return fail_errno(ok ? EACCES : ENOSPC);
	}
	return 0;
}

const char *
platform_strerror(int err)
{
	return strerror(err);
}

int
platform_read_file(const char *path, void *buf, size_t cap, size_t *len)
{
	wchar_t wpath[MAX_PATH];
	FILE *f;
	size_t n;
	int extra;

	if (!winpath_wide(path, wpath, MAX_PATH) || !(f = _wfopen(wpath, L"rb")))
		return fail_errno(ENOENT);
	n = fread(buf, 1, cap, f);
	extra = n == cap ? fgetc(f) : EOF;
	fclose(f);
	if (extra != EOF)
		return fail_errno(EFBIG);
	*len = n;
	return 0;
}

int
platform_mkdir_private(const char *dir)
{
	wchar_t w[MAX_PATH];
	SECURITY_ATTRIBUTES sa;
	BOOL present, defaulted;
	PACL dacl;
	DWORD attr, err;
	int r = 0;

	if (!winpath_wide(dir, w, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	if (private_sa(1, &sa))
		return fail_errno(EACCES);
	if (!CreateDirectoryW(w, &sa)) {
		attr = GetFileAttributesW(w);
		if (attr == INVALID_FILE_ATTRIBUTES || !(attr & FILE_ATTRIBUTE_DIRECTORY))
			r = fail_errno(ENOENT);
		/* It exists (--state-dir C:\wslx, made by hand): make it private too,
		 * or refuse it, since the cookie goes there. */
		else if (!GetSecurityDescriptorDacl(sa.lpSecurityDescriptor, &present,
		                                    &dacl, &defaulted) ||
		         (err = SetNamedSecurityInfoW(
		              w, SE_FILE_OBJECT,
		              DACL_SECURITY_INFORMATION |
		                  PROTECTED_DACL_SECURITY_INFORMATION,
		              NULL, NULL, dacl, NULL)) != ERROR_SUCCESS)
			r = fail_errno(EACCES);
	}
	LocalFree(sa.lpSecurityDescriptor);
	return r;
}

int
platform_lock_dir(const char *dir, long *holder)
{
	static HANDLE held = INVALID_HANDLE_VALUE;
	wchar_t wpath[MAX_PATH];
	char path[MAX_PATH * 3], text[32];
	DWORD n = 0;
	HANDLE h;

	*holder = 0;
	if ((size_t)snprintf(path, sizeof(path), "%s\\" PLATFORM_LOCK_FILE, dir) >=
	        sizeof(path) ||
	    !winpath_wide(path, wpath, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	/* Readers may look (for the pid); no second writer may open it. */
	h = CreateFileW(wpath, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
	                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		if (GetLastError() != ERROR_SHARING_VIOLATION)
			return fail_errno(EACCES);
		h = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
		                NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
		if (h != INVALID_HANDLE_VALUE) {
			if (ReadFile(h, text, sizeof(text) - 1, &n, NULL)) {
				text[n] = '\0';
				*holder = strtol(text, NULL, 10);
			}
			CloseHandle(h);
		}
		return 1;
	}
	n = (DWORD)snprintf(text, sizeof(text), "%lu\r\n", GetCurrentProcessId());
	if (!SetEndOfFile(h) || !WriteFile(h, text, n, &n, NULL)) {
		CloseHandle(h);
		return fail_errno(EACCES);
	}
	FlushFileBuffers(h);
	if (held != INVALID_HANDLE_VALUE)
		CloseHandle(held);
	held = h; /* open until exit: the lock goes with the process */
	return 0;
}

int
platform_remove(const char *path)
{
	wchar_t w[MAX_PATH];

	if (!winpath_wide(path, w, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	return DeleteFileW(w) || GetLastError() == ERROR_FILE_NOT_FOUND
	           ? 0
	           : fail_errno(EACCES);
}

int
platform_touch(const char *path)
{
	wchar_t w[MAX_PATH];
	FILETIME now;
	HANDLE h;
	BOOL ok;

	if (!winpath_wide(path, w, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	h = CreateFileW(w, FILE_WRITE_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE,
	                NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return fail_errno(ENOENT);
	GetSystemTimeAsFileTime(&now);
	ok = SetFileTime(h, NULL, NULL, &now);
	CloseHandle(h);
	return ok ? 0 : fail_errno(EACCES);
}

int
platform_default_state_dir(char *buf, size_t len)
{
	wchar_t w[MAX_PATH];
	char base[MAX_PATH * 3];
	DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", w, MAX_PATH);

	if (n == 0 || n >= MAX_PATH || winpath_utf8(w, base, sizeof(base)))
		return -1;
	return (size_t)snprintf(buf, len, "%s\\wslx", base) < len ? 0 : -1;
}

void
platform_sleep_ms(unsigned ms)
{
	Sleep(ms);
}

long
platform_pid(void)
{
	return (long)GetCurrentProcessId();
}

static volatile int *stop_flag;
static HANDLE stop_done; /* set once wslx-host has cleaned up */

BOOL WINAPI
platform_win_console_event(DWORD type)
{
	if (stop_flag)
		*stop_flag = 1;
	/*
	 * Ctrl+C and Ctrl+Break: the process goes on and the loop sees the flag
	 * within its 1 s tick.  Close, logoff and shutdown end the process when
	 * this returns (after 5 s at most): wait for the cleanup (the handoff
	 * removed, so the guest stops using a dead host) for up to 4 s.
	 */
	if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT && stop_done)
		WaitForSingleObject(stop_done, 4000);
	return TRUE;
}

void
platform_catch_stop(volatile int *flag)
{
	stop_flag = flag;
	if (!stop_done)
		stop_done = CreateEventW(NULL, TRUE, FALSE, NULL);
	SetConsoleCtrlHandler(platform_win_console_event, TRUE);
}

void
platform_stop_done(void)
{
	if (stop_done)
		SetEvent(stop_done);
}

int
platform_utf8_args(int *argc, char ***argv)
{
	const wchar_t *line = GetCommandLineW();
	int len = WideCharToMultiByte(CP_UTF8, 0, line, -1, NULL, 0, NULL, NULL);
	char *utf8 = len > 0 ? malloc((size_t)len) : NULL;
	int r;

	if (!utf8)
		return -1; /* out of memory at start: the caller exits */
	WideCharToMultiByte(CP_UTF8, 0, line, -1, utf8, len, NULL, NULL);
	r = winargv_split(utf8, argc, argv);
	free(utf8);
	return r;
}

FILE *
platform_open_log(const char *path)
{
	return platform_fopen(path, "a");
}

FILE *
platform_fopen(const char *path, const char *mode)
{
	wchar_t wpath[MAX_PATH], wmode[8];

	if (!winpath_wide(path, wpath, MAX_PATH) || !winpath_wide(mode, wmode, 8)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return _wfopen(wpath, wmode);
}
