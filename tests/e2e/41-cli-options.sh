#!/usr/bin/env bash
# Each command of wslx-full accepts only its own options: another command's
# option is a usage error (exit 2) naming the option, and its usage on stderr.
. "$(dirname "$0")/lib.sh"
# refused CMD OPTION...: exit 2, the option named, the command's usage shown.
refused() {
	local cmd=$1 out rc=0
	shift
	out=$("$WSLX_BUILD/wslx" "$cmd" "$@" 2>&1 >/dev/null) || rc=$?
	expect_eq "$rc" 2 "wslx $cmd $*: exit status"
	expect_match "$out" "unrecognized option '$1'" "wslx $cmd $*: the option named"
	expect_match "$out" "usage: wslx $cmd " "wslx $cmd $*: its usage"
}
refused doctor --remove
refused doctor --seconds 3
refused test --json
refused test --dry-run
refused fix-firewall --json
refused fix-firewall --seconds 3
# Their own options still parse (help exits before anything runs).
for c in "doctor --json" "test --seconds 1" "fix-firewall --dry-run --remove"; do
	"$WSLX_BUILD/wslx" $c --help >/dev/null || fail "wslx $c --help"
done
echo "cli options ok"
