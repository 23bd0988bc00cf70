#include "guest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cookie.h"
#include "display.h"
#include "handoffdir.h"
#include "parse.h"
#include "sysroot.h"
#include "xauthority.h"

/* What the handoff says of wslx-host (after handoff_read returned ${r}). */
static enum host_status
host_status_of(const struct guest *g, int r)
{
	if (r > 0)
		return HOST_NO_HANDOFF;
	if (r == -2)
		return HOST_UNTRUSTED;
	if (r < 0)
		return HOST_UNREADABLE;
	if (g->ho_age > HANDOFF_STALE_S)
		return HOST_GONE;
	if (g->ho.state == HANDOFF_WAITING)
		return HOST_WAITING;
	if (g->ho.state == HANDOFF_PORT_TAKEN)
		return HOST_PORT_TAKEN;
	return g->ho.state == HANDOFF_SERVING ? HOST_SERVING : HOST_UNKNOWN;
}

/* The one subnet check: does wslx-host's allowed subnet take this guest's? */
static enum host_subnet
host_subnet_of(const struct guest *g)
{
	const struct subnet *allowed = &g->ho.subnet, *mine = &g->ni.subnet;

	if (!guest_has_handoff(g) || !g->ho.have_subnet || !g->ni.have_subnet ||
	    g->ni.mode != NET_NAT)
		return HOST_SUBNET_UNKNOWN;
	return subnet_contains(allowed, mine->addr) && allowed->prefix <= mine->prefix
	           ? HOST_SUBNET_OK
	           : HOST_SUBNET_OTHER;
}

int
guest_has_handoff(const struct guest *g)
{
	return g->host != HOST_NO_HANDOFF && g->host != HOST_UNREADABLE &&
	       g->host != HOST_UNTRUSTED;
}

int
guest_host_listens(const struct guest *g)
{
	return g->host == HOST_SERVING || g->host == HOST_UNKNOWN;
}

int
guest_wslg_kept(const struct guest *g)
{
	return g->wslg && !guest_host_listens(g) && g->host != HOST_WAITING &&
	       g->host != HOST_PORT_TAKEN;
}

void
guest_host_subnet_text(const struct guest *g, char *buf, size_t len)
{
	char mine[SUBNET_STRLEN + 1], theirs[SUBNET_STRLEN + 1];

	subnet_format(&g->ho.subnet, theirs, sizeof(theirs));
	subnet_format(&g->ni.subnet, mine, sizeof(mine));
	snprintf(buf, len, "wslx-host allows %s%s this guest is in %s", theirs,
	         g->host_subnet == HOST_SUBNET_OK ? "," : " but", mine);
}

int
guest_gather(struct guest *g, const struct guest_opts *o, int may_discover, char *why,
             size_t whylen)
{
	const char *wayland = getenv("WAYLAND_DISPLAY");
	int r;

	memset(g, 0, sizeof(*g));
	if (config_load(&g->cfg, why, whylen))
		return -1;
	netinfo_detect(&g->ni);
	g->wslg = sysroot_exists("/mnt/wslg") || (wayland && *wayland);
	g->have_host_dir =
	    handoffdir_find(o->host_dir, g->cfg.host_dir, may_discover && g->ni.wsl == 2,
	                    g->host_dir, sizeof(g->host_dir), &g->host_dir_origin) == 0;
	if (!g->have_host_dir)
		r = 1;
	else if (handoffdir_trust(g->host_dir, &g->ho_windows, g->ho_why,
	                          sizeof(g->ho_why)))
		r = -2;
	else
		r = handoff_read(g->host_dir, &g->ho, &g->ho_age, g->ho_why,
		                 sizeof(g->ho_why));
	g->host = host_status_of(g, r);
	g->host_subnet = host_subnet_of(g);
	display_choose(g, o);
	if (xauthority_path(g->cfg.xauthority, g->xauth, sizeof(g->xauth)))
		g->xauth[0] = '\0';
	return 0;
}

