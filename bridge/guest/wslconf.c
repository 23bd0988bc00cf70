#include "wslconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "inifile.h"
#include "sysroot.h"

#define KEEP(field) snprintf(c->field, sizeof(c->field), "%s", value)

static int
handler(void *user, const char *section, const char *name, const char *value, char *why,
        size_t whylen)
{
	struct wslconf *c = user;

	(void)why;
	(void)whylen;
	if (strcasecmp(section, "network") == 0 &&
	    strcasecmp(name, "generateResolvConf") == 0)
		KEEP(generate_resolv);
	else if (strcasecmp(section, "interop") == 0 && strcasecmp(name, "enabled") == 0)
		KEEP(interop_enabled);
	else if (strcasecmp(section, "interop") == 0 &&
	         strcasecmp(name, "appendWindowsPath") == 0)
		KEEP(append_path);
	else if (strcasecmp(section, "boot") == 0 && strcasecmp(name, "command") == 0)
		KEEP(boot_command);
	else if (strcasecmp(section, "automount") == 0 && strcasecmp(name, "root") == 0)
		KEEP(automount_root);
	else if (strcasecmp(section, "wsl2") == 0 &&
	         strcasecmp(name, "networkingMode") == 0)
		KEEP(networking_mode);
	else if (strcasecmp(section, "wsl2") == 0 &&
	         strcasecmp(name, "dnsTunneling") == 0)
		KEEP(dns_tunneling);
	else if (strcasecmp(section, "wsl2") == 0 && strcasecmp(name, "firewall") == 0)
		KEEP(firewall);
	else if (strcasecmp(section, "wsl2") == 0 && strcasecmp(name, "autoProxy") == 0)
		KEEP(auto_proxy);
	return 1; /* WSL's files have many keys that are none of our business */
}

void
wslconf_read(const char *path, struct wslconf *c)
{
	struct stat st;
	int line = 0, r;

	memset(c, 0, sizeof(*c));
	r = inifile_parse(path, handler, c, &line, c->error, sizeof(c->error));
	if (r == 1)
		return;
	c->found = 1;
	if (r < 0)
		c->error_line = line > 0 ? line : 1;
	if (stat(path, &st) == 0)
		c->mtime = (long)st.st_mtime;
}

int
wslconf_windows_profile(const char *host_dir, char *buf, size_t len)
{
	static const char tail[] = "/AppData/Local/wslx";
	size_t n = strlen(host_dir), t = sizeof(tail) - 1;

	while (n > 1 && host_dir[n - 1] == '/')
		n--;
	if (n <= t || strncasecmp(host_dir + n - t, tail, t) != 0 || n - t >= len)
		return -1;
	memcpy(buf, host_dir, n - t);
	buf[n - t] = '\0';
	return 0;
}

long
wslconf_boot_time(void)
{
	char buf[16384], *p;

	if (sysroot_read("/proc/stat", buf, sizeof(buf)) < 0)
		return -1;
	if (strncmp(buf, "btime ", 6) == 0)
		return strtol(buf + 6, NULL, 10);
	p = strstr(buf, "\nbtime ");
	return p ? strtol(p + 7, NULL, 10) : -1;
}
