#ifndef WSLX_PLATFORM_H
#define WSLX_PLATFORM_H

/*
 * Operating-system services other than sockets (clock, files, the state
 * directory, stop signals), for wslx-host and the handoff writer: POSIX
 * (platform_posix.c) and Windows (platform_win.c) behind this one header.
 */

#include <stddef.h>
#include <stdint.h>

/* platform_now_ms(): a monotonic clock in milliseconds. */
uint64_t platform_now_ms(void);

/*
 * platform_write_atomic(path, buf, len):
 * Replace ${path} with the ${len} bytes of ${buf}: written to a temporary file
 * beside it, readable by its owner only, flushed, then renamed over ${path}, so a
 * reader sees the old or the new file, never a part.  Returns 0 or -1 (errno).
 */
int platform_write_atomic(const char *path, const void *buf, size_t len);

/* platform_strerror(err): the text for an errno from these functions. */
const char *platform_strerror(int err);

/*
 * platform_read_file(path, buf, cap, len):
 * Read all of ${path} (at most ${cap} bytes) into ${buf}; its length to *${len}.
 * Returns 0, or -1 (errno; EFBIG when larger).
 */
int platform_read_file(const char *path, void *buf, size_t cap, size_t *len);

/*
 * platform_mkdir_private(dir): create ${dir} for its owner only (POSIX: missing
 * parents too, 0700); 0 if it exists and is ours.
 */
int platform_mkdir_private(const char *dir);

/*
 * platform_lock_dir(dir, holder):
 * Take the exclusive lock of the state directory ${dir} (its file "lock",
 * holding our pid) for as long as this process runs.  Returns 0 when we hold
 * it, 1 when another process does (its pid in *${holder}, 0 when it cannot be
 * read), or -1 (errno).  Linux: flock; Windows: the file opened without write
 * sharing.
 */
#define PLATFORM_LOCK_FILE "lock"
int platform_lock_dir(const char *dir, long *holder);

/*
 * platform_remove(path): remove a file; 0, or -1 (a missing file is not an
 * error).  On POSIX a symlink of ours takes its target with it (the bytes of a
 * cookie written through it).
 */
int platform_remove(const char *path);

/* platform_touch(path): set the modification time of ${path} to now. */
int platform_touch(const char *path);

/*
 * platform_default_state_dir(buf, len):
 * The handoff directory: %LOCALAPPDATA%\wslx, or $XDG_RUNTIME_DIR/wslx, else
 * $HOME/.local/state/wslx.  Returns 0, or -1 when it cannot be named.
 */
int platform_default_state_dir(char *buf, size_t len);

/* platform_sleep_ms(ms): sleep; a stop signal may end it early (POSIX). */
void platform_sleep_ms(unsigned ms);

/* platform_pid(): this process's id. */
long platform_pid(void);

/*
 * platform_catch_stop(flag):
 * Set *${flag} to 1 on SIGTERM, SIGINT or SIGHUP (Windows, which has no SIGHUP:
 * console Ctrl+C, close, logoff, shutdown); a
 * blocking poll returns early (EINTR) on POSIX, within its timeout on Windows.
 */
void platform_catch_stop(volatile int *flag);

/*
 * platform_stop_done():
 * Cleanup after a stop is done: on Windows a console close, logoff or
 * shutdown waits for this (up to 4 s) before the process ends.  POSIX: nothing.
 */
void platform_stop_done(void);

/*
 * platform_utf8_args(argc, argv):
 * On Windows, replace *${argv} with the command line as UTF-8 (from the UTF-16
 * command line: main's argv is in the ANSI code page, which cannot hold every
 * profile path); the strings live until exit.  POSIX: unchanged.  0 or -1.
 */
int platform_utf8_args(int *argc, char ***argv);

/*
 * platform_open_log(path):
 * ${path} opened for appending, line-buffered; on POSIX a symlink is followed
 * only under the atomic writer's rule (ours, in a directory only we can write).
 * NULL with errno.
 */
#include <stdio.h>
FILE *platform_open_log(const char *path);

/* platform_fopen(path, mode): fopen of a UTF-8 path (_wfopen on Windows). */
#include <stdio.h>
FILE *platform_fopen(const char *path, const char *mode);

/* platform_path_sep: the directory separator. */
extern const char platform_path_sep;

#endif
