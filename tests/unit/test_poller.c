#include "cm.h"

#include <string.h>
#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "netsock.h"
#include "poller.h"

/* A connected pair of TCP sockets on loopback: ${a} accepted, ${b} connected. */
static void
loopback_pair(sock_t *a, sock_t *b)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	sock_t l = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(l != SOCK_INVALID);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &len), 0);
	*b = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(connect(*b, (struct sockaddr *)&sa, sizeof(sa)), 0);
	*a = accept(l, NULL, NULL);
	assert_true(*a != SOCK_INVALID);
	netsock_close(l);
}

static void
send_byte(sock_t s)
{
	assert_int_equal(send(s, "x", 1, 0), 1);
}

static void
reports_what_was_asked(void **state)
{
	struct poller *p = poller_new(4);
	struct poller_watch w;
	struct poller_event ev[4];
	int owner;
	sock_t a, b;

	(void)state;
	assert_non_null(p);
	loopback_pair(&a, &b);
	poller_watch_init(&w, a, &owner);
	assert_int_equal(poller_set(p, &w, POLLIN), 0);
	assert_int_equal(poller_wait(p, ev, 4, 0), 0); /* nothing came */
	send_byte(b);
	assert_int_equal(poller_wait(p, ev, 4, 5000), 1);
	assert_ptr_equal(ev[0].w, &w);
	assert_ptr_equal(ev[0].w->owner, &owner);
	/* Windows' POLLIN is two bits and WSAPoll gives one: test for any. */
	assert_true((ev[0].revents & POLLIN) && !(ev[0].revents & POLLOUT));
	/* Level-triggered: still readable, so reported again. */
	assert_int_equal(poller_wait(p, ev, 4, 0), 1);
	/* Asking for writability too: both come. */
	assert_int_equal(poller_set(p, &w, POLLIN | POLLOUT), 0);
	assert_int_equal(w.events, POLLIN | POLLOUT);
	assert_int_equal(poller_wait(p, ev, 4, 5000), 1);
	assert_true((ev[0].revents & POLLIN) && (ev[0].revents & POLLOUT));
	/* Removed: nothing more, though the byte is still there. */
	poller_remove(p, &w);
	assert_int_equal(w.registered, 0);
	assert_int_equal(poller_wait(p, ev, 4, 0), 0);
	poller_remove(p, &w); /* twice is harmless */
	netsock_close(a);
	netsock_close(b);
	poller_free(p);
}

/* Removing watches from the middle keeps the others' registrations right. */
static void
removal_keeps_the_others(void **state)
{
	enum { N = 40 };
	struct poller *p = poller_new(N);
	struct poller_watch w[N];
	struct poller_event ev[N];
	sock_t a[N], b[N];
	int seen[N];

	(void)state;
	assert_non_null(p);
	for (int i = 0; i < N; i++) {
		loopback_pair(&a[i], &b[i]);
		poller_watch_init(&w[i], a[i], &seen[i]);
		assert_int_equal(poller_set(p, &w[i], POLLIN), 0);
	}
	for (int i = 0; i < N; i += 3) /* the first, the middle ones, not the last */
		poller_remove(p, &w[i]);
	for (int i = 0; i < N; i++)
		send_byte(b[i]);
	memset(seen, 0, sizeof(seen));
	for (int tries = 0, got = 0; got < N - (N + 2) / 3 && tries < 100; tries++) {
		int n = poller_wait(p, ev, N, 5000);
		assert_true(n > 0);
		got = n;
		memset(seen, 0, sizeof(seen));
		for (int k = 0; k < n; k++) {
			assert_ptr_equal(ev[k].w->owner, &seen[ev[k].w - w]);
			assert_true(ev[k].revents & POLLIN);
			seen[ev[k].w - w]++;
		}
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], i % 3 == 0 ? 0 : 1);
	for (int i = 0; i < N; i++) {
		poller_remove(p, &w[i]);
		netsock_close(a[i]);
		netsock_close(b[i]);
	}
	poller_free(p);
}

/* Registered for nothing, a socket still says its peer is gone. */
static void
hangup_without_interest(void **state)
{
	struct poller *p = poller_new(2);
	struct poller_watch w;
	struct poller_event ev[2];
	sock_t a, b;

	(void)state;
	assert_non_null(p);
	loopback_pair(&a, &b);
	poller_watch_init(&w, a, NULL);
	assert_int_equal(poller_set(p, &w, 0), 0);
	assert_int_equal(poller_wait(p, ev, 2, 0), 0);
	netsock_close(b);
	netsock_shutdown_write(a);
	assert_int_equal(poller_wait(p, ev, 2, 5000), 1);
	assert_ptr_equal(ev[0].w, &w);
	assert_true(ev[0].revents & (POLLHUP | POLLERR));
	poller_remove(p, &w);
	netsock_close(a);
	poller_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reports_what_was_asked),
	    cmocka_unit_test(removal_keeps_the_others),
	    cmocka_unit_test(hangup_without_interest),
	};
	if (netsock_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
