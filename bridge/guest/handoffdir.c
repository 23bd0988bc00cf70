#include "handoffdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "handoff.h"
#include "interop.h"
#include "sysroot.h"
#include "wslconf.h"

int
handoffdir_translate(const char *winpath, const char *mount_root, char *buf, size_t len)
{
	size_t used;
	int n;
	char drive;

	if (!((winpath[0] >= 'A' && winpath[0] <= 'Z') ||
	      (winpath[0] >= 'a' && winpath[0] <= 'z')) ||
	    winpath[1] != ':' || winpath[2] != '\\')
		return -1;
	drive = (char)(winpath[0] | 0x20);
	n = snprintf(buf, len, "%s%s%c", mount_root,
	             mount_root[strlen(mount_root) - 1] == '/' ? "" : "/", drive);
	if (n < 0 || (size_t)n >= len)
		return -1;
	used = (size_t)n;
	for (const char *p = winpath + 2; *p; p++) {
		if (used + 1 >= len || *p == '\n' || *p == '\r')
			break;
		buf[used++] = *p == '\\' ? '/' : *p;
	}
	while (used > 0 && buf[used - 1] == '/')
		used--;
	n = snprintf(buf + used, len - used, "/wslx");
	return n > 0 && (size_t)n < len - used ? 0 : -1;
}

static int
cache_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/wslx/host_dir", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.cache/wslx/host_dir", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/*
 * UTF-16LE (cmd.exe /u) as UTF-8 into ${out}: cmd.exe's plain output is in
 * the OEM code page, which cannot hold every profile name (José, 李).
 * An unpaired surrogate becomes U+FFFD.
 */
