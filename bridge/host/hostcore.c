#include "hostcore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cookie.h"
#include "forwarder.h"
#include "handoff.h"
#include "hostfw.h"
#include "ifaddr.h"
#include "platform.h"
#include "log.h"
#include "watcher.h"
#include "xauthfile.h"
#include "xdisplay.h"

struct host {
	const struct hostopts *o;
	struct forwarder *fwd;
	struct watcher *watch;
	const char *iface; /* followed interface, or NULL for a fixed --listen */
	int allow_follows; /* the allowed subnet is the interface's */
	uint32_t addr;
	unsigned prefix;
	uint16_t port;
	int listening;  /* on addr:port, a socket we hold */
	int listen_err; /* why not, when not: logged once per cause */
	int published;  /* the handoff is written: changes are written too */
	struct handoff ho;
	struct forwarder_cfg *cfg; /* the upstream auth as last read */
	struct hostfw_job fw_job;  /* a firewall update under way */
	char state_dir[512];
	uint64_t next_heartbeat, next_recheck;
};

static volatile int stop_flag;

static void reread_upstream_auth(struct host *h);

/* The firewall update ended (or could not start): say how, in the log and handoff. */
static void
firewall_result(struct host *h, int ok, const char *why)
{
	char from[SUBNET_STRLEN + 1];

	subnet_format(&h->ho.subnet, from, sizeof(from));
	if (ok) {
		h->ho.firewall = HANDOFF_FW_CURRENT;
		log_event("firewall: TCP %u allowed from %s only", h->port, from);
	} else {
		h->ho.firewall = HANDOFF_FW_STALE;
		log_event("firewall: cannot update the rule: %s: run wslx fix-firewall",
		          why);
	}
}

/*
 * Start making the firewall follow the subnet; a slow backend (powershell.exe)
 * runs beside the relay and on_tick collects its result.
 */
static void
set_firewall(struct host *h)
{
	struct fw_rule rule = {0};
	char why[512];
	int r;

	hostfw_cancel(&h->fw_job); /* a newer subnet replaces an update under way */
	if (h->o->firewall == FW_NONE) {
		h->ho.firewall = HANDOFF_FW_OFF;
		return;
	}
	rule.port = h->port;
	rule.from = h->ho.subnet;
	r = hostfw_start(h->o->firewall, &rule, &h->fw_job, platform_now_ms(), why,
	                 sizeof(why));
	if (r == 0)
		h->ho.firewall = HANDOFF_FW_UPDATING;
	else
		firewall_result(h, r > 0, why);
}

static int
write_handoff(struct host *h)
{
	if (handoff_write(h->state_dir, &h->ho) == 0)
		return 0;
	log_event("cannot write the handoff in %s: %s", h->state_dir, strerror(errno));
	return -1;
}

/* A change worth telling the guests: a new generation of the handoff. */
static void
publish(struct host *h)
{
	if (!h->published)
		return;
	h->ho.generation++;
	write_handoff(h);
}

/*
 * Not listening on ${ip}:port because of ${err}: the state says why (a port
 * another program holds is its own state), logged once per cause.
 */
static void
not_listening(struct host *h, const char *ip, int err)
{
	enum handoff_run to = err == EADDRINUSE ? HANDOFF_PORT_TAKEN : HANDOFF_WAITING;

	if (h->ho.state == to && h->listen_err == err)
		return;
	h->listen_err = err;
	h->ho.state = to;
	if (err == EADDRINUSE)
		log_event(
		    "cannot listen on %s:%u: another program holds the port (an X server on display :%ld?): run it on another display (wslx-start.ps1 uses :1), or stop it; retrying every second",
		    ip, h->port, xdisplay_of_port(h->port));
	else
		log_event("cannot listen on %s:%u: %s%s", ip, h->port, strerror(err),
		          h->iface ? " (retrying)" : "");
	publish(h);
}

/* Listen on ${addr}; 0, or -1 with the state and log saying why not. */
static int
try_listen(struct host *h, uint32_t addr)
{
	char ip[16];

	ipv4_format(addr, ip, sizeof(ip));
	if (forwarder_listen(h->fwd, addr, h->port) == 0) {
		h->listening = 1;
		h->listen_err = 0;
		return 0;
	}
	not_listening(h, ip, errno);
	return -1;
}

