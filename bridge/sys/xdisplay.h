#ifndef WSLX_XDISPLAY_H
#define WSLX_XDISPLAY_H

/*
 * X display numbers and TCP ports: display N is served on port 6000 + N (X11
 * protocol, "Connection Setup").  The one place both halves take it from.
 */

#define XDISPLAY_PORT_BASE 6000L
/* The largest display number: port 6000 + N must fit in 16 bits. */
#define DISPLAY_MAX 59535L

/* xdisplay_port(display): the TCP port of display ${display} (0..DISPLAY_MAX). */
static inline long
xdisplay_port(long display)
{
	return XDISPLAY_PORT_BASE + display;
}

/* xdisplay_of_port(port): the display TCP port ${port} serves, or -1 below 6000. */
static inline long
xdisplay_of_port(long port)
{
	return port >= XDISPLAY_PORT_BASE && port - XDISPLAY_PORT_BASE <= DISPLAY_MAX
	           ? port - XDISPLAY_PORT_BASE
	           : -1;
}

#endif
