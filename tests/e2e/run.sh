#!/usr/bin/env bash
# Run every end-to-end scenario (tests/e2e/NN-*.sh) and sum up in one line.
set -u
cd "$(dirname "$0")"
if [ "$(id -u)" != 0 ]; then
	echo "e2e: the scenarios need root (network namespaces, nftables): run as root" >&2
	exit 1
fi
passed=0 failed=0 failed_names=""
for t in [0-9][0-9]-*.sh; do
	[ -n "${E2E_ONLY:-}" ] && [[ "$t" != *"$E2E_ONLY"* ]] && continue
	start=$(date +%s)
	out=$(LAB_ID=$$$RANDOM timeout 300 bash "$t" 2>&1); rc=$?
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1)); echo "ok   $t ($(( $(date +%s) - start )) s)"
	else
		failed=$((failed + 1)); failed_names="$failed_names $t"
		# timeout's 124: the scenario hung (or its own bound was too wide).
		[ "$rc" = 124 ] && echo "FAIL $t (timed out after 300 s)" || echo "FAIL $t"
		printf '%s\n' "$out" | tail -25 | sed 's/^/     /'
	fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
