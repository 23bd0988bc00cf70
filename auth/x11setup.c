#include "x11setup.h"

#include <string.h>

#include "cookie.h"

static size_t
pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

static uint16_t
get16(uint8_t order, const uint8_t *p)
{
	return order == 'B' ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static void
put16(uint8_t order, uint8_t *p, uint16_t v)
{
	if (order == 'B') {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	} else {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
}

enum x11setup_verdict
x11setup_parse(const uint8_t *buf, size_t len, struct x11setup *out, const char **why)
{
	size_t name_len, data_len, total;
	uint8_t order;

	if (len == 0)
		return X11SETUP_NEED_MORE;
	order = buf[0];
	if (order != 'B' && order != 'l') {
		*why = "wslx: not an X11 connection setup (bad byte-order byte)";
		return X11SETUP_REFUSE;
	}
	if (len < X11SETUP_HEADER)
		return X11SETUP_NEED_MORE;
	out->order = order;
	out->major = get16(order, buf + 2);
	out->minor = get16(order, buf + 4);
	if (out->major != 11) {
		*why = "wslx: unsupported X protocol version (need 11)";
		return X11SETUP_REFUSE;
	}
	name_len = get16(order, buf + 6);
	data_len = get16(order, buf + 8);
	if (name_len > X11SETUP_MAX_NAME || data_len > X11SETUP_MAX_DATA) {
		*why = "wslx: authorization fields too long";
		return X11SETUP_REFUSE;
	}
	total = X11SETUP_HEADER + name_len + pad4(name_len) + data_len + pad4(data_len);
	if (len < total)
		return X11SETUP_NEED_MORE;
	out->name = buf + X11SETUP_HEADER;
	out->name_len = name_len;
	out->data = out->name + name_len + pad4(name_len);
	out->data_len = data_len;
	out->total = total;
	return X11SETUP_ACCEPT;
}

int
x11setup_check_cookie(const struct x11setup *s, const uint8_t *cookie, const char **why)
{
	static const char mit[] = X11_AUTH_MIT;

	if (s->name_len == 0) {
		*why =
		    "wslx: authorization required: run eval \"$(wslx env)\" to get the cookie";
		return -1;
	}
	if (s->name_len != sizeof(mit) - 1 ||
	    memcmp(s->name, mit, sizeof(mit) - 1) != 0) {
		*why =
		    "wslx: authorization protocol not supported: use MIT-MAGIC-COOKIE-1";
		return -1;
	}
	if (s->data_len != X11_COOKIE_LEN ||
	    !cookie_equal(s->data, cookie, X11_COOKIE_LEN)) {
		*why =
		    "wslx: invalid MIT-MAGIC-COOKIE-1 key: the cookie is stale, run eval \"$(wslx env)\"";
		return -1;
	}
	return 0;
}

size_t
x11setup_rewrite(const struct x11setup *s, const char *name, const uint8_t *data,
                 size_t data_len, uint8_t *out, size_t outlen)
{
	size_t name_len = strlen(name);
	size_t total, off;

	if (name_len > X11SETUP_MAX_NAME || data_len > X11SETUP_MAX_DATA)
		return 0;
	total = X11SETUP_HEADER + name_len + pad4(name_len) + data_len + pad4(data_len);
	if (total > outlen)
		return 0;
	memset(out, 0, total);
	out[0] = s->order;
	put16(s->order, out + 2, s->major);
	put16(s->order, out + 4, s->minor);
	put16(s->order, out + 6, (uint16_t)name_len);
	put16(s->order, out + 8, (uint16_t)data_len);
	off = X11SETUP_HEADER;
	memcpy(out + off, name, name_len);
	off += name_len + pad4(name_len);
	if (data_len > 0)
		memcpy(out + off, data, data_len);
	return total;
}

size_t
x11setup_failed(uint8_t order, const char *reason, uint8_t *out, size_t outlen)
{
	size_t n = strlen(reason);
	size_t total;

	if (n > 255)
		n = 255;
	total = 8 + n + pad4(n);
	if (total > outlen)
		return 0;
	if (order != 'B')
		order = 'l';
	memset(out, 0, total);
	out[0] = 0; /* Failed */
	out[1] = (uint8_t)n;
	put16(order, out + 2, 11);
	put16(order, out + 4, 0);
	put16(order, out + 6, (uint16_t)((n + pad4(n)) / 4));
	memcpy(out + 8, reason, n);
	return total;
}
