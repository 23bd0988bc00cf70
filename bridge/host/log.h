#ifndef WSLX_LOG_H
#define WSLX_LOG_H

/*
 * wslx-host's log: one line per event, "TIME wslx-host: EVENT", to a file or to
 * stderr.
 */

/* log_open(path): log to ${path} (appending), or stderr when NULL.  0 or -1. */
int log_open(const char *path);

/* log_close(): close the log file (at exit). */
void log_close(void);

/* log_verbose(on): whether log_debug lines are written. */
void log_verbose(int on);

/* log_event(fmt, ...): write one line. */
void log_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * log_limited(now_ms, fmt, ...):
 * One line, but at most LOG_BURST lines a LOG_WINDOW_MS window: a flood of
 * strangers cannot fill a disk.  When a window ends after lines were dropped,
 * one line says how many.
 */
#define LOG_BURST 20
#define LOG_WINDOW_MS 10000
void log_limited(unsigned long long now_ms, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* log_debug(now_ms, fmt, ...): as log_limited, only when verbose. */
void log_debug(unsigned long long now_ms, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
