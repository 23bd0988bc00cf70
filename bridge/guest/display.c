#include "display.h"

#include <stdio.h>
#include <string.h>

#include "sysroot.h"
#include "xdisplay.h"

/* The guest shares Windows' network: 127.0.0.1 is the host. */
static int
shares_host_network(const struct guest *g)
{
	return g->ni.mode == NET_MIRRORED || g->ni.wsl == 1;
}

/* wslx-host's listen address from a live handoff, when this guest can reach it. */
static int
handoff_reachable(const struct guest *g, uint32_t *addr)
{
	if (!guest_host_listens(g) || ipv4_parse(g->ho.listen, addr) || *addr == 0)
		return 0;
	if ((*addr >> 24) == 127)
		return shares_host_network(g);
	if (shares_host_network(g))
		return 0;
	if (g->ni.have_subnet)
		return subnet_contains(&g->ni.subnet, *addr);
	return !g->ni.have_gateway;
}

/* The display number, and where it came from into ${why}. */
static long
choose_number(const struct guest *g, const struct guest_opts *o, const char **why)
{
	long d;

	if (o->display >= 0) {
		*why = "--display";
		return o->display;
	}
	if (g->cfg.display >= 0) {
		*why = "config display";
		return g->cfg.display;
	}
	if (guest_has_handoff(g)) {
		/* The port it listens on is what a client dials. */
		d = xdisplay_of_port(g->ho.port);
		*why = "wslx-host's port (host.ini)";
		return d >= 0 ? d : g->ho.display;
	}
	*why = "the default";
	return 0;
}

static void
choose_host(struct guest *g)
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
	} else if (shares_host_network(g)) {
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

void
display_choose(struct guest *g, const struct guest_opts *o)
{
	g->display = choose_number(g, o, &g->display_why);
	choose_host(g);
}
