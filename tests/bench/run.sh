#!/usr/bin/env bash
# make bench: speed compared within one run (ratios; these machines are noisy).
#  1. wslx env against /bin/true and the folk recipe (grep | cut in $(...)).
#  2. X11 through wslx-host (splice, and the ring buffers Windows runs) against
#     a direct TCP connection and socat, in the simulated NAT: connection setup,
#     round trip p50/p99, PutImage, GetImage, relay CPU, system calls per round
#     trip, an active client beside 1,000 idle ones, memory.
#  WSLX_BENCH_BEFORE=/path/to/an/older/wslx-host adds its column (before/after
#  from one run); BENCH_ROUNDS interleaved rounds (default 5).
set -eu
ulimit -n "$(ulimit -Hn)" # 1,000 idle clients: Xvfb, the relays and the holder
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/build
T=$(mktemp -d /tmp/wslx-bench.XXXXXX)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT

echo "== wslx env (no fork, static) vs /bin/true vs the seed recipe"
mkdir -p "$T/home" "$T/state"
"$B/wslx-host" --listen 127.0.0.1:$((20000 + RANDOM % 20000)) --allow 172.30.96.0/20 --upstream 127.0.0.1:1 --state-dir "$T/state" \
	--log "$T/h0.log" & pids="$pids $!"
for i in $(seq 100); do [ -e "$T/state/host.ini" ] && break; sleep 0.1; done
[ -e "$T/state/host.ini" ] || { echo "bench: wslx-host did not start: $(cat "$T/h0.log")"; exit 1; }
export HOME=$T/home WSLX_HOST_DIR=$T/state WSLX_SYSROOT=$ROOT/tests/fixtures/wsl2-nat
"$B/wslx" env >/dev/null
hyperfine -N -w 50 -r 1000 --export-json "$T/env.json" --style none \
	"$B/wslx env" "/bin/true" >"$T/hf.log" 2>&1 || { cat "$T/hf.log"; exit 1; }
hyperfine -w 20 -r 300 --export-json "$T/recipe.json" \
	"sh -c 'x=\$(ip route show | grep -i default | awk \"{ print \\\$3 }\"):0'" >/dev/null 2>&1
python3 - "$T/env.json" "$T/recipe.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
rec = json.load(open(sys.argv[2]))["results"][0]
env, true = r[0]["median"] * 1e6, r[1]["median"] * 1e6
print("wslx env %6.0f us   /bin/true %6.0f us   ratio %.2fx" % (env, true, env / true))
print("seed recipe (ip route | grep | awk) %6.0f us   wslx env is %.1fx faster" % (rec["median"] * 1e6, rec["median"] * 1e6 / env))
PY

echo "== X11 in the simulated NAT: direct vs wslx-host (splice, and WSLX_NO_SPLICE=1 ring buffers) vs socat"
ROUNDS=${BENCH_ROUNDS:-9}
BEFORE=${WSLX_BENCH_BEFORE:-}
echo "   (medians of $ROUNDS interleaved rounds; scheduler free, then host side on CPU 0 and guest on CPU 1;"
echo "    the relays reach Xvfb over its unix socket, socat with nodelay)"
WSLX_BUILD=$B
. "$ROOT/scripts/lab.sh"
LAB_XTCP=1
LAB_XARGS="-maxclients 2048"
lab_up
trap 'lab_down; for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
lab_xserver
XPORT=$((6000 + LAB_XNUM))
XSOCK=/tmp/.X11-unix/X$LAB_XNUM
lab_host --max-clients 1100
host_pid=$LAB_HOST_PID
# another_host PORT NAME [ENV...] BINARY: a second relay in front of the same Xvfb.
another_host() {
	local port=$1 name=$2
	shift 2
	mkdir -p "$T/$name"
	lab_bg "$LAB_WIN" env "$@" --listen "$LAB_HOST_IP:$port" --allow 172.30.96.0/20 \
		--upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$T/$name" \
		--max-clients 1100 --log "$T/$name.log"
	lab_wait_file "$T/$name/host.ini"
}
another_host 6003 ring WSLX_NO_SPLICE=1 "$B/wslx-host"
ring_pid=$(pgrep -f -- "--state-dir $T/ring" | head -1)
paths="direct relay ring socat"
before_pid=""
if [ -n "$BEFORE" ]; then
	another_host 6004 before "$BEFORE"
	before_pid=$(pgrep -f -- "--state-dir $T/before" | head -1)
	paths="$paths before"
