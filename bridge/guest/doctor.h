#ifndef WSLX_DOCTOR_H
#define WSLX_DOCTOR_H

#include "guest.h"

/*
 * doctor_run(o, json):
 * `wslx doctor`: check every link from this shell to the X server, in the order
 * of the chain (environment, networking, host side, reachability, X11,
 * Xauthority, alternatives).  Each check is ok, warn or fail, with one line of
 * evidence and, when not ok, the fix.  Changes nothing.  Returns 1 when a check
 * failed, else 0.
 */
int doctor_run(const struct guest_opts *o, int json);

#endif
