#!/usr/bin/env bash
# wslx test opens a real Xlib window through the bridge: found by name,
# screenshot has the drawn text, and it goes away by itself.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; $WSLX_BUILD/wslx test --seconds 4" >"$LAB_DIR/test.out" 2>&1 &
tpid=$!
X="env DISPLAY=:$LAB_XNUM XAUTHORITY=$LAB_DIR/xserver.auth"
for i in $(seq 100); do
	in_win $X xwininfo -name "wslx test" >"$LAB_DIR/win" 2>/dev/null && break
	sleep 0.1
done
expect_match "$(cat "$LAB_DIR/win")" 'Width: 420' "window found"
id=$(awk '/Window id:/ {print $4}' "$LAB_DIR/win")
# More than one colour: the text was drawn on the background (a busy machine may
# take a moment to draw it, so look again until it is there or the window goes).
count_colours() {
	python3 - "$1" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
hs = struct.unpack(">I", d[:4])[0]
ncol = struct.unpack(">I", d[76:80])[0]
pix = d[hs + ncol * 12:]
print(len(set(pix[i:i + 4] for i in range(0, len(pix) - 3, 4))))
PY
}
colours=0
for i in $(seq 30); do
	in_win $X xwd -id "$id" -silent >"$LAB_DIR/w.xwd" 2>/dev/null || break
	colours=$(count_colours "$LAB_DIR/w.xwd")
	[ "$colours" -gt 1 ] && break
	sleep 0.1
done
[ "$colours" -gt 1 ] || fail "window has $colours colour(s)"
wait $tpid || fail "wslx test failed: $(cat "$LAB_DIR/test.out")"
expect_match "$(cat "$LAB_DIR/test.out")" "wslx test: $LAB_HOST_IP:0: window shown, round trip [0-9.]+ ms" "output"
in_win $X xwininfo -name "wslx test" >/dev/null 2>&1 && fail "window still there"
# In a shell without the eval (no DISPLAY): the display wslx env would set.
out=$(guest env -u DISPLAY "$WSLX_BUILD/wslx" test --seconds 1 2>&1) || fail "wslx test without DISPLAY: $out"
expect_match "$out" "wslx test: $LAB_HOST_IP:0: window shown" "test without DISPLAY"
rc=0; out=$(guest "$WSLX_BUILD/wslx" test --display :0 2>&1) || rc=$?
expect_eq "$rc" 2 "--display takes a number, as everywhere"
echo "test window ok"