static void
utf16le_to_utf8(const unsigned char *in, size_t n, char *out, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned long c = in[i] | (unsigned)in[i + 1] << 8;
		if (c >= 0xD800 && c < 0xDC00 && i + 3 < n &&
		    (in[i + 3] & 0xFC) == 0xDC) {
			c = 0x10000 + ((c - 0xD800) << 10) +
			    ((in[i + 2] | (unsigned)in[i + 3] << 8) - 0xDC00);
			i += 2;
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		if (o + 5 > len)
			break;
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0x800) {
			out[o++] = (char)(0xC0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[o++] = (char)(0xE0 | c >> 12);
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | c >> 18);
			out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
}

/* Run cmd.exe /u /c echo %LOCALAPPDATA%, at most HANDOFFDIR_ASK_MS; its first line. */
static int
ask_windows(const char *cmd, char *out, size_t len)
{
	char *argv[] = {(char *)cmd, "/d", "/u", "/c", "echo %LOCALAPPDATA%", NULL};
	unsigned char raw[2048];
	long got = interop_capture(argv, raw, sizeof(raw), HANDOFFDIR_ASK_MS);

	if (got <= 0)
		return -1;
	if (got >= 2 && raw[1] == 0) {
		utf16le_to_utf8(raw, (size_t)got, out, len);
	} else { /* not UTF-16 (an older cmd.exe stand-in): taken as it is */
		size_t n = (size_t)got < len - 1 ? (size_t)got : len - 1;
		memcpy(out, raw, n);
		out[n] = '\0';
	}
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

int
handoffdir_ask(char *buf, size_t len, char *why, size_t whylen)
{
	char cmd[4096], answer[1024], conf[4096];
	struct wslconf wc;

	if (interop_find("cmd.exe", "/mnt/c/Windows/System32/cmd.exe", cmd,
	                 sizeof(cmd))) {
		snprintf(
		    why, whylen,
		    "cmd.exe is not on PATH nor under /mnt/c (WSL interop off, or appendWindowsPath=false?)");
		return -1;
	}
	if (ask_windows(cmd, answer, sizeof(answer))) {
		snprintf(why, whylen, "cmd.exe gave no answer within %d s",
		         HANDOFFDIR_ASK_MS / 1000);
		return -1;
	}
	wslconf_read(sysroot_path("/etc/wsl.conf", conf, sizeof(conf)), &wc);
	if (handoffdir_translate(
	        answer, wc.automount_root[0] == '/' ? wc.automount_root : "/mnt/", buf,
	        len)) {
		for (char *p = answer; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				*p = '?';
		snprintf(why, whylen, "cmd.exe's answer is not a drive path: '%.60s'",
		         answer);
		return -1;
	}
	return 0;
}

/* The cache's folder, made when missing. */
static void
make_cache_dir(const char *cache)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", cache);
	if ((slash = strrchr(dir, '/')) == NULL)
		return;
	*slash = '\0';
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	mkdir(dir, 0700);
}

static char failure[300]; /* why the last question to Windows failed */

const char *
handoffdir_failure(void)
{
	return failure;
}

/*
 * Ask Windows, and remember the answer (host_dir) or the failure and its cause
 * (host_dir.failed, whose age says when it was asked): the next shell starts
 * neither fork nor wait, whichever it was.
 */
static int
discover(char *buf, size_t len)
{
	char cache[4096], failed[4120];
	int r = handoffdir_ask(buf, len, failure, sizeof(failure));

	if (cache_path(cache, sizeof(cache)))
		return r;
	make_cache_dir(cache);
	snprintf(failed, sizeof(failed), "%s.failed", cache);
	if (r == 0) {
		failure[0] = '\0';
		fileio_write_atomic(cache, buf, strlen(buf), 0600);
		unlink(failed);
	} else {
		fileio_write_atomic(failed, failure, strlen(failure), 0600);
	}
	return r;
}

/*
 * A failure remembered less than HANDOFFDIR_RETRY_S ago: not asked again; its
 * cause is what the note says.
 */
static int
failed_lately(void)
{
	char cache[4096], failed[4120];
	struct stat st;
	struct timespec now;
	size_t n;

	if (cache_path(cache, sizeof(cache)) ||
	    (size_t)snprintf(failed, sizeof(failed), "%s.failed", cache) >=
	        sizeof(failed) ||
	    stat(failed, &st) || clock_gettime(CLOCK_REALTIME, &now) ||
	    now.tv_sec - st.st_mtim.tv_sec >= HANDOFFDIR_RETRY_S ||
	    now.tv_sec < st.st_mtim.tv_sec)
		return 0;
	if (fileio_read(failed, failure, sizeof(failure), &n))
		snprintf(failure, sizeof(failure), "an earlier question failed");
	return 1;
}

/*
 * The cached directory holds no handoff (a renamed profile, another Windows
 * user, or wslx-host not running) and it was not asked about in the last
 * HANDOFFDIR_RETRY_S: worth one more question to Windows.
 */
static int
stale_cache(const char *cache, const char *dir)
{
	char ini[4200];
	struct stat st;
	struct timespec now;

	if ((size_t)snprintf(ini, sizeof(ini), "%s/" HANDOFF_INI, dir) < sizeof(ini) &&
	    access(ini, F_OK) == 0)
		return 0;
	if (stat(cache, &st) || clock_gettime(CLOCK_REALTIME, &now))
		return 0;
	return now.tv_sec - st.st_mtim.tv_sec >= HANDOFFDIR_RETRY_S ||
	       now.tv_sec < st.st_mtim.tv_sec;
}

/* An octal escape of mountinfo ("\\040" for a space) into its byte, in place. */
static void
unescape_mount(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ =
			    (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* ${dir} lies on a filesystem whose files Windows owns (DrvFs, 9p, virtiofs). */
static int
windows_fs(const char *dir)
{
	static char info[65536];
	char point[4096], type[64], best_type[64] = "";
	size_t best = 0;

	if (sysroot_read("/proc/self/mountinfo", info, sizeof(info)) < 0)
		return 0;
	for (char *line = strtok(info, "\n"); line; line = strtok(NULL, "\n")) {
		const char *dash = strstr(line, " - ");
		size_t n;
		/* id parent major:minor root MOUNTPOINT ... - FSTYPE source options */
		if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
		    sscanf(dash + 3, "%63s", type) != 1)
			continue;
		unescape_mount(point);
		n = strlen(point);
		if (n >= best && strncmp(dir, point, n) == 0 &&
		    (dir[n] == '/' || dir[n] == '\0' || (n == 1 && point[0] == '/'))) {
			best = n;
			snprintf(best_type, sizeof(best_type), "%s", type);
		}
	}
	return strcmp(best_type, "9p") == 0 || strcmp(best_type, "drvfs") == 0 ||
	       strcmp(best_type, "virtiofs") == 0;
}

/* Ours (or root's), and writable by nobody else. */
static int
safe_owner(const struct stat *st)
{
	return (st->st_uid == geteuid() || st->st_uid == 0) &&
	       !(st->st_mode & (S_IWGRP | S_IWOTH));
}

int
handoffdir_trust(const char *dir, int *windows, char *why, size_t whylen)
{
	static const char *const files[] = {"", "/" HANDOFF_INI, "/" HANDOFF_COOKIE};
	char path[4200];
	struct stat st;

	*windows = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		if (stat(path, &st) || safe_owner(&st))
			continue; /* missing: handoff_read says so */
		if (windows_fs(dir)) {
			*windows = 1;
			return 0;
		}
		snprintf(
		    why, whylen,
		    "%s is %s: its handoff is not believed (chmod go-w, or chown it)",
		    path,
		    st.st_uid != geteuid() && st.st_uid != 0 ? "another user's"
		                                             : "writable by others");
		return -1;
	}
	return 0;
}

int
handoffdir_find(const char *flag, const char *config, int may_discover, char *buf,
                size_t len, const char **origin)
{
	const char *env = getenv("WSLX_HOST_DIR");
	char cache[4096];
	size_t n;

	if (flag && *flag) {
		*origin = "--host-dir";
		snprintf(buf, len, "%s", flag);
		return 0;
	}
	if (env && *env) {
		*origin = "WSLX_HOST_DIR";
		snprintf(buf, len, "%s", env);
		return 0;
	}
	if (config && *config) {
		*origin = "config host_dir";
		snprintf(buf, len, "%s", config);
		return 0;
	}
	if (cache_path(cache, sizeof(cache)) == 0 &&
	    fileio_read(cache, buf, len, &n) == 0 && n > 0 && buf[0] == '/') {
		buf[strcspn(buf, "\n")] = '\0';
		*origin = "discovered (cached)";
		if (may_discover && stale_cache(cache, buf)) {
			char again[4096];
			/* Marked first: concurrent shells do not all ask Windows. */
			utimensat(AT_FDCWD, cache, NULL, 0);
			if (discover(again, sizeof(again)) == 0) {
				snprintf(buf, len, "%s", again);
				*origin =
				    "discovered again (the cached directory had no handoff)";
			}
		}
		return 0;
	}
	if (may_discover && !failed_lately() && discover(buf, len) == 0) {
		*origin = "discovered from Windows";
		return 0;
	}
	return 1;
}
