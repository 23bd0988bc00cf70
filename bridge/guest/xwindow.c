#include "xwindow.h"

#include "clock.h"
#include "guest.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The median of 9 XSync round trips: one is noise on a busy link. */
static double
round_trip(Display *d)
{
	double t[9], tmp;

	for (int i = 0; i < 9; i++) {
		double t0 = clock_ms();
		XSync(d, False);
		t[i] = clock_ms() - t0;
	}
	for (int i = 0; i < 9; i++)
		for (int j = i + 1; j < 9; j++)
			if (t[j] < t[i]) {
				tmp = t[i];
				t[i] = t[j];
				t[j] = tmp;
			}
	return t[4];
}

int
xwindow_test(const char *display, int seconds)
{
	Display *d = XOpenDisplay(display);
	char line1[256], line2[128];
	double rtt, end;
	Window w;
	GC gc;
	int scr, shown = 0;

	if (!d) {
		guest_say("test", "cannot open display %s: run wslx doctor",
		          display             ? display
		          : getenv("DISPLAY") ? getenv("DISPLAY")
		                              : "(unset)");
		return 1;
	}
	rtt = round_trip(d);
	scr = DefaultScreen(d);
	snprintf(line1, sizeof(line1), "wslx test: %s", DisplayString(d));
	snprintf(line2, sizeof(line2), "round trip %.2f ms  (any key or click closes)",
	         rtt);
	w = XCreateSimpleWindow(d, RootWindow(d, scr), 40, 40, 420, 90, 1,
	                        BlackPixel(d, scr), 0xFFF4D6);
	XStoreName(d, w, "wslx test");
	XSelectInput(d, w, ExposureMask | KeyPressMask | ButtonPressMask);
	XMapWindow(d, w);
	gc = XCreateGC(d, w, 0, NULL);
	XSetForeground(d, gc, BlackPixel(d, scr));
	end = clock_ms() + seconds * 1000.0;
	while (clock_ms() < end) {
		struct pollfd pfd = {ConnectionNumber(d), POLLIN, 0};
		XEvent ev;
		if (!XPending(d)) {
			poll(&pfd, 1, 100);
			continue;
		}
		XNextEvent(d, &ev);
		if (ev.type == Expose) {
			XDrawString(d, w, gc, 16, 35, line1, (int)strlen(line1));
			XDrawString(d, w, gc, 16, 60, line2, (int)strlen(line2));
			XFlush(d);
			shown = 1;
		} else if (ev.type == KeyPress || ev.type == ButtonPress) {
			break;
		}
	}
	printf("wslx test: %s: window %s, round trip %.2f ms\n", DisplayString(d),
	       shown ? "shown" : "mapped (never exposed)", rtt);
	XFreeGC(d, gc);
	XDestroyWindow(d, w);
	XCloseDisplay(d);
	return 0;
}
