#include "winrun.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interop.h"

int
winrun_find(char *buf, size_t len, char *why, size_t whylen)
{
	static const char fallback[] =
	    "/mnt/c/Windows/System32/WindowsPowerShell/v1.0/powershell.exe";

	if (!interop_enabled()) {
		snprintf(
		    why, whylen,
		    "WSL interop is disabled, so Windows programs cannot run from here: set [interop] enabled=true in /etc/wsl.conf and run wsl --shutdown, or run the printed script (--dry-run) in an elevated PowerShell");
		return -1;
	}
	if (interop_find("powershell.exe", fallback, buf, len) == 0)
		return 0;
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
	int r = interop_spawn(argv, -1, &child->pid);

	if (r != 0) {
		snprintf(why, whylen, "cannot run %s: %s", ps, strerror(r));
		return -1;
	}
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
