#include "guest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cookie.h"
#include "handoffdir.h"
#include "parse.h"
#include "sysroot.h"
#include "xauthority.h"

/*
 * wslx-host's listen address from a live handoff, when this guest can reach it:
 * loopback where the guest shares Windows' network (mirrored, WSL1), an address
 * inside the guest's own subnet, or any address when there is no default route
 * to go by (DNS tunneling).
 */
static int
handoff_reachable(const struct guest *g, uint32_t *addr)
{
	int shared = g->ni.mode == NET_MIRRORED || g->ni.wsl == 1;

	if (g->handoff_state != 0 || g->ho_age > HANDOFF_STALE_S ||
	    strcmp(g->ho.state, "waiting") == 0 || ipv4_parse(g->ho.listen, addr) ||
	    *addr == 0)
		return 0;
	if ((*addr >> 24) == 127)
		return shared;
	if (shared)
		return 0;
	if (g->ni.have_subnet)
		return subnet_contains(&g->ni.subnet, *addr);
	return !g->ni.have_gateway;
}

static void
choose_display_host(struct guest *g)
{
	char resolv[8192];
	uint32_t a;

	if (g->cfg.display_host[0]) {
		snprintf(g->display_host, sizeof(g->display_host), "%s",
		         g->cfg.display_host);
		g->display_host_why = "config display_host";
	} else if (handoff_reachable(g, &a)) {
		ipv4_format(a, g->display_host, sizeof(g->display_host));
		g->display_host_why = "where wslx-host listens (host.ini)";
	} else if (g->ni.mode == NET_MIRRORED || g->ni.wsl == 1) {
		/* WSL1 shares Windows' network; its default route is the LAN router. */
		snprintf(g->display_host, sizeof(g->display_host), "127.0.0.1");
		g->display_host_why = g->ni.wsl == 1 ? "WSL1 shares the host's network"
		                                     : "mirrored networking";
	} else if (g->ni.have_gateway) {
		ipv4_format(g->ni.gateway, g->display_host, sizeof(g->display_host));
		g->display_host_why = "default gateway";
	} else if (sysroot_read("/etc/resolv.conf", resolv, sizeof(resolv)) >= 0 &&
	           netinfo_resolv_host(resolv, &a) == 0) {
		ipv4_format(a, g->display_host, sizeof(g->display_host));
		g->display_host_why = "resolv.conf nameserver (no default route)";
	} else {
		g->display_host[0] = '\0';
		g->display_host_why = "no default route and no usable nameserver";
	}
}

int
guest_gather(struct guest *g, const struct guest_opts *o, int may_discover, char *why,
             size_t whylen)
{
	const char *wayland = getenv("WAYLAND_DISPLAY");

	memset(g, 0, sizeof(*g));
	if (config_load(&g->cfg, why, whylen))
		return -1;
	netinfo_detect(&g->ni);
	g->wslg = sysroot_exists("/mnt/wslg") || (wayland && *wayland);
	g->have_host_dir =
	    handoffdir_find(o->host_dir, g->cfg.host_dir, may_discover && g->ni.wsl == 2,
	                    g->host_dir, sizeof(g->host_dir), &g->host_dir_origin) == 0;
	g->handoff_state = 1;
	if (g->have_host_dir)
		g->handoff_state = handoff_read(g->host_dir, &g->ho, &g->ho_age,
		                                g->ho_why, sizeof(g->ho_why));
	if (o->display >= 0)
		g->display = o->display;
	else if (g->handoff_state == 0)
		/* The port it listens on is what a client dials: display = port - 6000.
		 */
		g->display = g->ho.port >= 6000 && g->ho.port - 6000 <= DISPLAY_MAX
		                 ? g->ho.port - 6000
		                 : g->ho.display;
	else if (g->cfg.display >= 0)
		g->display = g->cfg.display;
	else
		g->display = 0;
	choose_display_host(g);
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
	fprintf(stderr,
	        "wslx: env: unknown shell '%s': use --shell sh|bash|zsh|fish|csh|tcsh\n",
	        name);
	return -1;
}

static void
notes(const struct guest *g)
{
	char mine[SUBNET_STRLEN + 1], theirs[SUBNET_STRLEN + 1];

	if (g->cfg.quiet)
		return;
	if (g->ho_age > HANDOFF_STALE_S)
		fprintf(
		    stderr,
		    "wslx: note: wslx-host has not updated %s/host.ini for %ld s: is it running? (wslx doctor)\n",
		    g->host_dir, g->ho_age);
	else if (strcmp(g->ho.state, "waiting") == 0)
		fprintf(
		    stderr,
		    "wslx: note: wslx-host is not listening: its interface has no address (wslx doctor)\n");
	if (strcmp(g->ho.firewall, "stale") == 0)
		fprintf(
		    stderr,
		    "wslx: note: the firewall rule for the X port is out of date: run wslx fix-firewall\n");
	if (g->ho.have_subnet && g->ni.have_subnet && g->ni.mode == NET_NAT &&
	    (g->ho.subnet.addr != g->ni.subnet.addr ||
	     g->ho.subnet.prefix != g->ni.subnet.prefix)) {
		subnet_format(&g->ho.subnet, theirs, sizeof(theirs));
		subnet_format(&g->ni.subnet, mine, sizeof(mine));
		fprintf(
		    stderr,
		    "wslx: note: wslx-host allows %s but this guest is in %s: restart wslx-host (wslx doctor)\n",
		    theirs, mine);
	}
}

