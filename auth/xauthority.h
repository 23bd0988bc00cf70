#ifndef WSLX_XAUTHORITY_H
#define WSLX_XAUTHORITY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The user's Xauthority file, through libXau.  wslx's entry is for the display
 * host only (family Internet and its address; family Local and this host's name
 * for 127.0.0.1, as libxcb looks loopback up), so it is never offered to another
 * X server.  A second entry marks it as wslx's (family Wild, address "wslx",
 * name XAUTHORITY_MARK_NAME, which no client asks for), so that a renumber or a
 * switch of mode replaces it.  Every other entry is kept byte for byte.
 */

#define XAUTHORITY_OWN_ADDRESS "wslx"
#define XAUTHORITY_MARK_NAME "WSLX-ENTRY"

/*
 * xauthority_path(override, buf, len):
 * The file to use: ${override} when set, else $XAUTHORITY, else ~/.Xauthority.
 * Returns 0, or -1 when none can be named.
 */
int xauthority_path(const char *override, char *buf, size_t len);

/*
 * xauthority_install(path, host, display, cookie, why, whylen):
 * Make wslx's entry for ${host}:${display} in ${path} carry the 16-byte ${cookie}
 * (its earlier entry, for any host or display, replaced), under
 * the lock xauth and libXau use (never broken before xauth's 600 s, waited for
 * about 1 s at most, never left behind).  Nothing is written when it already
 * does.  A file libXau cannot read to its end is left untouched and refused.
 * Written atomically, mode 0600, with any number of entries.  Returns 0
 * (unchanged), 1 (written), -2 (nothing changed on purpose: the lock stays
 * busy, or the file is read-only), or -1, each failure with ${why}.
 */
int xauthority_install(const char *path, const char *host, long display,
                       const uint8_t *cookie, char *why, size_t whylen);

/*
 * xauthority_lookup(path, host, display, cookie, own):
 * The cookie libxcb would send to ${host}:${display} (the first MIT entry for the
 * display, Wild or for that address) into ${cookie}; *${own} says whether it is
 * wslx's entry.  Returns 0, 1 when there is none, -1 when unreadable.
 */
int xauthority_lookup(const char *path, const char *host, long display, uint8_t *cookie,
                      int *own);

#endif
