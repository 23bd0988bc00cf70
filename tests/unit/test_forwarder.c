/*
 * The connection gate (bridge/host/forwarder), driven over loopback without
 * root: a real forwarder in a thread, real client sockets, and a stand-in X
 * server that this test answers for.  One test per state and per way out of it.
 */
#include "cm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "forwarder.h"
#include "log.h"
#include "netsock.h"
#include "tmpdir.h"
#include "x11setup.h"

#define LOOPBACK 0x7F000001u
#define WAIT_MS 5000 /* what any socket read waits at most: a hang fails, not stalls */

static const uint8_t good_cookie[X11_COOKIE_LEN] = {1, 2,  3,  4,  5,  6,  7,  8,
                                                    9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t server_cookie[X11_COOKIE_LEN] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5,
                                                      0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB,
                                                      0xAC, 0xAD, 0xAE, 0xAF};

/* A forwarder serving 127.0.0.1:port in its own thread, and the X server behind. */
struct rig {
	struct forwarder *f;
	struct forwarder_hooks hooks;
	pthread_t thread;
	volatile int stop;
	int wake[2];   /* a byte on wake[1] stops the forwarder */
	int xserver;   /* the stand-in X server's listening socket */
	uint16_t port; /* the forwarder's */
	char *dir;     /* for a unix-socket X server */
};

/* One at a time, outside the tests' frames: a failed test leaves it to rig_down. */
static struct rig the_rig;

static void
stop_loop(void *user)
{
	struct rig *r = user;
	char b;

	if (read(r->wake[0], &b, 1) == 1)
		r->stop = 1;
}

static void *
run_loop(void *user)
{
	struct rig *r = user;

	forwarder_run(r->f, &r->stop, &r->hooks);
	return NULL;
}

static void
timeouts(int fd)
{
	struct timeval tv = {WAIT_MS / 1000, 0};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* The stand-in X server: TCP on loopback, or a unix socket when ${unix_dir}. */
static void
xserver_up(struct rig *r, struct forwarder_cfg *cfg, int unix_socket)
{
	if (unix_socket) {
		struct sockaddr_un sun = {.sun_family = AF_UNIX};
		r->dir = tmpdir_new();
		assert_non_null(r->dir);
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/X1", r->dir);
		r->xserver = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_int_equal(bind(r->xserver, (struct sockaddr *)&sun, sizeof(sun)),
		                 0);
		cfg->upstream.kind = ENDPOINT_UNIX;
		snprintf(cfg->upstream.path, sizeof(cfg->upstream.path), "%s",
		         sun.sun_path);
	} else {
		struct sockaddr_in sin = {.sin_family = AF_INET};
		socklen_t sl = sizeof(sin);
		sin.sin_addr.s_addr = htonl(LOOPBACK);
		r->xserver = socket(AF_INET, SOCK_STREAM, 0);
		assert_int_equal(bind(r->xserver, (struct sockaddr *)&sin, sizeof(sin)),
		                 0);
		assert_int_equal(getsockname(r->xserver, (struct sockaddr *)&sin, &sl),
		                 0);
		cfg->upstream.kind = ENDPOINT_TCP;
		cfg->upstream.addr = LOOPBACK;
		cfg->upstream.port = ntohs(sin.sin_port);
	}
	assert_int_equal(listen(r->xserver, 16), 0);
}

static void
rig_up(struct rig *r, struct forwarder_cfg *cfg, int unix_socket)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(netsock_init(), 0);
	log_verbose(1); /* every state change is logged: its text is built too */
	if (cfg->nallow == 0) {
		cfg->allow[0].addr = 0x7F000000u;
		cfg->allow[0].prefix = 8;
		cfg->nallow = 1;
	}
	memcpy(cfg->cookie, good_cookie, sizeof(good_cookie));
	snprintf(cfg->up_name, sizeof(cfg->up_name), "%s", X11_AUTH_MIT);
	memcpy(cfg->up_data, server_cookie, sizeof(server_cookie));
	cfg->up_data_len = sizeof(server_cookie);
	if (cfg->upstream.kind != ENDPOINT_UNIX || cfg->upstream.path[0] == '\0')
		xserver_up(r, cfg, unix_socket);
	else
		r->xserver = -1; /* the test names an X server that is not there */
	r->f = forwarder_new(cfg);
	assert_non_null(r->f);
	assert_int_equal(forwarder_listen(r->f, LOOPBACK, 0), 0);
	r->port = forwarder_listen_port(r->f);
	assert_true(r->port != 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, r->wake), 0);
	r->hooks.extra_fd = r->wake[0];
	r->hooks.on_extra = stop_loop;
	r->hooks.user = r;
	assert_int_equal(pthread_create(&r->thread, NULL, run_loop, r), 0);
}

