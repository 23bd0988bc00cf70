#!/usr/bin/env bash
# The watcher follows what WSL does to the adapter: a prefix-only change (same
# address) moves subnet, ACL, handoff and rule without a new listener; the
# interface removed: no listener, host.ini says "waiting" and env and doctor say
# so; restored: served again; 20 rapid flaps end consistent.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host --firewall nftables
ini() { cat "$LAB_DIR/state/host.ini"; }
# wait_ini REGEX: host.ini matches within 15 s (events, or the 10 s re-check).
wait_ini() {
	local i
	for i in $(seq 150); do ini 2>/dev/null | grep -Eq -- "$1" && return 0; sleep 0.1; done
	fail "host.ini never matched /$1/: $(ini)"
}
listening() { in_win ss -Hltn "sport = :6000" | awk '{print $4}'; }
xdpy() { guest bash -c "eval \"\$($WSLX_BUILD/wslx env 2>/dev/null)\"; timeout 10 xdpyinfo" 2>&1; }

# A client relayed before the changes, watching for them all.
guest "$WSLX_BUILD/wslx" env >/dev/null
lab_bg "$LAB_WSL" env -u XAUTHORITY HOME="$LAB_DIR/home" DISPLAY=$LAB_HOST_IP:0 \
	xev -root -event property >/dev/null 2>&1
relayed=$!
for i in $(seq 100); do grep -q ' accepted' "$LAB_DIR/host.log" && break; sleep 0.1; done

# Prefix only: 172.30.96.1/20 becomes 172.30.96.1/24 (the new one added before the
# old one goes, as a renumber that keeps the address does).
in_win ip addr add 172.30.96.1/24 dev "$LAB_IF_WSL"
in_win ip addr del 172.30.96.1/20 dev "$LAB_IF_WSL"
in_wsl ip addr add 172.30.96.5/24 dev eth0
in_wsl ip addr del "$LAB_GUEST_IP/$LAB_PREFIX" dev eth0
in_wsl ip route replace default via "$LAB_HOST_IP"
wait_ini "subnet = 172.30.96.0/24"
expect_match "$(ini)" "state = serving" "serving after the prefix change"
expect_match "$(ini)" "firewall = current" "rule after the prefix change"
expect_match "$(in_win nft list table inet wslx)" "ip saddr 172.30.96.0/24 tcp dport 6000 accept" "rule for /24"
expect_nomatch "$(cat "$LAB_DIR/host.log")" "already in use" "no second listener"
expect_match "$(xdpy)" "vendor string" "client after the prefix change"
kill -0 $relayed || fail "the relayed client was cut by the prefix change"

# The interface removed (WSL shut down): no listener, and the guest is told.
in_win ip link del "$LAB_IF_WSL"
wait_ini "state = waiting"
expect_eq "$(listening)" "" "listeners without the interface"
kill -0 "$LAB_HOST_PID" || fail "wslx-host died with its interface"
out=$(guest "$WSLX_BUILD/wslx" env 2>&1 >/dev/null)
expect_match "$out" "wslx-host is not listening: its interface has no address" "env note"
expect_match "$(guest "$WSLX_BUILD/wslx" doctor 2>&1)" "fail +wslx-host +running, but not listening" "doctor"

# Restored (WSL started again, same addresses): served again.
ip link add "$LAB_IF_WSL" netns "$LAB_WIN" type veth peer name eth0 netns "$LAB_WSL"
in_win ip addr add 172.30.96.1/24 dev "$LAB_IF_WSL"
in_wsl ip addr add 172.30.96.5/24 dev eth0
in_win ip link set "$LAB_IF_WSL" up
in_wsl ip link set eth0 up
in_wsl ip route add default via "$LAB_HOST_IP"
wait_ini "state = serving"
expect_eq "$(listening)" "172.30.96.1:6000" "listener after the restore"
expect_match "$(xdpy)" "vendor string" "client after the restore"

# 20 rapid flaps between /24 and /20, address gone in between: ends as the last.
for i in $(seq 20); do
	in_win ip addr flush dev "$LAB_IF_WSL"
	[ $((i % 2)) = 0 ] && p=24 || p=20
	in_win ip addr add "172.30.96.1/$p" dev "$LAB_IF_WSL"
done
in_wsl ip addr flush dev eth0
in_wsl ip addr add 172.30.96.5/24 dev eth0
in_wsl ip route add default via "$LAB_HOST_IP"
# Settled: the generation holds for a second (a loaded machine may still be
# working through the flaps' events when host.ini first shows a /24), within 20 s.
gen=$(ini | sed -n 's/^generation = //p')
for i in $(seq 20); do
	sleep 1
	now=$(ini | sed -n 's/^generation = //p')
	[ "$now" = "$gen" ] && break
	gen=$now
done
expect_eq "$now" "$gen" "handoff settled after the flaps"
expect_match "$(ini)" "subnet = 172.30.96.0/24" "the last flap's subnet"
expect_match "$(ini)" "state = serving" "serving after the flaps"
expect_eq "$(listening)" "172.30.96.1:6000" "one listener after the flaps"
rules=$(in_win nft list table inet wslx)
expect_match "$rules" "ip saddr 172.30.96.0/24 tcp dport 6000 accept" "rule after the flaps"
expect_nomatch "$rules" "172.30.96.0/20" "no rule left from a flap"
expect_match "$(xdpy)" "vendor string" "client after the flaps"
echo "watcher ok"
