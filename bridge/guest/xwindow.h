#ifndef WSLX_XWINDOW_H
#define WSLX_XWINDOW_H

/*
 * xwindow_test(display, seconds):
 * `wslx test`: open a small Xlib window titled "wslx test" on ${display} (NULL:
 * $DISPLAY) that shows the display name and the measured round-trip time, until
 * ${seconds} pass or a key or button is pressed.  Prints the round trip.
 * Returns the exit status (0 shown, 1 cannot open the display).
 */
int xwindow_test(const char *display, int seconds);

#endif