/* Stops the loop and frees the rig: the teardown of every test, failed or not. */
static int
rig_down(void **state)
{
	struct rig *r = &the_rig;

	(void)state;
	if (!r->f)
		return 0;
	if (write(r->wake[1], "x", 1) != 1)
		return -1;
	pthread_join(r->thread, NULL);
	forwarder_free(r->f);
	close(r->wake[0]);
	close(r->wake[1]);
	if (r->xserver >= 0)
		close(r->xserver);
	if (r->dir)
		tmpdir_free(r->dir);
	r->f = NULL;
	return 0;
}

/* A client connected to the forwarder (blocking, with time limits). */
static int
client(const struct rig *r)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(LOOPBACK);
	sin.sin_port = htons(r->port);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	timeouts(fd);
	return fd;
}

/* A client's X11 setup carrying MIT-MAGIC-COOKIE-1 ${cookie}, into ${out}. */
static size_t
setup_bytes(uint8_t order, const uint8_t *cookie, uint8_t *out)
{
	struct x11setup s = {.order = order, .major = 11};
	size_t n =
	    x11setup_rewrite(&s, X11_AUTH_MIT, cookie, X11_COOKIE_LEN, out, X11SETUP_MAX);

	assert_true(n > 0);
	return n;
}

static void
send_all(int fd, const void *buf, size_t n)
{
	assert_int_equal(send(fd, buf, n, MSG_NOSIGNAL), (ssize_t)n);
}

/* Read exactly ${n} bytes from ${fd} (or fail the test). */
static void
recv_exact(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = recv(fd, (uint8_t *)buf + got, n - got, 0);
		if (k <= 0)
			fail_msg("expected %zu bytes, got %zu (%s)", n, got,
			         k == 0 ? "EOF" : strerror(errno));
		got += (size_t)k;
	}
}

static void
expect_eof(int fd)
{
	char b;
	ssize_t k = recv(fd, &b, 1, 0);

	if (k != 0 && !(k < 0 && errno == ECONNRESET))
		fail_msg("expected the end of the connection, got %zd (%s)", k,
		         k < 0 ? strerror(errno) : "a byte");
}

/* The client gets an X11 Failed reply whose reason holds ${text}, then the end. */
static void
expect_failed(int fd, const char *text)
{
	uint8_t in[X11SETUP_FAILED_MAX + 1];
	char reason[256];
	size_t got = 0;
	ssize_t k;

	while (got < sizeof(in) && (k = recv(fd, in + got, sizeof(in) - got, 0)) > 0)
		got += (size_t)k;
	if (got < 8 || in[0] != 0 || got != 8 + (size_t)(in[1] + 3) / 4 * 4)
		fail_msg("expected a whole Failed reply and the end, got %zu bytes", got);
	memcpy(reason, in + 8, in[1]);
	reason[in[1]] = '\0';
	if (!strstr(reason, text))
		fail_msg("reason '%s' lacks '%s'", reason, text);
}

