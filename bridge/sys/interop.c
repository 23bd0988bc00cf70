#include "interop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sysroot.h"

extern char **environ;

int
interop_enabled(void)
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
interop_find(const char *name, const char *fallback, char *buf, size_t len)
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
	if (fallback && access(fallback, X_OK) == 0 &&
	    (size_t)snprintf(buf, len, "%s", fallback) < len)
		return 0;
	return -1;
}

int
interop_spawn(char *const argv[], int out_fd, long *pid)
{
	posix_spawn_file_actions_t fa;
	pid_t child;
	int r;

	fflush(stdout);
	if (posix_spawn_file_actions_init(&fa))
		return ENOMEM;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0) {
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	}
	r = posix_spawn(&child, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r == 0)
		*pid = (long)child;
	return r;
}

long
interop_capture(char *const argv[], void *out, size_t len, int timeout_ms)
{
	struct pollfd pfd;
	struct timespec t0, t;
	size_t got = 0;
	int fds[2], status, left = timeout_ms;
	long pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	if (interop_spawn(argv, fds[1], &pid)) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (got < len && left > 0 && poll(&pfd, 1, left) > 0) {
		ssize_t n = read(fds[0], (char *)out + got, len - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = timeout_ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
		                          (t.tv_nsec - t0.tv_nsec) / 1000000);
	}
	close(fds[0]);
	kill((pid_t)pid, SIGKILL); /* a no-op when it has exited; never wait forever */
	if (waitpid((pid_t)pid, &status, 0) != (pid_t)pid && got == 0)
		return -1;
	return (long)got;
}
