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

echo "== wslx env (no fork, static) vs /bin/true vs the folk recipe"
mkdir -p "$T/home" "$T/state"
"$B/wslx-host" --listen 127.0.0.1:7000 --allow 172.30.96.0/20 --upstream 127.0.0.1:1 --state-dir "$T/state" \
	--log "$T/h0.log" & pids="$pids $!"
while [ ! -e "$T/state/host.ini" ]; do sleep 0.05; done
export HOME=$T/home WSLX_HOST_DIR=$T/state WSLX_SYSROOT=$ROOT/tests/fixtures/wsl2-nat
"$B/wslx" env >/dev/null
hyperfine -N -w 50 -r 1000 --export-json "$T/env.json" --style none \
	"$B/wslx env" "/bin/true" >"$T/hf.log" 2>&1 || { cat "$T/hf.log"; exit 1; }
hyperfine -w 20 -r 300 --export-json "$T/recipe.json" \
	"sh -c 'x=\$(grep nameserver /etc/resolv.conf | cut -d\" \" -f2):0'" >/dev/null 2>&1
python3 - "$T/env.json" "$T/recipe.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
rec = json.load(open(sys.argv[2]))["results"][0]
env, true = r[0]["median"] * 1e6, r[1]["median"] * 1e6
print("wslx env %6.0f us   /bin/true %6.0f us   ratio %.2fx" % (env, true, env / true))
print("folk recipe (sh + grep + cut) %6.0f us   wslx env is %.1fx faster" % (rec["median"] * 1e6, rec["median"] * 1e6 / env))
PY

echo "== X11 on loopback: direct vs wslx-host vs socat (medians of 3 interleaved rounds)"
N=$((400 + $$ % 100))
xauth -q -f "$T/x.auth" add ":$N" MIT-MAGIC-COOKIE-1 "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" 2>/dev/null
Xvfb ":$N" -noreset -listen tcp -auth "$T/x.auth" -screen 0 1024x768x24 >/dev/null 2>&1 & pids="$pids $!"
while ! XAUTHORITY=$T/x.auth xdpyinfo -display ":$N" >/dev/null 2>&1; do sleep 0.1; done
mkdir -p "$T/s2"; chmod 700 "$T/s2"
"$B/wslx-host" --listen 127.0.0.1:$((6000 + N + 1)) --upstream ":$N" \
	--upstream-auth "$T/x.auth" --state-dir "$T/s2" --log "$T/h.log" & pids="$pids $!"
socat TCP-LISTEN:$((6000 + N + 2)),bind=127.0.0.1,fork,reuseaddr,nodelay \
	TCP:127.0.0.1:$((6000 + N)),nodelay & pids="$pids $!"
while [ ! -e "$T/s2/cookie" ]; do sleep 0.05; done
cookie=$(xauth -f "$T/s2/cookie" list | awk '{print $3}')
xauth -q -f "$T/relay.auth" add "127.0.0.1:$((N + 1))" MIT-MAGIC-COOKIE-1 "$cookie"
xauth -f "$T/x.auth" list | awk -v n="$N" '{print "127.0.0.1:" n+2, $2, $3}' |
	while read -r d p k; do xauth -q -f "$T/socat.auth" add "$d" "$p" "$k"; done
xauth -f "$T/x.auth" list | awk -v n="$N" '{print "127.0.0.1:" n, $2, $3}' |
	while read -r d p k; do xauth -q -f "$T/direct.auth" add "$d" "$p" "$k"; done
for round in 1 2 3; do
	XAUTHORITY=$T/direct.auth "$B/x11bench" "127.0.0.1:$N" >>"$T/direct"
	XAUTHORITY=$T/relay.auth "$B/x11bench" "127.0.0.1:$((N + 1))" >>"$T/relay"
	XAUTHORITY=$T/socat.auth "$B/x11bench" "127.0.0.1:$((N + 2))" >>"$T/socat"
done
python3 - "$T" <<'PY'
import statistics, sys
t = sys.argv[1]
rows = {k: [list(map(float, l.split())) for l in open(f"{t}/{k}")] for k in ("direct", "relay", "socat")}
med = {k: [statistics.median(c) for c in zip(*v)] for k, v in rows.items()}
names = ["connect+setup us", "round trip p50 us", "round trip p99 us", "PutImage MB/s", "GetImage MB/s"]
print("%-18s %10s %10s %10s   %s" % ("", "direct", "wslx-host", "socat", "wslx/direct  socat/direct"))
for i, n in enumerate(names):
    d, r, s = med["direct"][i], med["relay"][i], med["socat"][i]
    print("%-18s %10.1f %10.1f %10.1f   %6.2fx     %6.2fx" % (n, d, r, s, r / d, s / d))
PY
