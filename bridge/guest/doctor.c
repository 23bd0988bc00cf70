#include "doctor.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xcb/xcb.h>

#include "clock.h"
#include "cookie.h"
#include "sysroot.h"
#include "handoffdir.h"
#include "interop.h"
#include "wslconf.h"
#include "x11reply.h"
#include "x11setup.h"
#include "xdisplay.h"
#include "xauthority.h"

enum verdict { OK, WARN, FAIL, INFO };
static const char *const verdict_name[] = {"ok", "warn", "fail", "info"};

struct check {
	const char *name;
	enum verdict v;
	char evidence[320];
	char fix[320];
};

#define MAX_CHECKS 32
static struct check checks[MAX_CHECKS];
static unsigned nchecks;

static void __attribute__((format(printf, 3, 4)))
add(const char *name, enum verdict v, const char *fmt, ...)
{
	struct check *c;
	va_list ap;

	if (nchecks >= MAX_CHECKS)
		return;
	c = &checks[nchecks++];
	c->name = name;
	c->v = v;
	c->fix[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(c->evidence, sizeof(c->evidence), fmt, ap);
	va_end(ap);
}

/* fix(fmt, ...): the fix for the check added last. */
static void __attribute__((format(printf, 1, 2))) fix(const char *fmt, ...)
{
	va_list ap;

	if (nchecks == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(checks[nchecks - 1].fix, sizeof(checks[0].fix), fmt, ap);
	va_end(ap);
}

/*
 * recheck(name, v, fmt, ...): a later check showed that the earlier check
 * ${name} claimed too much: its verdict becomes ${v}, its evidence this text.
 */
static void __attribute__((format(printf, 3, 4)))
recheck(const char *name, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	for (unsigned i = 0; i < nchecks; i++) {
		if (strcmp(checks[i].name, name) != 0 || checks[i].v != OK)
			continue;
		checks[i].v = v;
		va_start(ap, fmt);
		vsnprintf(checks[i].evidence, sizeof(checks[i].evidence), fmt, ap);
		va_end(ap);
	}
}

static void
check_environment(const struct guest *g)
{
	struct wslconf wc;
	char path[4096];

	if (g->ni.wsl == 0) {
		add("wsl", INFO, "not WSL (%s): treated as a NAT'd VM or container",
		    g->ni.wsl_why);
		return;
	}
	add("wsl", OK, "WSL%d (%s)", g->ni.wsl, g->ni.wsl_why);
	if (interop_enabled()) {
		add("interop", OK, "Windows programs can run from here");
	} else {
		add("interop", WARN,
		    "WSL interop is off: fix-firewall and the host directory discovery cannot reach Windows");
		fix("set [interop] enabled=true in /etc/wsl.conf, then wsl --shutdown");
	}
	wslconf_read(sysroot_path("/etc/wsl.conf", path, sizeof(path)), &wc);
	if (!wc.found) {
		add("wsl.conf", OK, "/etc/wsl.conf absent: WSL's defaults");
	} else if (wc.error_line) {
		add("wsl.conf", WARN, "/etc/wsl.conf:%d: %s", wc.error_line, wc.error);
		fix("correct /etc/wsl.conf (WSL ignores what it cannot parse)");
	} else {
		add("wsl.conf", OK,
		    "generateResolvConf=%s interop.enabled=%s appendWindowsPath=%s boot=%s",
		    wc.generate_resolv[0] ? wc.generate_resolv : "default",
		    wc.interop_enabled[0] ? wc.interop_enabled : "default",
		    wc.append_path[0] ? wc.append_path : "default",
		    wc.boot_command[0] ? "command" : "none");
		if (strcasecmp(wc.append_path, "false") == 0) {
			checks[nchecks - 1].v = WARN;
			fix("powershell.exe is not on PATH: fix-firewall looks under /mnt/c; appendWindowsPath=true restores it");
		}
	}
}

/* A config file changed after this VM booted is not in force yet. */
static void
check_pending(const char *what, const struct wslconf *wc, long boot)
{
	if (wc->found && boot > 0 && wc->mtime > boot) {
		add("pending change", WARN,
		    "%s changed %ld s after this VM booted: not in force yet", what,
		    wc->mtime - boot);
		fix("run `wsl --shutdown` in Windows, then start WSL again");
	}
}

static void
check_network(const struct guest *g)
{
	char gw[16], sub[SUBNET_STRLEN + 1], profile[4096], path[4200], resolv[8192];
	struct wslconf wc, etc;
	long boot = wslconf_boot_time();
	uint32_t r;

	wc.found = 0;
	if (g->cfg.wslconfig[0])
		wslconf_read(g->cfg.wslconfig, &wc);
	else if (g->have_host_dir &&
	         wslconf_windows_profile(g->host_dir, profile, sizeof(profile)) == 0) {
		snprintf(path, sizeof(path), "%s/.wslconfig", profile);
		wslconf_read(path, &wc);
	}
	if (wc.found)
		add("networking", OK,
		    "mode %s here; .wslconfig: networkingMode=%s dnsTunneling=%s firewall=%s autoProxy=%s",
		    netinfo_mode_name(g->ni.mode),
		    wc.networking_mode[0] ? wc.networking_mode : "nat",
		    wc.dns_tunneling[0] ? wc.dns_tunneling : "default",
		    wc.firewall[0] ? wc.firewall : "default",
		    wc.auto_proxy[0] ? wc.auto_proxy : "default");
	else
		add("networking", g->ni.mode == NET_UNKNOWN ? INFO : OK,
		    "mode %s (no .wslconfig read)", netinfo_mode_name(g->ni.mode));
	if (wc.found && strcasecmp(wc.networking_mode, "mirrored") == 0 &&
	    g->ni.mode != NET_MIRRORED) {
		checks[nchecks - 1].v = WARN;
		fix(".wslconfig asks for mirrored mode but this VM runs NAT: run `wsl --shutdown`");
	}
	check_pending(".wslconfig", &wc, boot);
	wslconf_read(sysroot_path("/etc/wsl.conf", path, sizeof(path)), &etc);
	check_pending("/etc/wsl.conf", &etc, boot);
	if (g->ni.have_gateway) {
		ipv4_format(g->ni.gateway, gw, sizeof(gw));
		if (g->ni.have_subnet)
			subnet_format(&g->ni.subnet, sub, sizeof(sub));
		else
			snprintf(sub, sizeof(sub), "unknown");
		add("route", g->ni.have_subnet ? OK : INFO,
		    "default gateway %s on %s, subnet %s", gw, g->ni.iface, sub);
	} else if (g->ni.mode == NET_MIRRORED) {
		add("route", OK, "mirrored mode: the host is 127.0.0.1");
	} else {
		add("route", FAIL, "no IPv4 default route on an interface that is up");
		fix("check `ip route`; or set display_host in ~/.config/wslx/wslx.ini");
	}
	if (g->ni.wsl == 2 &&
	    sysroot_read("/etc/resolv.conf", resolv, sizeof(resolv)) >= 0 &&
	    g->ni.have_gateway) {
		char first[64] = "", *p = strstr(resolv, "nameserver");
		if (p)
			sscanf(p, "nameserver %63s", first);
		if (first[0] && ipv4_parse(first, &r) == 0 && r == g->ni.gateway)
			add("resolv recipe", OK,
			    "the classic resolv.conf recipe gives %s too", first);
		else if (first[0])
			add("resolv recipe", INFO,
			    "the classic resolv.conf recipe would give %s here, not the Windows host: use wslx env",
			    first);
	}
}

/* Whether wslx-host runs, and listens. */
static void
check_host_run(const struct guest *g)
{
	switch (g->host) {
	case HOST_GONE:
		add("wslx-host", FAIL,
		    "host.ini not updated for %ld s: wslx-host is not running",
		    g->ho_age);
		fix("start wslx-host on Windows (wslx-start.ps1)");
		break;
	case HOST_WAITING:
		add("wslx-host", FAIL,
		    "running, but not listening: its interface lost its address (last %s:%ld)",
		    g->ho.listen, g->ho.port);
		fix("start WSL (wsl.exe) so its adapter gets an address; wslx-host listens again by itself");
		break;
	case HOST_PORT_TAKEN:
		add("wslx-host", FAIL,
		    "running, but not listening: another program holds port %ld on %s",
		    g->ho.port, g->ho.listen);
		fix("an X server holds port %ld (display :%ld): run it on display :1 (wslx-start.ps1 does), or stop it; wslx-host listens by itself once the port is free",
		    g->ho.port, xdisplay_of_port(g->ho.port));
		break;
	case HOST_UNKNOWN:
		add("wslx-host", INFO,
		    "alive (updated %ld s ago), in a state this wslx does not know: a newer wslx-host?",
		    g->ho_age);
		break;
	default:
		add("wslx-host", OK, "alive (updated %ld s ago), listening on %s:%ld",
		    g->ho_age, g->ho.listen, g->ho.port);
		break;
	}
}

/* What wslx-host says of the firewall rule for its port. */
static void
check_host_firewall(const struct guest *g)
{
	switch (g->ho.firewall) {
	case HANDOFF_FW_STALE:
		add("firewall rule", FAIL,
		    "wslx-host could not update the rule for the current subnet");
		fix("wslx fix-firewall");
		break;
	case HANDOFF_FW_UPDATING:
		add("firewall rule", INFO, "wslx-host is updating it for this subnet");
		break;
	case HANDOFF_FW_CURRENT:
		add("firewall rule", OK, "current for this subnet");
		break;
	case HANDOFF_FW_UNKNOWN:
		add("firewall rule", INFO,
		    "wslx-host says a state this wslx does not know: a newer wslx-host?");
		break;
	default:
		/* Not managed: only reachability below can tell whether it is right. */
		add("firewall rule", INFO, "not managed by wslx-host (%s)",
		    g->ho.firewall == HANDOFF_FW_OFF ? "off" : "unset");
		break;
	}
}

/*
 * The question env asks Windows on a first run (%LOCALAPPDATA% through
 * cmd.exe), asked now and timed: interop "on" is not interop that answers.
 */
static void
check_lookup(const struct guest *g)
{
	char dir[4096], why[300];
	double t0 = clock_ms();

	if (g->ni.wsl != 2)
		return;
	if (handoffdir_ask(dir, sizeof(dir), why, sizeof(why)) == 0) {
		add("host lookup", OK, "cmd.exe answered in %.0f ms: %s", clock_ms() - t0,
		    dir);
		return;
	}
	/* Needed only when nothing else names the directory. */
	add("host lookup", g->have_host_dir ? WARN : FAIL,
	    "asking Windows for %%LOCALAPPDATA%% failed: %s", why);
	fix("check WSL interop (/etc/wsl.conf [interop]), or set host_dir in ~/.config/wslx/wslx.ini");
	recheck("interop", WARN, "WSL interop is on, but cmd.exe did not answer: %s",
	        why);
}

static void
check_host(const struct guest *g)
{
	char subnets[80];

	if (!g->have_host_dir) {
		add("handoff", FAIL, "no wslx-host handoff directory is known");
		fix("start wslx-host on Windows (wslx-start.ps1), or set host_dir in ~/.config/wslx/wslx.ini");
		return;
	}
	if (g->host == HOST_NO_HANDOFF && access(g->host_dir, F_OK) != 0) {
		add("handoff", FAIL, "no such directory: %s (from %s)", g->host_dir,
		    g->host_dir_origin);
		fix("correct %s, or start wslx-host on Windows (wslx-start.ps1), which makes it",
		    g->host_dir_origin);
		return;
	}
	if (g->host == HOST_NO_HANDOFF) {
		add("handoff", FAIL, "no host.ini in %s (%s)", g->host_dir,
		    g->host_dir_origin);
		fix("start wslx-host on Windows (wslx-start.ps1)");
		return;
	}
	if (g->host == HOST_UNTRUSTED) {
		add("handoff", FAIL, "%s", g->ho_why);
		fix("make it yours and not writable by others (chmod go-w), or restart wslx-host with a --state-dir of your own");
		return;
	}
	if (g->host == HOST_UNREADABLE) {
		add("handoff", FAIL, "%s", g->ho_why);
		fix("restart wslx-host: it rewrites the handoff");
		return;
	}
	add("handoff", OK, "%s (%s), generation %ld%s", g->host_dir, g->host_dir_origin,
	    g->ho.generation,
	    g->ho_windows
	        ? "; on a Windows filesystem, where modes and owners tell nothing: believed as it is"
	        : "");
	check_host_run(g);
	if (g->host_subnet != HOST_SUBNET_UNKNOWN) {
		guest_host_subnet_text(g, subnets, sizeof(subnets));
		add("host subnet", g->host_subnet == HOST_SUBNET_OK ? OK : FAIL, "%s",
		    subnets);
		if (g->host_subnet == HOST_SUBNET_OTHER)
			fix("restart wslx-host so it follows the WSL adapter");
	}
	check_host_firewall(g);
}

/* TCP connect with a deadline: 0, or errno (ETIMEDOUT when nothing answered). */
static int
tcp_connect(uint32_t addr, uint16_t port, int ms, int *fd_out)
{
	struct sockaddr_in sin = {0};
	struct pollfd pfd;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), err = 0;
	socklen_t len = sizeof(err);

	if (fd < 0)
		return errno;
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) && errno != EINPROGRESS) {
		err = errno;
		close(fd);
		return err;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, ms) <= 0)
		err = ETIMEDOUT;
	else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		err = errno;
	if (err || !fd_out)
		close(fd);
	else
		*fd_out = fd;
	return err;
}

