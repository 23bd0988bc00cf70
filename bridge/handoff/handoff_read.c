#include "handoff.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fileio.h"
#include "inifile.h"
#include "parse.h"
#include "xdisplay.h"
#include "xauthfile.h"

static int
ini_handler(void *user, const char *section, const char *name, const char *value,
            char *why, size_t whylen)
{
	struct handoff *h = user;
	char shown[41];
	size_t i;
	long v;

	if (strcmp(section, "host") != 0)
		return 1; /* a newer host may add sections: not ours to judge */
	if (strcmp(name, "display") == 0) {
		if (parse_number(value, 0, DISPLAY_MAX, &v))
			goto bad;
		h->display = v;
	} else if (strcmp(name, "port") == 0) {
		if (parse_number(value, 1, 65535, &v))
			goto bad;
		h->port = v;
	} else if (strcmp(name, "listen") == 0) {
		uint32_t a;
		if (ipv4_parse(value, &a))
			goto bad;
		snprintf(h->listen, sizeof(h->listen), "%s", value);
	} else if (strcmp(name, "subnet") == 0) {
		if (value[0] == '\0')
			return 1;
		if (subnet_parse(value, &h->subnet))
			goto bad;
		h->have_subnet = 1;
	} else if (strcmp(name, "allow") == 0) {
		/* Shown to the user as it is: subnets only, nothing a terminal acts on.
		 */
		if (value[strspn(value, "0123456789./, ")] != '\0' ||
		    strlen(value) >= sizeof(h->allow))
			goto bad;
		snprintf(h->allow, sizeof(h->allow), "%s", value);
	} else if (strcmp(name, "firewall") == 0) {
		h->firewall = handoff_fw_parse(value);
	} else if (strcmp(name, "state") == 0) {
		h->state = handoff_run_parse(value);
	} else if (strcmp(name, "pid") == 0) {
		if (parse_number(value, 0, 0x7FFFFFFF, &h->pid))
			goto bad;
	} else if (strcmp(name, "generation") == 0) {
		if (parse_number(value, 0, 0x7FFFFFFF, &h->generation))
			goto bad;
	}
	return 1;
bad:
	/* The file's bytes, shown in a terminal: printable only, and short. */
	for (i = 0; i < sizeof(shown) - 1 && value[i]; i++)
		shown[i] = value[i] >= 0x20 && value[i] < 0x7F ? value[i] : '?';
	shown[i] = '\0';
	snprintf(why, whylen, "bad value for %.32s: '%s'%s", name, shown,
	         value[i] ? " (cut)" : "");
	return 0;
}

int
handoff_read(const char *dir, struct handoff *h, long *age_s, char *why, size_t whylen)
{
	char path[4096], detail[160];
	char buf[4096];
	struct stat st;
	size_t len;
	int line = 0, r;

	memset(h, 0, sizeof(*h));
	h->display = -1;
	h->state = HANDOFF_SERVING; /* older hosts do not say */
	snprintf(path, sizeof(path), "%s/%s", dir, HANDOFF_INI);
	r = inifile_parse(path, ini_handler, h, &line, detail, sizeof(detail));
	if (r == 1)
		return 1;
	if (r < 0) {
		if (line > 0)
			snprintf(why, whylen, "%s:%d: %s", path, line, detail);
		else
			snprintf(why, whylen, "%s: %s", path, detail);
		return -1;
	}
	if (h->display < 0 || h->port == 0) {
		snprintf(why, whylen,
		         "%s: no display or port: a wslx-host of another version?", path);
		return -1;
	}
	*age_s = stat(path, &st) == 0 ? (long)(time(NULL) - st.st_mtime) : 0;
	snprintf(path, sizeof(path), "%s/%s", dir, HANDOFF_COOKIE);
	if (fileio_read(path, buf, sizeof(buf), &len)) {
		snprintf(why, whylen, "%s: cannot read: %s", path,
		         fileio_strerror(errno));
		return -1;
	}
	r = xauthfile_find_cookie((const uint8_t *)buf, len, h->display, h->cookie);
	if (r != 0) {
		snprintf(why, whylen, "%s: %s", path,
		         r < 0 ? "not an Xauthority file" : "no cookie for the display");
		return -1;
	}
	h->have_cookie = 1;
	return 0;
}
