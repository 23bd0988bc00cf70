#include "handoff.h"

#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "xauthfile.h"

size_t
handoff_format(const struct handoff *h, char *buf, size_t len)
{
	char subnet[SUBNET_STRLEN + 1] = "";
	int n;

	if (h->have_subnet)
		subnet_format(&h->subnet, subnet, sizeof(subnet));
	n = snprintf(
	    buf, len,
	    "; written by wslx-host: the guest's wslx reads it. No secrets here.\n"
	    "[host]\n"
	    "display = %ld\n"
	    "listen = %s\n"
	    "port = %ld\n"
	    "subnet = %s\n"
	    "allow = %s\n"
	    "firewall = %s\n"
	    "state = %s\n"
	    "pid = %ld\n"
	    "generation = %ld\n",
	    h->display, h->listen, h->port, subnet, h->allow,
	    handoff_fw_word(h->firewall), handoff_run_word(h->state), h->pid,
	    h->generation);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

static int
join(char *buf, size_t len, const char *dir, const char *file)
{
	int n = snprintf(buf, len, "%s%c%s", dir, platform_path_sep, file);

	return n > 0 && (size_t)n < len ? 0 : -1;
}

int
handoff_write(const char *dir, const struct handoff *h)
{
	char path[1024], text[1024];
	uint8_t cookie[256];
	size_t clen, tlen;

	clen = xauthfile_put_cookie(h->display, h->cookie, cookie, sizeof(cookie));
	tlen = handoff_format(h, text, sizeof(text));
	if (clen == 0 || tlen == 0 || join(path, sizeof(path), dir, HANDOFF_COOKIE) ||
	    platform_write_atomic(path, cookie, clen) ||
	    join(path, sizeof(path), dir, HANDOFF_INI) ||
	    platform_write_atomic(path, text, tlen))
		return -1;
	return 0;
}

void
handoff_remove(const char *dir)
{
	char path[1024];

	if (join(path, sizeof(path), dir, HANDOFF_INI) == 0)
		platform_remove(path);
	if (join(path, sizeof(path), dir, HANDOFF_COOKIE) == 0)
		platform_remove(path);
}
