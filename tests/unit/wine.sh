#!/usr/bin/env bash
# Run the Windows unit tests (.exe) under wine, from the repository root (the
# tests read tests/golden); one closing line like the Linux runner.
set -u
export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$HOME/.cache/wslx-wine}
mkdir -p "$WINEPREFIX"
WINE=$(command -v wine || echo /usr/lib/wine/wine64)
passed=0 failed=0
for t in "$@"; do
	out=$(timeout 120 "$WINE" "$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | tr -d '\r' | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | tr -d '\r' | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ "$rc" != 0 ] || [ -n "$f" ]; then
		[ -z "$f" ] && failed=$((failed + 1))
		echo "$(basename "$t"):"; printf '%s\n' "$out" | tail -15
	fi
done
echo "wine unit: $passed passed, $failed failed"
[ "$failed" = 0 ]
