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

/* platform_mkdir_private(dir): create ${dir} (one level) for its owner only; 0 if it
 * exists. */
int platform_mkdir_private(const char *dir);

/* platform_remove(path): remove a file; 0, or -1 (a missing file is not an error). */
int platform_remove(const char *path);

/* platform_touch(path): set the modification time of ${path} to now. */
int platform_touch(const char *path);

/*
 * platform_default_state_dir(buf, len):
 * The handoff directory: %LOCALAPPDATA%\wslx, or $XDG_RUNTIME_DIR/wslx, else
 * /tmp/wslx-$UID.  Returns 0, or -1 when it cannot be named.
 */
int platform_default_state_dir(char *buf, size_t len);

/* platform_sleep_ms(ms): sleep; a stop signal may end it early (POSIX). */
void platform_sleep_ms(unsigned ms);

/* platform_pid(): this process's id. */
long platform_pid(void);

/*
 * platform_catch_stop(flag):
 * Set *${flag} to 1 on SIGTERM/SIGINT (console Ctrl+C/close on Windows); a
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

/* platform_fopen(path, mode): fopen of a UTF-8 path (_wfopen on Windows). */
#include <stdio.h>
FILE *platform_fopen(const char *path, const char *mode);

/* platform_path_sep: the directory separator. */
extern const char platform_path_sep;

#endif
