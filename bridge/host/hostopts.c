#include "hostopts.h"

#include <stdio.h>
#include <string.h>

#include "inifile.h"
#include "parse.h"
#include "xdisplay.h"

void
hostopts_defaults(struct hostopts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_clients = 256;
	o->setup_timeout_s = 10;
	o->upstream_display = -1;
	o->firewall = FW_NONE;
}

int
hostopts_parse_upstream(const char *text, struct endpoint *ep, long *display)
{
	char host[32];
	const char *colon;
	long v;

	*display = -1;
	memset(ep, 0, sizeof(*ep));
	if (strncmp(text, "unix:", 5) == 0) {
		if (text[5] == '\0' || strlen(text + 5) >= sizeof(ep->path))
			return -1;
		ep->kind = ENDPOINT_UNIX;
		strcpy(ep->path, text + 5);
		return 0;
	}
	if (strncmp(text, "abstract:", 9) == 0) {
		if (text[9] == '\0' || strlen(text + 9) >= sizeof(ep->path))
			return -1;
		ep->kind = ENDPOINT_ABSTRACT;
		strcpy(ep->path, text + 9);
		return 0;
	}
	if (text[0] == ':') {
		if (parse_number(text + 1, 0, DISPLAY_MAX, &v))
			return -1;
		netsock_local_display(v, ep);
		*display = v;
		return 0;
	}
	colon = strrchr(text, ':');
	if (!colon || (size_t)(colon - text) >= sizeof(host))
		return -1;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	if (ipv4_parse(host, &ep->addr) || parse_number(colon + 1, 1, 65535, &v))
		return -1;
	ep->kind = ENDPOINT_TCP;
	ep->port = (uint16_t)v;
	return 0;
}

static int
set_path(char *dst, size_t cap, const char *value, const char *key, char *why,
         size_t whylen)
{
	if (value[0] == '\0' || strlen(value) >= cap) {
		snprintf(why, whylen, "%s: empty or too long", key);
		return -1;
	}
	strcpy(dst, value);
	return 0;
}

static int
set_listen(struct hostopts *o, const char *value)
{
	char addr[32];
	const char *colon = strchr(value, ':');
	long port;

	if (!colon)
		return ipv4_parse(value, &o->listen_addr) ? -1 : (o->have_listen = 1, 0);
	if ((size_t)(colon - value) >= sizeof(addr))
		return -1;
	memcpy(addr, value, (size_t)(colon - value));
	addr[colon - value] = '\0';
	if (ipv4_parse(addr, &o->listen_addr) || parse_number(colon + 1, 1, 65535, &port))
		return -1;
	o->port = port;
	o->have_listen = 1;
	return 0;
}

