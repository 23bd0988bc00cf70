#!/usr/bin/env bash
# make check, after the build: every suite in turn, each to the end even when
# one fails, then one closing line for all of them: "check: N passed, M failed".
# A suite's count is its own closing "N passed, M failed" line; a step without
# one (lint, the fuzz smoke run) counts as one test, judged by its exit status.
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
passed=0 failed=0 failed_steps="" skipped_steps=""
log=$(mktemp /tmp/wslx-check.XXXXXX)
trap 'rm -f "$log"' EXIT

step() { # step NAME MAKE-TARGET...
	local name=$1 rc line p f
	shift
	"$MAKE" --no-print-directory "$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(tr -d '\r' <"$log" | grep -E '^[a-z0-9 ]+: [0-9]+ passed, [0-9]+ failed' | tail -1)
	if [ -n "$line" ]; then
		p=$(printf '%s' "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
		f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		# A suite that failed without counting the failure still failed.
		[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	elif [ "$rc" = 0 ]; then
		p=1 f=0
	else
		p=0 f=1
	fi
	# A suite that could not run says so; it is named at the end, never a pass.
	grep -q '^[a-z0-9 ]*: SKIPPED' "$log" && skipped_steps="$skipped_steps $name"
	passed=$((passed + p)) failed=$((failed + f))
	[ "$f" = 0 ] || failed_steps="$failed_steps $name"
}

step lint lint
step unit unit
step fuzz fuzz-smoke
step wine windows wine-unit
step powershell powershell
step e2e e2e
[ -z "$skipped_steps" ] || echo "check: NOT RUN (see above):$skipped_steps"
[ -z "$failed_steps" ] || echo "check: failed in:$failed_steps"
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
