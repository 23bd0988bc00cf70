#!/usr/bin/env bash
# Firewall updates run beside the relay: with a Windows-firewall backend that
# takes 5 s (a stand-in powershell.exe), a renumber during a client's round trips
# does not stall them; a backend that hangs is stopped after 30 s and the rule
# is then marked stale.
. "$(dirname "$0")/lib.sh"
PEERS="python3 $WSLX_ROOT/tests/e2e/peers.py"
lab_up
lab_xserver
mkdir -p "$LAB_DIR/bin"
printf '#!/bin/sh\necho "$$" >>"%s/ps.calls"\nsleep "$STANDIN_SLEEP"\nexit 0\n' "$LAB_DIR" \
	>"$LAB_DIR/bin/powershell.exe"
chmod +x "$LAB_DIR/bin/powershell.exe"
# (The fixture tree says WSL interop is on, so wslx-host may run powershell.exe.)
HOSTENV="PATH=$LAB_DIR/bin:$PATH WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/wsl2-nat"

# A backend that hangs, on display 1: started first, looked at last.
mkdir -p "$LAB_DIR/hung" && chmod 700 "$LAB_DIR/hung"
lab_bg "$LAB_WIN" env $HOSTENV STANDIN_SLEEP=600 "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" \
	--display 1 --upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" \
	--firewall windows --state-dir "$LAB_DIR/hung" --log "$LAB_DIR/hung.log"

rm -f "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" env $HOSTENV STANDIN_SLEEP=5 "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" \
	--upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" --firewall windows \
	--state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
LAB_HOST_PID=$!
lab_wait_file "$LAB_DIR/state/host.ini"
ini() { cat "$LAB_DIR/state/host.ini"; }
expect_match "$(ini)" "firewall = updating" "while the backend runs"
cookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
# Served at once, while the first update still runs.
expect_match "$(in_wsl $PEERS client $LAB_HOST_IP 6000 "$cookie" rtt 0.5)" "round trips" "served during the update"
for i in $(seq 150); do ini | grep -q "firewall = current" && break; sleep 0.1; done
expect_match "$(ini)" "firewall = current" "after the backend"

# Round trips for 9 s; 1 s in, the subnet widens (/20 to /16): a new 5 s update.
in_wsl $PEERS client $LAB_HOST_IP 6000 "$cookie" rtt 9 >"$LAB_DIR/rtt.out" &
rtt=$!
sleep 1
# (The hung one follows the same interface: its 30 s start again from here.)
hung_start=$(date +%s)
in_win ip addr add "$LAB_HOST_IP/16" dev "$LAB_IF_WSL"
in_win ip addr del "$LAB_HOST_IP/$LAB_PREFIX" dev "$LAB_IF_WSL"
for i in $(seq 50); do ini | grep -q "subnet = 172.30.0.0/16" && break; sleep 0.1; done
expect_match "$(ini)" "firewall = updating" "updating after the renumber"
wait $rtt
out=$(cat "$LAB_DIR/rtt.out")
expect_match "$out" "^[0-9]+ round trips, worst [0-9]+ ms$" "round trips during the update"
worst=$(printf '%s' "$out" | sed 's/.*worst \([0-9]*\) ms/\1/')
# A stall would last the backend's 5 s; a busy machine may add some ms, never that.
[ "$worst" -lt 1000 ] || fail "a round trip took $worst ms during a firewall update"
for i in $(seq 100); do ini | grep -q "firewall = current" && break; sleep 0.1; done
expect_match "$(ini)" "firewall = current" "current after the renumber's update"
echo "worst round trip during a 5 s firewall update: $worst ms"

# The hung backend: stopped after 30 s, the rule stale, the host still serving.
left=$((hung_start + 35 - $(date +%s)))
for i in $(seq $((left > 0 ? left * 10 : 1))); do
	grep -q "firewall = stale" "$LAB_DIR/hung/host.ini" 2>/dev/null && break
	sleep 0.1
done
expect_match "$(cat "$LAB_DIR/hung/host.ini")" "firewall = stale" "a hung backend"
expect_match "$(cat "$LAB_DIR/hung.log")" "powershell.exe took more than 30 s: stopped it" "hung backend logged"
cookie1=$(xauth -n -f "$LAB_DIR/hung/cookie" list | awk '{print $3}')
expect_match "$(in_wsl $PEERS client $LAB_HOST_IP 6001 "$cookie1" rtt 0.2)" "round trips" "the hung one's host still serves"
echo "slow firewall ok"