/* The stand-in X server's next connection, within WAIT_MS. */
static int
xserver_accept(const struct rig *r)
{
	struct pollfd p = {r->xserver, POLLIN, 0};
	int fd;

	if (poll(&p, 1, WAIT_MS) != 1)
		fail_msg("the X server got no connection");
	fd = accept(r->xserver, NULL, NULL);
	assert_true(fd >= 0);
	timeouts(fd);
	return fd;
}

/* Nobody connected to the X server within ${ms}. */
static void
xserver_untouched(const struct rig *r, int ms)
{
	struct pollfd p = {r->xserver, POLLIN, 0};

	assert_int_equal(poll(&p, 1, ms), 0);
}

/* The X server reads a setup: the cookie must be its own, never the client's. */
static void
xserver_read_setup(int fd, uint8_t order)
{
	uint8_t want[X11SETUP_MAX], got[X11SETUP_MAX];
	size_t n = setup_bytes(order, server_cookie, want);

	recv_exact(fd, got, n);
	assert_memory_equal(got, want, n);
}

/* Wait (bounded) until the forwarder holds ${n} connections. */
static void
wait_clients(const struct rig *r, unsigned n)
{
	for (int i = 0; i < WAIT_MS / 10 && forwarder_clients(r->f) != n; i++)
		sleep_ms(10);
	assert_int_equal(forwarder_clients(r->f), n);
}

/* A relayed pair: the client's setup passed and the server answered. */
static void
relayed_pair(const struct rig *r, int *c, int *x)
{
	uint8_t setup[X11SETUP_MAX], reply[12];

	*c = client(r);
	send_all(*c, setup, setup_bytes('l', good_cookie, setup));
	*x = xserver_accept(r);
	xserver_read_setup(*x, 'l');
	send_all(*x, "SETUP-REPLY!", 12);
	recv_exact(*c, reply, 12);
	assert_memory_equal(reply, "SETUP-REPLY!", 12);
}

/* CS_SETUP: a setup sent in odd pieces is put together, rewritten, and relayed. */
static void
test_setup_in_pieces(void **state)
{
	static const size_t cuts[] = {1, 1, 3, 7, 2, 11};
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX], buf[16];
	size_t n, at = 0;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	n = setup_bytes('B', good_cookie, setup);
	for (unsigned i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		send_all(c, setup + at, cuts[i]);
		at += cuts[i];
		sleep_ms(20);
	}
	xserver_untouched(r, 50); /* not before the setup is whole */
	send_all(c, setup + at, n - at);
	x = xserver_accept(r);
	xserver_read_setup(x, 'B');
	send_all(x, "answer", 6);
	recv_exact(c, buf, 6);
	assert_memory_equal(buf, "answer", 6);
	send_all(c, "request", 7);
	recv_exact(x, buf, 7);
	assert_memory_equal(buf, "request", 7);
	close(c);
	expect_eof(x);
	close(x);
}

/* Requests pipelined right behind the setup reach the X server unchanged. */
static void
test_pipelined_requests(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t out[X11SETUP_MAX + 300], got[300];
	size_t n;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	n = setup_bytes('l', good_cookie, out);
	for (size_t i = 0; i < 300; i++)
		out[n + i] = (uint8_t)(i * 13);
	c = client(r);
	send_all(c, out, n + 300);
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	recv_exact(x, got, 300);
	assert_memory_equal(got, out + n, 300);
	close(c);
	close(x);
}

/* A unix-socket X server is connected at once: the setup goes out in that turn. */
static void
test_unix_upstream(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 1);
	relayed_pair(r, &c, &x);
	close(c);
	close(x);
}

/* CS_SETUP -> CS_REFUSING: a wrong cookie gets a Failed reply; no X server. */
static void
test_wrong_cookie(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX], bad[X11_COOKIE_LEN] = {0};
	int c;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('B', bad, setup));
	expect_failed(c, "invalid MIT-MAGIC-COOKIE-1 key");
	xserver_untouched(r, 100);
	close(c);
}