/* The followed interface's address lost: stop listening, and say so. */
static void
lose_address(struct host *h)
{
	if (h->ho.state == HANDOFF_WAITING && !h->listening)
		return;
	forwarder_unlisten(h->fwd);
	h->listening = 0;
	h->listen_err = 0;
	h->ho.state = HANDOFF_WAITING;
	log_event("%s has no IPv4 address: not listening until it has one", h->iface);
	publish(h);
}

/* What the gate admits, for the log and the handoff: "A/N, B/M". */
static void
allow_text(struct host *h, const struct subnet *allow, unsigned n)
{
	size_t used = 0;

	h->ho.allow[0] = '\0';
	for (unsigned i = 0; i < n && used + SUBNET_STRLEN + 3 < sizeof(h->ho.allow);
	     i++) {
		if (i)
			used += (size_t)snprintf(h->ho.allow + used,
			                         sizeof(h->ho.allow) - used, ", ");
		subnet_format(&allow[i], h->ho.allow + used, sizeof(h->ho.allow) - used);
		used = strlen(h->ho.allow);
	}
}

/*
 * The followed interface's address moved, its prefix changed, or it came back:
 * move everything in one step (listener, allowed subnet, firewall rule, handoff).
 * The same address keeps its listening socket: a new one could not bind beside it.
 */
static void
follow(struct host *h)
{
	uint32_t addr;
	unsigned prefix;
	char old[SUBNET_STRLEN + 1];
	int freed;

	if (!h->iface)
		return;
	if (ifaddr_lookup(h->iface, &addr, &prefix)) {
		lose_address(h);
		return;
	}
	if (h->listening && addr == h->addr && prefix == h->prefix)
		return;
	/* The same address, its port held by another program until now. */
	freed =
	    h->ho.state == HANDOFF_PORT_TAKEN && addr == h->addr && prefix == h->prefix;
	if ((!h->listening || addr != h->addr) && try_listen(h, addr))
		return;
	subnet_format(&h->ho.subnet, old, sizeof(old));
	h->addr = addr;
	h->prefix = prefix;
	h->ho.state = HANDOFF_SERVING;
	ipv4_format(addr, h->ho.listen, sizeof(h->ho.listen));
	subnet_from_host(addr, prefix, &h->ho.subnet);
	if (h->allow_follows) {
		forwarder_set_allow(h->fwd, &h->ho.subnet, 1);
		allow_text(h, &h->ho.subnet, 1);
	}
	if (freed)
		log_event("listening on %s:%u for %s: the port is free again",
		          h->ho.listen, h->port, h->ho.allow);
	else
		log_event("%s moved: listening on %s:%u, allowing %s (was %s)", h->iface,
		          h->ho.listen, h->port, h->ho.allow, old);
	set_firewall(h);
	publish(h);
}

/* A fixed --listen address whose port another program held: try again. */
static void
retry_fixed(struct host *h)
{
	if (h->iface || h->listening || try_listen(h, h->addr))
		return;
	h->ho.state = HANDOFF_SERVING;
	log_event("listening on %s:%u for %s: the port is free again", h->ho.listen,
	          h->port, h->ho.allow);
	publish(h);
}

static void
on_watch(void *user)
{
	struct host *h = user;

	if (watcher_changed(h->watch))
		follow(h);
}

static void
on_tick(void *user)
{
	struct host *h = user;
	uint64_t now = platform_now_ms();
	char path[600];

	if (h->fw_job.running) {
		char why[512];
		int r = hostfw_check(&h->fw_job, now, why, sizeof(why));
		if (r != 0) {
			firewall_result(h, r > 0, why);
			h->ho.generation++;
			write_handoff(h);
		}
	}
	/* Events can be lost (rtnetlink ENOBUFS, a missed IP Helper call): re-check. */
	if (now >= h->next_recheck || (h->watch && watcher_fd(h->watch) == SOCK_INVALID &&
	                               watcher_changed(h->watch))) {
		h->next_recheck = now + 1000 * HANDOFF_HEARTBEAT_S;
		follow(h);
	}
	/* A port another program held: look again every second. */
	if (!h->listening && h->ho.state == HANDOFF_PORT_TAKEN) {
		if (h->iface)
			follow(h);
		else
			retry_fixed(h);
	}
	reread_upstream_auth(h);
	if (now >= h->next_heartbeat) {
		h->next_heartbeat = now + 1000 * HANDOFF_HEARTBEAT_S;
		snprintf(path, sizeof(path), "%s%c%s", h->state_dir, platform_path_sep,
		         HANDOFF_INI);
		/* The guest tells a live host from a dead one by this mtime. */
		if (platform_touch(path))
			write_handoff(h);
	}
}