/*
 * Our own setup first: libxcb prints the server's refusal reason to stderr
 * only, and doctor must show it.  Returns 1 accepted, 0 refused (reason in
 * ${why}), -1 no answer.
 */
static int
raw_setup(int fd, const uint8_t *cookie, char *why, size_t whylen)
{
	struct x11setup s = {.order = 'l', .major = 11};
	uint8_t out[X11SETUP_MAX], in[X11REPLY_HEADER + 1024];
	struct pollfd pfd = {fd, POLLIN, 0};
	size_t n = x11setup_rewrite(&s, cookie ? X11_AUTH_MIT : "", cookie,
	                            cookie ? X11_COOKIE_LEN : 0, out, sizeof(out));
	enum x11reply_status r = X11REPLY_NEED_MORE;
	size_t got = 0;

	if (send(fd, out, n, MSG_NOSIGNAL) != (ssize_t)n)
		return -1;
	while (r == X11REPLY_NEED_MORE && got < sizeof(in) && poll(&pfd, 1, 3000) > 0) {
		ssize_t k = recv(fd, in + got, sizeof(in) - got, 0);
		if (k <= 0)
			break;
		got += (size_t)k;
		r = x11reply_parse(s.order, in, got, why, whylen);
	}
	if (r == X11REPLY_SUCCESS)
		return 1;
	return r == X11REPLY_FAILED || r == X11REPLY_AUTHENTICATE ? 0 : -1;
}

