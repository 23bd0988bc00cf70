#!/usr/bin/env bash
# On failure `wslx env` prints nothing on stdout (eval does nothing), one line on
# stderr, exits non-zero, and never damages the user's Xauthority.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/wslx-e2e.XXXXXX)
cleanup() { loopback_host_stop; umount "$T/full" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
loopback_host "$T/state"
export HOME=$T/home WSLX_HOST_DIR=$T/state WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/wsl2-nat
unset XAUTHORITY
mkdir -p "$HOME/.config/wslx"
# one_failure WHAT REGEX: run env, check the failure contract.
one_failure() {
	local rc=0
	"$WSLX_BUILD/wslx" env >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" != 0 ] || fail "$1: exit status 0"
	[ -s "$T/out" ] && fail "$1: printed on stdout: $(cat "$T/out")"
	expect_eq "$(wc -l <"$T/err")" 1 "$1: stderr lines"
	expect_match "$(cat "$T/err")" "^wslx: $2" "$1"
}
printf '[wslx]\ndisply = 1\n' >"$HOME/.config/wslx/wslx.ini"
one_failure "typo in config" "env: config: .*wslx.ini:2: unknown key 'disply'"
rc=0; "$WSLX_BUILD/wslx" env >/dev/null 2>&1 || rc=$?
expect_eq "$rc" 2 "exit status of a configuration error"
rm "$HOME/.config/wslx/wslx.ini"

cp "$T/state/host.ini" "$T/host.ini.good"
printf '[host]\ndisplay = 0\nport = 6000\n' >"$T/state/host.ini"
cp "$T/state/cookie" "$T/cookie.good"; printf 'garbage' >"$T/state/cookie"
one_failure "bad cookie file" "env: handoff: .*cookie: not an Xauthority file"
cp "$T/cookie.good" "$T/state/cookie"

WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/custom-noroute-none one_failure "no host" \
	"env: cannot find the Windows host"

# WSLg present and wslx-host gone (its host.ini 10 minutes old): WSLg's DISPLAY
# is kept (nothing on stdout, exit 0), and the note says why.
mkdir -p "$T/wslg/mnt/wslg" "$T/stale"
cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$T/wslg/"
cp "$T/state/host.ini" "$T/state/cookie" "$T/stale/"
touch -d '-10 minutes' "$T/stale/host.ini"
rc=0; WSLX_SYSROOT=$T/wslg WSLX_HOST_DIR=$T/stale "$WSLX_BUILD/wslx" env >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 0 "exit status with WSLg and a dead host"
expect_eq "$(cat "$T/out")" "" "stdout with WSLg and a dead host"
expect_match "$(cat "$T/err")" "wslx-host is not running; leaving WSLg's DISPLAY alone" "WSLg note"
# A live host wins over WSLg.
expect_match "$(WSLX_SYSROOT=$T/wslg "$WSLX_BUILD/wslx" env 2>/dev/null)" "DISPLAY='172.30.96.1:0'" "live host with WSLg"

# A symlink planted in a shared sticky directory (another user's, or ours but
# there): never followed, its target untouched; one of ours at home still is.
mkdir -p "$T/shared" "$T/victim" && chmod 1777 "$T/shared"
: >"$T/victim/notes.txt" # empty: it reads as an Xauthority file with no entry
ln -s "$T/victim/notes.txt" "$T/shared/.Xauthority"
chown -h nobody "$T/shared/.Xauthority"
XAUTHORITY=$T/shared/.Xauthority one_failure "another user's symlink" \
	"env: cannot write .*: a symlink that is not yours, or in a directory others can write to: not followed"
chown -h root "$T/shared/.Xauthority"
XAUTHORITY=$T/shared/.Xauthority one_failure "a symlink in a shared directory" "env: cannot write .*not followed"
expect_eq "$(stat -c %s "$T/victim/notes.txt")" 0 "the symlink's target"
rm "$T/shared/.Xauthority"
# The same rule for wslx-host's --upstream-cookie-out.
ln -s "$T/victim/notes.txt" "$T/shared/vcxsrv.auth"
chown -h nobody "$T/shared/vcxsrv.auth"
rc=0; unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$WSLX_BUILD/wslx-host" \
	--listen 127.0.0.1:6000 --upstream 127.0.0.1:1 --allow 127.0.0.0/8 \
	--upstream-cookie-out "$T/shared/vcxsrv.auth" --state-dir "$T/state2" --log "$T/h2.log" || rc=$?
expect_eq "$rc" 1 "wslx-host with a planted --upstream-cookie-out"
expect_match "$(cat "$T/h2.log")" "cannot write --upstream-cookie-out .*not followed" "wslx-host's reason"
expect_eq "$(stat -c %s "$T/victim/notes.txt")" 0 "the planted link's target"

# Xauthority troubles say what to do: a directory, a corrupt file, a dangling
# symlink; a read-only file is left alone with a note, DISPLAY still set.
mkdir -p "$T/xa-dir"
XAUTHORITY=$T/xa-dir one_failure "Xauthority is a directory" "env: cannot read .*xa-dir: it is a directory: set xauthority"
printf 'garbage!' >"$T/xa-bad"
XAUTHORITY=$T/xa-bad one_failure "corrupt Xauthority" "env: cannot read .*xa-bad: not a complete Xauthority file \(left as it is\): move it aside"
expect_eq "$(cat "$T/xa-bad")" "garbage!" "the corrupt file"
mkdir -p "$T/links" && chmod 700 "$T/links"
ln -s "$T/links/missing/xa" "$T/links/xa"
XAUTHORITY=$T/links/xa one_failure "dangling symlink" "env: cannot write .*a symlink to a missing file"
xauth -q -f "$T/xa-ro" add 10.0.0.5:5 MIT-MAGIC-COOKIE-1 "$(printf '%032x' 5)" 2>/dev/null
chmod 0400 "$T/xa-ro"
before=$(md5sum <"$T/xa-ro")
out=$(XAUTHORITY=$T/xa-ro "$WSLX_BUILD/wslx" env 2>"$T/err") || fail "env with a read-only Xauthority"
expect_match "$out" "DISPLAY='172.30.96.1:0'" "DISPLAY with a read-only Xauthority"
expect_match "$(cat "$T/err")" "xa-ro is read-only: left as it is, cookie not updated" "read-only note"
expect_eq "$(md5sum <"$T/xa-ro")" "$before" "the read-only file"

# A full disk: the old file stays as it was, no temporary file is left.
mkdir -p "$T/full"
mount -t tmpfs -o size=64k tmpfs "$T/full"
xauth -q -f "$T/full/xa" add 10.0.0.7:7 MIT-MAGIC-COOKIE-1 00000000000000000000000000000007 2>/dev/null
before=$(md5sum <"$T/full/xa")
dd if=/dev/zero of="$T/full/fill" bs=4k count=100 2>/dev/null
XAUTHORITY=$T/full/xa one_failure "full disk" "env: cannot (write|lock) .*xa"
expect_eq "$(md5sum <"$T/full/xa")" "$before" "Xauthority after a full disk"
expect_eq "$(ls "$T/full")" "$(printf 'fill\nxa')" "files on the full disk"
echo "failures ok"
