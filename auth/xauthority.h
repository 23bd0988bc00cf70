#ifndef WSLX_XAUTHORITY_H
#define WSLX_XAUTHORITY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The user's Xauthority file, through libXau.  wslx owns exactly one kind of
 * entry: family Wild (matches any address), address "wslx" (libXau ignores the
 * address of Wild entries, so it marks ours without narrowing it), the display
 * number, MIT-MAGIC-COOKIE-1.  Every other entry is kept byte for byte.
 */

#define XAUTHORITY_OWN_ADDRESS "wslx"

/*
 * xauthority_path(override, buf, len):
 * The file to use: ${override} when set, else $XAUTHORITY, else ~/.Xauthority.
 * Returns 0, or -1 when none can be named.
 */
int xauthority_path(const char *override, char *buf, size_t len);

/*
 * xauthority_install(path, display, cookie, why, whylen):
 * Make wslx's entry for ${display} in ${path} carry the 16-byte ${cookie}, under
 * the lock xauth and libXau use (never broken before xauth's 600 s, waited for
 * about 1 s at most, never left behind).  Nothing is written when it already
 * does.  A file libXau cannot read to its end is left untouched and refused.
 * Written atomically, mode 0600, with any number of entries.  Returns 0
 * (unchanged), 1 (written), -2 (nothing changed on purpose: the lock stays
 * busy, or the file is read-only), or -1, each failure with ${why}.
 */
int xauthority_install(const char *path, long display, const uint8_t *cookie, char *why,
                       size_t whylen);

/*
 * xauthority_lookup(path, display, cookie, own):
 * The cookie libXau would hand a client of display ${display} on a TCP host
 * (the first MIT entry for it, Wild or not) into ${cookie}; *${own} says whether
 * it is wslx's entry.  Returns 0, 1 when there is none, -1 when unreadable.
 */
int xauthority_lookup(const char *path, long display, uint8_t *cookie, int *own);

#endif
