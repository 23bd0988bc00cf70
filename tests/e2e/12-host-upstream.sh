#!/usr/bin/env bash
# The X server down: the client is told so; the forwarder carries on and serves
# the next client once the server is back.  SIGTERM: exit 0, handoff removed.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host
cookie=$(xauth -n -f "$LAB_DIR/state/cookie" list | awk '{print $3}')
expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$cookie")" "Success" "server up"

# Two clients connected when the X server goes away: they get EOF and exit,
# and wslx-host frees their connections.
guest "$WSLX_BUILD/wslx" env >/dev/null
fds_before=$(ls "/proc/$LAB_HOST_PID/fd" | wc -l)
clients=""
for i in 1 2; do
	lab_bg "$LAB_WSL" env -u XAUTHORITY HOME="$LAB_DIR/home" DISPLAY=$LAB_HOST_IP:0 \
		xev -root -event property >/dev/null 2>&1
	clients="$clients $!"
done
for i in $(seq 100); do [ "$(grep -c ' accepted' "$LAB_DIR/host.log")" -ge 3 ] && break; sleep 0.1; done

# Stop Xvfb (the first background process of the lab).
xvfb_pid=$(in_win pgrep -f "Xvfb :$LAB_XNUM ")
kill "$xvfb_pid"; while kill -0 "$xvfb_pid" 2>/dev/null; do sleep 0.1; done
for p in $clients; do
	for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$p" 2>/dev/null && fail "a client still runs after its X server went away"
done
for i in $(seq 50); do [ "$(ls "/proc/$LAB_HOST_PID/fd" | wc -l)" = "$fds_before" ] && break; sleep 0.1; done
expect_eq "$(ls "/proc/$LAB_HOST_PID/fd" | wc -l)" "$fds_before" "descriptors after the X server went away"
out=$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$cookie")
expect_match "$out" '^Failed: wslx: the X server behind wslx-host is not running' "server down"

lab_xserver
expect_eq "$(in_wsl $X11RAW $LAB_HOST_IP 6000 mit "$cookie")" "Success" "server back"

# A client in the middle of a session, then SIGTERM.
accepted() { grep -c ' accepted' "$LAB_DIR/host.log"; }
before=$(accepted)
guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xev -root -event property >/dev/null 2>&1" &
client=$!
for i in $(seq 100); do [ "$(accepted)" -gt "$before" ] && break; sleep 0.1; done
[ "$(accepted)" -gt "$before" ] || fail "the client did not connect"
kill -TERM "$LAB_HOST_PID"
wait "$LAB_HOST_PID"; rc=$?
expect_eq "$rc" 0 "exit status after SIGTERM"
[ -e "$LAB_DIR/state/host.ini" ] && fail "host.ini left behind"
[ -e "$LAB_DIR/state/cookie" ] && fail "cookie left behind"
for i in $(seq 50); do kill -0 $client 2>/dev/null || break; sleep 0.1; done
kill -0 $client 2>/dev/null && fail "client still connected after the forwarder stopped"
expect_match "$(cat "$LAB_DIR/host.log")" "stopped" "stop logged"
echo "upstream ok"
