#!/usr/bin/env bash
# Sharing ~/.Xauthority with xauth: wslx takes the same lock (-c, then -l), never
# breaks a live one, leaves nothing behind, and does not hold a shell start up
# when the lock stays busy.  Any number of entries is kept.
. "$(dirname "$0")/lib.sh"
guest_scene
XA=$HOME/.Xauthority
host=$(xauth -n -f "$T/state/cookie" list | awk '{print $3}')
hex() { printf '%032x' "$1"; }

# xauth_add DISPLAY HEX: as a user would, once more when xauth's own lock retries
# (10, 2 s apart) ran out; counted, so the note can say how often.
xauth_add() {
	local i
	for i in 1 2 3; do
		xauth -q -f "$XA" add "$1" MIT-MAGIC-COOKIE-1 "$2" 2>>"$T/xauth.log" && return 0
		echo "retry" >>"$T/xauth.retries"
	done
	return 1
}

# 50 wslx env beside 50 xauth add of distinct displays, at once, 20 rounds, or
# as many as 120 s allow past the first 3 (xauth itself retries its lock 10
# times, 2 s apart, all 50 in step: a round takes several of those slots, and on
# a loaded machine a round takes longer, and an xauth may run out).
stress_start=$(date +%s)
for round in $(seq 20); do
	rm -f "$XA"
	pids=""
	for i in $(seq 50); do
		"$WSLX_BUILD/wslx" env >"$T/out$i" 2>"$T/err$i" &
		pids="$pids $!"
		xauth_add "10.1.$round.$i:$i" "$(hex $i)" 2>"$T/xerr$i" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || fail "round $round: a process failed: $(cat "$T"/err* "$T"/xerr*)"; done
	list=$(xauth -n -f "$XA" list)
	for i in $(seq 50); do
		expect_match "$list" "10.1.$round.$i:$i +MIT-MAGIC-COOKIE-1 +$(hex $i)" "round $round: xauth's entry $i"
	done
	expect_match "$list" "172.30.96.1:0 +MIT-MAGIC-COOKIE-1 +$host" "round $round: wslx's entry"
	expect_eq "$(ls -A "$HOME")" ".Xauthority" "round $round: files left"
	[ "$round" -ge 3 ] && [ $(($(date +%s) - stress_start)) -ge 120 ] && break
done
echo "rounds: $round in $(($(date +%s) - stress_start)) s; xauth lock timeouts retried: $(cat "$T/xauth.retries" 2>/dev/null | wc -l)"

# A lock held by another program for 15 s (here: 3 s, the same case): env
# returns within about 1 s, prints DISPLAY, says why the cookie is not updated,
# and touches neither the lock nor the file.
rm -f "$XA"
xauth -q -f "$XA" add 10.9.9.9:9 MIT-MAGIC-COOKIE-1 "$(hex 9)" 2>/dev/null
before=$(md5sum <"$XA")
: >"$XA-c" && ln "$XA-c" "$XA-l"
start=$(date +%s%N)
out=$("$WSLX_BUILD/wslx" env 2>"$T/err") || fail "env with a held lock: $(cat "$T/err")"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 3000 ] || fail "env waited $ms ms for a held lock"
expect_match "$out" "DISPLAY='172.30.96.1:0'" "DISPLAY with a held lock"
expect_match "$(cat "$T/err")" "is locked by another program \($XA-c, $XA-l\): cookie not updated" "note"
[ -e "$XA-c" ] && [ -e "$XA-l" ] || fail "the other program's lock was broken"
expect_eq "$(md5sum <"$XA")" "$before" "the file under a held lock"
rm -f "$XA-c" "$XA-l"
echo "held lock: env returned in $ms ms"

# Only -l held for a moment (a lock being released): nothing of ours is left.
ln -s nowhere "$XA-l"
(sleep 0.05; rm -f "$XA-l") &
releaser=$!
"$WSLX_BUILD/wslx" env >/dev/null 2>"$T/err" || fail "env beside a -l: $(cat "$T/err")"
wait $releaser
expect_eq "$(ls -A "$HOME")" ".Xauthority" "files after the -l race"
expect_match "$(xauth -n -f "$XA" list)" "172.30.96.1:0 +MIT-MAGIC-COOKIE-1 +$host" "entry after the -l race"

# 10,000 entries, and 4,096: all kept, wslx's added, the next shell reads it.
for n in 10000 4096; do
	python3 - "$XA" "$n" <<'PY'
import struct, sys
def field(b):
    return struct.pack(">H", len(b)) + b
with open(sys.argv[1], "wb") as f:
    for i in range(int(sys.argv[2])):
        f.write(struct.pack(">H", 0) + field(bytes([10, i >> 16 & 255, i >> 8 & 255, i & 255])) +
                field(b"%d" % (i % 50 + 1)) + field(b"MIT-MAGIC-COOKIE-1") + field(bytes(16)))
PY
	"$WSLX_BUILD/wslx" env >/dev/null 2>"$T/err" || fail "env with $n entries: $(cat "$T/err")"
	expect_eq "$(xauth -n -f "$XA" list | wc -l)" $((n + 2)) "entries after env with $n (and wslx's entry and marker)"
	"$WSLX_BUILD/wslx" env >/dev/null 2>"$T/err" || fail "the next env with $((n + 2)) entries: $(cat "$T/err")"
done
echo "xauth lock ok"
