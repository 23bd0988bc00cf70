#!/usr/bin/env bash
# wslx fix-firewall on WSL: the exact golden script reaches powershell.exe
# (through a stand-in here), wrapped for one UAC prompt, as -EncodedCommand.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/wslx-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/calls" "$T/home" "$T/nohost"
cp "$WSLX_ROOT/tests/e2e/standin-powershell.py" "$T/bin/powershell.exe"
export PATH=$T/bin:$PATH HOME=$T/home STANDIN_DIR=$T/calls WSLX_HOST_DIR=$T/nohost
export WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/wsl2-nat
G=$WSLX_ROOT/tests/golden

out=$("$WSLX_BUILD/wslx" fix-firewall) || fail "fix-firewall: $out"
expect_eq "$out" "stand-in powershell ran" "output passed through"
cmp "$T/calls/1.inner.ps1" "$G/win-nat.ps1" || fail "script differs from golden"
cmp "$T/calls/1.ps1" "$G/win-elevate.ps1" || fail "the UAC launcher differs from golden"

"$WSLX_BUILD/wslx" fix-firewall --xserver-rules disable --xserver-port 6001 >/dev/null || fail "disable"
cmp "$T/calls/2.inner.ps1" "$G/win-nat.ps1" || fail "disable is the default"
rc=0; err=$("$WSLX_BUILD/wslx" fix-firewall --xserver-rules narrow 2>&1) || rc=$?
expect_eq "$rc" 2 "exit status for --xserver-rules narrow"
expect_match "$err" "narrow is gone .*use disable or keep" "narrow refused, and why"
"$WSLX_BUILD/wslx" fix-firewall --remove >/dev/null || fail "remove"
cmp "$T/calls/3.inner.ps1" "$G/win-remove.ps1" || fail "remove script differs"
"$WSLX_BUILD/wslx" fix-firewall --report >/dev/null || fail "report"
cmp "$T/calls/4.ps1" "$G/win-report.ps1" || fail "report runs without elevation"

# --dry-run: prints the same script, runs nothing.
out=$("$WSLX_BUILD/wslx" fix-firewall --dry-run)
expect_eq "$(printf '%s\n' "$out" | tail -n +2)" "$(cat "$G/win-nat.ps1")" "dry-run text"
expect_eq "$(ls "$T/calls" | grep -c 'inner')" 3 "calls after dry-run"

# A subnet wider than this guest's own needs --force, and says why.
before=$(ls "$T/calls" | wc -l)
rc=0; err=$("$WSLX_BUILD/wslx" fix-firewall --subnet 0.0.0.0/0 2>&1) || rc=$?
expect_eq "$rc" 2 "exit status for a subnet wider than the guest's"
expect_match "$err" "--subnet 0.0.0.0/0 is wider than this guest's own subnet: .*--force" "too wide"
expect_eq "$(ls "$T/calls" | wc -l)" "$before" "nothing run for a too-wide subnet"
expect_match "$("$WSLX_BUILD/wslx" fix-firewall --subnet 0.0.0.0/0 --force --dry-run)" \
	"0.0.0.0/0" "--force takes it"

# UAC declined: exit 3 and a message.
rc=0; err=$(STANDIN_EXIT=3 "$WSLX_BUILD/wslx" fix-firewall 2>&1 >/dev/null) || rc=$?
expect_eq "$rc" 3 "exit status when UAC is declined"
expect_match "$err" "^wslx: fix-firewall: the UAC prompt was declined" "UAC message"

# Interop off: said clearly, nothing run.
before=$(ls "$T/calls" | wc -l)
rc=0; err=$(WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/custom-noroute "$WSLX_BUILD/wslx" fix-firewall --subnet 172.22.32.0/20 2>&1) || rc=$?
expect_eq "$rc" 1 "exit status with interop off"
expect_match "$err" "^wslx: fix-firewall: WSL interop is disabled" "interop message"
expect_eq "$(ls "$T/calls" | wc -l)" "$before" "nothing run with interop off"

# Hostile values, in flags and in the config, never reach a script.
before=$(ls "$T/calls" | wc -l)
nl='
'
for v in "10.0.0.0/8'; Remove-Item C:\\" '10.0.0.0/8;calc' '$(calc)' '`calc`' "10.0.0.0/8${nl}calc" '10.0.0.0/8"'; do
	rc=0; err=$("$WSLX_BUILD/wslx" fix-firewall --subnet "$v" 2>&1) || rc=$?
	expect_eq "$rc" 2 "exit status for subnet '$v'"
	expect_match "$err" "is not a CIDR" "hostile subnet message"
done
mkdir -p "$HOME/.config/wslx"
for v in "1.2.3.4'; calc" '$(calc)' '`calc`'; do
	printf '[wslx]\ndisplay_host = %s\n' "$v" >"$HOME/.config/wslx/wslx.ini"
	rc=0; err=$("$WSLX_BUILD/wslx" fix-firewall 2>&1) || rc=$?
	expect_eq "$rc" 1 "exit status for display_host '$v'"
	expect_match "$err" "display_host must be an IPv4 address" "hostile config message"
done
printf '[wslx]\ndisplay = 0; calc\n' >"$HOME/.config/wslx/wslx.ini"
rc=0; "$WSLX_BUILD/wslx" fix-firewall >/dev/null 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "a hostile display in the config was accepted"
rm "$HOME/.config/wslx/wslx.ini"
expect_eq "$(ls "$T/calls" | wc -l)" "$before" "no script ran for hostile values"
echo "fix-firewall windows ok"
