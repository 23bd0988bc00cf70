#ifndef WSLX_SYSROOT_H
#define WSLX_SYSROOT_H

#include <stddef.h>

/*
 * sysroot_path(path, buf, len):
 * ${path} (absolute, e.g. "/proc/net/route") under the prefix $WSLX_SYSROOT
 * (empty when unset), written into ${buf}.  Every machine file the guest's
 * detection reads goes through here, so tests can feed fixture trees.
 * Returns ${buf}.
 */
const char *sysroot_path(const char *path, char *buf, size_t len);

/*
 * sysroot_read(path, buf, cap):
 * Read the machine file ${path} (through the prefix) into ${buf}, NUL-terminated.
 * Returns its length, or -1 when it cannot be read.
 */
long sysroot_read(const char *path, char *buf, size_t cap);

/* sysroot_exists(path): non-zero when the machine path exists. */
int sysroot_exists(const char *path);

#endif
