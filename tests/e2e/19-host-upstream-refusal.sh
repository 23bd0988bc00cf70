#!/usr/bin/env bash
# What the X server says to wslx-host reaches the user: a refusal of
# wslx-host's own cookie is logged once a burst and the client is told the
# cause; the cookie file read again when it changes; an X server that closes
# without answering gets the client a Failed reply; a start without upstream
# authentication says so.  And the files wslx-host opens: --log never follows
# another user's link, the fallback state directory is the user's own, a clean
# stop leaves no cookie behind our own symlink.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
cookie_of() { xauth -n -f "$1" list | awk 'NR == 1 {print $3}'; }

# wslx-host given a cookie file the X server does not take.
xauth -q -f "$LAB_DIR/wrong.auth" add ":$LAB_XNUM" MIT-MAGIC-COOKIE-1 00112233445566778899aabbccddeeff 2>/dev/null
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
	--upstream-auth "$LAB_DIR/wrong.auth" --state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
LAB_HOST_PID=$!
lab_wait_file "$LAB_DIR/state/host.ini"
guest_cookie=$(cookie_of "$LAB_DIR/state/cookie")
for i in 1 2 3; do
	out=$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$guest_cookie")
	expect_match "$out" "^Failed: wslx: the X server refused wslx-host's own cookie \(Invalid MIT-MAGIC-COOKIE-1 key\): restart wslx-host and the X server together" "client $i told the cause"
done
expect_eq "$(grep -c "the X server refused wslx-host's cookie: Invalid MIT-MAGIC-COOKIE-1 key" "$LAB_DIR/host.log")" 1 "one log line for the burst"
guest "$WSLX_BUILD/wslx" env >/dev/null
out=$(guest "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +x11 +refused: wslx: the X server refused wslx-host's own cookie" "doctor shows the cause"
expect_match "$out" "fix: restart wslx-host and the X server together" "doctor's fix is not eval"

# The file now holds the X server's cookie (replaced as editors and xauth do):
# one log line, and the next client is served.
cp "$LAB_DIR/xserver.auth" "$LAB_DIR/wrong.auth.new" && mv "$LAB_DIR/wrong.auth.new" "$LAB_DIR/wrong.auth"
for i in $(seq 30); do grep -q "cookie in $LAB_DIR/wrong.auth changed" "$LAB_DIR/host.log" && break; sleep 0.1; done
expect_eq "$(grep -c "the X server's cookie in $LAB_DIR/wrong.auth changed: wslx-host gives it the new one" "$LAB_DIR/host.log")" 1 "the change logged once"
expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$guest_cookie")" "Success" "the next client served"
kill "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null

# An X server that closes before answering (its own client limit), and no
# upstream authentication at all.
in_win python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 6371)); s.listen(8)
for i in range(2):
    c, _ = s.accept(); c.recv(100); c.close()" &
closer=$!
rm -f "$LAB_DIR/host.log" "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream 127.0.0.1:6371 \
	--state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
LAB_HOST_PID=$!
lab_wait_file "$LAB_DIR/state/host.ini"
expect_match "$(cat "$LAB_DIR/host.log")" "no --upstream-auth or --upstream-cookie-out: the X server gets no cookie" "a start without upstream auth says so"
out=$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$(cookie_of "$LAB_DIR/state/cookie")")
expect_match "$out" "^Failed: wslx: the X server closed the connection without answering" "a close without an answer"
kill "$LAB_HOST_PID" $closer 2>/dev/null; wait "$LAB_HOST_PID" $closer 2>/dev/null
out=$("$WSLX_BUILD/wslx-host" --upstream localhost:6371 --listen 127.0.0.1 2>&1)
expect_match "$out" "upstream: 'localhost:6371': the host must be an IPv4 address" "a name as the upstream"

# --log: another user's symlink in a sticky directory is not followed.
mkdir -p "$LAB_DIR/shared" && chmod 1777 "$LAB_DIR/shared"
echo "victim" >"$LAB_DIR/victim"
ln -s "$LAB_DIR/victim" "$LAB_DIR/shared/host.log" && chown -h nobody "$LAB_DIR/shared/host.log"
rc=0
out=$(unshare --net "$WSLX_BUILD/wslx-host" --listen 127.0.0.1:6000 --upstream 127.0.0.1:1 \
	--allow 127.0.0.0/8 --state-dir "$LAB_DIR/st2" --log "$LAB_DIR/shared/host.log" 2>&1) || rc=$?
expect_eq "$rc" 1 "a planted log link: exit status"
expect_match "$out" "cannot open log" "a planted log link refused"
expect_eq "$(cat "$LAB_DIR/victim")" "victim" "the link's target untouched"

# No --state-dir, no XDG_RUNTIME_DIR: the handoff goes under HOME, never /tmp.
mkdir -p "$LAB_DIR/h"
env -u XDG_RUNTIME_DIR HOME="$LAB_DIR/h" unshare --net sh -c 'ip link set lo up && exec "$@"' sh \
	"$WSLX_BUILD/wslx-host" --listen 127.0.0.1:6000 --upstream 127.0.0.1:1 --allow 127.0.0.0/8 \
	--log "$LAB_DIR/h.log" &
fallback=$!
lab_wait_file "$LAB_DIR/h/.local/state/wslx/host.ini"
expect_eq "$(stat -c %a "$LAB_DIR/h/.local/state/wslx")" 700 "the fallback state directory's mode"
kill $fallback; wait $fallback 2>/dev/null

# A cookie written through our own symlink: gone from its target after a clean stop.
mkdir -p "$LAB_DIR/st3" "$LAB_DIR/keep" && chmod 700 "$LAB_DIR/st3" "$LAB_DIR/keep"
: >"$LAB_DIR/keep/cookie"
ln -s "$LAB_DIR/keep/cookie" "$LAB_DIR/st3/cookie"
unshare --net sh -c 'ip link set lo up && exec "$@"' sh \
	"$WSLX_BUILD/wslx-host" --listen 127.0.0.1:6000 --upstream 127.0.0.1:1 --allow 127.0.0.0/8 \
	--state-dir "$LAB_DIR/st3" --log "$LAB_DIR/st3.log" &
linked=$!
lab_wait_file "$LAB_DIR/st3/host.ini"
[ -s "$LAB_DIR/keep/cookie" ] || fail "the cookie was not written through the link"
kill $linked; wait $linked 2>/dev/null
[ -e "$LAB_DIR/keep/cookie" ] && fail "the cookie's bytes stayed behind the link after a clean stop"
[ -L "$LAB_DIR/st3/cookie" ] && fail "the link stayed"
echo "upstream refusal ok"
