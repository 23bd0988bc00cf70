#!/usr/bin/env bash
# A wslx-host that cannot change the firewall (here: --firewall windows with no
# way to run PowerShell) says so in host.ini; the guest's env then prints one
# line telling the user to run wslx fix-firewall, and doctor fails that check.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host --firewall windows
expect_match "$(cat "$LAB_DIR/state/host.ini")" "firewall = stale" "host.ini"
expect_match "$(cat "$LAB_DIR/host.log")" "firewall: cannot update the rule: .*run wslx fix-firewall" "host log"
guest "$WSLX_BUILD/wslx" env >"$LAB_DIR/out" 2>"$LAB_DIR/err" || fail "env failed: $(cat "$LAB_DIR/err")"
expect_eq "$(cat "$LAB_DIR/out")" "DISPLAY='$LAB_HOST_IP:0'; export DISPLAY;" "env still sets DISPLAY"
expect_eq "$(cat "$LAB_DIR/err")" "wslx: note: the firewall rule for the X port is out of date: run wslx fix-firewall" "env note"
out=$(guest "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +firewall rule +wslx-host could not update the rule" "doctor"
expect_match "$out" "fix: wslx fix-firewall" "doctor fix"
echo "stale firewall ok"