int
hostopts_set(struct hostopts *o, const char *key, const char *value, char *why,
             size_t whylen)
{
	int b;

	if (strcmp(key, "listen") == 0) {
		if (set_listen(o, value) == 0)
			return 0;
		snprintf(why, whylen, "listen: '%s' is not ADDR or ADDR:PORT (IPv4)",
		         value);
		return -1;
	}
	if (strcmp(key, "interface") == 0)
		return set_path(o->iface, sizeof(o->iface), value, key, why, whylen);
	if (strcmp(key, "display") == 0) {
		if (parse_number(value, 0, DISPLAY_MAX, &o->display) == 0)
			return 0;
		snprintf(why, whylen, "display: '%s' is not a number from 0 to %ld",
		         value, DISPLAY_MAX);
		return -1;
	}
	if (strcmp(key, "allow") == 0) {
		if (o->nallow >= FORWARDER_MAX_ALLOW) {
			snprintf(why, whylen, "allow: at most %d subnets",
			         FORWARDER_MAX_ALLOW);
			return -1;
		}
		if (subnet_parse(value, &o->allow[o->nallow]) == 0) {
			o->nallow++;
			return 0;
		}
		snprintf(
		    why, whylen,
		    "allow: '%s' is not a CIDR such as 172.28.80.0/20 (host bits must be zero)",
		    value);
		return -1;
	}
	if (strcmp(key, "upstream") == 0) {
		if (hostopts_parse_upstream(value, &o->upstream, &o->upstream_display) ==
		    0) {
			o->have_upstream = 1;
			return 0;
		}
		const char *colon = strrchr(value, ':');
		long port;
		/* NAME:PORT: wslx-host resolves no names (no DNS on its start). */
		if (colon && colon != value &&
		    parse_number(colon + 1, 1, 65535, &port) == 0)
			snprintf(
			    why, whylen,
			    "upstream: '%s': the host must be an IPv4 address (127.0.0.1, not a name such as localhost)",
			    value);
		else
			snprintf(why, whylen,
			         "upstream: '%s' is not HOST:PORT, unix:PATH or :DISPLAY",
			         value);
		return -1;
	}
	if (strcmp(key, "upstream-auth") == 0)
		return set_path(o->upstream_auth, sizeof(o->upstream_auth), value, key,
		                why, whylen);
	if (strcmp(key, "upstream-cookie-out") == 0)
		return set_path(o->upstream_cookie_out, sizeof(o->upstream_cookie_out),
		                value, key, why, whylen);
	if (strcmp(key, "state-dir") == 0)
		return set_path(o->state_dir, sizeof(o->state_dir), value, key, why,
		                whylen);
	if (strcmp(key, "log") == 0)
		return set_path(o->log, sizeof(o->log), value, key, why, whylen);
	if (strcmp(key, "max-clients") == 0) {
		if (parse_number(value, 1, 4096, &o->max_clients) == 0)
			return 0;
		snprintf(why, whylen, "max-clients: '%s' is not a number from 1 to 4096",
		         value);
		return -1;
	}
	if (strcmp(key, "setup-timeout") == 0) {
		if (parse_number(value, 1, 300, &o->setup_timeout_s) == 0)
			return 0;
		snprintf(why, whylen, "setup-timeout: '%s' is not 1 to 300 seconds",
		         value);
		return -1;
	}
	if (strcmp(key, "verbose") == 0) {
		if (parse_bool(value, &b) == 0) {
			o->verbose = b;
			return 0;
		}
		snprintf(why, whylen, "verbose: '%s' is not true or false", value);
		return -1;
	}
	if (strcmp(key, "firewall") == 0) {
		if (strcmp(value, "none") == 0)
			o->firewall = FW_NONE;
		else if (strcmp(value, "nftables") == 0)
			o->firewall = FW_NFTABLES;
		else if (strcmp(value, "windows") == 0)
			o->firewall = FW_WINDOWS;
		else {
			snprintf(why, whylen,
			         "firewall: '%s' is not nftables, windows or none",
			         value);
			return -1;
		}
		return 0;
	}
	snprintf(why, whylen, "unknown setting '%s'", key);
	return -1;
}

static int
ini_handler(void *user, const char *section, const char *name, const char *value,
            char *why, size_t whylen)
{
	if (section[0] != '\0' && strcmp(section, "host") != 0) {
		snprintf(why, whylen, "unknown section [%s] (use [host])", section);
		return 0;
	}
	return hostopts_set(user, name, value, why, whylen) == 0;
}

int
hostopts_load(struct hostopts *o, const char *path, char *why, size_t whylen)
{
	char detail[200];
	int line = 0,
	    r = inifile_parse(path, ini_handler, o, &line, detail, sizeof(detail));

	if (r == 0)
		return 0;
	if (r == 1)
		snprintf(why, whylen, "%s: no such file", path);
	else if (line > 0)
		snprintf(why, whylen, "%s:%d: %s", path, line, detail);
	else
		snprintf(why, whylen, "%s: %s", path, detail);
	return -1;
}

int
hostopts_check(const struct hostopts *o, char *why, size_t whylen)
{
	long port = o->port ? o->port : xdisplay_port(o->display);

	if (o->have_listen && o->iface[0]) {
		snprintf(why, whylen, "give --listen or --interface, not both");
		return -1;
	}
	if (port > 65535) {
		snprintf(why, whylen, "display %ld gives port %ld, over 65535",
		         o->display, port);
		return -1;
	}
	if (!o->have_upstream) {
		snprintf(
		    why, whylen,
		    "no upstream X server: give --upstream, e.g. --upstream :1 (the real server on display 1)");
		return -1;
	}
	if (o->upstream_auth[0] && o->upstream_cookie_out[0]) {
		snprintf(why, whylen,
		         "give --upstream-auth or --upstream-cookie-out, not both");
		return -1;
	}
	if (o->have_listen && o->upstream.kind == ENDPOINT_TCP &&
	    o->upstream.addr == o->listen_addr && o->upstream.port == port) {
		snprintf(why, whylen,
		         "the upstream is wslx-host's own listening address");
		return -1;
	}
	return 0;
}
