/*
 * x11bench DISPLAY ROUNDS REPS: time what matters to an X client through a path:
 * connection setup (median of 51), small round trips, bulk both ways (PutImage, GetImage
 * of 1 MiB, REPS times), and the worst round trip right after a large request
 * (Nagle-style stalls would show as 40 ms).
 * "x11bench DISPLAY ROUNDS rtt" makes only the round trips and prints their p50
 * and p99 (us).
 * Prints one line: connect_us rtt_p50_us rtt_p99_us put_MBps get_MBps
 * worst_small_after_large_ms bytes_moved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xcb/xcb.h>

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ${rounds} GetInputFocus round trips on ${c}, timed into ${rtt}, sorted. */
static void
round_trips(xcb_connection_t *c, double *rtt, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		double t0 = now_us();
		free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
		rtt[i] = now_us() - t0;
	}
	qsort(rtt, (size_t)rounds, sizeof(double), cmp);
}

int
main(int argc, char **argv)
{
	const char *display = argc > 1 ? argv[1] : NULL;
	int rounds = argc > 2 ? atoi(argv[2]) : 2000;
	double connect = 0, *rtt = calloc((size_t)rounds, sizeof(double)), t0, put, get;
	enum { conns = 51 };
	const int W = 512, H = 512, reps = argc > 3 ? atoi(argv[3]) : 20;
	double connect_us[conns];
	double worst = 0;
	xcb_connection_t *c;
	xcb_screen_t *s;
	xcb_pixmap_t pm;
	xcb_gcontext_t gc;
	uint8_t *img = malloc((size_t)W * H * 4);

	/* x11bench DISPLAY ROUNDS rtt: only the round trips, "p50 p99" (for counting
	 * system calls, and beside idle connections). */
	if (argc > 3 && strcmp(argv[3], "rtt") == 0) {
		int bad;
		free(img);
		c = xcb_connect(display, NULL);
		bad = xcb_connection_has_error(c);
		if (!bad)
			round_trips(c, rtt, rounds);
		bad = bad || xcb_connection_has_error(c);
		xcb_disconnect(c);
		if (!bad)
			printf("%.1f %.1f\n", rtt[rounds / 2], rtt[rounds * 99 / 100]);
		free(rtt);
		return bad ? 1 : 0;
	}
	for (int i = 0; i < conns; i++) {
		t0 = now_us();
		c = xcb_connect(display, NULL);
		if (xcb_connection_has_error(c)) {
			fprintf(stderr, "x11bench: cannot connect to %s\n", display);
			return 1;
		}
		free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
		connect_us[i] = now_us() - t0;
		xcb_disconnect(c);
	}
	qsort(connect_us, (size_t)conns, sizeof(double), cmp);
	connect = connect_us[conns / 2]; /* the median: one preempted connect is noise */
	c = xcb_connect(display, NULL);
	round_trips(c, rtt, rounds);
	s = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	pm = xcb_generate_id(c);
	gc = xcb_generate_id(c);
	xcb_create_pixmap(c, s->root_depth, pm, s->root, (uint16_t)W, (uint16_t)H);
	xcb_create_gc(c, gc, pm, 0, NULL);
	memset(img, 0x5A, (size_t)W * H * 4);
	t0 = now_us();
	for (int i = 0; i < reps; i++)
		for (int y = 0; y < H; y += 64) /* 128 KiB requests */
			xcb_put_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, pm, gc, (uint16_t)W,
			              64, 0, (int16_t)y, 0, s->root_depth,
			              (uint32_t)W * 64 * 4, img + (size_t)y * W * 4);
	free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
	put = (double)reps * W * H * 4 / (now_us() - t0);
	/* A small request right behind a large one: a Nagle stall would be 40 ms. */
	for (int i = 0; i < 20; i++) {
		double t1;
		xcb_put_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, pm, gc, (uint16_t)W, 64, 0, 0,
		              0, s->root_depth, (uint32_t)W * 64 * 4, img);
		t1 = now_us();
		free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
		if (now_us() - t1 > worst)
			worst = now_us() - t1;
	}
	t0 = now_us();
	for (int i = 0; i < reps; i++)
		free(
		    xcb_get_image_reply(c,
		                        xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, pm, 0,
		                                      0, (uint16_t)W, (uint16_t)H, ~0u),
		                        NULL));
	get = (double)reps * W * H * 4 / (now_us() - t0);
	printf("%.0f %.1f %.1f %.0f %.0f %.2f %.0f\n", connect, rtt[rounds / 2],
	       rtt[rounds * 99 / 100], put, get, worst / 1000, 2.0 * reps * W * H * 4);
	xcb_disconnect(c);
	free(rtt);
	free(img);
	return 0;
}
