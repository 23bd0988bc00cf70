/*
 * The host's portable pieces on the platform layer: the handoff written through
 * platform layer (Windows: MoveFileEx), the Xauthority writer read back, the state
 * directory, options from an INI file.  Built for Linux and for Windows (wine).
 */
#include "cm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <direct.h>
#include <winsock2.h> /* before windows.h, as netsock.h includes it */
#include <windows.h>
#include <sddl.h>
#include <shellapi.h>
#define rmdir _rmdir
#else
#include <unistd.h>
#endif

#include "handoff.h"
#include "hostopts.h"
#include "platform.h"
#include "platform_win.h"
#include "winargv.h"
#include "xauthfile.h"

static char dir[512];

/* A private directory per test under the system's temporary folder, removed
 * afterwards, so no run leaves anything behind (in the checkout or elsewhere). */
static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
#ifdef _WIN32
	tmp = getenv("TEMP");
#endif
	snprintf(dir, sizeof(dir), "%s%cwslx-unit-%ld", tmp && *tmp ? tmp : "/tmp",
	         platform_path_sep, platform_pid());
	return platform_mkdir_private(dir);
}

static int
teardown(void **state)
{
	char path[600];
	const char *names[] = {HANDOFF_COOKIE, HANDOFF_INI};

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, names[i]);
		platform_remove(path);
	}
	return rmdir(dir);
}

static void
handoff_files(void **state)
{
	struct handoff h = {0};
	char path[600];
	uint8_t buf[512], got[16];
	size_t n;

	(void)state;
	h.display = 0;
	snprintf(h.listen, sizeof(h.listen), "172.30.96.1");
	h.port = 6000;
	subnet_parse("172.30.96.0/20", &h.subnet);
	h.have_subnet = 1;
	h.firewall = HANDOFF_FW_OFF;
	for (int i = 0; i < 16; i++)
		h.cookie[i] = (uint8_t)(0xA0 + i);
	assert_int_equal(handoff_write(dir, &h), 0);
	assert_int_equal(handoff_write(dir, &h), 0); /* replacing works too */
	snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, HANDOFF_COOKIE);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 2 + 2 + 2 + 1 + 2 + 18 + 2 + 16);
	assert_int_equal(xauthfile_find_cookie(buf, n, 0, got), 0);
	assert_memory_equal(got, h.cookie, 16);
	snprintf(path, sizeof(path), "%s%c%s", dir, platform_path_sep, HANDOFF_INI);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf) - 1, &n), 0);
	buf[n] = '\0';
	assert_non_null(strstr((char *)buf, "subnet = 172.30.96.0/20\n"));
	assert_int_equal(platform_touch(path), 0);
	handoff_remove(dir);
	assert_int_equal(platform_read_file(path, buf, sizeof(buf), &n), -1);
}

static void
options_from_ini(void **state)
{
	struct hostopts o;
	char path[600], why[300];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s%chost.ini", dir, platform_path_sep);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[host]\nupstream = :1\ndisplay = 3\nallow = 172.16.0.0/12\n", f);
	fclose(f);
	hostopts_defaults(&o);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), 0);
	assert_int_equal(o.display, 3);
	assert_int_equal(o.upstream_display, 1);
	assert_int_equal(o.nallow, 1);
	f = fopen(path, "w");
	fputs("[host]\nupstrem = :1\n", f);
	fclose(f);
	assert_int_equal(hostopts_load(&o, path, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "unknown setting 'upstrem'"));
	platform_remove(path);
}

static void
state_dir_named(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(platform_default_state_dir(buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, "wslx"));
}

/* Command lines as wslx-start.ps1 (Format-WinArg) and users write them. */
static const struct {
	const char *line;
	int argc;
	const char *argv[6];
} lines[] = {
    {"wslx-host.exe", 1, {"wslx-host.exe"}},
    {"\"C:\\Users\\John Smith\\wslx-host.exe\" --state-dir \"C:\\Users\\John Smith\\s\"",
     3,
     {"C:\\Users\\John Smith\\wslx-host.exe", "--state-dir", "C:\\Users\\John Smith\\s"}},
    {"x --log \"C:\\Users\\O'Brien\\l og\" --state-dir C:\\Users\\Jos\xc3\xa9\\s",
     5,
     {"x", "--log", "C:\\Users\\O'Brien\\l og", "--state-dir",
      "C:\\Users\\Jos\xc3\xa9\\s"}},
    {"x \"C:\\dir with space\\\\\" \"\" end",
     4,
     {"x", "C:\\dir with space\\", "", "end"}},
    {"x a\\\\\\\"b \\\\\\\\\"c d\" \"e\\\"f\"", 4, {"x", "a\\\"b", "\\\\c d", "e\"f"}},
    {"x \t a\\b\\c  \"\" ", 3, {"x", "a\\b\\c", ""}},
    {"\"C:\\a b\\p.exe\"--x", 2, {"C:\\a b\\p.exe", "--x"}},
    {"  lead", 2, {"", "lead"}},
};

