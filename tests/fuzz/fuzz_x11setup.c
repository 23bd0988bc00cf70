/* libFuzzer target: the setup parser, checker and rewriter on hostile bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "x11setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cookie[X11_COOKIE_LEN] = {0};
	uint8_t out[X11SETUP_MAX], reply[X11SETUP_FAILED_MAX];
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
			if (s.total > len || s.total > X11SETUP_MAX)
				__builtin_trap();
			if (x11setup_check_cookie(&s, cookie, &why) && !why)
				__builtin_trap();
			if (x11setup_rewrite(&s, X11_AUTH_MIT, cookie, X11_COOKIE_LEN,
			                     out, sizeof(out)) == 0)
				__builtin_trap();
			break;
		}
	}
	return 0;
}
