#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The symlink ${path} (lstat ${st}) and its directory are ours, and only ours to
 * change. */
static int
trusted_link(const char *path, const struct stat *st)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat ds;
	uid_t me = geteuid();

	if (st->st_uid != me)
		return 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (snprintf(dir, sizeof(dir), "%.*s",
	                  slash == path ? 1 : (int)(slash - path),
	                  path) >= (int)sizeof(dir))
		return 0;
	if (stat(dir, &ds))
		return 0;
	return ds.st_uid == me && !(ds.st_mode & (S_IWOTH | S_IWGRP));
}

const char *
fileio_strerror(int err)
{
	if (err == ELOOP)
		return "a symlink that is not yours, or in a directory others can write to: not followed (remove it, or use the path it points to)";
	if (err == ENXIO)
		return "not a regular file (a FIFO, a socket or a device): not read";
	return strerror(err);
}

int
fileio_write_atomic(const char *path, const void *buf, size_t len, unsigned mode)
{
	char target[PATH_MAX], tmp[PATH_MAX + 16];
	struct stat st;
	int fd, saved;

	/* Replace what a symlink points at, not the link (dotfile managers use them),
	 * but only a link of our own in a directory of our own that others cannot
	 * write: another user's link in /tmp would make us overwrite its target. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!trusted_link(path, &st)) {
			errno = ELOOP;
			return -1;
		}
		if (!realpath(path, target))
			return -1;
	} else if (snprintf(target, sizeof(target), "%s", path) >= (int)sizeof(target)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fchmod(fd, (mode_t)mode) || write_all(fd, buf, len) || fsync(fd))
		goto err;
	if (close(fd)) {
		fd = -1;
		goto err;
	}
	if (rename(tmp, target)) {
		fd = -1;
		goto err;
	}
	return 0;
err:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}

int
fileio_open_append(const char *path, unsigned mode)
{
	struct stat st;
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!trusted_link(path, &st)) {
			errno = ELOOP;
			return -1;
		}
		return open(path, flags, (mode_t)mode);
	}
	return open(path, flags | O_NOFOLLOW, (mode_t)mode);
}

int
fileio_remove(const char *path)
{
	char target[PATH_MAX];
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && trusted_link(path, &st) &&
	    realpath(path, target) && unlink(target) && errno != ENOENT)
		return -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int
fileio_open_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		int err = S_ISDIR(st.st_mode) ? EISDIR : ENXIO;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int
fileio_read(const char *path, char *buf, size_t cap, size_t *len)
{
	size_t got = 0;
	int fd = fileio_open_read(path);

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n;
		if (got + 1 >= cap) {
			char extra;
			/* Full: only fine if the file ends exactly here. */
			n = read(fd, &extra, 1);
			if (n == 0)
				break;
			close(fd);
			errno = EFBIG;
			return -1;
		}
		n = read(fd, buf + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return 0;
}
