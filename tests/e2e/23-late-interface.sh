#!/usr/bin/env bash
# wslx-host started at logon, before WSL has an adapter address: it waits, says
# so, and starts serving as soon as the address appears; SIGTERM while waiting
# is a clean exit.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
in_win ip addr flush dev "$LAB_IF_WSL"
rm -f "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
	--upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
host=$!
for i in $(seq 50); do grep -q waiting "$LAB_DIR/host.log" 2>/dev/null && break; sleep 0.1; done
expect_match "$(cat "$LAB_DIR/host.log")" "waiting for interface $LAB_IF_WSL to get an IPv4 address" "waiting logged"
[ -e "$LAB_DIR/state/host.ini" ] && fail "handoff written before there is an address"
in_win ip addr add "$LAB_HOST_IP/$LAB_PREFIX" dev "$LAB_IF_WSL"
lab_wait_file "$LAB_DIR/state/host.ini"
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) || fail "client after the late address: $out"
expect_match "$out" "vendor string" "served"

# A second one that never gets its interface stops cleanly on SIGTERM.
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface nosuchif0 --display 3 --upstream ":$LAB_XNUM" \
	--state-dir "$LAB_DIR/state2" --log "$LAB_DIR/host2.log"
waiter=$!
for i in $(seq 50); do grep -q waiting "$LAB_DIR/host2.log" 2>/dev/null && break; sleep 0.1; done
kill -TERM $waiter
wait $waiter; rc=$?
expect_eq "$rc" 0 "exit status after SIGTERM while waiting"
echo "late interface ok"
