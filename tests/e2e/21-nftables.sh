#!/usr/bin/env bash
# The nftables backend in a namespace: the guest's subnet gets in, the LAN does
# not (the forwarder's own check widened, so only the rule decides), other ports
# and other tables are untouched, re-applying replaces, removing leaves no trace.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
in_win sysctl -qw net.ipv4.ip_forward=1
in_win nft add table inet other || fail "nft"
lab_host --allow 0.0.0.0/0 --firewall nftables
expect_match "$(cat "$LAB_DIR/state/host.ini")" "firewall = current" "host.ini firewall"
cookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$cookie")" "Success" "guest through the rule"
expect_eq "$(X11RAW_TIMEOUT=2 in_lan $X11RAW $LAB_HOST_IP 6000 mit "$cookie")" "timeout" "LAN dropped by the rule"
# Port 6001 is not ours: still open to the LAN.
lab_bg "$LAB_WIN" socat TCP-LISTEN:6001,bind=$LAB_HOST_IP,fork EXEC:'echo hi'
for i in $(seq 100); do in_win ss -Hltn "sport = :6001" | grep -q . && break; sleep 0.1; done
expect_eq "$(in_lan socat -T5 - TCP:$LAB_HOST_IP:6001 </dev/null)" "hi" "port 6001 untouched"
rules=$(in_win nft list table inet wslx)
expect_match "$rules" "ip saddr 172.30.96.0/20 tcp dport 6000 accept" "accept rule"
expect_match "$rules" "tcp dport 6000 drop" "drop rule"

# Re-apply for another subnet: replaced, not added.
W="env HOME=$LAB_DIR/home WSLX_HOST_DIR=$LAB_DIR/state $WSLX_BUILD/wslx"
out=$(in_win $W fix-firewall --backend nftables --subnet 172.30.0.0/16) || fail "re-apply: $out"
expect_eq "$out" "wslx: nftables: TCP 6000 accepted from 172.30.0.0/16 only (table inet wslx)" "re-apply output"
rules=$(in_win nft list table inet wslx)
expect_eq "$(printf '%s\n' "$rules" | grep -c 'dport 6000 accept')" 1 "accept rules after re-apply"
expect_nomatch "$rules" "172.30.96.0/20" "old subnet gone"
expect_match "$(in_win $W fix-firewall --backend nftables --report)" "172.30.0.0/16" "report"
out=$(in_win $W fix-firewall --backend nftables --dry-run --subnet 10.1.0.0/16)
expect_match "$out" "ip saddr 10.1.0.0/16 tcp dport 6000 accept" "dry-run"
expect_nomatch "$(in_win nft list table inet wslx)" "10.1.0.0" "dry-run changed nothing"

# On a guest that is not WSL, fix-firewall changes nothing there: the rule
# belongs on the host.
rc=0; err=$(in_wsl env HOME="$LAB_DIR/home" WSLX_SYSROOT="$WSLX_ROOT/tests/fixtures/plain-linux" \
	"$WSLX_BUILD/wslx" fix-firewall 2>&1) || rc=$?
expect_eq "$rc" 1 "fix-firewall on a guest that is not WSL"
expect_match "$err" "this is not WSL, so the rule belongs on the host that runs wslx-host" "not-WSL message"
expect_eq "$(in_wsl nft list tables)" "" "the guest's own firewall untouched"

# Remove: wslx's table gone, the other table still there.
in_win $W fix-firewall --backend nftables --remove >/dev/null || fail "remove"
tables=$(in_win nft list tables)
expect_eq "$tables" "table inet other" "tables after remove"
expect_match "$(in_win $W fix-firewall --backend nftables --report)" "no wslx rules" "report after remove"
echo "nftables ok"
