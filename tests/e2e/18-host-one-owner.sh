#!/usr/bin/env bash
# One owner per state directory, port and cookie, and a log that tells the
# truth: a second wslx-host on the same state directory (a logon task and a
# manual start) exits at once and changes nothing; a port another program holds
# is its own state, never "listening"; SIGHUP cleans up like SIGTERM; a silent
# client is cut within --setup-timeout + 1 s; the start line and host.ini say
# what is served.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
# The first copy.
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
	--upstream-auth "$LAB_DIR/xserver.auth" --state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
first=$!
lab_wait_file "$LAB_DIR/state/host.ini"
snapshot() { md5sum "$LAB_DIR/state/cookie" "$LAB_DIR/state/host.ini" "$LAB_DIR/xserver.auth" | awk '{print $1}'; }
before=$(snapshot)
xdpy() { guest bash -c "eval \"\$($WSLX_BUILD/wslx env 2>/dev/null)\"; timeout 10 xdpyinfo" 2>&1; }
expect_match "$(xdpy)" "vendor string" "client before the second copy"

# A second copy on the same state directory, as a logon task would start it,
# told to make the X server's cookie (--upstream-cookie-out, as wslx-start.ps1
# has it): exit 1 at once, the first's pid named, nothing written or removed.
start=$(date +%s%N)
rc=0
out=$(in_win timeout 5 "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" --upstream ":$LAB_XNUM" \
	--upstream-cookie-out "$LAB_DIR/xserver.auth" --state-dir "$LAB_DIR/state" 2>&1) || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "$rc" 1 "the second copy's exit status"
[ "$ms" -lt 2000 ] || fail "the second copy took $ms ms to give up"
expect_match "$out" "another wslx-host \(pid $first\) serves $LAB_DIR/state" "the second copy's message"
expect_eq "$(snapshot)" "$before" "cookie, host.ini and the X server's cookie file after the second copy"
expect_match "$(xdpy)" "vendor string" "client after the second copy"
kill -0 $first || fail "the first copy died"

# SIGHUP (a closed terminal, a logout): the handoff is gone within 2 s.
kill -HUP $first
for i in $(seq 20); do
	[ -e "$LAB_DIR/state/host.ini" ] || [ -e "$LAB_DIR/state/cookie" ] || break
	sleep 0.1
done
[ -e "$LAB_DIR/state/host.ini" ] && fail "host.ini still there 2 s after SIGHUP"
[ -e "$LAB_DIR/state/cookie" ] && fail "cookie still there 2 s after SIGHUP"
wait $first 2>/dev/null
expect_match "$(cat "$LAB_DIR/host.log")" "stopped" "a clean stop on SIGHUP"

# Port 6000 held by another program (VcXsrv on its default :0): its own state,
# no "listening" line, doctor names the port; served once the port is free.
rm -f "$LAB_DIR/host.log"
in_win python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('0.0.0.0', 6000)); s.listen(1); time.sleep(8)" &
holder=$!
for i in $(seq 50); do in_win ss -Hltn "sport = :6000" | grep -q . && break; sleep 0.1; done
lab_host
expect_match "$(cat "$LAB_DIR/state/host.ini")" "state = port-taken" "host.ini with the port taken"
log=$(cat "$LAB_DIR/host.log")
expect_match "$log" "cannot listen on $LAB_HOST_IP:6000: another program holds the port \(an X server on display :0\?\)" "the log names the taken port"
expect_nomatch "$log" "listening on" "no listening line while the port is taken"
out=$(guest "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +wslx-host +running, but not listening: another program holds port 6000 on $LAB_HOST_IP" "doctor names the taken port"
expect_match "$out" "fix: an X server holds port 6000 \(display :0\): run it on display :1" "doctor's fix"
expect_match "$(guest "$WSLX_BUILD/wslx" env 2>&1 >/dev/null)" "another program holds port 6000" "env's note"
wait $holder
for i in $(seq 50); do grep -q "state = serving" "$LAB_DIR/state/host.ini" && break; sleep 0.1; done
expect_match "$(cat "$LAB_DIR/state/host.ini")" "state = serving" "serving once the port is free"
expect_match "$(cat "$LAB_DIR/host.log")" "listening on $LAB_HOST_IP:6000 for 172.30.96.0/20: the port is free again" "the log says so"
expect_match "$(xdpy)" "vendor string" "client once the port is free"
kill "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null

# A silent client (it connects and sends nothing): cut within --setup-timeout + 1 s.
lab_host --setup-timeout 2
start=$(date +%s%N)
out=$(X11RAW_TIMEOUT=10 in_wsl $X11RAW $LAB_HOST_IP 6000 silent)
ms=$((($(date +%s%N) - start) / 1000000))
expect_match "$out" "^Failed: wslx: connection setup timed out" "the silent client's answer"
[ "$ms" -le 3000 ] || fail "a silent client was cut after $ms ms with --setup-timeout 2"
kill "$LAB_HOST_PID"; wait "$LAB_HOST_PID" 2>/dev/null

# --listen ADDR:6010 with an --allow list: the start line and host.ini say so.
rm -f "$LAB_DIR/host.log" "$LAB_DIR/state/host.ini"
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --listen "$LAB_HOST_IP:6010" --allow 172.30.96.0/20 \
	--allow 10.9.0.0/16 --upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" \
	--state-dir "$LAB_DIR/state" --log "$LAB_DIR/host.log"
lab_wait_file "$LAB_DIR/state/host.ini"
ini=$(cat "$LAB_DIR/state/host.ini")
expect_match "$ini" "display = 10" "host.ini: the display served"
expect_match "$ini" "allow = 172.30.96.0/20, 10.9.0.0/16" "host.ini: the allow list"
expect_match "$(cat "$LAB_DIR/host.log")" "listening on $LAB_HOST_IP:6010 for 172.30.96.0/20, 10.9.0.0/16 \(display :10\)" "the start line"
echo "one owner ok"
