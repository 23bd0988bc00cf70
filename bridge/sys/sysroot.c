#include "sysroot.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"

const char *
sysroot_path(const char *path, char *buf, size_t len)
{
	const char *root = getenv("WSLX_SYSROOT");

	snprintf(buf, len, "%s%s", root ? root : "", path);
	return buf;
}

long
sysroot_read(const char *path, char *buf, size_t cap)
{
	char full[4096];
	size_t n;

	if (fileio_read(sysroot_path(path, full, sizeof(full)), buf, cap, &n))
		return -1;
	return (long)n;
}

int
sysroot_exists(const char *path)
{
	char full[4096];

	return access(sysroot_path(path, full, sizeof(full)), F_OK) == 0;
}
