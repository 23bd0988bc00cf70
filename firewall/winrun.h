#ifndef WSLX_WINRUN_H
#define WSLX_WINRUN_H

#include <stddef.h>

/*
 * winrun_find(buf, len, why, whylen):
 * Find powershell.exe: on $PATH, else under /mnt/c/Windows (Linux side, through
 * WSL interop, which must be enabled), else in System32 (Windows side).
 * Returns 0, or -1 with a reason and what to do.
 */
int winrun_find(char *buf, size_t len, char *why, size_t whylen);

/* A started powershell.exe: a process id (POSIX) or a process handle (Windows). */
struct winrun_child {
	long pid;
	void *handle;
};

/*
 * winrun_start(ps, encoded, child, why, whylen):
 * Start "${ps} -NoProfile -NonInteractive -EncodedCommand ${encoded}", its output
 * going to ours, without waiting for it.  Returns 0, or -1 (${why}).
 */
int winrun_start(const char *ps, const char *encoded, struct winrun_child *child,
                 char *why, size_t whylen);

/*
 * winrun_wait(child, block, status):
 * Whether ${child} has ended (waiting for it when ${block}): 1 with its exit code
 * in *${status} (the child is then reaped), 0 while it runs, -1 on an error.
 */
int winrun_wait(struct winrun_child *child, int block, int *status);

/* winrun_kill(child): end ${child} now and reap it. */
void winrun_kill(struct winrun_child *child);

/*
 * winrun_run(ps, encoded, status, why, whylen):
 * Run "${ps} -NoProfile -NonInteractive -EncodedCommand ${encoded}", its output
 * going to ours; its exit code to *${status}.  Returns 0 when it ran, or -1 when
 * it could not be started (${why}).
 */
int winrun_run(const char *ps, const char *encoded, int *status, char *why,
               size_t whylen);

#endif
