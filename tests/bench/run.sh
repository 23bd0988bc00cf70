#!/usr/bin/env bash
# make bench: speed compared within one run (ratios; these machines are noisy).
#  1. wslx env against /bin/true and the folk recipe (grep | cut in $(...)).
#  2. X11 through wslx-host against a direct TCP connection and socat, on
#     loopback: connection setup, round trip p50/p99, PutImage, GetImage.
set -eu
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
echo "   (medians of 3 interleaved rounds; scheduler free, then host side on CPU 0 and guest on CPU 1)"
WSLX_BUILD=$B
. "$ROOT/scripts/lab.sh"
LAB_XTCP=1
lab_up
trap 'lab_down; for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
lab_xserver
XPORT=$((6000 + LAB_XNUM))
lab_host --upstream "127.0.0.1:$XPORT" --max-clients 400
host_pid=$LAB_HOST_PID
mkdir -p "$T/state2"
lab_bg "$LAB_WIN" env WSLX_NO_SPLICE=1 "$B/wslx-host" --listen "$LAB_HOST_IP:6003" --allow 172.30.96.0/20 \
	--upstream "127.0.0.1:$XPORT" --upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$T/state2" --log "$T/h2.log"
ring_pid=$!
lab_wait_file "$T/state2/host.ini"
lab_bg "$LAB_WIN" socat TCP-LISTEN:6002,bind=$LAB_HOST_IP,fork,reuseaddr,nodelay,range=172.30.96.0/20 \
	TCP:127.0.0.1:$XPORT,nodelay
socat_pid=$!
xvfb_pid=$(pgrep -f "^Xvfb :$LAB_XNUM " | head -1)
xcookie=$(xauth -n -f "$LAB_DIR/xserver.auth" list | awk '{print $3}')
hcookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
rcookie=$(xauth -n -f "$T/state2/cookie" list | awk '{print $3}')
xauth -q -f "$T/direct.auth" add "$LAB_HOST_IP:$LAB_XNUM" MIT-MAGIC-COOKIE-1 "$xcookie" 2>/dev/null
xauth -q -f "$T/socat.auth" add "$LAB_HOST_IP:2" MIT-MAGIC-COOKIE-1 "$xcookie" 2>/dev/null
xauth -q -f "$T/relay.auth" add "$LAB_HOST_IP:0" MIT-MAGIC-COOKIE-1 "$hcookie" 2>/dev/null
xauth -q -f "$T/ring.auth" add "$LAB_HOST_IP:3" MIT-MAGIC-COOKIE-1 "$rcookie" 2>/dev/null
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # clock ticks
TICK=$(getconf CLK_TCK)
# pin SETTING: "free" lets the scheduler place everything; "split" puts the
# host side (X server, relays) on CPU 0 and the client on CPU 1.
pin() {
	local p
	for p in $xvfb_pid $host_pid $ring_pid $socat_pid; do
		if [ "$1" = split ]; then taskset -a -p -c 0 "$p" >/dev/null; else taskset -a -p -c 0-1 "$p" >/dev/null; fi
	done
}
client() { # client SETTING PATH DISPLAY
	local cpus=0-1
	[ "$1" = split ] && cpus=1
	in_wsl env XAUTHORITY="$T/$2.auth" taskset -c $cpus "$B/x11bench" "$3" 10000 100 >>"$T/$1.$2"
}
for setting in free split; do
	pin $setting
	for round in 1 2 3; do
		client $setting direct "$LAB_HOST_IP:$LAB_XNUM"
		c0=$(cpu $host_pid)
		client $setting relay "$LAB_HOST_IP:0"
		echo "$(( $(cpu $host_pid) - c0 ))" >>"$T/$setting.relay.cpu"
		c0=$(cpu $ring_pid)
		client $setting ring "$LAB_HOST_IP:3"
		echo "$(( $(cpu $ring_pid) - c0 ))" >>"$T/$setting.ring.cpu"
		client $setting socat "$LAB_HOST_IP:2"
	done
