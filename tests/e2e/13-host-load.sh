#!/usr/bin/env bash
# Many clients at once, and bulk data both ways through the relay, compared
# byte for byte with a direct connection (GetImage of a drawn window).
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host --max-clients 300
guest "$WSLX_BUILD/wslx" env >/dev/null

# 200 concurrent real clients.
pids=""
for i in $(seq 200); do
	guest env DISPLAY=$LAB_HOST_IP:0 xdpyinfo -queryExtensions >"$LAB_DIR/c$i.out" 2>&1 &
	pids="$pids $!"
done
bad=0
for p in $pids; do wait "$p" || bad=$((bad + 1)); done
expect_eq "$bad" 0 "failed concurrent clients"

# Bulk: draw, then read the whole screen back (1.9 MB) through the bridge and directly.
guest env DISPLAY=$LAB_HOST_IP:0 xsetroot -solid '#3366cc' || fail xsetroot
guest env DISPLAY=$LAB_HOST_IP:0 xwd -root -silent >"$LAB_DIR/bridge.xwd" || fail "xwd via bridge"
DISPLAY=:$LAB_XNUM XAUTHORITY="$LAB_DIR/xserver.auth" in_win xwd -root -silent >"$LAB_DIR/direct.xwd"
size=$(stat -c %s "$LAB_DIR/bridge.xwd")
[ "$size" -gt 1000000 ] || fail "screenshot too small: $size"
cmp -s "$LAB_DIR/bridge.xwd" "$LAB_DIR/direct.xwd" || fail "relayed bytes differ"
# A client that reads slowly: the relay's buffers fill, and must resume each
# time the client catches up (an 800x600x32 image is 1,920,032 bytes).
cookie=$(xauth -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
for i in 1 2 3; do
	expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 slowimage "$cookie")" "image 1920032 bytes" "slow reader $i"
done
# And many requests the other way (x11perf, a short run).
guest env DISPLAY=$LAB_HOST_IP:0 x11perf -repeat 1 -time 1 -rect10 >"$LAB_DIR/perf.out" 2>&1 ||
	fail "x11perf: $(tail -3 "$LAB_DIR/perf.out")"
expect_match "$(cat "$LAB_DIR/perf.out")" "reps @" "x11perf ran"
kill -0 "$LAB_HOST_PID" || fail "wslx-host died"
echo "load ok"