/* The X server's cookie from --upstream-auth into ${cookie}; logged unless ${quiet}. */
static int
read_upstream_cookie(const struct hostopts *o, uint8_t *cookie, int quiet)
{
	uint8_t buf[8192];
	size_t len;
	int r;

	if (platform_read_file(o->upstream_auth, buf, sizeof(buf), &len)) {
		if (!quiet)
			log_event("cannot read --upstream-auth %s: %s", o->upstream_auth,
			          strerror(errno));
		return -1;
	}
	r = xauthfile_find_cookie(buf, len, o->upstream_display, cookie);
	if (r != 0 && !quiet)
		log_event("--upstream-auth %s: %s", o->upstream_auth,
		          r < 0 ? "not an Xauthority file"
		                : "no MIT-MAGIC-COOKIE-1 for the upstream display");
	return r == 0 ? 0 : -1;
}

/*
 * What the X server gets: the cookie of --upstream-auth, or a new one for
 * --upstream-cookie-out (written later, by write_upstream_cookie), or nothing.
 */
static int
upstream_auth(const struct hostopts *o, struct forwarder_cfg *cfg)
{
	if (o->upstream_auth[0]) {
		if (read_upstream_cookie(o, cfg->up_data, 0))
			return -1;
	} else if (o->upstream_cookie_out[0]) {
		if (cookie_random(cfg->up_data, X11_COOKIE_LEN)) {
			log_event("cannot get random bytes for the upstream cookie");
			return -1;
		}
	} else {
		log_event(
		    "no --upstream-auth or --upstream-cookie-out: the X server gets no cookie, so it must let wslx-host in without one");
		return 0;
	}
	snprintf(cfg->up_name, sizeof(cfg->up_name), "%s", X11_AUTH_MIT);
	cfg->up_data_len = X11_COOKIE_LEN;
	return 0;
}

/*
 * --upstream-cookie-out, written only once this wslx-host owns the state
 * directory and its listener is settled: a second copy that cannot start never
 * replaces the cookie the X server of the first one reads.
 */
static int
write_upstream_cookie(const struct hostopts *o, const struct forwarder_cfg *cfg)
{
	uint8_t buf[256];
	size_t len;

	if (!o->upstream_cookie_out[0])
		return 0;
	len = xauthfile_put_cookie(o->upstream_display >= 0 ? o->upstream_display : 0,
	                           cfg->up_data, buf, sizeof(buf));
	if (len == 0 || platform_write_atomic(o->upstream_cookie_out, buf, len)) {
		log_event("cannot write --upstream-cookie-out %s: %s",
		          o->upstream_cookie_out, platform_strerror(errno));
		return -1;
	}
	return 0;
}

/* The X server's cookie file changed (or it refused ours): take the new one. */
static void
reread_upstream_auth(struct host *h)
{
	uint8_t cookie[X11_COOKIE_LEN];

	if (!h->o->upstream_auth[0] || read_upstream_cookie(h->o, cookie, 1) ||
	    memcmp(cookie, h->cfg->up_data, X11_COOKIE_LEN) == 0)
		return;
	memcpy(h->cfg->up_data, cookie, X11_COOKIE_LEN);
	forwarder_set_upstream_auth(h->fwd, X11_AUTH_MIT, cookie, X11_COOKIE_LEN);
	log_event("the X server's cookie in %s changed: wslx-host gives it the new one",
	          h->o->upstream_auth);
}

/*
 * Where to listen and whom to allow, once the address is known: the handoff
 * and the firewall rule carry the WSL subnet; --allow may widen the gate.
 */
