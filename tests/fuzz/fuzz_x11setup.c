/*
 * libFuzzer target: the setup parser, checker and rewriter on hostile bytes, with
 * a round-trip property: whatever setup the parser accepts, rewritten with any
 * authorization the rewriter takes, parses back to the same request carrying
 * exactly that authorization.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x11setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rewrite ${s} with ${name}/${auth}, parse it back, compare. */
static void
round_trip(const struct x11setup *s, const char *name, const uint8_t *auth,
           size_t auth_len)
{
	uint8_t out[X11SETUP_MAX + 64];
	struct x11setup back;
	const char *why = NULL;
	size_t name_len = strlen(name);
	size_t n = x11setup_rewrite(s, name, auth, auth_len, out, sizeof(out));

	if (name_len > X11SETUP_MAX_NAME || auth_len > X11SETUP_MAX_DATA) {
		if (n != 0)
			__builtin_trap(); /* over the caps: must be refused */
		return;
	}
	if (n == 0 || x11setup_parse(out, n, &back, &why) != X11SETUP_ACCEPT ||
	    back.total != n || back.order != s->order || back.major != s->major ||
	    back.minor != s->minor || back.name_len != name_len ||
	    memcmp(back.name, name, name_len) != 0 || back.data_len != auth_len ||
	    (auth_len && memcmp(back.data, auth, auth_len) != 0))
		__builtin_trap();
	/* Every shorter prefix of the rewritten setup is incomplete, never accepted. */
	for (size_t len = 0; len < n; len++)
		if (x11setup_parse(out, len, &back, &why) == X11SETUP_ACCEPT)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cookie[X11_COOKIE_LEN] = {0};
	uint8_t reply[X11SETUP_FAILED_MAX];
	struct x11setup s;
	const char *why = NULL;

	/* Fed in pieces, as the network would: every prefix must be answered sanely. */
	for (size_t len = 0; len <= size; len++) {
		enum x11setup_verdict v = x11setup_parse(data, len, &s, &why);
		if (v == X11SETUP_REFUSE) {
			if (!why ||
			    x11setup_failed(data[0], why, reply, sizeof(reply)) == 0)
				__builtin_trap();
			break;
		}
		if (v == X11SETUP_ACCEPT) {
			char name[X11SETUP_MAX_NAME + 17];
			size_t tail = size - s.total, name_len;
			if (s.total > len || s.total > X11SETUP_MAX)
				__builtin_trap();
			if (x11setup_check_cookie(&s, cookie, &why) && !why)
				__builtin_trap();
			round_trip(&s, X11_AUTH_MIT, cookie, X11_COOKIE_LEN);
			round_trip(&s, "", NULL, 0);
			/* The bytes after the setup choose another authorization: a
			 * name of 0..80 letters, data of the rest (up to 300 bytes). */
			if (tail == 0)
				break;
			name_len = data[s.total] % (sizeof(name) - 1);
			for (size_t i = 0; i < name_len; i++)
				name[i] =
				    (char)('A' + (tail > 1
				                      ? data[s.total + 1 + i % (tail - 1)]
				                      : (uint8_t)i) %
				                     26);
			name[name_len] = '\0';
			round_trip(&s, name, data + s.total + 1,
			           tail - 1 > 300 ? 300 : tail - 1);
			break;
		}
	}
	return 0;
}
