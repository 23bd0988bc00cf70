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
expect_same_xwd "$LAB_DIR/bridge.xwd" "$LAB_DIR/direct.xwd" "relayed image"
# The comparison can fail: one flipped pixel byte is caught, while the pad byte
# that xwd leaves uninitialised in each colour entry is not compared.
flip() { # flip FILE OFFSET: invert one byte in place
	python3 -c "import sys; f = open(sys.argv[1], 'r+b'); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(-1, 1); f.write(bytes([b[0] ^ 0xff]))" "$@"
}
hsize=$(od -An -tu4 --endian=big -N4 "$LAB_DIR/bridge.xwd" | tr -d ' ')
ncolors=$(od -An -tu4 --endian=big -j76 -N4 "$LAB_DIR/bridge.xwd" | tr -d ' ')
[ "$ncolors" -gt 0 ] || fail "no colour entries in the screenshot"
cp "$LAB_DIR/bridge.xwd" "$LAB_DIR/flipped.xwd"
flip "$LAB_DIR/flipped.xwd" $((size - 1000))
$XWDCMP "$LAB_DIR/direct.xwd" "$LAB_DIR/flipped.xwd" >/dev/null && fail "a flipped pixel byte went unnoticed"
cp "$LAB_DIR/bridge.xwd" "$LAB_DIR/padded.xwd"
for i in 0 $((ncolors - 1)); do flip "$LAB_DIR/padded.xwd" $((hsize + 12 * i + 11)); done
expect_same_xwd "$LAB_DIR/direct.xwd" "$LAB_DIR/padded.xwd" "only the colour entries' pad bytes changed"
# A client that reads slowly: the relay's buffers fill, and must resume each
# time the client catches up (an 800x600x32 image is 1,920,032 bytes).
cookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
for i in 1 2 3; do
	expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 slowimage "$cookie")" "image 1920032 bytes" "slow reader $i"
done
# And many requests the other way (x11perf, a short run).
guest env DISPLAY=$LAB_HOST_IP:0 x11perf -repeat 1 -time 1 -rect10 >"$LAB_DIR/perf.out" 2>&1 ||
	fail "x11perf: $(tail -3 "$LAB_DIR/perf.out")"
expect_match "$(cat "$LAB_DIR/perf.out")" "reps @" "x11perf ran"
kill -0 "$LAB_HOST_PID" || fail "wslx-host died"
echo "load ok"
