#!/usr/bin/env bash
# Floods from inside the allowed subnet cannot lock a real client out: 1,000
# idle connections, then a flood that reconnects whenever it is cut; a real
# client's xdpyinfo completes, 10 times in a row before the kernel hands the
# silent connections over and 10 after, and clients already relayed stay
# connected.  2,000 garbage setups: the log stays bounded.
# A low descriptor limit: the client limit is fitted and said, and the client
# past it gets an X11 Failed reply, never silence.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host
guest "$WSLX_BUILD/wslx" env >/dev/null
xclient() { guest env DISPLAY=$LAB_HOST_IP:0 "$@"; }
# xclient_bg CMD...: in the background; $! is the client itself (kill reaches it).
xclient_bg() { lab_bg "$LAB_WSL" env -u XAUTHORITY HOME="$LAB_DIR/home" DISPLAY=$LAB_HOST_IP:0 "$@"; }

# Two clients relayed before the flood.
xclient_bg xev -root -event property >/dev/null 2>&1
relayed1=$!
xclient_bg xev -root -event property >/dev/null 2>&1
relayed2=$!
for i in $(seq 100); do [ "$(grep -c ' accepted' "$LAB_DIR/host.log")" -ge 2 ] && break; sleep 0.1; done

# The flood: 1,000 connections that send nothing, each reopened when cut.
cat >"$LAB_DIR/flood.py" <<'PY'
import selectors, socket, sys, time
host, n, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
sel = selectors.DefaultSelector()
def open_one():
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex((host, 6000))
    sel.register(s, selectors.EVENT_READ)
for _ in range(n):
    open_one()
reopened, end = 0, time.time() + seconds
while time.time() < end:
    for key, _ in sel.select(0.5):
        sel.unregister(key.fileobj)
        key.fileobj.close()
        open_one()
        reopened += 1
print("reopened", reopened)
PY
lab_bg "$LAB_WSL" python3 "$LAB_DIR/flood.py" "$LAB_HOST_IP" 1000 120 >"$LAB_DIR/flood.out" 2>&1
flood=$!
# xdpyinfo N: a real client, 10 times; the slowest time is only reported (a
# slow machine is no failure), a client shut out would not finish at all.
worst=0
xdpyinfo_runs() {
	for i in $(seq 10); do
		start=$(date +%s%N)
		out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; timeout 20 xdpyinfo" 2>&1) ||
			fail "xdpyinfo $i $1: $(printf '%s' "$out" | tail -2)"
		ms=$((($(date +%s%N) - start) / 1000000))
		[ "$ms" -gt "$worst" ] && worst=$ms
		expect_match "$out" "vendor string" "xdpyinfo $i $1"
	done
}
# First the silent connections wait in the kernel (deferred accept: they have
# sent nothing), taking no place in the setup budget.
sleep 1
xdpyinfo_runs "while the flood's connections wait unaccepted"
# After NETSOCK_DEFER_S the kernel hands them over: the setup budget fills, the
# oldest goes, the flood reconnects; real clients still get through.
for i in $(seq 300); do grep -q "dropped: 64 connections in their setup" "$LAB_DIR/host.log" && break; sleep 0.1; done
expect_match "$(cat "$LAB_DIR/host.log")" "dropped: 64 connections in their setup" "oldest dropped"
xdpyinfo_runs "while the flood churns the setup budget"
kill -0 $relayed1 && kill -0 $relayed2 || fail "a relayed client was dropped during the flood"
kill $flood 2>/dev/null; wait $flood 2>/dev/null
kill $relayed1 $relayed2; wait $relayed1 $relayed2 2>/dev/null
echo "flood: worst xdpyinfo $worst ms"

# 2,000 garbage setups from inside the subnet, to a fresh wslx-host (a fresh
# log window): refusals are logged, rate limited.
kill "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null
lab_host
before=$(wc -l <"$LAB_DIR/host.log")
start=$(date +%s)
in_wsl python3 -c "
import socket
for i in range(2000):
    try:
        s = socket.create_connection(('$LAB_HOST_IP', 6000), timeout=5)
        s.sendall(b'GET / HTTP/1.1\r\n\r\n'); s.recv(100); s.close()
    except OSError:
        pass"
windows=$((($(date +%s) - start) / 10 + 1))
lines=$(($(wc -l <"$LAB_DIR/host.log") - before))
[ "$lines" -ge 20 ] || fail "2,000 garbage setups wrote only $lines log lines"
[ "$lines" -le $((21 * windows + 1)) ] || fail "2,000 garbage setups wrote $lines log lines in $windows window(s) of 10 s"
echo "garbage: $lines log lines"
kill "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null

# A low descriptor limit: 40 fits 3 clients (6 descriptors each); the 4th is told.
rm -f "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" bash -c 'ulimit -n 40 && exec "$@"' sh "$WSLX_BUILD/wslx-host" \
	--interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" \
	--state-dir "$LAB_DIR/state" --log "$LAB_DIR/low.log"
lab_wait_file "$LAB_DIR/state/host.ini"
expect_match "$(cat "$LAB_DIR/low.log")" "descriptor limit 40 \(6 per client\): serving at most 3 clients, not 256" "limit logged"
guest "$WSLX_BUILD/wslx" env >/dev/null
pids=""
for i in 1 2 3; do
	xclient_bg xev -root -event property >/dev/null 2>&1
	pids="$pids $!"
done
for i in $(seq 100); do [ "$(grep -c ' accepted' "$LAB_DIR/low.log")" -ge 3 ] && break; sleep 0.1; done
out=$(xclient xdpyinfo 2>&1) && fail "a 4th client got in past the limit"
expect_match "$out" "wslx: too many clients \(3\)" "the 4th client is told"
kill $pids; wait $pids 2>/dev/null
expect_match "$(xclient xdpyinfo 2>&1)" "vendor string" "served again once clients left"
echo "flood ok"