/*
 * The shell doctor runs in: X programs started here use its DISPLAY and
 * XAUTHORITY, which the profile's eval set at its start, maybe before a renumber.
 */
static void
check_shell(const struct guest *g)
{
	const char *display = getenv("DISPLAY"), *xauth = getenv("XAUTHORITY");
	char want[96];
	int wslg_kept = guest_wslg_kept(g);

	if (!g->display_host[0])
		return; /* nothing to compare with: reachability says why */
	snprintf(want, sizeof(want), "%s:%ld", g->display_host, g->display);
	if (wslg_kept) {
		add("this shell", INFO,
		    "DISPLAY=%s (WSLg's, kept while wslx-host is not running)",
		    display && *display ? display : "(unset)");
	} else if (!display || !*display) {
		add("this shell", FAIL,
		    "DISPLAY is not set here: X programs cannot start");
		fix("eval \"$(wslx env)\" (and add it to your shell profile)");
	} else if (strcmp(display, want) != 0) {
		add("this shell", FAIL, "DISPLAY=%s here, but wslx sets %s now", display,
		    want);
		fix("run eval \"$(wslx env)\" again (new shells get it by themselves)");
	} else if (g->cfg.xauthority[0] && (!xauth || strcmp(xauth, g->xauth) != 0)) {
		add("this shell", FAIL, "XAUTHORITY=%s here, but wslx uses %s",
		    xauth && *xauth ? xauth : "(unset)", g->xauth);
		fix("run eval \"$(wslx env)\" again");
	} else {
		add("this shell", OK, "DISPLAY=%s, as wslx sets it", display);
	}
}