/* A malformed setup (bad byte order) is refused with its reason. */
static void
test_malformed_setup(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	int c;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, "GET / HTTP/1.0\r\n\r\n", 18);
	expect_failed(c, "not an X11 connection setup");
	xserver_untouched(r, 50);
	close(c);
}

/* CS_SETUP's deadline: a client that stops half-way gets "timed out". */
static void
test_setup_timeout(void **state)
{
	struct forwarder_cfg cfg = {.setup_timeout_ms = 300};
	struct rig *r = &the_rig;
	int c;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, "l\0\x0b\0", 4);
	expect_failed(c, "connection setup timed out");
	xserver_untouched(r, 0);
	close(c);
}

/* CS_CONNECTING -> CS_REFUSING: no X server there gets "not running". */
static void
test_server_not_running(void **state)
{
	struct forwarder_cfg cfg = {
	    .upstream = {.kind = ENDPOINT_UNIX, .path = "/nonexistent/wslx/X9"}};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	int c;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	expect_failed(c, "X server behind wslx-host is not running");
	close(c);
}

/* CS_ANSWER's deadline: an X server that takes the setup and never answers. */
static void
test_server_never_answers(void **state)
{
	struct forwarder_cfg cfg = {.setup_timeout_ms = 300};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	expect_failed(c, "did not answer the connection setup");
	expect_eof(x); /* the X server's side is closed with the refusal */
	close(c);
	close(x);
}

/*
 * ${closer} sends its last bytes and half-closes; ${other} gets them and the
 * end, and can still answer until it closes too.
 */
static void
half_close(int closer, int other)
{
	char buf[8];

	send_all(closer, "last", 4);
	shutdown(closer, SHUT_WR);
	recv_exact(other, buf, 4);
	assert_memory_equal(buf, "last", 4);
	expect_eof(other);
	send_all(other, "still", 5);
	recv_exact(closer, buf, 5);
	assert_memory_equal(buf, "still", 5);
	close(other);
	expect_eof(closer);
	close(closer);
}

/* A Failed reply from the X server, in the byte order 'l', with ${reason}. */
static size_t
failed_reply(const char *reason, uint8_t *out)
{
	size_t n = x11setup_failed('l', reason, out, X11SETUP_FAILED_MAX);

	assert_true(n > 0);
	return n;
}

/* CS_ANSWER: the X server refuses our cookie, header and reason written apart. */
static void
test_server_refuses_our_cookie(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX], reply[X11SETUP_FAILED_MAX];
	size_t n;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	n = failed_reply("Invalid MIT-MAGIC-COOKIE-1 key", reply);
	send_all(x, reply, 8);
	sleep_ms(50);
	send_all(x, reply + 8, n - 8);
	expect_failed(
	    c,
	    "the X server refused wslx-host's own cookie (Invalid MIT-MAGIC-COOKIE-1 key)");
	assert_int_equal(forwarder_upstream_refusals(r->f), 1);
	close(c);
	close(x);
}

/* CS_ANSWER: an X server that closes without a word (its client limit). */
static void
test_server_closes_without_answer(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	close(x);
	expect_failed(c, "the X server closed the connection without answering");
	close(c);
}

/* CS_ANSWER -> CS_RELAY: a Success answer in pieces reaches the client whole. */
static void
test_success_in_pieces(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX], answer[600], got[600];
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	for (size_t i = 0; i < sizeof(answer); i++)
		answer[i] = (uint8_t)(i * 31 + 7);
	answer[0] = 1; /* Success */
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	send_all(x, answer, 5);
	sleep_ms(30);
	send_all(x, answer + 5, sizeof(answer) - 5);
	recv_exact(c, got, sizeof(got));
	assert_memory_equal(got, answer, sizeof(answer));
	close(c);
	close(x);
}

