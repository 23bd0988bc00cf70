#include "xauthfile.h"

#include <stdio.h>
#include <string.h>

#include "x11setup.h"

static size_t
put_field(uint8_t *out, const void *p, size_t n)
{
	out[0] = (uint8_t)(n >> 8);
	out[1] = (uint8_t)n;
	if (n)
		memcpy(out + 2, p, n);
	return 2 + n;
}

size_t
xauthfile_put(const struct xauth_entry *e, uint8_t *out, size_t cap)
{
	size_t nlen = strlen(e->number), mlen = strlen(e->name);
	size_t total = 2 + 2 + e->address_len + 2 + nlen + 2 + mlen + 2 + e->data_len;
	size_t off = 2;

	if (total > cap || e->address_len > 0xFFFF || nlen > 0xFFFF || mlen > 0xFFFF ||
	    e->data_len > 0xFFFF)
		return 0;
	out[0] = (uint8_t)(e->family >> 8);
	out[1] = (uint8_t)e->family;
	off += put_field(out + off, e->address, e->address_len);
	off += put_field(out + off, e->number, nlen);
	off += put_field(out + off, e->name, mlen);
	off += put_field(out + off, e->data, e->data_len);
	return off;
}

size_t
xauthfile_put_cookie(long display, const uint8_t *cookie, uint8_t *out, size_t cap)
{
	struct xauth_entry e = {0};
	char number[24];

	snprintf(number, sizeof(number), "%ld", display);
	e.family = XAUTH_FAMILY_WILD;
	e.number = number;
	e.name = X11_AUTH_MIT;
	e.data = cookie;
	e.data_len = X11_COOKIE_LEN;
	return xauthfile_put(&e, out, cap);
}

/* Read one length-prefixed field at *${off}; -1 when it runs past ${len}. */
static int
get_field(const uint8_t *buf, size_t len, size_t *off, const uint8_t **p, size_t *n)
{
	if (len - *off < 2)
		return -1;
	*n = (size_t)buf[*off] << 8 | buf[*off + 1];
	*off += 2;
	if (len - *off < *n)
		return -1;
	*p = buf + *off;
	*off += *n;
	return 0;
}

int
xauthfile_find_cookie(const uint8_t *buf, size_t len, long display, uint8_t *cookie)
{
	static const char mit[] = X11_AUTH_MIT;
	char want[24];
	size_t off = 0, wlen;
	int found = 0;

	wlen = (size_t)snprintf(want, sizeof(want), "%ld", display);
	while (off < len) {
		const uint8_t *addr, *num, *name, *data;
		size_t alen, nlen, mlen, dlen;
		if (len - off < 2)
			return -1;
		off += 2; /* family: any */
		if (get_field(buf, len, &off, &addr, &alen) ||
		    get_field(buf, len, &off, &num, &nlen) ||
		    get_field(buf, len, &off, &name, &mlen) ||
		    get_field(buf, len, &off, &data, &dlen))
			return -1;
		if (!found &&
		    (display < 0 || (nlen == wlen && memcmp(num, want, wlen) == 0)) &&
		    mlen == sizeof(mit) - 1 && memcmp(name, mit, mlen) == 0 &&
		    dlen == X11_COOKIE_LEN) {
			memcpy(cookie, data, X11_COOKIE_LEN);
			found = 1;
		}
	}
	return found ? 0 : 1;
}