/*
 * The program of the process that started us, into ${buf}: for `eval "$(wslx
 * env)"` that is the shell that will evaluate our output (or a fork of it).
 * $SHELL names the login shell, which need not be the one evaluating.  One
 * readlink, no process.
 */
static int
parent_program(char *buf, size_t len)
{
	static const char deleted[] = " (deleted)"; /* the binary was upgraded */
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%ld/exe", (long)getppid());
	n = readlink(link, buf, len - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((size_t)n > sizeof(deleted) - 1 &&
	    strcmp(buf + n - (sizeof(deleted) - 1), deleted) == 0)
		buf[n - (sizeof(deleted) - 1)] = '\0';
	return 0;
}

/* The shell to speak: --shell, the config's, the parent's when it is a shell,
 * else $SHELL. */
static int
shell_of(const struct guest_opts *o, const struct guest *g, enum shell_kind *kind)
{
	static char parent[4096];
	const char *name = o->shell;

	if ((!name || !*name) && g->cfg.shell[0])
		name = g->cfg.shell;
	if ((!name || !*name) && parent_program(parent, sizeof(parent)) == 0 &&
	    shellenv_kind(parent, kind) == 0)
		return 0;
	if (!name || !*name)
		name = getenv("SHELL");
	if (!name || !*name)
		name = "sh";
	if (shellenv_kind(name, kind) == 0)
		return 0;
	guest_say("env", "unknown shell '%s': use --shell %s", name, shellenv_names('|'));
	return -1;
}

void
guest_say(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wslx: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
notes(const struct guest *g)
{
	char subnets[80];

	if (g->cfg.quiet)
		return;
	if (g->host == HOST_GONE)
		guest_say(
		    "note",
		    "wslx-host has not updated %s/host.ini for %ld s: is it running? (wslx doctor)",
		    g->host_dir, g->ho_age);
	else if (g->host == HOST_WAITING)
		guest_say(
		    "note",
		    "wslx-host is not listening: its interface has no address (wslx doctor)");
	else if (g->host == HOST_PORT_TAKEN)
		guest_say(
		    "note",
		    "wslx-host is not listening: another program holds port %ld on Windows (wslx doctor)",
		    g->ho.port);
	if (g->ho.firewall == HANDOFF_FW_STALE)
		guest_say(
		    "note",
		    "the firewall rule for the X port is out of date: run wslx fix-firewall");
	if (g->host_subnet == HOST_SUBNET_OTHER) {
		guest_host_subnet_text(g, subnets, sizeof(subnets));
		guest_say("note", "%s: restart wslx-host (wslx doctor)", subnets);
	}
}

/* The shell commands that set DISPLAY (and XAUTHORITY when configured). */
static int
env_commands(const struct guest *g, enum shell_kind kind, char *out, size_t len)
{
	char display[96];
	const char *bad;

	snprintf(display, sizeof(display), "%s:%ld", g->display_host, g->display);
	if (shellenv_set(kind, "DISPLAY", display, out, len) == 0 &&
	    (!g->cfg.xauthority[0] ||
	     shellenv_set(kind, "XAUTHORITY", g->xauth, out, len) == 0))
		return 0;
	bad = kind == SHELL_CSH ? strpbrk(g->xauth, "\n!") : NULL;
	if (bad)
		guest_say(
		    "env",
		    "csh and tcsh cannot be given %s in a value, and XAUTHORITY (%s) holds one: choose another xauthority path",
		    *bad == '!' ? "'!'" : "a newline", g->xauth);
	else
		guest_say("env", "cannot quote the values for this shell");
	return -1;
}

/*
 * The handoff's cookie into the user's Xauthority.  Whatever stops it (a held
 * lock, a read-only or broken file, a full disk, no HOME) is one note: DISPLAY
 * is still set (the DISPLAY rule, README), the cookie waits for the next shell.
 */
static void
env_cookie(const struct guest *g)
{
	char why[1024];
	int r;

	if (!g->xauth[0]) {
		guest_say(
		    "note",
		    "no Xauthority file (HOME and XAUTHORITY unset): DISPLAY set, the cookie not installed; set HOME or XAUTHORITY");
		return;
	}
	r = xauthority_install(g->xauth, g->display_host, g->display, g->ho.cookie, why,
	                       sizeof(why));
	if (r == -2)
		guest_say("note", "%s", why);
	else if (r < 0)
		guest_say("note", "%s (DISPLAY set, the cookie not installed)", why);
	notes(g);
}

/* No handoff to take a cookie from, and why: one note, DISPLAY still set. */
static void
env_no_handoff(const struct guest *g)
{
	if (g->cfg.quiet && g->host == HOST_NO_HANDOFF)
		return;
	if (g->host == HOST_NO_HANDOFF && !g->have_host_dir && handoffdir_failure()[0])
		guest_say(
		    "note",
		    "no wslx-host handoff directory known: asking Windows for %%LOCALAPPDATA%% failed (%s; asked again after %d min); DISPLAY set without a cookie (wslx doctor)",
		    handoffdir_failure(), HANDOFFDIR_RETRY_S / 60);
	else if (g->host == HOST_NO_HANDOFF && g->have_host_dir &&
	         access(g->host_dir, F_OK) != 0)
		guest_say(
		    "note",
		    "no such directory: %s (from %s); DISPLAY set without a cookie (wslx doctor)",
		    g->host_dir, g->host_dir_origin);
	else if (g->host == HOST_NO_HANDOFF)
		guest_say(
		    "note",
		    "no wslx-host handoff found%s%s; DISPLAY set without a cookie (wslx doctor)",
		    g->have_host_dir ? " in " : "", g->have_host_dir ? g->host_dir : "");
	else if (g->host == HOST_UNTRUSTED)
		guest_say("note", "%s; DISPLAY set without a cookie (wslx doctor)",
		          g->ho_why);
	else
		guest_say(
		    "note",
		    "handoff not read: %s: restart wslx-host on Windows (it rewrites it); DISPLAY set without a cookie",
		    g->ho_why);
}

int
guest_env(const struct guest_opts *o)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[1024], out[8192] = "";
	enum shell_kind kind;
	int status = 1;

	if (!g) {
		guest_say("env", "out of memory");
		return 1;
	}
	if (guest_gather(g, o, 1, why, sizeof(why))) {
		guest_say("env", "config: %s", why);
		status = 2; /* a configuration error, as --help says */
		goto out;
	}
	if (shell_of(o, g, &kind)) {
		status =
		    2; /* a usage error: --shell or the config names no shell we speak */
		goto out;
	}
	if (guest_wslg_kept(g)) {
		/* No live wslx-host, but WSLg works: keep its DISPLAY=:0 rather than
		 * point it at a dead host. */
		if (!g->cfg.quiet)
			guest_say(
			    "note", "%s; leaving WSLg's DISPLAY alone (wslx doctor)",
			    g->host == HOST_NO_HANDOFF ? "no wslx-host handoff found"
			    : g->host == HOST_GONE     ? "wslx-host is not running"
			                               : "the handoff is not usable");
		status = 0;
		goto out;
	}
	if (!g->display_host[0]) {
		guest_say(
		    "env",
		    "cannot find the Windows host: %s; set display_host in ~/.config/wslx/wslx.ini",
		    g->display_host_why);
		goto out;
	}
	if (env_commands(g, kind, out, sizeof(out)))
		goto out;
	if (guest_has_handoff(g))
		env_cookie(g);
	else
		env_no_handoff(g);
	/* One write: a shell evaluating our output sees all of it or nothing. */
	if (fputs(out, stdout) == EOF || fflush(stdout) == EOF) {
		guest_say("env", "cannot write to stdout");
		goto out;
	}
	status = 0;
out:
	free(g);
	return status;
}

int
guest_env_unset(const struct guest_opts *o)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[1024], out[1024] = "";
	enum shell_kind kind;
	int status = 2;

	if (!g)
		return 1;
	if (guest_gather(g, o, 0, why, sizeof(why))) {
		guest_say("env", "config: %s", why);
		goto out;
	}
	if (shell_of(o, g, &kind))
		goto out;
	status = 1;
	/* WSLg's own X server is :0 (its socket in /tmp/.X11-unix). */
	if ((g->wslg ? shellenv_set(kind, "DISPLAY", ":0", out, sizeof(out))
	             : shellenv_unset(kind, "DISPLAY", out, sizeof(out))) ||
	    (g->cfg.xauthority[0] &&
	     shellenv_unset(kind, "XAUTHORITY", out, sizeof(out))))
		goto out;
	if (fputs(out, stdout) != EOF && fflush(stdout) != EOF)
		status = 0;
out:
	free(g);
	return status;
}

