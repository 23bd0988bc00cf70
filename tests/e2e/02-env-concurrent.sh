#!/usr/bin/env bash
# 64 shells starting at once: one wslx entry, the user's other entries kept,
# no lock or temporary files left, the file 0600.
. "$(dirname "$0")/lib.sh"
guest_scene
xauth -q -f "$HOME/.Xauthority" add otherbox/unix:5 MIT-MAGIC-COOKIE-1 0123456789abcdef0123456789abcdef 2>/dev/null
xauth -q -f "$HOME/.Xauthority" add 10.0.0.9:2 MIT-MAGIC-COOKIE-1 fedcba9876543210fedcba9876543210
pids=""
for i in $(seq 64); do
	"$WSLX_BUILD/wslx" env >"$T/out$i" 2>"$T/err$i" &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || fail "a concurrent wslx env failed: $(cat "$T"/err*)"; done
list=$(xauth -n -f "$HOME/.Xauthority" list)
expect_eq "$(printf '%s\n' "$list" | grep -c '^172.30.96.1:0 ')" 1 "wslx entries"
expect_eq "$(printf '%s\n' "$list" | grep -c 'WSLX-ENTRY')" 1 "wslx markers"
expect_match "$list" 'otherbox/unix:5 +MIT-MAGIC-COOKIE-1 +0123456789abcdef0123456789abcdef' "other entry 1"
expect_match "$list" '10.0.0.9:2 +MIT-MAGIC-COOKIE-1 +fedcba9876543210fedcba9876543210' "other entry 2"
host=$(xauth -n -f "$T/state/cookie" list | awk '{print $3}')
expect_match "$list" "172.30.96.1:0 +MIT-MAGIC-COOKIE-1 +$host" "the host's cookie"
expect_eq "$(ls -A "$HOME")" ".Xauthority" "files in HOME"
expect_eq "$(stat -c %a "$HOME/.Xauthority")" 600 "mode"
echo "concurrent ok"
