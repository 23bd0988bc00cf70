#!/usr/bin/env bash
# The whole chain in the simulated NAT: a guest shell evals `wslx env`, a real
# client reaches Xvfb through wslx-host; without the cookie it is told why.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host

env_out=$(guest "$WSLX_BUILD/wslx" env --shell bash) || fail "wslx env failed"
expect_eq "$env_out" "DISPLAY='$LAB_HOST_IP:0'; export DISPLAY;" "env output"

# A real Xlib client through the bridge, with the cookie env installed.
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) || fail "xdpyinfo: $out"
expect_match "$out" "name of display: +$LAB_HOST_IP:0" "xdpyinfo display"
expect_match "$out" "vendor string: +The X.Org Foundation" "xdpyinfo vendor"
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xlsclients -a; xwininfo -root" 2>&1) ||
	fail "xwininfo: $out"
expect_match "$out" "Absolute upper-left X: +0" "xwininfo"

# The cookie the guest holds is not the X server's: the server never sees it.
guest_cookie=$(guest xauth -n -f "$LAB_DIR/home/.Xauthority" list | awk '$2 == "MIT-MAGIC-COOKIE-1" {print $3}')
server_cookie=$(xauth -n -f "$LAB_DIR/xserver.auth" list | awk '{print $3}')
[ -n "$guest_cookie" ] || fail "no cookie in the guest's Xauthority"
[ "$guest_cookie" != "$server_cookie" ] || fail "guest holds the server's own cookie"

# No cookie and a wrong cookie: an X11 Failed reply with wslx's reason.
out=$(guest env XAUTHORITY=/dev/null DISPLAY=$LAB_HOST_IP:0 xdpyinfo 2>&1) && fail "no cookie got in"
expect_match "$out" 'wslx: authorization required: run eval' "no-cookie reason"
out=$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit 00112233445566778899aabbccddeeff)
expect_match "$out" '^Failed: wslx: invalid MIT-MAGIC-COOKIE-1 key' "wrong cookie"
out=$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit-msb "$guest_cookie")
expect_eq "$out" "Success" "MSB-first client with the right cookie"

# A stale cookie in the handoff (not the one wslx-host holds): env installs it,
# and the client is refused.
xauth -q -f "$LAB_DIR/state/cookie" add :0 MIT-MAGIC-COOKIE-1 00112233445566778899aabbccddeeff
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) && fail "a stale handoff cookie got in"
expect_match "$out" 'wslx: invalid MIT-MAGIC-COOKIE-1 key' "stale handoff cookie"

# Every outcome is one log line with peer and reason.
log=$(cat "$LAB_DIR/host.log")
expect_match "$log" "$LAB_GUEST_IP:[0-9]+ accepted" "log accepted"
expect_match "$log" "$LAB_GUEST_IP:[0-9]+ refused: wslx: invalid MIT-MAGIC-COOKIE-1" "log refused"
echo "basic chain ok"
