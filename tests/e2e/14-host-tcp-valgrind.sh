#!/usr/bin/env bash
# A TCP upstream (as Xming on Windows), with wslx-host under valgrind and
# relaying through its memory ring buffers (the Windows path; Linux splices):
# real clients work, bytes arrive intact, and after SIGTERM valgrind finds no
# error and no leak.
. "$(dirname "$0")/lib.sh"
LAB_XTCP=1
lab_up
lab_xserver
rm -f "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" env WSLX_NO_SPLICE=1 valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	--error-exitcode=99 --log-file="$LAB_DIR/vg.log" "$WSLX_BUILD/wslx-host" \
	--interface "$LAB_IF_WSL" --upstream "127.0.0.1:$((6000 + LAB_XNUM))" \
	--upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
vg=$!
for i in $(seq 300); do [ -e "$LAB_DIR/state/host.ini" ] && break; sleep 0.1; done
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo; xlsclients -l; x11perf -repeat 1 -time 1 -getimage10" 2>&1) ||
	fail "clients over the TCP upstream: $out"
expect_match "$out" "vendor string: +The X.Org Foundation" "xdpyinfo"
expect_match "$out" "reps @" "x11perf"
guest env DISPLAY=$LAB_HOST_IP:0 xwd -root -silent >"$LAB_DIR/bridge.xwd" || fail "xwd via bridge"
DISPLAY=:$LAB_XNUM XAUTHORITY="$LAB_DIR/xserver.auth" in_win xwd -root -silent >"$LAB_DIR/direct.xwd"
expect_same_xwd "$LAB_DIR/bridge.xwd" "$LAB_DIR/direct.xwd" "image through the ring buffers"
cookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 slowimage "$cookie")" "image 1920032 bytes" "slow reader"
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 http)" '^Failed: wslx: not an X11' "hostile setup under valgrind"
kill -TERM $vg
wait $vg; rc=$?
expect_eq "$rc" 0 "wslx-host exit under valgrind (99: valgrind found errors: $(cat "$LAB_DIR/vg.log"))"
[ -s "$LAB_DIR/vg.log" ] && fail "valgrind reported: $(cat "$LAB_DIR/vg.log")"
echo "tcp upstream + valgrind ok"