static void
command_line_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int argc;
		char **argv;
		assert_int_equal(winargv_split(lines[i].line, &argc, &argv), 0);
		assert_int_equal(argc, lines[i].argc);
		for (int a = 0; a < argc; a++)
			assert_string_equal(argv[a], lines[i].argv[a]);
		assert_null(argv[argc]);
		free(argv);
	}
}

#ifdef _WIN32
/* Windows' own split of the same lines gives the same arguments. */
static void
command_line_as_windows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		wchar_t wide[512];
		char utf8[512];
		int n;
		wchar_t **w;
		MultiByteToWideChar(CP_UTF8, 0, lines[i].line, -1, wide, 512);
		w = CommandLineToArgvW(wide, &n);
		assert_non_null(w);
		assert_int_equal(n, lines[i].argc);
		for (int a = 0; a < n; a++) {
			WideCharToMultiByte(CP_UTF8, 0, w[a], -1, utf8, 512, NULL, NULL);
			assert_string_equal(utf8, lines[i].argv[a]);
		}
		LocalFree(w);
	}
}

/* The state's ACL: this user and SYSTEM, full access, nothing inherited. */
static void
private_acl(void **state)
{
	wchar_t sddl[256], *back, *user;
	PSECURITY_DESCRIPTOR sd;
	SECURITY_DESCRIPTOR_CONTROL control;
	DWORD rev;
	HANDLE token;
	union {
		TOKEN_USER u;
		char buf[256];
	} tu;
	DWORD got;

	(void)state;
	assert_int_equal(platform_win_private_sddl(1, sddl, 256), 0);
	assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorW(
	    sddl, SDDL_REVISION_1, &sd, NULL));
	assert_true(GetSecurityDescriptorControl(sd, &control, &rev));
	assert_true(control & SE_DACL_PROTECTED);
	assert_true(ConvertSecurityDescriptorToStringSecurityDescriptorW(
	    sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &back, NULL));
	assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
	assert_true(GetTokenInformation(token, TokenUser, &tu, sizeof(tu), &got));
	assert_true(ConvertSidToStringSidW(tu.u.User.Sid, &user));
	{
		wchar_t want[256];
		_snwprintf(want, 256, L"D:P(A;OICI;FA;;;%ls)(A;OICI;FA;;;SY)", user);
		assert_true(wcscmp(back, want) == 0);
	}
	assert_null(wcsstr(back, L";WD)"));
	assert_null(wcsstr(back, L";AU)"));
	assert_null(wcsstr(back, L";BU)"));
	assert_int_equal(platform_win_private_sddl(0, sddl, 256), 0);
	assert_null(wcsstr(sddl, L"OICI"));
	assert_int_equal(platform_win_private_sddl(1, sddl, 20), -1);
	LocalFree(user);
	LocalFree(back);
	LocalFree(sd);
	CloseHandle(token);
}

static volatile int stop_seen;
static volatile int cleaned;

static DWORD WINAPI
cleanup_later(LPVOID arg)
{
	(void)arg;
	while (!stop_seen)
		Sleep(1);
	Sleep(200); /* wslx-host's loop: up to its 1 s tick, then the cleanup */
	cleaned = 1;
	platform_stop_done();
	return 0;
}

/* A console close waits for the cleanup; Ctrl+C does not need to. */
static void
console_close_waits_for_cleanup(void **state)
{
	HANDLE t;

	(void)state;
	platform_catch_stop(&stop_seen);
	assert_true(platform_win_console_event(CTRL_C_EVENT));
	assert_int_equal(stop_seen, 1);
	assert_int_equal(cleaned, 0);
	stop_seen = 0;
	t = CreateThread(NULL, 0, cleanup_later, NULL, 0, NULL);
	assert_non_null(t);
	assert_true(platform_win_console_event(CTRL_CLOSE_EVENT));
	assert_int_equal(cleaned, 1);
	WaitForSingleObject(t, INFINITE);
	CloseHandle(t);
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(handoff_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(options_from_ini, setup, teardown),
	    cmocka_unit_test(state_dir_named),
	    cmocka_unit_test(command_line_split),
#ifdef _WIN32
	    cmocka_unit_test(command_line_as_windows),
	    cmocka_unit_test(private_acl),
	    cmocka_unit_test(console_close_waits_for_cleanup),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