static int
settle_address(struct host *h, struct forwarder_cfg *cfg)
{
	const struct hostopts *o = h->o;
	char ip[16];

	ipv4_format(h->addr, ip, sizeof(ip));
	snprintf(h->ho.listen, sizeof(h->ho.listen), "%s", ip);
	if ((h->addr >> 24) != 127 && h->prefix < 32)
		subnet_from_host(h->addr, h->prefix, &h->ho.subnet);
	else if (o->nallow > 0)
		h->ho.subnet = o->allow[0];
	else if ((h->addr >> 24) == 127)
		subnet_parse("127.0.0.0/8", &h->ho.subnet); /* mirrored mode: loopback */
	else {
		log_event("cannot tell the subnet of %s: give --allow CIDR", ip);
		return -1;
	}
	if (o->nallow > 0) {
		memcpy(cfg->allow, o->allow, o->nallow * sizeof(*o->allow));
		cfg->nallow = o->nallow;
	} else {
		cfg->allow[0] = h->ho.subnet;
		cfg->nallow = 1;
		h->allow_follows = h->iface != NULL;
	}
	h->ho.have_subnet = 1;
	forwarder_set_allow(h->fwd, cfg->allow, cfg->nallow);
	allow_text(h, cfg->allow, cfg->nallow);
	return 0;
}

/*
 * The address to listen on, from the options and the interfaces: 0 when
 * settled, 1 when the interface has none yet (at logon, before WSL starts:
 * wait_address), -1 when there is none to find.
 */
static int
choose_address(struct host *h, struct forwarder_cfg *cfg)
{
	const struct hostopts *o = h->o;
	char owner[64];

	h->iface = o->iface[0] ? o->iface : o->have_listen ? NULL : ifaddr_default_iface;
	if (o->have_listen) {
		h->addr = o->listen_addr;
		if (ifaddr_owner(h->addr, owner, sizeof(owner), &h->prefix))
			h->prefix =
			    32; /* unknown here (a namespace, wine): --allow says */
	} else if (!h->iface) {
		log_event(
		    "no address to listen on: give --listen ADDR or --interface NAME");
		return -1;
	} else if (ifaddr_lookup(h->iface, &h->addr, &h->prefix)) {
		log_event(
		    "waiting for interface %s to get an IPv4 address (WSL not started yet?)",
		    h->iface);
		return 1;
	}
	return settle_address(h, cfg);
}

/* Wait for the interface to get an address (until a stop), then settle. */
static int
wait_address(struct host *h, struct forwarder_cfg *cfg)
{
	while (ifaddr_lookup(h->iface, &h->addr, &h->prefix)) {
		if (stop_flag)
			return -1;
		platform_sleep_ms(1000);
	}
	return settle_address(h, cfg);
}

/*
 * Clients beyond the descriptor limit would wait in the backlog with no answer:
 * fit the budgets to the limit (already raised to the hard one) and say so once.
 */
static void
fit_clients(const struct hostopts *o, struct forwarder_cfg *cfg)
{
	const long reserve = 16; /* listener, watcher, log, handoff, stdio */
	unsigned per;
	long fds = netsock_fd_budget(&per), startups, clients;

	startups = (fds - reserve) / 4;
	if (startups > FORWARDER_MAX_STARTUPS)
		startups = FORWARDER_MAX_STARTUPS;
	if (startups < 1)
		startups = 1;
	clients = (fds - reserve - startups) / (long)per;
	if (clients < 1)
		clients = 1;
	cfg->max_startups = (unsigned)startups;
	cfg->max_clients = (unsigned)o->max_clients;
	if (clients < o->max_clients) {
		cfg->max_clients = (unsigned)clients;
		log_event(
		    "descriptor limit %ld (%u per client): serving at most %ld clients, not %ld; raise ulimit -n for more",
		    fds, per, clients, o->max_clients);
	}
}

