#include "cm.h"

#include <stdio.h>
#include <string.h>

#include "x11setup.h"

static const uint8_t cookie[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* A setup as libxcb sends it: LSB first, MIT cookie. */
static size_t
make_setup(uint8_t order, const char *name, const uint8_t *data, size_t dlen,
           uint8_t *out)
{
	struct x11setup s = {.order = order, .major = 11, .minor = 0};

	return x11setup_rewrite(&s, name, data, dlen, out, X11SETUP_MAX);
}

static void
parses_both_byte_orders(void **state)
{
	uint8_t buf[X11SETUP_MAX];
	struct x11setup s;
	const char *why = NULL;

	(void)state;
	for (int o = 0; o < 2; o++) {
		uint8_t order = o ? 'B' : 'l';
		size_t n = make_setup(order, X11_AUTH_MIT, cookie, 16, buf);
		assert_int_equal(n, 12 + 20 + 16);
		assert_int_equal(buf[o ? 7 : 6],
		                 18); /* name length where the order says */
		assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
		assert_int_equal(s.order, order);
		assert_int_equal(s.major, 11);
		assert_int_equal(s.total, n);
		assert_int_equal(s.name_len, 18);
		assert_memory_equal(s.data, cookie, 16);
		assert_int_equal(x11setup_check_cookie(&s, cookie, &why), 0);
	}
}

static void
every_truncation_needs_more(void **state)
{
	uint8_t buf[X11SETUP_MAX];
	struct x11setup s;
	const char *why;
	size_t n = make_setup('l', X11_AUTH_MIT, cookie, 16, buf);

	(void)state;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(x11setup_parse(buf, i, &s, &why), X11SETUP_NEED_MORE);
	/* Extra bytes after the setup (pipelined requests) are not part of it. */
	assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
}

static void
refuses_hostile(void **state)
{
	uint8_t buf[X11SETUP_MAX] = {0};
	struct x11setup s;
	const char *why = NULL;

	(void)state;
	memcpy(buf, "GET / HTTP/1.1\r\n", 16);
	assert_int_equal(x11setup_parse(buf, 16, &s, &why), X11SETUP_REFUSE);
	assert_non_null(strstr(why, "byte-order"));
	/* lengths 65535: refused at the header, before waiting for 128 KiB */
	memset(buf, 0, sizeof(buf));
	buf[0] = 'l';
	buf[2] = 11;
	buf[6] = buf[7] = buf[8] = buf[9] = 0xFF;
	assert_int_equal(x11setup_parse(buf, 12, &s, &why), X11SETUP_REFUSE);
	assert_non_null(strstr(why, "too long"));
	/* just over the caps */
	buf[6] = X11SETUP_MAX_NAME + 1;
	buf[7] = buf[8] = buf[9] = 0;
	assert_int_equal(x11setup_parse(buf, 12, &s, &why), X11SETUP_REFUSE);
	buf[6] = 0;
	buf[8] = 0;
	buf[9] = 1; /* 256: at the cap, fine */
	assert_int_equal(x11setup_parse(buf, 12, &s, &why), X11SETUP_NEED_MORE);
	buf[8] = 1; /* 257 */
	assert_int_equal(x11setup_parse(buf, 12, &s, &why), X11SETUP_REFUSE);
	/* protocol 10 */
	memset(buf, 0, 12);
	buf[0] = 'B';
	buf[3] = 10;
	assert_int_equal(x11setup_parse(buf, 12, &s, &why), X11SETUP_REFUSE);
	assert_non_null(strstr(why, "version"));
}

static void
cookie_checks_name_and_data(void **state)
{
	uint8_t buf[X11SETUP_MAX], other[16];
	struct x11setup s;
	const char *why;
	size_t n;

	(void)state;
	n = make_setup('l', "", NULL, 0, buf);
	assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
	assert_int_equal(x11setup_check_cookie(&s, cookie, &why), -1);
	assert_non_null(strstr(why, "authorization required"));
	n = make_setup('l', "XDM-AUTHORIZATION-1", cookie, 16, buf);
	assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
	assert_int_equal(x11setup_check_cookie(&s, cookie, &why), -1);
	assert_non_null(strstr(why, "not supported"));
	memcpy(other, cookie, 16);
	other[15] ^= 1;
	n = make_setup('B', X11_AUTH_MIT, other, 16, buf);
	assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
	assert_int_equal(x11setup_check_cookie(&s, cookie, &why), -1);
	assert_non_null(strstr(why, "invalid MIT-MAGIC-COOKIE-1 key"));
	n = make_setup('B', X11_AUTH_MIT, cookie, 15, buf);
	assert_int_equal(x11setup_parse(buf, n, &s, &why), X11SETUP_ACCEPT);
	assert_int_equal(x11setup_check_cookie(&s, cookie, &why), -1);
}

static void
rewrite_swaps_auth_keeps_version(void **state)
{
	uint8_t in[X11SETUP_MAX], out[X11SETUP_MAX];
	static const uint8_t up[16] = {0xAA, 0xBB};
	struct x11setup s, r;
	const char *why;
	size_t n = make_setup('B', X11_AUTH_MIT, cookie, 16, in), m;

	(void)state;
	in[5] = 7; /* minor version 7 */
	assert_int_equal(x11setup_parse(in, n, &s, &why), X11SETUP_ACCEPT);
	m = x11setup_rewrite(&s, X11_AUTH_MIT, up, 16, out, sizeof(out));
	assert_int_equal(m, n);
	assert_int_equal(x11setup_parse(out, m, &r, &why), X11SETUP_ACCEPT);
	assert_int_equal(r.order, 'B');
	assert_int_equal(r.minor, 7);
	assert_memory_equal(r.data, up, 16);
	/* no auth upstream: a bare 12-byte header */
	m = x11setup_rewrite(&s, "", NULL, 0, out, sizeof(out));
	assert_int_equal(m, 12);
	assert_int_equal(out[6] | out[7] | out[8] | out[9], 0);
	assert_int_equal(x11setup_rewrite(&s, X11_AUTH_MIT, up, 16, out, 20), 0);
}

static void
failed_reply_exact_bytes(void **state)
{
	uint8_t out[X11SETUP_FAILED_MAX];
	static const uint8_t want_l[] = {0,   5,   11,  0,   0,   0, 2, 0,
	                                 'h', 'e', 'l', 'l', 'o', 0, 0, 0};
	static const uint8_t want_b[] = {0,   5,   0,   11,  0,   0, 0, 2,
	                                 'h', 'e', 'l', 'l', 'o', 0, 0, 0};
	char longer[400];

	(void)state;
	assert_int_equal(x11setup_failed('l', "hello", out, sizeof(out)), sizeof(want_l));
	assert_memory_equal(out, want_l, sizeof(want_l));
	assert_int_equal(x11setup_failed('B', "hello", out, sizeof(out)), sizeof(want_b));
	assert_memory_equal(out, want_b, sizeof(want_b));
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(x11setup_failed('l', longer, out, sizeof(out)), 8 + 256);
	assert_int_equal(out[1], 255);
	assert_int_equal(out[6], 64);
	assert_int_equal(x11setup_failed('l', "hello", out, 15), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_both_byte_orders),
	    cmocka_unit_test(every_truncation_needs_more),
	    cmocka_unit_test(refuses_hostile),
	    cmocka_unit_test(cookie_checks_name_and_data),
	    cmocka_unit_test(rewrite_swaps_auth_keeps_version),
	    cmocka_unit_test(failed_reply_exact_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