int
guest_env(const struct guest_opts *o)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[1024], display[96], out[8192] = "";
	enum shell_kind kind;
	int status = 1;

	if (!g) {
		fprintf(stderr, "wslx: env: out of memory\n");
		return 1;
	}
	if (guest_gather(g, o, 1, why, sizeof(why))) {
		fprintf(stderr, "wslx: env: config: %s\n", why);
		status = 2; /* a configuration error, as --help says */
		goto out;
	}
	if (shell_of(o, g, &kind))
		goto out;
	if (g->handoff_state < 0) {
		fprintf(stderr, "wslx: env: handoff: %s: restart wslx-host on Windows\n",
		        g->ho_why);
		goto out;
	}
	if (g->wslg && (g->handoff_state == 1 || g->ho_age > HANDOFF_STALE_S)) {
		/* No live wslx-host, but WSLg works: keep its DISPLAY=:0 rather than
		 * point it at a dead host. */
		if (!g->cfg.quiet)
			fprintf(
			    stderr,
			    "wslx: note: %s; leaving WSLg's DISPLAY alone (wslx doctor)\n",
			    g->handoff_state == 1 ? "no wslx-host handoff found"
			                          : "wslx-host is not running");
		status = 0;
		goto out;
	}
	if (!g->display_host[0]) {
		fprintf(
		    stderr,
		    "wslx: env: cannot find the Windows host: %s; set display_host in ~/.config/wslx/wslx.ini\n",
		    g->display_host_why);
		goto out;
	}
	snprintf(display, sizeof(display), "%s:%ld", g->display_host, g->display);
	if (shellenv_set(kind, "DISPLAY", display, out, sizeof(out)) ||
	    (g->cfg.xauthority[0] &&
	     shellenv_set(kind, "XAUTHORITY", g->xauth, out, sizeof(out)))) {
		const char *bad = kind == SHELL_CSH ? strpbrk(g->xauth, "\n!") : NULL;
		if (bad)
			fprintf(
			    stderr,
			    "wslx: env: csh and tcsh cannot be given %s in a value, and XAUTHORITY (%s) holds one: choose another xauthority path\n",
			    *bad == '!' ? "'!'" : "a newline", g->xauth);
		else
			fprintf(stderr,
			        "wslx: env: cannot quote the values for this shell\n");
		goto out;
	}
	if (g->handoff_state == 0) {
		if (!g->xauth[0]) {
			fprintf(
			    stderr,
			    "wslx: env: no Xauthority file: set HOME or XAUTHORITY\n");
			goto out;
		}
		int r = xauthority_install(g->xauth, g->display_host, g->display,
		                           g->ho.cookie, why, sizeof(why));
		if (r == -2) {
			/* A shell start is not held up: DISPLAY still, the cookie later.
			 */
			fprintf(stderr, "wslx: note: %s\n", why);
		} else if (r < 0) {
			fprintf(stderr, "wslx: env: %s\n", why);
			goto out;
		}
		notes(g);
	} else if (!g->cfg.quiet) {
		fprintf(
		    stderr,
		    "wslx: note: no wslx-host handoff found%s%s; DISPLAY set without a cookie (wslx doctor)\n",
		    g->have_host_dir ? " in " : "", g->have_host_dir ? g->host_dir : "");
	}
	/* One write: a shell evaluating our output sees all of it or nothing. */
	if (fputs(out, stdout) == EOF || fflush(stdout) == EOF) {
		fprintf(stderr, "wslx: env: cannot write to stdout\n");
		goto out;
	}
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
		fprintf(stderr, "wslx: show: config: %s\n", why);
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
	printf("display: %s:%ld (%s)\n", g->display_host[0] ? g->display_host : "?",
	       g->display, g->display_host_why);
	printf("host dir: %s\n", g->have_host_dir ? g->host_dir : "not found");
	if (g->have_host_dir)
		printf("host dir from: %s\n", g->host_dir_origin);
	printf("handoff: %s\n", g->handoff_state == 0   ? "read"
	                        : g->handoff_state == 1 ? "none"
	                                                : g->ho_why);
	if (g->handoff_state == 0) {
		printf("wslx-host: listen %s:%ld, firewall %s, updated %ld s ago\n",
		       g->ho.listen, g->ho.port, g->ho.firewall, g->ho_age);
	}
	printf("xauthority: %s (%s)\n", g->xauth[0] ? g->xauth : "none",
	       g->cfg.xauthority[0]                            ? "config xauthority"
	       : getenv("XAUTHORITY") && *getenv("XAUTHORITY") ? "$XAUTHORITY"
	                                                       : "~/.Xauthority");
	printf("wslg: %s\n", g->wslg ? "present" : "absent");
	free(g);
	return 0;
}
