#include "platform.h"

#include <windows.h>
#include <shellapi.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

uint64_t
platform_now_ms(void)
{
	return GetTickCount64();
}

int
platform_write_atomic(const char *path, const void *buf, size_t len)
{
	wchar_t wpath[MAX_PATH], wtmp[MAX_PATH + 16];
	HANDLE h;
	DWORD done;
	BOOL ok;

	if (!winpath_wide(path, wpath, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	_snwprintf(wtmp, MAX_PATH + 16, L"%ls.%lu.tmp", wpath, GetCurrentProcessId());
	/*
	 * The state directory is under %LOCALAPPDATA%, whose ACL gives the user
	 * (and SYSTEM, Administrators) access only: the file inherits that.
	 */
	h = CreateFileW(wtmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
	                FILE_ATTRIBUTE_NORMAL, NULL);
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
	DWORD attr;

	if (!winpath_wide(dir, w, MAX_PATH))
		return fail_errno(ENAMETOOLONG);
	if (CreateDirectoryW(w, NULL))
		return 0;
	attr = GetFileAttributesW(w);
	if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY))
		return 0;
	return fail_errno(ENOENT);
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

static BOOL WINAPI
on_ctrl(DWORD type)
{
	(void)type;
	if (stop_flag)
		*stop_flag = 1;
	return TRUE; /* the poll loop sees the flag within its 1 s tick */
}

void
platform_catch_stop(volatile int *flag)
{
	stop_flag = flag;
	SetConsoleCtrlHandler(on_ctrl, TRUE);
}

int
platform_utf8_args(int *argc, char ***argv)
{
	int n, i;
	wchar_t **w = CommandLineToArgvW(GetCommandLineW(), &n);
	char **out;

	if (!w)
		return -1;
	out = calloc((size_t)n + 1, sizeof(*out));
	for (i = 0; out && i < n; i++) {
		int len = WideCharToMultiByte(CP_UTF8, 0, w[i], -1, NULL, 0, NULL, NULL);
		if (len <= 0 || !(out[i] = malloc((size_t)len)))
			break;
		WideCharToMultiByte(CP_UTF8, 0, w[i], -1, out[i], len, NULL, NULL);
	}
	LocalFree(w);
	if (!out || i < n)
		return -1; /* out of memory at start: the caller exits */
	*argc = n;
	*argv = out;
	return 0;
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
