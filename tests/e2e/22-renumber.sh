#!/usr/bin/env bash
# WSL restarts with a new subnet: without any command, wslx-host moves its
# listener, allowed subnet, handoff and firewall rule; a new shell just works.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host --firewall nftables
expect_match "$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1)" "vendor string" "before"

# Renumber both ends of the WSL link, as a WSL restart does.
in_win ip addr flush dev "$LAB_IF_WSL"
in_win ip addr add 172.31.16.1/24 dev "$LAB_IF_WSL"
in_wsl ip addr flush dev eth0
in_wsl ip addr add 172.31.16.5/24 dev eth0
in_wsl ip route add default via 172.31.16.1
# (The flush is seen too: host.ini says "waiting" for a moment, another generation.)
for i in $(seq 150); do
	grep -q 'listen = 172.31.16.1' "$LAB_DIR/state/host.ini" 2>/dev/null && break
	sleep 0.1
done
ini=$(cat "$LAB_DIR/state/host.ini")
expect_match "$ini" "generation = [2-9]" "handoff rewritten"
expect_match "$ini" "state = serving" "serving at the new address"
expect_match "$ini" "listen = 172.31.16.1" "new listen address"
expect_match "$ini" "subnet = 172.31.16.0/24" "new subnet"
expect_match "$ini" "firewall = current" "firewall current"
rules=$(in_win nft list table inet wslx)
expect_match "$rules" "ip saddr 172.31.16.0/24 tcp dport 6000 accept" "new rule"
expect_nomatch "$rules" "172.30.96.0" "old rule gone"
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; echo \$DISPLAY; xdpyinfo" 2>&1)
expect_match "$out" "^172.31.16.1:0" "new DISPLAY"
expect_match "$out" "vendor string" "client after the move"
expect_match "$(cat "$LAB_DIR/host.log")" "moved: listening on 172.31.16.1:6000, allowing 172.31.16.0/24 \(was 172.30.96.0/20\)" "logged"
echo "renumber ok"
