#ifndef WSLX_WATCHER_H
#define WSLX_WATCHER_H

#include <stdint.h>

#include "netsock.h"

/*
 * The subnet watcher and interface lookups: rtnetlink address events on Linux,
 * IP Helper change notifications on Windows.  Events only say "look again";
 * ifaddr_lookup says what is there now.
 */

/*
 * ifaddr_lookup(iface, addr, prefix):
 * The first IPv4 address of interface ${iface} and its prefix length.  On
 * Windows ${iface} is an adapter's friendly name, or its start followed by "*"
 * ("vEthernet (WSL*").  Returns 0, or -1 when it has none (or does not exist).
 */
int ifaddr_lookup(const char *iface, uint32_t *addr, unsigned *prefix);

/*
 * ifaddr_owner(addr, iface, len, prefix):
 * The interface that has IPv4 address ${addr}, and the prefix length there.
 * Returns 0 or -1.
 */
int ifaddr_owner(uint32_t addr, char *iface, unsigned long len, unsigned *prefix);

/* The interface wslx-host serves when given neither --listen nor --interface. */
extern const char *const ifaddr_default_iface; /* NULL where there is none */

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
