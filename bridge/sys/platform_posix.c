#include "platform.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

const char platform_path_sep = '/';

uint64_t
platform_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int
platform_write_atomic(const char *path, const void *buf, size_t len)
{
	return fileio_write_atomic(path, buf, len, 0600);
}

const char *
platform_strerror(int err)
{
	return fileio_strerror(err);
}

int
platform_read_file(const char *path, void *buf, size_t cap, size_t *len)
{
	int fd = fileio_open_read(path), saved;
	size_t got = 0;
	ssize_t n;
	char extra;

	if (fd < 0)
		return -1;
	while (got < cap && (n = read(fd, (char *)buf + got, cap - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto err;
		got += (size_t)n;
	}
	if (got == cap && read(fd, &extra, 1) > 0) {
		errno = EFBIG;
		goto err;
	}
	close(fd);
	*len = got;
	return 0;
err:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* The missing directories above ${dir} ($HOME/.local/state), 0700; existing ones
 * are left as they are. */
static int
make_parents(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n >= sizeof(path))
		return errno = ENAMETOOLONG, -1;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int
platform_mkdir_private(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0)
		return 0;
	if (errno == ENOENT && make_parents(dir) == 0 && mkdir(dir, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (lstat(dir, &st) || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	/* Someone else's directory would let them swap our cookie. */
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		return -1;
	}
	return chmod(dir, 0700);
}

int
platform_lock_dir(const char *dir, long *holder)
{
	static int held = -1;
	char path[4096], text[32];
	ssize_t n;
	int fd;

	*holder = 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/" PLATFORM_LOCK_FILE, dir) >=
	    sizeof(path))
		return errno = ENAMETOOLONG, -1;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int busy = errno == EWOULDBLOCK;
		if (busy && (n = pread(fd, text, sizeof(text) - 1, 0)) > 0) {
			text[n] = '\0';
			*holder = strtol(text, NULL, 10);
		}
		close(fd);
		return busy ? 1 : -1;
	}
	n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, text, (size_t)n, 0) != n) {
		close(fd);
		return -1;
	}
	if (held >= 0)
		close(held);
	held = fd; /* open until exit: the lock goes with the process */
	return 0;
}

int
platform_remove(const char *path)
{
	return fileio_remove(path);
}

int
platform_touch(const char *path)
{
	return utimensat(AT_FDCWD, path, NULL, 0);
}

int
platform_default_state_dir(char *buf, size_t len)
{
	const char *rt = getenv("XDG_RUNTIME_DIR"), *home = getenv("HOME");
	int n;

	/* Never a fixed name in /tmp: another user could take it first. */
	if (rt && rt[0] == '/')
		n = snprintf(buf, len, "%s/wslx", rt);
	else if (home && home[0] == '/')
		n = snprintf(buf, len, "%s/.local/state/wslx", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

void
platform_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

long
platform_pid(void)
{
	return (long)getpid();
}

static volatile int *stop_flag;

static void
on_stop(int sig)
{
	(void)sig;
	if (stop_flag)
		*stop_flag = 1;
}

void
platform_stop_done(void)
{
}

void
platform_catch_stop(volatile int *flag)
{
	struct sigaction sa;

	stop_flag = flag;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return so the loop sees the flag. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* A closed terminal or a logout: stop as cleanly (the handoff removed). */
	sigaction(SIGHUP, &sa, NULL);
}

int
platform_utf8_args(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

FILE *
platform_open_log(const char *path)
{
	int fd = fileio_open_append(path, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;

	if (!f && fd >= 0)
		close(fd);
	return f;
}

FILE *
platform_fopen(const char *path, const char *mode)
{
	return fopen(path, mode);
}