/* What to do about a refusal, by whom it came from and why. */
static const char *
x11_refusal_fix(const char *why)
{
	if (strstr(why, "not running"))
		return "start Xming/VcXsrv (wslx-start.ps1)";
	if (strstr(why, "refused wslx-host's own cookie"))
		return "restart wslx-host and the X server together (wslx-start.ps1 -Stop, then wslx-start.ps1): the X server's -auth file does not hold wslx-host's upstream cookie (--upstream-auth or --upstream-cookie-out)";
	if (strstr(why, "without answering") || strstr(why, "did not answer") ||
	    strstr(why, "X server behind wslx-host refused"))
		return "the X server behind wslx-host is at a limit or stuck: close some X programs, or restart it (wslx-start.ps1 -Stop, then wslx-start.ps1)";
	return "eval \"$(wslx env)\" to install the cookie";
}

static void
check_x11(const struct guest *g, const uint8_t *cookie)
{
	char display[96], why[300];
	uint32_t addr;
	uint16_t port = (uint16_t)xdisplay_port(g->display);
	int fd = -1, err, r;

	if (!g->display_host[0] || ipv4_parse(g->display_host, &addr)) {
		add("reachability", FAIL, "no display host: %s", g->display_host_why);
		fix("set display_host in ~/.config/wslx/wslx.ini");
		return;
	}
	err = tcp_connect(addr, port, 2000, &fd);
	if (err == ECONNREFUSED) {
		add("reachability", FAIL, "%s:%u refused: nothing listens there",
		    g->display_host, port);
		recheck(
		    "wslx-host", FAIL,
		    "host.ini is fresh (updated %ld s ago), but nothing listens on %s:%u: wslx-host hangs, or stopped without cleaning up",
		    g->ho_age, g->display_host, port);
		fix("start wslx-host on Windows (wslx-start.ps1); check `wslx show`");
		return;
	}
	if (err == ETIMEDOUT) {
		add("reachability", FAIL, "%s:%u timed out: a firewall drops it",
		    g->display_host, port);
		fix("wslx fix-firewall");
		return;
	}
	if (err) {
		add("reachability", FAIL, "%s:%u: %s", g->display_host, port,
		    strerror(err));
		fix("check `wslx show` and the host's address");
		return;
	}
	add("reachability", OK, "%s:%u accepts TCP connections", g->display_host, port);
	r = raw_setup(fd, cookie, why, sizeof(why));
	close(fd);
	if (r < 0) {
		add("x11", FAIL, "the connection closed without an X11 answer");
		fix("wslx-host refused this address (see its log), or another program owns the port");
		return;
	}
	if (r == 0) {
		add("x11", FAIL, "refused: %s", why);
		fix("%s", x11_refusal_fix(why));
		return;
	}
	snprintf(display, sizeof(display), "%s:%ld", g->display_host, g->display);
	{
		xcb_connection_t *c = xcb_connect(display, NULL);
		const xcb_setup_t *s;
		double t0, t1;
		if (xcb_connection_has_error(c)) {
			/* An X server resets when its last client leaves (our own setup
			 * check just was one) and drops a client that comes meanwhile. */
			struct timespec pause = {0, 200000000};
			xcb_disconnect(c);
			nanosleep(&pause, NULL);
			c = xcb_connect(display, NULL);
		}
		if (xcb_connection_has_error(c)) {
			add("x11", FAIL,
			    "libxcb cannot connect (error %d) though the setup was accepted",
			    xcb_connection_has_error(c));
			fix("check XAUTHORITY: libxcb reads %s", g->xauth);
			xcb_disconnect(c);
			return;
		}
		s = xcb_get_setup(c);
		t0 = clock_ms();
		free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
		t1 = clock_ms();
		add("x11", OK, "%.*s, X%u.%u release %u, round trip %.2f ms",
		    xcb_setup_vendor_length(s), xcb_setup_vendor(s),
		    s->protocol_major_version, s->protocol_minor_version,
		    s->release_number, t1 - t0);
		xcb_disconnect(c);
	}
}

