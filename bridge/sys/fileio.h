#ifndef WSLX_FILEIO_H
#define WSLX_FILEIO_H

#include <stddef.h>

/*
 * fileio_write_atomic(path, buf, len, mode):
 * Replace ${path} with ${buf}: a temporary file in the same directory with
 * permissions ${mode}, written, fsync'd and renamed over ${path}.  When ${path}
 * is a symlink its target is replaced, so the link survives; but only when the
 * link and its directory are ours and no one else may write that directory
 * (else ELOOP: a link planted in a shared directory is never followed).  On
 * failure the old file is untouched and the temporary one removed.  Returns 0 or
 * -1 (errno).
 */
int fileio_write_atomic(const char *path, const void *buf, size_t len, unsigned mode);

/*
 * fileio_open_append(path, mode):
 * Open ${path} for appending (created with ${mode}), following a symlink only
 * under fileio_write_atomic's rule (else ELOOP).  Returns a descriptor, or -1.
 */
int fileio_open_append(const char *path, unsigned mode);

/*
 * fileio_remove(path):
 * Remove ${path}; when it is a symlink of ours (the same rule), remove what it
 * points at too, so no copy of a secret written through it stays behind.
 * 0, or -1 (a missing file is not an error).
 */
int fileio_remove(const char *path);

/* fileio_strerror(err): strerror, but ELOOP says what fileio_write_atomic refused. */
const char *fileio_strerror(int err);

/*
 * fileio_open_read(path):
 * Open ${path} to read without ever blocking: opened non-blocking, and refused
 * (ENXIO) unless it is a regular file, so a FIFO or a device planted where a
 * file is expected cannot hang a shell start or wslx-host's loop.  A
 * descriptor, or -1 (errno; EISDIR for a directory).
 */
int fileio_open_read(const char *path);

/*
 * fileio_read(path, buf, cap, len):
 * Read the whole of ${path} (a regular file: fileio_open_read) into ${buf} of
 * ${cap} bytes and NUL-terminate it; its length goes to *${len}.  Returns 0, or
 * -1 (errno; EFBIG when it does not fit).
 */
int fileio_read(const char *path, char *buf, size_t cap, size_t *len);

#endif