done
pin free
# System calls per round trip: counted over 10,000 round trips of one client.
syscalls() { # syscalls PID PATH DISPLAY
	strace -c -f -p "$1" -o "$T/$2.strace" 2>/dev/null & local st=$!
	sleep 0.5
	in_wsl env XAUTHORITY="$T/$2.auth" "$B/x11bench" "$3" 10000 rtt
	sleep 0.3
	kill -INT $st; wait $st 2>/dev/null || true
	awk '$NF == "total" { print $(NF-2) }' "$T/$2.strace"
}
relay_calls=$(syscalls $host_pid relay "$LAB_HOST_IP:0")
ring_calls=$(syscalls $ring_pid ring "$LAB_HOST_IP:3")
# Memory: RSS idle, then with 200 idle clients past their setup.
rss() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $t; }
hold() { # hold PORT COOKIEHEX: 200 connections set up and left idle, until stdin closes
	in_wsl python3 -c "
import socket, struct, sys
port, cookie = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
name = b'MIT-MAGIC-COOKIE-1'
setup = b'l\0' + struct.pack('<HHHH', 11, 0, len(name), 16) + b'\0\0' + name + b'\0\0' + cookie
held = []
for i in range(200):
    s = socket.create_connection(('$LAB_HOST_IP', port), timeout=10)
    s.sendall(setup)
    if s.recv(8)[:1] != b'\x01':
        sys.exit('setup refused')
    held.append(s)
print('held', flush=True)
sys.stdin.read()
" "$1" "$2"
}
rss_idle=$(rss $host_pid)
exec 3> >(hold 6000 "$hcookie" >"$T/hold1")
for i in $(seq 300); do grep -q held "$T/hold1" 2>/dev/null && break; sleep 0.1; done
rss_200=$(rss $host_pid); exec 3>&-
socat_idle=$(rss $(pgrep -f "socat TCP-LISTEN:6002"))
exec 3> >(hold 6002 "$xcookie" >"$T/hold2")
for i in $(seq 300); do grep -q held "$T/hold2" 2>/dev/null && break; sleep 0.1; done
socat_200=$(rss $(pgrep -f "socat TCP-LISTEN:6002")); exec 3>&-
python3 - "$T" "$TICK" "$rss_idle" "$rss_200" "$socat_idle" "$socat_200" "$relay_calls" "$ring_calls" <<'PY'
import statistics, sys
t, tick = sys.argv[1], float(sys.argv[2])
rss_idle, rss_200, socat_idle, socat_200 = map(int, sys.argv[3:7])
relay_calls, ring_calls = float(sys.argv[7]), float(sys.argv[8])
paths = ("direct", "relay", "ring", "socat")
names = ["connect+setup us", "round trip p50 us", "round trip p99 us", "PutImage MB/s",
         "GetImage MB/s", "small after large ms"]
for setting in ("free", "split"):
    rows = {k: [list(map(float, l.split())) for l in open(f"{t}/{setting}.{k}")] for k in paths}
    med = {k: [statistics.median(c) for c in zip(*v)] for k, v in rows.items()}
    print("-- scheduler free" if setting == "free" else "-- host side on CPU 0, guest on CPU 1")
    print("%-21s %9s %9s %9s %9s   %s" % ("", "direct", "wslx-host", "ring", "socat", "wslx/direct ring/direct socat/direct"))
    for i, n in enumerate(names):
        d = med["direct"][i]
        r, g, s = med["relay"][i], med["ring"][i], med["socat"][i]
        print("%-21s %9.2f %9.2f %9.2f %9.2f   %6.2fx     %6.2fx     %6.2fx" % (n, d, r, g, s, r / d if d else 0, g / d if d else 0, s / d if d else 0))
    d, r, g, s = (med[k][1] for k in paths)
    if s > d:
        print("round trip p50 overhead over direct: wslx-host %.1f us (%.2f of socat's), ring %.1f us (%.2f), socat %.1f us"
              % (r - d, (r - d) / (s - d), g - d, (g - d) / (s - d), s - d))
    for k, pid in (("relay", "wslx-host"), ("ring", "ring")):
        cpu = statistics.median(float(l) for l in open(f"{t}/{setting}.{k}.cpu")) / tick
        gib = med[k][6] / 2**30
        print("%s CPU: %.2f s per GiB relayed" % (pid, cpu / gib))
print("system calls per round trip (10,000 round trips): wslx-host %.2f, ring %.2f" % (relay_calls / 10000, ring_calls / 10000))
print("RSS idle: wslx-host %d KiB, socat %d KiB" % (rss_idle, socat_idle))
print("RSS with 200 idle clients: wslx-host %d KiB (%.1f KiB each), socat %d KiB (%.1f KiB each)"
      % (rss_200, (rss_200 - rss_idle) / 200, socat_200, (socat_200 - socat_idle) / 200))
PY
