#!/usr/bin/env bash
# The first-run question to Windows (%LOCALAPPDATA% through cmd.exe) failing:
# a cmd.exe that hangs is waited for at most 2 s, a failure is remembered with
# its cause (no cmd.exe at every shell start, no second wait), each run sets
# DISPLAY with a one-line note, and doctor asks the question itself.
. "$(dirname "$0")/lib.sh"
guest_scene
unset WSLX_HOST_DIR
mkdir -p "$T/bin" "$T/root"
cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$T/root/"
export WSLX_SYSROOT=$T/root PATH=$T/bin:$PATH
standin() { # standin BODY: a cmd.exe that logs its calls and then does BODY
	printf '#!/bin/sh\necho "$*" >>"%s/cmd.calls"\n%s\n' "$T" "$1" >"$T/bin/cmd.exe"
	chmod +x "$T/bin/cmd.exe"
	rm -f "$T/cmd.calls" "$HOME/.cache/wslx/host_dir.failed"
}
# run_env WHAT: DISPLAY, exit 0, one note; its time in ms into $ms.
run_env() {
	local start rc=0
	start=$(date +%s%N)
	timeout 10 "$WSLX_BUILD/wslx" env --shell sh >"$T/out" 2>"$T/err" || rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	expect_eq "$rc" 0 "$1: exit status"
	expect_eq "$(cat "$T/out")" "DISPLAY='172.30.96.1:0'; export DISPLAY;" "$1: DISPLAY"
	expect_eq "$(wc -l <"$T/err")" 1 "$1: one note ($(cat "$T/err"))"
}

standin 'sleep 30'
run_env "cmd.exe hangs"
[ "$ms" -lt 4000 ] || fail "a hanging cmd.exe held the shell start $ms ms"
expect_match "$(cat "$T/err")" "asking Windows for %LOCALAPPDATA% failed \(cmd.exe gave no answer within 2 s; asked again after 5 min\)" "the note names the cause"
run_env "cmd.exe hangs, the next shell"
[ "$ms" -lt 100 ] || fail "the next shell start took $ms ms"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "cmd.exe asked once"
expect_match "$(cat "$T/err")" "cmd.exe gave no answer within 2 s" "the remembered cause"

standin 'exit 1'
run_env "cmd.exe fails"
run_env "cmd.exe fails, the next shell"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "a failing cmd.exe run once"
# Remembered for 5 minutes, then asked again.
touch -d '6 minutes ago' "$HOME/.cache/wslx/host_dir.failed"
run_env "after 5 minutes"
expect_eq "$(wc -l <"$T/cmd.calls")" 2 "asked again after 5 minutes"

# doctor asks the question itself and says why it fails (in a network namespace
# of its own: its reachability check must not leave the machine).
out=$(unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +host lookup +asking Windows for %LOCALAPPDATA% failed: cmd.exe gave no answer within 2 s" "doctor's lookup"
expect_match "$out" "warn +interop +WSL interop is on, but cmd.exe did not answer" "interop is not claimed ok"
echo "discovery failures ok"
