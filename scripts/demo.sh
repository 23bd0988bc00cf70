#!/usr/bin/env bash
# make demo: the whole bridge in a simulated WSL2 NAT (network namespaces), with
# Xvfb as the "Windows" X server and real X clients in the "WSL" namespace.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WSLX_BUILD=$ROOT/build
. "$ROOT/scripts/lab.sh"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; }

lab_up
step "A simulated WSL2 NAT: Windows 172.30.96.1/20 <-> WSL 172.30.98.229/20, a LAN stranger 192.168.50.7"
step "Windows side: Xvfb :$LAB_XNUM with its own cookie (never -ac), wslx-host in front on port 6000"
lab_xserver
lab_host --firewall nftables
cat "$LAB_DIR/host.log"
show "cat host.ini"; sed 's/^/    /' "$LAB_DIR/state/host.ini"

step "WSL side: what wslx sees"
show "wslx show"; guest "$WSLX_BUILD/wslx" show | sed 's/^/    /'
step "WSL side: eval \"\$(wslx env)\" in ~/.bashrc"
show "wslx env"; guest "$WSLX_BUILD/wslx" env | sed 's/^/    /'
show "xdpyinfo | head -4"
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo | head -4" | sed 's/^/    /'
show "xeyes & xlogo & xclock & (real clients through the bridge)"
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; timeout 3 xeyes -geometry 200x150+40+40 & timeout 3 xlogo -geometry 200x200+280+40 & timeout 3 xclock -geometry 200x200+520+40 & sleep 1.5; xlsclients; wait" 2>/dev/null &
clients=$!
sleep 2
in_win env DISPLAY=":$LAB_XNUM" XAUTHORITY="$LAB_DIR/xserver.auth" xwd -root -silent >"$LAB_DIR/screen.xwd"
python3 "$ROOT/scripts/xwd2png.py" "$LAB_DIR/screen.xwd" "$ROOT/build/demo-screen.png" &&
	echo "    screenshot of the \"Windows\" screen: build/demo-screen.png"
wait $clients

step "Without the cookie: an X11 refusal the user can act on"
show "XAUTHORITY=/dev/null xdpyinfo"
guest env XAUTHORITY=/dev/null DISPLAY=$LAB_HOST_IP:0 xdpyinfo 2>&1 | sed 's/^/    /'
show "a client with a wrong cookie"
in_wsl python3 "$ROOT/tests/e2e/x11raw.py" $LAB_HOST_IP 6000 mit 00112233445566778899aabbccddeeff | sed 's/^/    /'
step "A LAN stranger: dropped by the firewall rule (and closed unread by wslx-host)"
X11RAW_TIMEOUT=2 in_lan python3 "$ROOT/tests/e2e/x11raw.py" $LAB_HOST_IP 6000 none | sed 's/^/    stranger: /'
show "nft list table inet wslx"; in_win nft list table inet wslx | sed 's/^/    /'

step "WSL restarts with a new subnet: wslx-host follows by itself"
in_win ip addr flush dev "$LAB_IF_WSL"; in_win ip addr add 172.31.16.1/24 dev "$LAB_IF_WSL"
in_wsl ip addr flush dev eth0; in_wsl ip addr add 172.31.16.5/24 dev eth0
in_wsl ip route add default via 172.31.16.1
for i in $(seq 100); do grep -q 'generation = 2' "$LAB_DIR/state/host.ini" && break; sleep 0.1; done
tail -2 "$LAB_DIR/host.log" | sed 's/^/    /'
show "new shell: wslx env; xdpyinfo | head -1"
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; echo \"    DISPLAY=\$DISPLAY\"; xdpyinfo | head -1 | sed 's/^/    /'"

step "wslx doctor (in a shell whose profile ran eval \"\$(wslx env)\")"
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; $WSLX_BUILD/wslx doctor" | sed 's/^/    /'
step "done: the lab is torn down"
