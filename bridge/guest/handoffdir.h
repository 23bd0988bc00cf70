#ifndef WSLX_HANDOFFDIR_H
#define WSLX_HANDOFFDIR_H

#include <stddef.h>

/* How often a cached directory without a handoff, or a failed question, is asked
 * about again. */
#define HANDOFFDIR_RETRY_S 300
/* How long Windows gets to answer (cmd.exe through interop). */
#define HANDOFFDIR_ASK_MS 2000

/*
 * handoffdir_find(flag, config, may_discover, buf, len, origin):
 * The handoff directory, from the first that names one: ${flag} (--host-dir),
 * $WSLX_HOST_DIR, ${config} (host_dir), the cache of an earlier discovery, and,
 * when ${may_discover}, a discovery: ask Windows once (cmd.exe, through interop)
 * for %LOCALAPPDATA% and translate it to its /mnt path; the answer is cached so
 * it runs only on the first start, and again (at most once per
 * HANDOFFDIR_RETRY_S) when the cached directory holds no handoff.  *${origin}
 * names where it came from.
 * Returns 0, or 1 when none was found.
 */
int handoffdir_find(const char *flag, const char *config, int may_discover, char *buf,
                    size_t len, const char **origin);

/*
 * handoffdir_ask(buf, len, why, whylen):
 * Ask Windows now, through interop, for %LOCALAPPDATA% (cmd.exe, at most
 * HANDOFFDIR_ASK_MS) and translate it to its /mnt path + "/wslx", into ${buf};
 * nothing cached.  Returns 0, or -1 with the cause in ${why}.
 */
int handoffdir_ask(char *buf, size_t len, char *why, size_t whylen);

/*
 * handoffdir_failure(): why the last question to Windows failed (this run, or
 * remembered from one less than HANDOFFDIR_RETRY_S ago), "" when none did.
 */
const char *handoffdir_failure(void);

/*
 * handoffdir_trust(dir, windows, why, whylen):
 * Whether the handoff in ${dir} may be believed.  On a Linux filesystem the
 * directory, host.ini and cookie must belong to this user (or root) and be
 * writable by nobody else: a planted cookie and port would move DISPLAY.  On a
 * Windows filesystem (DrvFs, 9p, virtiofs, from /proc/self/mountinfo) modes read
 * 0777 and owners are the mounting user, so they tell nothing: *${windows} is
 * set and the handoff believed as before (the boundary there is the LAN, not
 * another Linux user).  Returns 0, or -1 with ${why}.
 */
int handoffdir_trust(const char *dir, int *windows, char *why, size_t whylen);

/*
 * handoffdir_translate(winpath, mount_root, buf, len):
 * "C:\Users\me\AppData\Local" and mount root "/mnt/" give
 * "/mnt/c/Users/me/AppData/Local/wslx".  Returns 0, or -1 when ${winpath} is not
 * an absolute drive path.
 */
int handoffdir_translate(const char *winpath, const char *mount_root, char *buf,
                         size_t len);

#endif