/* CS_RELAY: the client's half-close reaches the X server, which still answers. */
static void
test_half_close_by_client(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	relayed_pair(r, &c, &x);
	half_close(c, x);
	wait_clients(r, 0);
}

/* CS_RELAY: the X server's half-close reaches the client, which still sends. */
static void
test_half_close_by_server(void **state)
{
	struct forwarder_cfg cfg = {0};
	struct rig *r = &the_rig;
	int c, x;

	(void)state;
	rig_up(r, &cfg, 0);
	relayed_pair(r, &c, &x);
	half_close(x, c);
	wait_clients(r, 0);
}

/* The setup budget: past max_startups the oldest connection in its setup goes. */
static void
test_setup_budget_drops_oldest(void **state)
{
	struct forwarder_cfg cfg = {.max_startups = 2};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	size_t n;
	int c[3], x;

	(void)state;
	rig_up(r, &cfg, 0);
	n = setup_bytes('l', good_cookie, setup);
	for (int i = 0; i < 3; i++) {
		c[i] = client(r);
		send_all(c[i], setup, 5); /* a setup begun, not finished */
		wait_clients(r, i < 2 ? (unsigned)i + 1 : 2);
	}
	expect_eof(c[0]); /* the oldest went, without a reply */
	send_all(c[2], setup + 5, n - 5);
	x = xserver_accept(r);
	xserver_read_setup(x, 'l');
	for (int i = 0; i < 3; i++)
		close(c[i]);
	close(x);
}

/* max_clients: one more authenticated client is refused with the reason. */
static void
test_max_clients(void **state)
{
	struct forwarder_cfg cfg = {.max_clients = 1};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	char buf[4];
	int c, x, extra;

	(void)state;
	rig_up(r, &cfg, 0);
	relayed_pair(r, &c, &x);
	extra = client(r);
	send_all(extra, setup, setup_bytes('l', good_cookie, setup));
	expect_failed(extra, "too many clients (1)");
	send_all(c, "ping", 4); /* the first is still served */
	recv_exact(x, buf, 4);
	assert_memory_equal(buf, "ping", 4);
	close(extra);
	close(c);
	close(x);
}

/* A peer outside every allowed subnet is closed before a byte is read. */
static void
test_outside_subnet(void **state)
{
	struct forwarder_cfg cfg = {.nallow = 1, .allow = {{0x0A000000u, 8}}};
	struct rig *r = &the_rig;
	uint8_t setup[X11SETUP_MAX];
	int c;

	(void)state;
	rig_up(r, &cfg, 0);
	c = client(r);
	send_all(c, setup, setup_bytes('l', good_cookie, setup));
	expect_eof(c);
	xserver_untouched(r, 50);
	close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_setup_in_pieces, rig_down),
	    cmocka_unit_test_teardown(test_pipelined_requests, rig_down),
	    cmocka_unit_test_teardown(test_unix_upstream, rig_down),
	    cmocka_unit_test_teardown(test_wrong_cookie, rig_down),
	    cmocka_unit_test_teardown(test_malformed_setup, rig_down),
	    cmocka_unit_test_teardown(test_setup_timeout, rig_down),
	    cmocka_unit_test_teardown(test_server_not_running, rig_down),
	    cmocka_unit_test_teardown(test_server_never_answers, rig_down),
	    cmocka_unit_test_teardown(test_server_refuses_our_cookie, rig_down),
	    cmocka_unit_test_teardown(test_server_closes_without_answer, rig_down),
	    cmocka_unit_test_teardown(test_success_in_pieces, rig_down),
	    cmocka_unit_test_teardown(test_half_close_by_client, rig_down),
	    cmocka_unit_test_teardown(test_half_close_by_server, rig_down),
	    cmocka_unit_test_teardown(test_setup_budget_drops_oldest, rig_down),
	    cmocka_unit_test_teardown(test_max_clients, rig_down),
	    cmocka_unit_test_teardown(test_outside_subnet, rig_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
