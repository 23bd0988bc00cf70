#ifndef WSLX_WATCHER_H
#define WSLX_WATCHER_H

#include <stdint.h>

#include "netsock.h"

/*
 * The subnet watcher: rtnetlink address events on Linux, IP Helper change
 * notifications on Windows.  Events only say "look again"; ifaddr_lookup
 * (ifaddr.h) says what is there now.
 */

struct watcher;

/* watcher_open(): start watching IPv4 address changes; NULL with a warning. */
struct watcher *watcher_open(void);

/* watcher_fd(w): a socket to poll for readability, or SOCK_INVALID (Windows). */
sock_t watcher_fd(const struct watcher *w);

/* watcher_changed(w): consume pending events; 1 when addresses may have changed. */
int watcher_changed(struct watcher *w);

/* watcher_close(w): stop watching. */
void watcher_close(struct watcher *w);

#endif
