#!/usr/bin/env bash
# wslx's cookie goes only to the host it serves: another X server with the same
# display number elsewhere (here on the LAN, with its own cookie in the user's
# Xauthority) still gets its own cookie after `wslx env`, and both work.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
in_win sysctl -qw net.ipv4.ip_forward=1
# The other server: Xvfb on the LAN host, TCP, a display number no one holds here.
D=$((LAB_XNUM + 1))
while [ -e "/tmp/.X$D-lock" ] || [ -e "/tmp/.X11-unix/X$D" ]; do D=$((D + 1)); done
other=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
xauth -q -f "$LAB_DIR/other.auth" add ":$D" MIT-MAGIC-COOKIE-1 "$other" 2>/dev/null
lab_bg "$LAB_LAN" Xvfb ":$D" -listen tcp -noreset -auth "$LAB_DIR/other.auth" -screen 0 320x240x24 \
	>"$LAB_DIR/other.log" 2>&1
for i in $(seq 100); do
	in_lan env DISPLAY=":$D" XAUTHORITY="$LAB_DIR/other.auth" xdpyinfo >/dev/null 2>&1 && break
	sleep 0.1
done
# wslx-host serving the same display number.
lab_host --display "$D"
guest xauth -q -f "$LAB_DIR/home/.Xauthority" add "$LAB_STRANGER_IP:$D" MIT-MAGIC-COOKIE-1 "$other" 2>/dev/null
xother() { guest env DISPLAY="$LAB_STRANGER_IP:$D" xdpyinfo 2>&1; }
expect_match "$(xother)" "dimensions: +320x240" "the other server before wslx env"
guest "$WSLX_BUILD/wslx" env >/dev/null || fail "wslx env"
expect_match "$(xother)" "dimensions: +320x240" "the other server after wslx env"
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; echo \$DISPLAY; xdpyinfo" 2>&1)
expect_match "$out" "^$LAB_HOST_IP:$D" "wslx's display"
expect_match "$out" "dimensions: +800x600" "wslx's server"
# The other entry is kept byte for byte.
expect_match "$(guest xauth -n -f "$LAB_DIR/home/.Xauthority" list)" \
	"$LAB_STRANGER_IP:$D +MIT-MAGIC-COOKIE-1 +$other" "the other entry"
echo "other server ok"