fi
lab_bg "$LAB_WIN" socat TCP-LISTEN:6002,bind=$LAB_HOST_IP,fork,reuseaddr,nodelay,range=172.30.96.0/20 \
	"UNIX-CONNECT:$XSOCK"
socat_pid=$!
xvfb_pid=$(pgrep -f "^Xvfb :$LAB_XNUM " | head -1)
xcookie=$(xauth -n -f "$LAB_DIR/xserver.auth" list | awk '{print $3}')
hcookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
xauth -q -f "$T/direct.auth" add "$LAB_HOST_IP:$LAB_XNUM" MIT-MAGIC-COOKIE-1 "$xcookie" 2>/dev/null
xauth -q -f "$T/socat.auth" add "$LAB_HOST_IP:2" MIT-MAGIC-COOKIE-1 "$xcookie" 2>/dev/null
xauth -q -f "$T/relay.auth" add "$LAB_HOST_IP:0" MIT-MAGIC-COOKIE-1 "$hcookie" 2>/dev/null
xauth -q -f "$T/ring.auth" add "$LAB_HOST_IP:3" MIT-MAGIC-COOKIE-1 \
	"$(xauth -n -f "$T/ring/cookie" list | awk '{print $3}')" 2>/dev/null
[ -n "$BEFORE" ] && xauth -q -f "$T/before.auth" add "$LAB_HOST_IP:4" MIT-MAGIC-COOKIE-1 \
	"$(xauth -n -f "$T/before/cookie" list | awk '{print $3}')" 2>/dev/null
display_of() { case $1 in direct) echo "$LAB_HOST_IP:$LAB_XNUM" ;; relay) echo "$LAB_HOST_IP:0" ;;
	ring) echo "$LAB_HOST_IP:3" ;; socat) echo "$LAB_HOST_IP:2" ;; before) echo "$LAB_HOST_IP:4" ;; esac; }
pid_of() { case $1 in relay) echo "$host_pid" ;; ring) echo "$ring_pid" ;; before) echo "$before_pid" ;; esac; }
cpu_ns() { awk '{print $1}' "/proc/$1/schedstat"; } # time on a CPU, ns
# pin SETTING: "free" lets the scheduler place everything; "split" puts the
# host side (X server, relays) on CPU 0 and the client on CPU 1.
pin() {
	local p
	for p in $xvfb_pid $host_pid $ring_pid $socat_pid $before_pid; do
		if [ "$1" = split ]; then taskset -a -p -c 0 "$p" >/dev/null; else taskset -a -p -c 0-1 "$p" >/dev/null; fi
	done
}
client() { # client SETTING PATH
	local cpus=0-1 pid c0
	[ "$1" = split ] && cpus=1
	in_wsl env XAUTHORITY="$T/$2.auth" taskset -c $cpus "$B/x11bench" "$(display_of "$2")" 10000 100 >>"$T/$1.$2"
	pid=$(pid_of "$2")
	[ -n "$pid" ] || return 0
	# The relay's CPU per byte, over a run that is nearly all bulk (1 round trip).
	c0=$(cpu_ns "$pid")
	in_wsl env XAUTHORITY="$T/$2.auth" taskset -c $cpus "$B/x11bench" "$(display_of "$2")" 1 100 >>"$T/$1.$2.bulk"
	echo "$(( $(cpu_ns "$pid") - c0 ))" >>"$T/$1.$2.cpu"
}
for setting in free split; do
	pin $setting
	for round in $(seq "$ROUNDS"); do
		for path in $paths; do client $setting "$path"; done
	done