int
guest_display(const struct guest_opts *o, char *buf, size_t len)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[1024];
	int r = -1;

	if (!g)
		return -1;
	if (guest_gather(g, o, 0, why, sizeof(why)) == 0 && g->display_host[0] &&
	    (size_t)snprintf(buf, len, "%s:%ld", g->display_host, g->display) < len)
		r = 0;
	free(g);
	return r;
}

int
guest_show(const struct guest_opts *o)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[1024], a[16], s[SUBNET_STRLEN + 1];

	if (!g)
		return 1;
	if (guest_gather(g, o, 0, why, sizeof(why))) {
		guest_say("show", "config: %s", why);
		free(g);
		return 2;
	}
	printf("wsl: %s (%s)\n",
	       g->ni.wsl == 0   ? "no"
	       : g->ni.wsl == 1 ? "WSL1"
	                        : "WSL2",
	       g->ni.wsl_why);
	printf("networking: %s (%s)\n", netinfo_mode_name(g->ni.mode),
	       g->ni.mode == NET_MIRRORED ? "loopback0 exists"
	       : g->ni.mode == NET_NAT    ? "WSL2 with a default route"
	       : g->ni.wsl != 2           ? "not WSL2: a VM or container behind NAT"
	                                  : "WSL2 with no default route");
	if (g->ni.have_gateway) {
		ipv4_format(g->ni.gateway, a, sizeof(a));
		printf("gateway: %s on %s (/proc/net/route, lowest metric)\n", a,
		       g->ni.iface);
	} else {
		printf("gateway: none\n");
	}
	if (g->ni.have_subnet) {
		subnet_format(&g->ni.subnet, s, sizeof(s));
		printf("subnet: %s (link route of %s)\n", s, g->ni.iface);
	}
	printf("display: %s:%ld (host: %s; number: %s)\n",
	       g->display_host[0] ? g->display_host : "?", g->display,
	       g->display_host_why, g->display_why);
	printf("host dir: %s\n", g->have_host_dir ? g->host_dir : "not found");
	if (g->have_host_dir)
		printf("host dir from: %s\n", g->host_dir_origin);
	printf("handoff: %s\n", g->host == HOST_NO_HANDOFF   ? "none"
	                        : g->host == HOST_UNREADABLE ? g->ho_why
	                                                     : "read");
	if (guest_has_handoff(g)) {
		printf("wslx-host: listen %s:%ld, firewall %s, updated %ld s ago\n",
		       g->ho.listen, g->ho.port, handoff_fw_word(g->ho.firewall),
		       g->ho_age);
	}
	printf("xauthority: %s (%s)\n", g->xauth[0] ? g->xauth : "none",
	       g->cfg.xauthority[0]                            ? "config xauthority"
	       : getenv("XAUTHORITY") && *getenv("XAUTHORITY") ? "$XAUTHORITY"
	                                                       : "~/.Xauthority");
	printf("wslg: %s\n", g->wslg ? "present" : "absent");
	free(g);
	return 0;
}
