#!/usr/bin/env bash
# wslx-host.exe under wine: one owner per state directory (a second copy exits
# 1 naming the first's pid and changes no file) and a port another program holds
# (host.ini says port-taken, the log never says listening, served once it is
# free).  Wine runs Winsock on Linux sockets: a specific address beside another
# program's wildcard bind is refused here as on Linux, while Windows would let
# it bind (and SO_EXCLUSIVEADDRUSE is wine's to honour): that case needs Windows.
. "$(dirname "$0")/lib.sh"
wine_lab
host_exe() { # host_exe PORT STATE-DIR LOG [ARGS...]; ${BOUND:-} before it (a timeout)
	local port=$1 dir=$2 log=$3
	shift 3
	${BOUND:-} ip netns exec "$LAB_WIN" env WINEDEBUG=-all WINEPREFIX="$WINEPREFIX" "$WINE" "$EXE" \
		--listen "$LAB_HOST_IP:$port" --allow 172.30.96.0/20 \
		--upstream "127.0.0.1:$((6000 + LAB_XNUM))" --upstream-auth "$(winpath "$LAB_DIR/xserver.auth")" \
		--state-dir "$(winpath "$dir")" --log "$(winpath "$log")" "$@"
}
wait_ini() { for i in $(seq 600); do [ -e "$1/host.ini" ] && return 0; sleep 0.1; done; fail "no $1/host.ini"; }

# The first copy, then a second on the same state directory.
host_exe 6000 "$LAB_DIR/state" "$LAB_DIR/a.log" &
first=$!
LAB_PIDS="$LAB_PIDS $first"
wait_ini "$LAB_DIR/state"
before=$(md5sum "$LAB_DIR/state/cookie" "$LAB_DIR/state/host.ini" | awk '{print $1}')
winpid=$(sed -n 's/^pid = //p' "$LAB_DIR/state/host.ini" | tr -d '\r')
rc=0
BOUND="timeout 20" host_exe 6002 "$LAB_DIR/state" "$LAB_DIR/b.log" || rc=$?
expect_eq "$rc" 1 "the second copy's exit status"
expect_match "$(tr -d '\r' <"$LAB_DIR/b.log")" "another wslx-host \(pid $winpid\) serves" "the second copy names the first"
expect_eq "$(md5sum "$LAB_DIR/state/cookie" "$LAB_DIR/state/host.ini" | awk '{print $1}')" "$before" "the handoff after the second copy"
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) || fail "the first copy after the second: $out"

# Port 6004 on the WSL-facing address held by another program.
in_win python3 -c "
import socket, time
s = socket.socket(); s.bind(('$LAB_HOST_IP', 6004)); s.listen(1); time.sleep(6)" &
holder=$!
for i in $(seq 50); do in_win ss -Hltn "sport = :6004" | grep -q . && break; sleep 0.1; done
mkdir -p "$LAB_DIR/s2"
host_exe 6004 "$LAB_DIR/s2" "$LAB_DIR/c.log" &
LAB_PIDS="$LAB_PIDS $!"
wait_ini "$LAB_DIR/s2"
expect_match "$(tr -d '\r' <"$LAB_DIR/s2/host.ini")" "state = port-taken" "host.ini with the port taken"
log=$(tr -d '\r' <"$LAB_DIR/c.log")
expect_match "$log" "another program holds the port" "the log names the taken port"
expect_nomatch "$log" "listening on" "no listening line while the port is taken"
wait $holder
for i in $(seq 100); do tr -d '\r' <"$LAB_DIR/s2/host.ini" | grep -q "state = serving" && break; sleep 0.1; done
expect_match "$(tr -d '\r' <"$LAB_DIR/s2/host.ini")" "state = serving" "serving once the port is free"
echo "wine one owner ok"
