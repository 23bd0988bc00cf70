#include "cm.h"

#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pump.h"

/* in -> pump -> out: the pump reads from src[1] and writes to dst[0]. */
struct rig {
	int src[2], dst[2];
	struct pump p;
};

static void
rig_up(struct rig *r)
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, r->src), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, r->dst), 0);
	for (int i = 0; i < 2; i++) {
		fcntl(r->src[i], F_SETFL, O_NONBLOCK);
		fcntl(r->dst[i], F_SETFL, O_NONBLOCK);
	}
	pump_init(&r->p);
	assert_int_equal(pump_open_pipe(&r->p, 0, 256 * 1024), 0);
}

static void
rig_down(struct rig *r)
{
	pump_free(&r->p);
	for (int i = 0; i < 2; i++) {
		close(r->src[i]);
		close(r->dst[i]);
	}
}

static uint8_t
pattern(size_t i)
{
	return (uint8_t)(i * 7 + i / 251);
}

/*
 * Write ${n} patterned bytes into the rig and pump until all came out; the bytes
 * must arrive whole and in order.
 */
static void
relay_through(struct rig *r, size_t n)
{
	static uint8_t buf[64 * 1024];
	size_t sent = 0, got = 0;

	for (int spins = 0; got < n && spins < 100000; spins++) {
		while (sent < n) {
			size_t k = n - sent < sizeof(buf) ? n - sent : sizeof(buf);
			ssize_t w;
			for (size_t i = 0; i < k; i++)
				buf[i] = pattern(sent + i);
			w = write(r->src[0], buf, k);
			if (w <= 0)
				break;
			sent += (size_t)w;
		}
		assert_true(pump_fill(&r->p, r->src[1]) >= 0);
		assert_int_equal(pump_drain(&r->p, r->dst[0]), 0);
		for (;;) {
			ssize_t k = read(r->dst[1], buf, sizeof(buf));
			if (k <= 0)
				break;
			for (ssize_t i = 0; i < k; i++)
				assert_int_equal(buf[i], pattern(got + (size_t)i));
			got += (size_t)k;
		}
	}
	assert_int_equal(got, n);
}

/* A small message is one recv and one send: no pipe is opened for it. */
static void
small_goes_through_memory(void **state)
{
	struct rig r;

	(void)state;
	rig_up(&r);
	relay_through(&r, 100);
	relay_through(&r, PUMP_SMALL - 1);
	assert_true(r.p.zp.rd < 0);
	assert_true(r.p.piped);
	rig_down(&r);
}

/* A read that fills memory opens the pipe; the bytes stay in order. */
static void
bulk_opens_the_pipe(void **state)
{
	struct rig r;

	(void)state;
	rig_up(&r);
	relay_through(&r, 10);
	relay_through(&r, 3 * 1024 * 1024 + 17);
	assert_true(r.p.zp.rd >= 0);
	relay_through(&r, 10); /* small again after bulk */
	rig_down(&r);
}

/* No descriptor left for the pipe: the ring takes over, nothing is lost. */
static void
no_pipe_falls_back_to_the_ring(void **state)
{
	struct rig r;
	struct rlimit saved, tight;
	int probe;

	(void)state;
	rig_up(&r);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	probe = dup(0); /* the lowest free descriptor: the limit goes just below */
	assert_true(probe >= 0);
	close(probe);
	tight = saved;
	tight.rlim_cur = (rlim_t)probe;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
	relay_through(&r, 1024 * 1024 + 3);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_true(r.p.zp.rd < 0);
	assert_false(r.p.piped);
	assert_int_equal(r.p.cap, 256 * 1024);
	relay_through(&r, 10);
	rig_down(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(small_goes_through_memory),
	    cmocka_unit_test(bulk_opens_the_pipe),
	    cmocka_unit_test(no_pipe_falls_back_to_the_ring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
