#!/usr/bin/env bash
# --upstream-cookie-out: wslx-host makes the X server's cookie, the server is
# started with -auth that file (as wslx-start.ps1 does with Xming), and clients
# get through; the file is 0600 and libXau reads it.
. "$(dirname "$0")/lib.sh"
lab_up
rm -f "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
	--upstream-cookie-out "$LAB_DIR/made.auth" --state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
lab_wait_file "$LAB_DIR/state/host.ini"
expect_eq "$(stat -c %a "$LAB_DIR/made.auth")" 600 "mode of the made cookie"
made=$(xauth -n -f "$LAB_DIR/made.auth" list | awk '{print $3}')
expect_match "$made" '^[0-9a-f]{32}$' "made cookie read by libXau"
handoff=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
[ "$made" != "$handoff" ] || fail "the server's cookie is the guests' cookie"
lab_bg "$LAB_WIN" Xvfb ":$LAB_XNUM" -noreset -nolisten tcp -auth "$LAB_DIR/made.auth" >/dev/null 2>&1
for i in $(seq 100); do
	out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) && break
	sleep 0.1
done
expect_match "$out" "vendor string: +The X.Org Foundation" "client through a server started with the made cookie"
# Without the cookie the server itself refuses: it really has authentication on.
out=$(in_win env DISPLAY=":$LAB_XNUM" XAUTHORITY=/dev/null xdpyinfo 2>&1) && fail "the X server accepts anyone"
echo "cookie-out ok"
