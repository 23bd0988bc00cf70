#!/usr/bin/env bash
# The DISPLAY rule of `wslx env` (README): whenever a display can be named it
# prints DISPLAY, and whatever else broke (a handoff it cannot read or believe,
# an Xauthority it cannot write) is one note naming the file, the cause and the
# fix, exit 0; nothing on stdout and exit 1 only when no display can be named (2
# for a configuration or usage error).  It never damages the user's Xauthority
# and never waits on a FIFO.
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
	timeout 5 "$WSLX_BUILD/wslx" env >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" != 0 ] || fail "$1: exit status 0"
	[ -s "$T/out" ] && fail "$1: printed on stdout: $(cat "$T/out")"
	expect_eq "$(wc -l <"$T/err")" 1 "$1: stderr lines"
	expect_match "$(cat "$T/err")" "^wslx: $2" "$1"
}
# one_note WHAT REGEX: DISPLAY still set (the gateway's, or wslx-host's), exit 0,
# and one line on stderr: the note.
one_note() {
	local rc=0
	timeout 5 "$WSLX_BUILD/wslx" env --shell sh >"$T/out" 2>"$T/err" || rc=$?
	expect_eq "$rc" 0 "$1: exit status"
	expect_eq "$(cat "$T/out")" "DISPLAY='172.30.96.1:0'; export DISPLAY;" "$1: DISPLAY"
	expect_eq "$(wc -l <"$T/err")" 1 "$1: stderr lines ($(cat "$T/err"))"
	expect_match "$(cat "$T/err")" "^wslx: note: $2" "$1"
}
printf '[wslx]\ndisply = 1\n' >"$HOME/.config/wslx/wslx.ini"
one_failure "typo in config" "env: config: .*wslx.ini:2: unknown key 'disply'"
rc=0; "$WSLX_BUILD/wslx" env >/dev/null 2>&1 || rc=$?
expect_eq "$rc" 2 "exit status of a configuration error"
rm "$HOME/.config/wslx/wslx.ini"

cp "$T/state/host.ini" "$T/host.ini.good"
printf '[host]\ndisplay = 0\nport = 6000\n' >"$T/state/host.ini"
cp "$T/state/cookie" "$T/cookie.good"; printf 'garbage' >"$T/state/cookie"
one_note "bad cookie file" "handoff not read: .*cookie: not an Xauthority file: restart wslx-host"
cp "$T/cookie.good" "$T/state/cookie"
rc=0; "$WSLX_BUILD/wslx" env --shell pwsh >/dev/null 2>&1 || rc=$?
expect_eq "$rc" 2 "exit status of an unknown --shell"

# No handoff: a directory that does not exist, one without host.ini.
WSLX_HOST_DIR=/nonexistent/wslx one_note "no such handoff directory" "no such directory: /nonexistent/wslx \(from WSLX_HOST_DIR\)"
mkdir -p "$T/empty"
WSLX_HOST_DIR=$T/empty one_note "no host.ini" "no wslx-host handoff found in $T/empty"

# A FIFO planted as host.ini or as the cookie: never waited on, twice in a row.
for f in host.ini cookie; do
	mv "$T/state/$f" "$T/$f.real" && mkfifo "$T/state/$f"
	one_note "FIFO as $f" "handoff not read: .*$f.*not a regular file"
	one_note "FIFO as $f, again" "handoff not read: .*$f.*not a regular file"
	rm "$T/state/$f" && mv "$T/$f.real" "$T/state/$f"
done
cp "$T/host.ini.good" "$T/state/host.ini"

# A handoff directory others can write to, on a Linux filesystem: not believed
# (no cookie taken from it); on a Windows filesystem (DrvFs, 9p), where modes
# read 0777, believed as before.
mkdir -p "$T/open"
cp "$T/state/host.ini" "$T/state/cookie" "$T/open/"
chmod 0777 "$T/open"
WSLX_HOST_DIR=$T/open one_note "a handoff directory others can write" "$T/open is writable by others: its handoff is not believed"
expect_nomatch "$(xauth -n -f "$HOME/.Xauthority" list 2>/dev/null)" "172.30.96.1:0" "no cookie from it"
mkdir -p "$T/drvfs" && cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$T/drvfs/"
mkdir -p "$T/drvfs/proc/self"
printf '36 25 0:31 / / rw - ext4 /dev/sdc rw\n97 36 0:63 / %s rw,noatime - 9p C:\\134 rw,trans=fd\n' \
	"$(printf '%s' "$T/open" | sed 's/ /\\040/g')" >"$T/drvfs/proc/self/mountinfo"
rc=0; WSLX_SYSROOT=$T/drvfs WSLX_HOST_DIR=$T/open "$WSLX_BUILD/wslx" env --shell sh >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 0 "DrvFs handoff: exit status"
expect_eq "$(cat "$T/err")" "" "DrvFs handoff: no note"
expect_match "$(xauth -n -f "$HOME/.Xauthority" list)" "172.30.96.1:0 +MIT-MAGIC-COOKIE-1" "DrvFs handoff: the cookie taken"

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
XAUTHORITY=$T/shared/.Xauthority one_note "another user's symlink" \
	"cannot write .*: a symlink that is not yours, or in a directory others can write to: not followed.*\(DISPLAY set, the cookie not installed\)"
chown -h root "$T/shared/.Xauthority"
XAUTHORITY=$T/shared/.Xauthority one_note "a symlink in a shared directory" "cannot write .*not followed"
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
XAUTHORITY=$T/xa-dir one_note "Xauthority is a directory" "cannot read .*xa-dir: it is a directory: set xauthority"
printf 'garbage!' >"$T/xa-bad"
XAUTHORITY=$T/xa-bad one_note "corrupt Xauthority" "cannot read .*xa-bad: not a complete Xauthority file \(left as it is\): move it aside"
expect_eq "$(cat "$T/xa-bad")" "garbage!" "the corrupt file"
mkdir -p "$T/links" && chmod 700 "$T/links"
ln -s "$T/links/missing/xa" "$T/links/xa"
XAUTHORITY=$T/links/xa one_note "dangling symlink" "cannot write .*a symlink to a missing file"
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
XAUTHORITY=$T/full/xa one_note "full disk" "cannot (write|lock) .*xa"
expect_eq "$(md5sum <"$T/full/xa")" "$before" "Xauthority after a full disk"
expect_eq "$(ls "$T/full")" "$(printf 'fill\nxa')" "files on the full disk"
# No HOME and no XAUTHORITY: DISPLAY all the same.
(unset HOME; WSLX_HOST_DIR=$T/state one_note "no HOME" "no Xauthority file \(HOME and XAUTHORITY unset\)") || exit 1
echo "failures ok"
