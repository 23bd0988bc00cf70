#!/usr/bin/env bash
# wslx doctor names the broken link and its fix, one scenario per link; --json
# carries the same verdicts and parses as JSON.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host
guest "$WSLX_BUILD/wslx" env >/dev/null

# doctor_says CHECK STATUS REGEX: run doctor in the guest; check line and JSON agree.
doctor_says() {
	local text json
	# (in a shell whose profile's eval set DISPLAY, as a user's does)
	text=$(guest env DISPLAY="$LAB_HOST_IP:0" "$WSLX_BUILD/wslx" doctor ${DOCTOR_ARGS:-} 2>&1)
	DOCTOR_RC=$?
	json=$(guest env DISPLAY="$LAB_HOST_IP:0" "$WSLX_BUILD/wslx" doctor --json ${DOCTOR_ARGS:-} 2>&1)
	expect_match "$text" "(^|$(printf '\n'))$2 +$1 +$3" "doctor text for $1"
	got=$(printf '%s' "$json" | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['checks'] if c['name'] == '$1']
print(c[0]['status'] if c else 'missing')
assert d['failed'] == sum(1 for c in d['checks'] if c['status'] == 'fail')") ||
		fail "doctor --json is not valid JSON: $json"
	expect_eq "$got" "$2" "doctor --json status of $1"
	DOCTOR_TEXT=$text
}

# Healthy chain: every check ok (or info), exit 0.
doctor_says x11 ok "The X.Org Foundation, X11.0 release [0-9]+, round trip [0-9.]+ ms"
expect_eq "$DOCTOR_RC" 0 "healthy exit status"
expect_nomatch "$DOCTOR_TEXT" "^(fail|warn)" "healthy: no fail or warn"
doctor_says reachability ok "$LAB_HOST_IP:6000 accepts"
doctor_says xauthority ok ".*wslx's current cookie for display 0"

doctor_says "this shell" ok "DISPLAY=$LAB_HOST_IP:0, as wslx sets it"
# What doctor cannot know is info, never ok: a firewall wslx-host does not manage.
doctor_says "firewall rule" info "not managed by wslx-host \(off\)"

# The shell doctor runs in: without the eval, and with a DISPLAY from before a
# renumber.
out=$(guest env -u DISPLAY "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +this shell +DISPLAY is not set here" "doctor without the eval"
out=$(guest env DISPLAY=172.31.16.1:0 "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +this shell +DISPLAY=172.31.16.1:0 here, but wslx sets $LAB_HOST_IP:0 now" "old DISPLAY"
expect_match "$out" 'fix: run eval "\$\(wslx env\)" again' "old DISPLAY fix"

# A wrong cookie in the user's file.
guest xauth -f "$LAB_DIR/home/.Xauthority" add "#ffff#77736c78#:0" MIT-MAGIC-COOKIE-1 00112233445566778899aabbccddeeff 2>/dev/null
guest xauth -f "$LAB_DIR/home/.Xauthority" add "$LAB_HOST_IP:0" MIT-MAGIC-COOKIE-1 00112233445566778899aabbccddeeff
doctor_says x11 fail "refused: wslx: invalid MIT-MAGIC-COOKIE-1 key"
expect_match "$DOCTOR_TEXT" 'fix: eval "\$\(wslx env\)"' "wrong cookie fix"
rm "$LAB_DIR/home/.Xauthority"; guest "$WSLX_BUILD/wslx" env >/dev/null

# A firewall that drops the port: "timed out", the fix is the firewall.
in_win nft -f - <<'NFT' || fail "nft"
table inet e2e {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport 6000 drop
	}
}
NFT
doctor_says reachability fail "$LAB_HOST_IP:6000 timed out: a firewall drops it"
expect_match "$DOCTOR_TEXT" "fix: wslx fix-firewall" "firewall fix"
in_win nft delete table inet e2e

# The X server down.
xvfb_pid=$(in_win pgrep -f "Xvfb :$LAB_XNUM ")
kill "$xvfb_pid"; while kill -0 "$xvfb_pid" 2>/dev/null; do sleep 0.1; done
doctor_says x11 fail "refused: wslx: the X server behind wslx-host is not running"
lab_xserver

# The forwarder down, and its host.ini left behind, old.
kill -KILL "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null
touch -d '-2 minutes' "$LAB_DIR/state/host.ini"
doctor_says wslx-host fail "host.ini not updated for [0-9]+ s: wslx-host is not running"
doctor_says reachability fail "$LAB_HOST_IP:6000 refused: nothing listens there"
expect_eq "$DOCTOR_RC" 1 "exit status with failures"

# No default route (a fixture machine).
text=$(in_wsl env HOME="$LAB_DIR/home" WSLX_HOST_DIR="$LAB_DIR/state" \
	WSLX_SYSROOT="$WSLX_ROOT/tests/fixtures/custom-noroute" "$WSLX_BUILD/wslx" doctor)
expect_match "$text" "fail +route +no IPv4 default route" "no route"
expect_match "$text" "info +networking +mode unknown" "unknown mode is info"

# A .wslconfig changed after boot: not in force until wsl --shutdown.
F=$LAB_DIR/fx
mkdir -p "$F/proc" "$F/home/.config/wslx"
cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$F/"
echo "btime $(( $(date +%s) - 3600 ))" >"$F/proc/stat"
printf '[wsl2]\nnetworkingMode=mirrored\n' >"$F/wslconfig"
printf '[wslx]\nwslconfig = %s/wslconfig\n' "$F" >"$F/home/.config/wslx/wslx.ini"
# (in the guest namespace: the fixture's gateway is the lab's host, no other)
text=$(in_wsl env HOME="$F/home" WSLX_SYSROOT="$F" WSLX_HOST_DIR="$LAB_DIR/state" "$WSLX_BUILD/wslx" doctor)
expect_match "$text" "warn +pending change +.wslconfig changed [0-9]+ s after this VM booted" "pending"
expect_match "$text" "fix: run \`wsl --shutdown\`" "pending fix"
expect_match "$text" "warn +networking +mode nat here; .wslconfig: networkingMode=mirrored" "mode mismatch"
echo "doctor ok"