static void
check_xauthority(const struct guest *g, uint8_t *cookie, int *have)
{
	char lock[4200];
	struct stat st;
	int own = 0, r;

	*have = 0;
	if (!g->xauth[0]) {
		add("xauthority", FAIL,
		    "no Xauthority file: HOME and XAUTHORITY are unset");
		fix("set HOME");
		return;
	}
	r = xauthority_lookup(g->xauth, g->display_host, g->display, cookie, &own);
	if (r < 0) {
		add("xauthority", FAIL, "%s cannot be read to its end", g->xauth);
		fix("move it aside; eval \"$(wslx env)\" writes a new one");
		return;
	}
	if (r == 1) {
		add("xauthority", FAIL, "%s has no cookie for display %ld", g->xauth,
		    g->display);
		if (access(g->xauth, W_OK) != 0 && errno == EACCES)
			fix("%s is read-only, so wslx env cannot add it: chmod u+w %s, then eval \"$(wslx env)\"",
			    g->xauth, g->xauth);
		else
			fix("eval \"$(wslx env)\"");
		return;
	}
	*have = 1;
	if (!guest_has_handoff(g)) {
		/* Nothing to compare with: "current" would be a guess. */
		add("xauthority", INFO,
		    "%s has %s cookie for display %ld; no handoff to compare it with",
		    g->xauth, own ? "a wslx" : "a", g->display);
	} else if (!cookie_equal(cookie, g->ho.cookie, X11_COOKIE_LEN)) {
		add("xauthority", FAIL,
		    "%s holds %s cookie for display %ld, not wslx-host's current one",
		    g->xauth, own ? "an old wslx" : "another", g->display);
		if (access(g->xauth, W_OK) != 0 && errno == EACCES)
			fix("%s is read-only, so wslx env cannot update it: chmod u+w %s, then eval \"$(wslx env)\"",
			    g->xauth, g->xauth);
		else
			fix("eval \"$(wslx env)\"");
	} else {
		add("xauthority", OK, "%s has wslx's current cookie for display %ld",
		    g->xauth, g->display);
	}
	if (stat(g->xauth, &st) == 0 && (st.st_mode & 077)) {
		add("xauthority mode", WARN,
		    "%s is mode %03o: others can read the cookie", g->xauth,
		    (unsigned)(st.st_mode & 0777));
		fix("chmod 600 %s", g->xauth);
	}
	snprintf(lock, sizeof(lock), "%s-c", g->xauth);
	if (stat(lock, &st) == 0 && time(NULL) - st.st_mtime > 10) {
		add("xauthority lock", WARN, "stale lock file %s", lock);
		fix("rm %s %s-l", lock, g->xauth);
	}
}

