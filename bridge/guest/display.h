#ifndef WSLX_DISPLAY_H
#define WSLX_DISPLAY_H

#include "guest.h"

/*
 * The display rule: which DISPLAY the guest's commands use.  The one place it
 * is written; env, show, doctor and test all read its result in struct guest.
 *
 * Number: --display, else the config's display, else the port a live-or-not
 * handoff says wslx-host listens on (display = port - 6000, else host.ini's
 * display), else 0.
 * Host: the config's display_host, else wslx-host's listen address from a live
 * handoff when this guest can reach it (loopback where the guest shares
 * Windows' network: mirrored, WSL1; an address inside the guest's own subnet;
 * any address when there is no default route to go by), else 127.0.0.1 in
 * mirrored mode or on WSL1 (never "localhost", which may resolve to ::1), else
 * the IPv4 default gateway, else a resolv.conf nameserver that is neither
 * loopback nor DNS tunneling's 10.255.255.254.
 */

/*
 * display_choose(g, o):
 * Set ${g->display} and ${g->display_why}, ${g->display_host} ("" when none
 * can be found) and ${g->display_host_why}, from the options ${o} and what ${g}
 * gathered.
 */
void display_choose(struct guest *g, const struct guest_opts *o);

#endif
