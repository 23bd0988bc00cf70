#include "winrun.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sysroot.h"

extern char **environ;

int
winrun_interop_enabled(void)
{
	char buf[64];

	/* The binfmt entry's first line is "enabled" or "disabled". */
	if (sysroot_read("/proc/sys/fs/binfmt_misc/WSLInterop", buf, sizeof(buf)) < 0 &&
	    sysroot_read("/proc/sys/fs/binfmt_misc/WSLInterop-late", buf, sizeof(buf)) <
	        0)
		return 0;
	return strncmp(buf, "enabled", 7) == 0;
}

int
winrun_find(char *buf, size_t len, char *why, size_t whylen)
{
	static const char fallback[] =
	    "/mnt/c/Windows/System32/WindowsPowerShell/v1.0/powershell.exe";
	const char *path = getenv("PATH");

	if (!winrun_interop_enabled()) {
		snprintf(
		    why, whylen,
		    "WSL interop is disabled, so Windows programs cannot run from here: set [interop] enabled=true in /etc/wsl.conf and run wsl --shutdown, or run the printed script (--dry-run) in an elevated PowerShell");
		return -1;
	}
	while (path && *path) {
		size_t n = strcspn(path, ":");
		if (n > 0 &&
		    (size_t)snprintf(buf, len, "%.*s/powershell.exe", (int)n, path) <
		        len &&
		    access(buf, X_OK) == 0)
			return 0;
		path += n + (path[n] == ':');
	}
	if (access(fallback, X_OK) == 0) {
		snprintf(buf, len, "%s", fallback);
		return 0;
	}
	snprintf(
	    why, whylen,
	    "powershell.exe not found on PATH or under /mnt/c/Windows: set [interop] appendWindowsPath=true in /etc/wsl.conf");
	return -1;
}

int
winrun_start(const char *ps, const char *encoded, struct winrun_child *child, char *why,
             size_t whylen)
{
	char *argv[] = {(char *)ps,        "-NoProfile",    "-NonInteractive",
	                "-EncodedCommand", (char *)encoded, NULL};
	pid_t pid;
	int r;

	fflush(stdout);
	r = posix_spawn(&pid, ps, NULL, NULL, argv, environ);
	if (r != 0) {
		snprintf(why, whylen, "cannot run %s: %s", ps, strerror(r));
		return -1;
	}
	child->pid = (long)pid;
	child->handle = NULL;
	return 0;
}

int
winrun_wait(struct winrun_child *child, int block, int *status)
{
	int st;
	pid_t r;

	while ((r = waitpid((pid_t)child->pid, &st, block ? 0 : WNOHANG)) < 0)
		if (errno != EINTR)
			return -1;
	if (r == 0)
		return 0;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 1;
}

void
winrun_kill(struct winrun_child *child)
{
	int status;

	kill((pid_t)child->pid, SIGKILL);
	winrun_wait(child, 1, &status);
}