static void
print_text(void)
{
	int color = isatty(1) && !getenv("NO_COLOR");
	static const char *const col[] = {"\033[32m", "\033[33m", "\033[31m", "\033[36m"};

	for (unsigned i = 0; i < nchecks; i++) {
		const struct check *c = &checks[i];
		printf("%s%-4s%s %-16s %s\n", color ? col[c->v] : "", verdict_name[c->v],
		       color ? "\033[0m" : "", c->name, c->evidence);
		if (c->fix[0])
			printf("     %-16s fix: %s\n", "", c->fix);
	}
}

static void
json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void
print_json(int failed)
{
	printf("{\"checks\": [");
	for (unsigned i = 0; i < nchecks; i++) {
		printf("%s\n  {\"name\": ", i ? "," : "");
		json_string(checks[i].name);
		printf(", \"status\": \"%s\", \"evidence\": ", verdict_name[checks[i].v]);
		json_string(checks[i].evidence);
		printf(", \"fix\": ");
		json_string(checks[i].fix);
		printf("}");
	}
	printf("\n], \"failed\": %d}\n", failed);
}

int
doctor_run(const struct guest_opts *o, int json)
{
	struct guest *g = calloc(1, sizeof(*g));
	char why[600];
	uint8_t cookie[X11_COOKIE_LEN];
	int have_cookie = 0, failed = 0;

	if (!g)
		return 1;
	nchecks = 0;
	if (guest_gather(g, o, 0, why, sizeof(why))) {
		add("config", FAIL, "%s", why);
		fix("correct the file at that line");
	} else {
		add("config", OK, "display %s:%ld (%s)",
		    g->display_host[0] ? g->display_host : "?", g->display,
		    g->display_host_why);
		check_environment(g);
		check_lookup(g);
		check_network(g);
		check_host(g);
		check_shell(g);
		int own;
		have_cookie =
		    g->xauth[0] && xauthority_lookup(g->xauth, g->display_host,
		                                     g->display, cookie, &own) == 0;
		if (g->xauth[0])
			setenv("XAUTHORITY", g->xauth, 1); /* what libxcb reads */
		check_x11(g, have_cookie ? cookie : NULL);
		check_xauthority(g, cookie, &have_cookie);
		if (guest_wslg_kept(g))
			add("wslg", INFO,
			    "WSLg is present and wslx-host is not running: wslx env leaves WSLg's DISPLAY=:0 alone");
		else if (g->wslg)
			add("wslg", INFO,
			    "WSLg is present: DISPLAY=:0 works without wslx, with its own X server");
	}
	for (unsigned i = 0; i < nchecks; i++)
		failed += checks[i].v == FAIL;
	if (json)
		print_json(failed);
	else
		print_text();
	free(g);
	return failed ? 1 : 0;
}