/* One owner per state directory: locked before anything is written there. */
static int
own_state_dir(struct host *h)
{
	long holder;
	int r;

	if (h->o->state_dir[0])
		snprintf(h->state_dir, sizeof(h->state_dir), "%s", h->o->state_dir);
	else if (platform_default_state_dir(h->state_dir, sizeof(h->state_dir)))
		return log_event("cannot name a state directory: give --state-dir"), -1;
	if (platform_mkdir_private(h->state_dir)) {
		log_event("cannot use state directory %s: %s", h->state_dir,
		          strerror(errno));
		return -1;
	}
	r = platform_lock_dir(h->state_dir, &holder);
	if (r > 0)
		log_event(
		    "another wslx-host (pid %ld) serves %s: not starting a second one (stop that one first, or give another --state-dir)",
		    holder, h->state_dir);
	else if (r < 0)
		log_event("cannot lock state directory %s: %s", h->state_dir,
		          strerror(errno));
	return r == 0 ? 0 : -1;
}

/*
 * The first listen: a port another program holds, or an interface address that
 * is going, is a state retried while serving; another failure on a fixed
 * --listen address ends the start.
 */
static int
first_listen(struct host *h)
{
	if (try_listen(h, h->addr) == 0) {
		h->ho.state = HANDOFF_SERVING;
		return 0;
	}
	return h->iface || h->listen_err == EADDRINUSE ? 0 : -1;
}

/* The start line: only a listener held is "listening". */
static void
say_started(const struct host *h)
{
	if (h->listening)
		log_event("listening on %s:%u for %s (display :%ld), handoff in %s",
		          h->ho.listen, h->port, h->ho.allow, h->ho.display,
		          h->state_dir);
	else
		log_event("started, not listening yet (%s): handoff in %s",
		          handoff_run_word(h->ho.state), h->state_dir);
}

int
hostcore_run(const struct hostopts *o)
{
	struct host h = {0};
	struct forwarder_cfg cfg = {0};
	struct forwarder_hooks hooks = {SOCK_INVALID, on_watch, on_tick, &h};
	int status = 1, wait;

	h.o = o;
	h.cfg = &cfg;
	h.port = (uint16_t)(o->port ? o->port : xdisplay_port(o->display));
	if (netsock_init()) {
		log_event("cannot start the socket layer");
		return 1;
	}
	platform_catch_stop(&stop_flag);
	if (own_state_dir(&h))
		return 1;
	if (cookie_random(cfg.cookie, X11_COOKIE_LEN)) {
		log_event("cannot get random bytes for the cookie");
		return 1;
	}
	memcpy(h.ho.cookie, cfg.cookie, X11_COOKIE_LEN);
	cfg.upstream = o->upstream;
	fit_clients(o, &cfg);
	cfg.setup_timeout_ms = (unsigned)o->setup_timeout_s * 1000u;
	if (upstream_auth(o, &cfg))
		return 1;
	h.fwd = forwarder_new(&cfg);
	if (!h.fwd) {
		log_event("out of memory");
		return 1;
	}
	h.ho.display =
	    xdisplay_of_port(h.port) >= 0 ? xdisplay_of_port(h.port) : o->display;
	h.ho.port = h.port;
	h.ho.pid = platform_pid();
	h.ho.generation = 1;
	/*
	 * The X server's cookie is written once the lock is held and, unless the
	 * interface has no address yet, the listener settled: the X server can
	 * start at logon before WSL does, and a start that fails writes nothing.
	 */
	wait = choose_address(&h, &cfg);
	if (wait < 0 || (wait == 0 && first_listen(&h)) || write_upstream_cookie(o, &cfg))
		goto out;
	if (wait > 0 && (wait_address(&h, &cfg) || first_listen(&h))) {
		status = stop_flag ? 0 : 1;
		goto out;
	}
	if (h.iface && (h.watch = watcher_open()) == NULL)
		log_event("cannot watch address changes: re-checking every %d s",
		          HANDOFF_HEARTBEAT_S);
	if (h.watch)
		hooks.extra_fd = watcher_fd(h.watch);
	set_firewall(&h);
	if (write_handoff(&h))
		goto out;
	h.published = 1;
	h.next_heartbeat = h.next_recheck =
	    platform_now_ms() + 1000 * HANDOFF_HEARTBEAT_S;
	say_started(&h);
	if (forwarder_run(h.fwd, &stop_flag, &hooks) == 0)
		status = 0;
	handoff_remove(h.state_dir);
	log_event("stopped (%u connections closed)", forwarder_clients(h.fwd));
out:
	hostfw_cancel(&h.fw_job);
	watcher_close(h.watch);
	forwarder_free(h.fwd);
	return status;
}
