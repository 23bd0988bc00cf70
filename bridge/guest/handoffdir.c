#include "handoffdir.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "sysroot.h"
#include "wslconf.h"

extern char **environ;

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

/* Find an executable ${name} on $PATH or at ${fallback}. */
static int
find_program(const char *name, const char *fallback, char *buf, size_t len)
{
	const char *path = getenv("PATH");

	while (path && *path) {
		size_t n = strcspn(path, ":");
		if (n > 0 &&
		    (size_t)snprintf(buf, len, "%.*s/%s", (int)n, path, name) < len &&
		    access(buf, X_OK) == 0)
			return 0;
		path += n + (path[n] == ':');
	}
	if (fallback && access(fallback, X_OK) == 0) {
		snprintf(buf, len, "%s", fallback);
		return 0;
	}
	return -1;
}

/* Run cmd.exe /c echo %LOCALAPPDATA%, at most 5 s; its first line into ${out}. */
static int
ask_windows(const char *cmd, char *out, size_t len)
{
	char *argv[] = {(char *)cmd, "/d", "/c", "echo %LOCALAPPDATA%", NULL};
	posix_spawn_file_actions_t fa;
	struct pollfd pfd;
	size_t got = 0;
	int fds[2], status, ok = -1;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, cmd, &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (got + 1 < len && poll(&pfd, 1, 5000) > 0) {
		ssize_t n = read(fds[0], out + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	out[got] = '\0';
	close(fds[0]);
	kill(pid, SIGKILL); /* a no-op when it has exited; never wait forever */
	if (waitpid(pid, &status, 0) == pid && got > 0)
		ok = 0;
	out[strcspn(out, "\r\n")] = '\0';
	return ok;
}

static int
discover(char *buf, size_t len)
{
	char cmd[4096], answer[1024], conf[4096], cache[4096], dir[4096];
	struct wslconf wc;

	if (find_program("cmd.exe", "/mnt/c/Windows/System32/cmd.exe", cmd,
	                 sizeof(cmd)) ||
	    ask_windows(cmd, answer, sizeof(answer)))
		return -1;
	wslconf_read(sysroot_path("/etc/wsl.conf", conf, sizeof(conf)), &wc);
	if (handoffdir_translate(
	        answer, wc.automount_root[0] == '/' ? wc.automount_root : "/mnt/", buf,
	        len))
		return -1;
	/* Cache it: the next shell start must not fork. */
	if (cache_path(cache, sizeof(cache)) == 0) {
		char *slash;
		snprintf(dir, sizeof(dir), "%s", cache);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			if ((slash = strrchr(dir, '/')) != NULL) {
				*slash = '\0';
				mkdir(dir, 0700);
				*slash = '/';
			}
			mkdir(dir, 0700);
		}
		fileio_write_atomic(cache, buf, strlen(buf), 0600);
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
		return 0;
	}
	if (may_discover && discover(buf, len) == 0) {
		*origin = "discovered from Windows";
		return 0;
	}
	return 1;
}
