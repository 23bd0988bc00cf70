#!/usr/bin/env bash
# lab.sh: a simulated WSL2 NAT made of network namespaces, for `make demo` and
# the end-to-end tests.  Source it, then call lab_up; lab_down tears it all down.
#
#   LAN stranger ns        "Windows" ns                       "WSL2" ns
#   lan0 192.168.50.7 ---- lanX 192.168.50.1
#                          wslX 172.30.96.1/20 (vEthernet) ---- eth0 172.30.98.229/20
#                          Xvfb :N (the real server, -auth)     default via 172.30.96.1
#                          wslx-host on 172.30.96.1:6000
#
# Traffic stays inside these namespaces and loopback.
set -u

LAB_ID=${LAB_ID:-$$}
LAB_WIN=wslxwin$LAB_ID
LAB_WSL=wslxwsl$LAB_ID
LAB_LAN=wslxlan$LAB_ID
LAB_IF_WSL=wsl$LAB_ID        # the Windows side of the WSL link ("vEthernet (WSL)")
LAB_IF_LAN=lan$LAB_ID
LAB_HOST_IP=172.30.96.1
LAB_GUEST_IP=172.30.98.229
LAB_PREFIX=20
LAB_STRANGER_IP=192.168.50.7
LAB_DIR=${LAB_DIR:-}
# The real X server's display: one that no other X server on this machine holds
# (their lock files and sockets are shared across namespaces).
lab_free_display() {
	local n=$((100 + LAB_ID % 800)) i
	for i in $(seq 800); do
		[ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || break
		n=$((100 + (n - 99) % 800))
	done
	echo "$n"
}
LAB_XNUM=${LAB_XNUM:-$(lab_free_display)}
LAB_PIDS=""

in_win() { ip netns exec "$LAB_WIN" "$@"; }
in_wsl() { ip netns exec "$LAB_WSL" "$@"; }
in_lan() { ip netns exec "$LAB_LAN" "$@"; }

lab_require_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "wslx: the lab needs root (network namespaces, veth): run as root" >&2
		exit 1
	fi
}

lab_up() {
	lab_require_root
	[ -n "$LAB_DIR" ] || LAB_DIR=$(mktemp -d /tmp/wslx-lab.XXXXXX)
	mkdir -p "$LAB_DIR/home" "$LAB_DIR/state"
	chmod 700 "$LAB_DIR/state"
	trap lab_down EXIT
	# A signal (a test runner's timeout, Ctrl+C) must tear the lab down too.
	trap 'exit 143' TERM
	trap 'exit 130' INT
	ip netns add "$LAB_WIN" && ip netns add "$LAB_WSL" && ip netns add "$LAB_LAN" || return 1
	for ns in "$LAB_WIN" "$LAB_WSL" "$LAB_LAN"; do ip -n "$ns" link set lo up; done
	ip link add "$LAB_IF_WSL" netns "$LAB_WIN" type veth peer name eth0 netns "$LAB_WSL"
	ip link add "$LAB_IF_LAN" netns "$LAB_WIN" type veth peer name lan0 netns "$LAB_LAN"
	ip -n "$LAB_WIN" addr add "$LAB_HOST_IP/$LAB_PREFIX" dev "$LAB_IF_WSL"
	ip -n "$LAB_WIN" addr add 192.168.50.1/24 dev "$LAB_IF_LAN"
	ip -n "$LAB_WSL" addr add "$LAB_GUEST_IP/$LAB_PREFIX" dev eth0
	ip -n "$LAB_LAN" addr add "$LAB_STRANGER_IP/24" dev lan0
	ip -n "$LAB_WIN" link set "$LAB_IF_WSL" up
	ip -n "$LAB_WIN" link set "$LAB_IF_LAN" up
	ip -n "$LAB_WSL" link set eth0 up
	ip -n "$LAB_LAN" link set lan0 up
	ip -n "$LAB_WSL" route add default via "$LAB_HOST_IP"
	ip -n "$LAB_LAN" route add default via 192.168.50.1
}

# lab_bg NS CMD...: run CMD in namespace NS in the background, remembered for
# lab_down; $! is CMD itself (ip netns exec execs it), so signals reach it.
lab_bg() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@" &
	LAB_PIDS="$LAB_PIDS $!"
}

# lab_xserver [N]: Xvfb on display :N (default $LAB_XNUM) in the "Windows" namespace with its own
# cookie in $LAB_DIR/xserver.auth (never -ac); waits until it answers.
lab_xserver() {
	local n=${1:-$LAB_XNUM} i
	# Keep an existing cookie: a restarted server reads the same -auth file.
	xauth -n -f "$LAB_DIR/xserver.auth" list ":$n" 2>/dev/null | grep -q . ||
		xauth -q -f "$LAB_DIR/xserver.auth" add ":$n" MIT-MAGIC-COOKIE-1 \
			"$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" 2>/dev/null
	# LAB_XTCP=1: also on TCP 6000+N inside the "Windows" namespace (as Xming does);
	# LAB_XARGS: more Xvfb arguments (the benchmark's -maxclients).
	# shellcheck disable=SC2086
	lab_bg "$LAB_WIN" Xvfb ":$n" -noreset $([ -n "${LAB_XTCP:-}" ] && echo -listen tcp || echo -nolisten tcp) \
		-auth "$LAB_DIR/xserver.auth" ${LAB_XARGS:-} \
		-screen 0 800x600x24 >"$LAB_DIR/xvfb$n.log" 2>&1
	for i in $(seq 1 100); do
		DISPLAY=":$n" XAUTHORITY="$LAB_DIR/xserver.auth" in_win xdpyinfo >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "lab: Xvfb :$n did not start" >&2
	return 1
}

# lab_wait_file PATH: wait (10 s at most) for PATH to exist.
lab_wait_file() {
	local i
	for i in $(seq 1 100); do [ -e "$1" ] && return 0; sleep 0.1; done
	echo "lab: $1 did not appear" >&2
	return 1
}

# lab_host ARGS...: wslx-host in the "Windows" namespace in front of Xvfb,
# listening on the WSL link, handoff in $LAB_DIR/state; waits for the handoff.
lab_host() {
	rm -f "$LAB_DIR/state/host.ini"
	lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
		--upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$LAB_DIR/state" \
		--log "$LAB_DIR/host.log" "$@"
	LAB_HOST_PID=$!
	lab_wait_file "$LAB_DIR/state/host.ini"
}

# guest CMD...: run CMD in the "WSL2" namespace as a user whose HOME is the lab's.
guest() {
	in_wsl env -u XAUTHORITY HOME="$LAB_DIR/home" WSLX_HOST_DIR="$LAB_DIR/state" "$@"
}

lab_down() {
	local p
	for p in $LAB_PIDS; do kill "$p" 2>/dev/null; done
	for p in $LAB_PIDS; do wait "$p" 2>/dev/null || true; done
	# Anything still running inside the namespaces goes too.
	for ns in "$LAB_WIN" "$LAB_WSL" "$LAB_LAN"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$LAB_DIR" ] && [ -z "${LAB_KEEP:-}" ] && rm -rf "$LAB_DIR"
	LAB_PIDS=""
}
