#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"
#include "parse.h"
#include "subnet.h"
#include "sysroot.h"

static int
set_string(char *dst, size_t cap, const char *value, const char *name, char *why,
           size_t whylen)
{
	if (strlen(value) >= cap) {
		snprintf(why, whylen, "%s is too long", name);
		return 0;
	}
	strcpy(dst, value);
	return 1;
}

static int
handler(void *user, const char *section, const char *name, const char *value, char *why,
        size_t whylen)
{
	struct config *c = user;
	uint32_t a;

	if (section[0] != '\0' && strcmp(section, "wslx") != 0) {
		snprintf(why, whylen, "unknown section [%s] (use [wslx])", section);
		return 0;
	}
	if (strcmp(name, "display") == 0) {
		if (parse_number(value, 0, DISPLAY_MAX, &c->display) == 0)
			return 1;
		snprintf(why, whylen, "display must be a number from 0 to %ld",
		         DISPLAY_MAX);
		return 0;
	}
	if (strcmp(name, "display_host") == 0) {
		/* An address only: a name would need DNS on every shell start. */
		if (ipv4_parse(value, &a) == 0)
			return set_string(c->display_host, sizeof(c->display_host), value,
			                  name, why, whylen);
		snprintf(why, whylen, "display_host must be an IPv4 address, not '%s'",
		         value);
		return 0;
	}
	if (strcmp(name, "host_dir") == 0)
		return set_string(c->host_dir, sizeof(c->host_dir), value, name, why,
		                  whylen);
	if (strcmp(name, "xauthority") == 0)
		return set_string(c->xauthority, sizeof(c->xauthority), value, name, why,
		                  whylen);
	if (strcmp(name, "wslconfig") == 0)
		return set_string(c->wslconfig, sizeof(c->wslconfig), value, name, why,
		                  whylen);
	if (strcmp(name, "shell") == 0)
		return set_string(c->shell, sizeof(c->shell), value, name, why, whylen);
	if (strcmp(name, "quiet") == 0) {
		if (parse_bool(value, &c->quiet) == 0)
			return 1;
		snprintf(why, whylen, "quiet must be true or false");
		return 0;
	}
	snprintf(why, whylen, "unknown key '%s'", name);
	return 0;
}

static int
load_one(struct config *c, const char *path, char *why, size_t whylen)
{
	char detail[160];
	int line = 0;

	if (inifile_parse(path, handler, c, &line, detail, sizeof(detail)) >= 0)
		return 0;
	if (line > 0)
		snprintf(why, whylen, "%s:%d: %s", path, line, detail);
	else
		snprintf(why, whylen, "%s: %s", path, detail);
	return -1;
}

int
config_load(struct config *c, char *why, size_t whylen)
{
	char path[PATH_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	memset(c, 0, sizeof(*c));
	c->display = -1;
	if (load_one(c, sysroot_path("/etc/wslx.conf", path, sizeof(path)), why, whylen))
		return -1;
	if (xdg && xdg[0] == '/')
		snprintf(path, sizeof(path), "%s/wslx/wslx.ini", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.config/wslx/wslx.ini", home);
	else
		return 0;
	return load_one(c, path, why, whylen);
}
