#!/usr/bin/env bash
# wslx-host.exe under wine, in the "Windows" namespace, in front of Xvfb over TCP
# (as in front of Xming): its handoff is read by the Linux side (the cookie file
# by libXau's xauth), a real client gets through, a wrong cookie is refused.
. "$(dirname "$0")/lib.sh"
wine_lab
# A profile as users have them: a space, an accent, an apostrophe.  The guest
# reads the handoff through $LAB_DIR/state, a link to the state directory there.
prof="$LAB_DIR/Users/José O'Brien"
mkdir -p "$prof/AppData/Local/wslx"
cp "$LAB_DIR/xserver.auth" "$prof/xserver.auth"
rmdir "$LAB_DIR/state" && ln -s "$prof/AppData/Local/wslx" "$LAB_DIR/state"
lab_bg "$LAB_WIN" env WINEDEBUG=-all WINEPREFIX="$WINEPREFIX" "$WINE" "$EXE" \
	--listen "$LAB_HOST_IP" --allow 172.30.96.0/20 \
	--upstream "127.0.0.1:$((6000 + LAB_XNUM))" --upstream-auth "$(winpath "$prof/xserver.auth")" \
	--state-dir "$(winpath "$prof/AppData/Local/wslx")" --log "$(winpath "$prof/host.log")" -v
for i in $(seq 600); do [ -e "$LAB_DIR/state/host.ini" ] && break; sleep 0.1; done
[ -e "$LAB_DIR/state/host.ini" ] || fail "no handoff from wslx-host.exe: $(cat "$prof/host.log" 2>&1)"
expect_match "$(cat "$LAB_DIR/state/host.ini")" "listen = $LAB_HOST_IP" "host.ini"
expect_match "$(xauth -n -f "$LAB_DIR/state/cookie" list)" '^#ffff##:0 +MIT-MAGIC-COOKIE-1 +[0-9a-f]{32}$' "cookie read by libXau"

out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) || fail "xdpyinfo through wslx-host.exe: $out"
expect_match "$out" "vendor string: +The X.Org Foundation" "client through the .exe"
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit 00112233445566778899aabbccddeeff)" \
	'^Failed: wslx: invalid MIT-MAGIC-COOKIE-1 key' "wrong cookie"
log=$(tr -d '\r' <"$prof/host.log")
expect_match "$log" "$LAB_GUEST_IP:[0-9]+ accepted" "log"
echo "wine host ok"
