#ifndef WSLX_INTEROP_H
#define WSLX_INTEROP_H

#include <stddef.h>

/*
 * Running Windows programs from Linux through WSL interop: the one way the
 * guest (host-directory discovery, doctor, fix-firewall) and a Linux wslx-host
 * (its firewall follow-up) start cmd.exe or powershell.exe.  Linux only.
 */

/*
 * interop_enabled():
 * Non-zero when WSL interop is on (its binfmt entry says "enabled"), i.e.
 * Windows programs can run from here.
 */
int interop_enabled(void);

/*
 * interop_find(name, fallback, buf, len):
 * The Windows program ${name} ("cmd.exe") on $PATH, else ${fallback} (its place
 * under /mnt/c) when that is executable, into ${buf}.  Returns 0, or -1.
 */
int interop_find(const char *name, const char *fallback, char *buf, size_t len);

/*
 * interop_spawn(argv, out_fd, pid):
 * Start ${argv[0]} with ${argv}, standard input from /dev/null, standard output
 * to ${out_fd} (-1: ours) and standard error to /dev/null when ${out_fd} is
 * given (ours otherwise).  Returns 0 with the child in *${pid}, or an errno value.
 */
int interop_spawn(char *const argv[], int out_fd, long *pid);

/*
 * interop_capture(argv, out, len, timeout_ms):
 * Run ${argv} and read its standard output, up to ${len} bytes, for at most
 * ${timeout_ms} ms; the program is then killed if still running, and reaped.
 * Returns the bytes read (0 when it said nothing), or -1 when it could not
 * start or failed before saying anything.
 */
long interop_capture(char *const argv[], void *out, size_t len, int timeout_ms);

#endif
