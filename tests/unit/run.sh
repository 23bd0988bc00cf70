#!/usr/bin/env bash
# Run each cmocka test binary; sum up in one closing line.
set -u
passed=0 failed=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^\[  (PASSED|FAILED) \]|^\[  ERROR   \]|FAILED|runtime error|AddressSanitizer' | sed "s|^|$(basename "$t"): |"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" != 0 ] && [ -z "$f" ]; then failed=$((failed + 1)); printf '%s\n' "$out" | tail -20; fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" = 0 ]
