#!/usr/bin/env bash
# `eval "$(wslx env)"` in every shell takes hostile values literally: a path
# with quotes, $(...), backquotes and spaces arrives exactly, nothing runs.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/wslx-e2e.XXXXXX)
trap 'loopback_host_stop; rm -rf "$T"' EXIT
loopback_host "$T/state"
weird="$T/it's a \$(touch $T/PWNED) \`touch $T/PWNED2\` \"q\" \\back; semi"
mkdir -p "$T/home/.config/wslx" "$weird"
printf '[wslx]\nxauthority = %s/auth\nhost_dir = %s\n' "$weird" "$T/state" >"$T/home/.config/wslx/wslx.ini"
export HOME=$T/home WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/wsl2-nat
unset XAUTHORITY WSLX_HOST_DIR
W=$WSLX_BUILD/wslx
want="$weird/auth|172.30.96.1:0"
for sh in sh bash dash zsh mksh; do
	command -v $sh >/dev/null || fail "$sh not installed (scripts/deps.sh)"
	got=$($sh -c "eval \"\$($W env --shell $sh)\"; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
	expect_eq "$got" "$want" "$sh"
done
got=$(fish -c "$W env --shell fish | source; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
expect_eq "$got" "$want" fish
for sh in tcsh csh; do
	command -v $sh >/dev/null || continue
	got=$($sh -c "eval \"\`$W env --shell $sh\`\"; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
	expect_eq "$got" "$want" $sh
done
[ -e "$T/PWNED" ] || [ -e "$T/PWNED2" ] && fail "a command in the value ran"
# The cookie really went into that file, readable by xauth.
# (for the display host only, and a marker that says it is wslx's)
expect_match "$(xauth -n -f "$weird/auth" list)" '^172.30.96.1:0 +MIT-MAGIC-COOKIE-1 +[0-9a-f]{32}$' "entry"
expect_match "$(xauth -n -f "$weird/auth" list)" '^#ffff#77736c78#:0 +WSLX-ENTRY +0000ac1e6001$' "marker"
# Without --shell, the shell that evaluates is the one that runs wslx, whatever
# $SHELL (the login shell) says.
for sh in sh bash dash zsh mksh; do
	got=$(SHELL=/usr/bin/fish $sh -c "eval \"\$($W env)\"; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
	expect_eq "$got" "$want" "$sh under SHELL=fish"
done
got=$(SHELL=/bin/bash fish -c "$W env | source; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
expect_eq "$got" "$want" "fish under SHELL=bash"
for sh in tcsh csh; do
	command -v $sh >/dev/null || continue
	got=$(SHELL=/usr/bin/zsh $sh -c "eval \"\`$W env\`\"; printf '%s|%s' \"\$XAUTHORITY\" \"\$DISPLAY\"")
	expect_eq "$got" "$want" "$sh under SHELL=zsh"
done
# Started by a program that is no shell: $SHELL decides.
got=$(SHELL=/usr/bin/fish python3 -c "import subprocess, sys; sys.stdout.write(subprocess.run(['$W', 'env'], capture_output=True, text=True).stdout)")
expect_match "$got" '^set -gx DISPLAY' "fish from SHELL when the parent is no shell"
# csh cannot take a '!' in a value: the refusal names it.
mkdir -p "$T/home2/.config/wslx"
printf '[wslx]\nxauthority = %s/bang!auth\nhost_dir = %s\n' "$T" "$T/state" >"$T/home2/.config/wslx/wslx.ini"
rc=0; err=$(HOME=$T/home2 $W env --shell tcsh 2>&1 >/dev/null) || rc=$?
expect_eq "$rc" 1 "tcsh with a '!' in XAUTHORITY"
expect_match "$err" "csh and tcsh cannot be given '!' in a value, and XAUTHORITY \(.*bang!auth\) holds one" "tcsh refusal"
echo "shells ok"
