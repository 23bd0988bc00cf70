#ifndef WSLX_HOSTCORE_H
#define WSLX_HOSTCORE_H

#include "hostopts.h"

/*
 * hostcore_run(o):
 * All of wslx-host once its options are parsed: new guest cookie, upstream
 * cookie, listener, firewall rule, handoff; then serve, following the listening
 * interface's address (listener, allowed subnet, handoff and firewall rule move
 * in one step) until SIGTERM/SIGINT, which removes the handoff.  Returns the exit
 * status (0 after a clean stop, 1 when it could not start).
 */
int hostcore_run(const struct hostopts *o);

#endif