done
pin free
# System calls per round trip: counted over 10,000 round trips of one client.
syscalls() { # syscalls PATH
	strace -c -f -p "$(pid_of "$1")" -o "$T/$1.strace" 2>/dev/null & local st=$!
	sleep 0.5
	in_wsl env XAUTHORITY="$T/$1.auth" "$B/x11bench" "$(display_of "$1")" 10000 rtt >/dev/null
	sleep 0.3
	kill -INT $st; wait $st 2>/dev/null || true
	awk '$NF == "total" { print $4 }' "$T/$1.strace" # % seconds usecs/call calls [errors] total
}
for path in relay ring $([ -n "$BEFORE" ] && echo before); do
	echo "$path $(syscalls "$path")" >>"$T/syscalls"
done
# hold PORT COOKIEHEX N: N connections set up and left idle, until stdin closes.
hold() {
	in_wsl python3 -c "
import resource, socket, struct, sys
resource.setrlimit(resource.RLIMIT_NOFILE, resource.getrlimit(resource.RLIMIT_NOFILE)[1:] * 2)
port, cookie, n = int(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
name = b'MIT-MAGIC-COOKIE-1'
setup = b'l\0' + struct.pack('<HHHH', 11, 0, len(name), 16) + b'\0\0' + name + b'\0\0' + cookie
held = []
for i in range(n):
    s = socket.create_connection(('$LAB_HOST_IP', port), timeout=10)
    s.sendall(setup)
    if s.recv(8)[:1] != b'\x01':
        sys.exit('setup refused')
    held.append(s)
print('held', flush=True)
sys.stdin.read()
" "$@"
}
# holding FILE: wait until the holder says its connections are up.
holding() {
	local i
	for i in $(seq 600); do grep -q held "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "bench: the idle connections did not come up: $(cat "$1")" >&2
	exit 1
}
fds() { find "/proc/$1/fd" -mindepth 1 | wc -l; }
# An active client alone, then beside 1,000 idle relayed connections (interleaved).
for path in relay ring; do
	port=$(display_of "$path"); port=$((6000 + ${port##*:}))
	cookie=$(xauth -n -f "$T/$path.auth" list | awk '{print $3}')
	base_fds=$(fds "$(pid_of "$path")")
	for round in $(seq "$ROUNDS"); do
		in_wsl env XAUTHORITY="$T/$path.auth" "$B/x11bench" "$(display_of "$path")" 10000 rtt >>"$T/alone.$path"
		exec 3> >(hold "$port" "$cookie" 1000 >"$T/hold.$path")
		holding "$T/hold.$path"
		[ "$round" = 1 ] && echo "$(( $(fds "$(pid_of "$path")") - base_fds ))" >"$T/idlefds.$path"
		in_wsl env XAUTHORITY="$T/$path.auth" "$B/x11bench" "$(display_of "$path")" 10000 rtt >>"$T/idle.$path"
		exec 3>&-
		rm -f "$T/hold.$path"
		for i in $(seq 100); do [ "$(fds "$(pid_of "$path")")" -le "$base_fds" ] && break; sleep 0.1; done
	done
done
# Memory: RSS idle, then with 200 idle clients past their setup.
rss() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $t; }
rss_idle=$(rss $host_pid)
exec 3> >(hold 6000 "$hcookie" 200 >"$T/hold1")
holding "$T/hold1"
rss_200=$(rss $host_pid); exec 3>&-
socat_idle=$(rss $(pgrep -f "socat TCP-LISTEN:6002"))
exec 3> >(hold 6002 "$xcookie" 200 >"$T/hold2")
holding "$T/hold2"
socat_200=$(rss $(pgrep -f "socat TCP-LISTEN:6002")); exec 3>&-
python3 - "$T" "$rss_idle" "$rss_200" "$socat_idle" "$socat_200" $paths <<'PY'
import statistics, sys
t = sys.argv[1]
rss_idle, rss_200, socat_idle, socat_200 = map(int, sys.argv[2:6])
paths = sys.argv[6:]
label = {"direct": "direct", "relay": "wslx-host", "ring": "ring", "socat": "socat", "before": "before"}
names = ["connect+setup us", "round trip p50 us", "round trip p99 us", "PutImage MB/s",
         "GetImage MB/s", "small after large ms"]
med = lambda xs: statistics.median(xs)
ok = lambda c: "yes" if c else "NO"
for setting in ("free", "split"):
    rows = {k: [list(map(float, l.split())) for l in open(f"{t}/{setting}.{k}")] for k in paths}
    m = {k: [med(c) for c in zip(*v)] for k, v in rows.items()}
    print("-- scheduler free" if setting == "free" else "-- host side on CPU 0, guest on CPU 1")
    print("%-21s" % "" + "".join("%10s" % label[k] for k in paths) + "   " +
          " ".join("%9s" % (label[k] + "/d") for k in paths if k != "direct"))
    for i, n in enumerate(names):
        d = m["direct"][i]
        print("%-21s" % n + "".join("%10.1f" % m[k][i] for k in paths) + "   " +
              " ".join("%8.2fx" % (m[k][i] / d if d else 0) for k in paths if k != "direct"))
    d50, d99, s50, s99 = m["direct"][1], m["direct"][2], m["socat"][1], m["socat"][2]
    for k in paths:
        if k in ("direct", "socat"):
            continue
        over = m[k][1] - d50
        cpu = med(float(l) for l in open(f"{t}/{setting}.{k}.cpu")) / 1e9
        gib = med(float(l.split()[6]) for l in open(f"{t}/{setting}.{k}.bulk")) / 2**30
        print("%-9s p50 overhead %5.1f us = %.2f of socat's %.1f (<= 0.85: %s); p99 %.1f vs socat %.1f (below: %s);"
              % (label[k], over, over / (s50 - d50) if s50 > d50 else 0, s50 - d50,
                 ok(s50 > d50 and over <= 0.85 * (s50 - d50)), m[k][2], s99, ok(m[k][2] < s99)))
        put, get = m[k][3] / m["direct"][3], m[k][4] / m["direct"][4]
        print("%-9s connect+setup %.2fx direct (<= 1.4: %s); Put/Get %.2fx/%.2fx direct (>= 0.9: %s); "
              "CPU %.2f s per GiB relayed (<= 1.0: %s)"
              % ("", m[k][0] / m["direct"][0], ok(m[k][0] <= 1.4 * m["direct"][0]), put, get,
                 ok(min(put, get) >= 0.9), cpu / gib, ok(cpu / gib <= 1.0)))
    if "ring" in m:
        print("ring/wslx-host round trip p50: %.2f (within 10%%: %s)" % (m["ring"][1] / m["relay"][1],
              ok(m["ring"][1] <= 1.10 * m["relay"][1])))
for l in open(f"{t}/syscalls"):
    k, n = l.split()
    print("system calls per round trip (10,000 round trips): %-9s %.2f" % (label[k], float(n) / 10000))
for k in ("relay", "ring"):
    alone = med(float(l.split()[0]) for l in open(f"{t}/alone.{k}"))
    idle = med(float(l.split()[0]) for l in open(f"{t}/idle.{k}"))
    fds = int(open(f"{t}/idlefds.{k}").read())
    print("%-9s round trip p50 alone %.1f us, beside 1,000 idle clients %.1f us: %.2fx (<= 1.1: %s); %.1f descriptors each"
          % (label[k], alone, idle, idle / alone, ok(idle <= 1.1 * alone), fds / 1000))
print("RSS idle: wslx-host %d KiB, socat %d KiB" % (rss_idle, socat_idle))
print("RSS with 200 idle clients: wslx-host %d KiB (%.1f KiB each), socat %d KiB (%.1f KiB each)"
      % (rss_200, (rss_200 - rss_idle) / 200, socat_200, (socat_200 - socat_idle) / 200))
PY
