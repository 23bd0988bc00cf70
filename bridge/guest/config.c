#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"
#include "parse.h"
#include "xdisplay.h"
#include "shellenv.h"
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

/*
 * A path setting: absolute, or "~" / "~/..." under $HOME.  A relative path would
 * depend on the directory a shell starts in; a Windows path is not a path here.
 */
static int
set_path(char *dst, size_t cap, const char *value, const char *name, char *why,
         size_t whylen)
{
	const char *home = getenv("HOME");
	int n;

	if (value[0] == '~' && (value[1] == '\0' || value[1] == '/')) {
		if (!home || home[0] != '/') {
			snprintf(why, whylen, "%s: cannot expand '~': $HOME is not set",
			         name);
			return 0;
		}
		n = snprintf(dst, cap, "%s%s", home, value + 1);
		if (n < 0 || (size_t)n >= cap) {
			snprintf(why, whylen, "%s is too long", name);
			return 0;
		}
		return 1;
	}
	if (((value[0] | 0x20) >= 'a' && (value[0] | 0x20) <= 'z' && value[1] == ':') ||
	    value[0] == '\\') {
		snprintf(why, whylen,
		         "%s: '%s' is a Windows path: give its Linux form (/mnt/c/...)",
		         name, value);
		return 0;
	}
	if (value[0] != '/') {
		snprintf(why, whylen,
		         "%s must be an absolute path (or start with ~/), not '%s'", name,
		         value);
		return 0;
	}
	return set_string(dst, cap, value, name, why, whylen);
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
		snprintf(why, whylen, "display must be a number from 0 to %ld, not '%s'",
		         DISPLAY_MAX, value);
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
		return set_path(c->host_dir, sizeof(c->host_dir), value, name, why,
		                whylen);
	if (strcmp(name, "xauthority") == 0)
		return set_path(c->xauthority, sizeof(c->xauthority), value, name, why,
		                whylen);
	if (strcmp(name, "wslconfig") == 0)
		return set_path(c->wslconfig, sizeof(c->wslconfig), value, name, why,
		                whylen);
	if (strcmp(name, "shell") == 0) {
		enum shell_kind kind;
		if (shellenv_kind(value, &kind) == 0)
			return set_string(c->shell, sizeof(c->shell), value, name, why,
			                  whylen);
		snprintf(
		    why, whylen,
		    "shell: unknown shell '%s' (sh, bash, zsh, dash, ksh, mksh, ash, fish, csh, tcsh, or a path to one)",
		    value);
		return 0;
	}
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
