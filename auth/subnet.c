#include "subnet.h"

#include <stdio.h>

static uint32_t
prefix_mask(unsigned prefix)
{
	return prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix);
}

/* Parse up to ${max} as decimal from *${p}; no sign, at most 3 digits. */
static int
parse_small(const char **p, unsigned max, unsigned *out)
{
	unsigned v = 0;
	int digits = 0;

	while (**p >= '0' && **p <= '9') {
		if (++digits > 3)
			return -1;
		v = v * 10 + (unsigned)(**p - '0');
		(*p)++;
	}
	if (digits == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_quad(const char **p, uint32_t *out)
{
	uint32_t a = 0;
	unsigned part;

	for (int i = 0; i < 4; i++) {
		if (i > 0 && *(*p)++ != '.')
			return -1;
		if (parse_small(p, 255, &part))
			return -1;
		a = (a << 8) | part;
	}
	*out = a;
	return 0;
}

int
ipv4_parse(const char *text, uint32_t *out)
{
	const char *p = text;
	uint32_t a;

	if (parse_quad(&p, &a) || *p != '\0')
		return -1;
	*out = a;
	return 0;
}

int
subnet_parse(const char *text, struct subnet *out)
{
	const char *p = text;
	uint32_t a;
	unsigned prefix = 32;

	if (parse_quad(&p, &a))
		return -1;
	if (*p == '/') {
		p++;
		if (parse_small(&p, 32, &prefix))
			return -1;
	}
	if (*p != '\0' || (a & ~prefix_mask(prefix)) != 0)
		return -1;
	out->addr = a;
	out->prefix = prefix;
	return 0;
}

int
subnet_from_host(uint32_t addr, unsigned prefix, struct subnet *out)
{
	if (prefix > 32)
		return -1;
	out->addr = addr & prefix_mask(prefix);
	out->prefix = prefix;
	return 0;
}

int
subnet_contains(const struct subnet *s, uint32_t addr)
{
	return (addr & prefix_mask(s->prefix)) == s->addr;
}

void
ipv4_format(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", (unsigned)(a >> 24), (unsigned)(a >> 16 & 255),
	         (unsigned)(a >> 8 & 255), (unsigned)(a & 255));
}

void
subnet_format(const struct subnet *s, char *buf, size_t len)
{
	char ip[16];

	ipv4_format(s->addr, ip, sizeof(ip));
	snprintf(buf, len, "%s/%u", ip, s->prefix);
}
