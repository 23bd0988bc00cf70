#!/usr/bin/env bash
# Peers that hang up, reset, flood or go silent, on both relay paths (splice and
# the ring buffers that Windows uses): wslx-host never spins (under 5% of a core
# over 2 s, read from /proc/PID/stat), half-closes pass through, and every
# descriptor of a connection is freed once both sides are done.
. "$(dirname "$0")/lib.sh"
PEERS="python3 $WSLX_ROOT/tests/e2e/peers.py"
lab_up
HZ=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# expect_idle WHAT: the host under test used under 5% of a core over 2 s.
expect_idle() {
	local a b
	a=$(cpu_ticks "$HOST")
	sleep 2
	b=$(cpu_ticks "$HOST")
	[ $(((b - a) * 100)) -lt $((5 * 2 * HZ)) ] ||
		fail "$1: wslx-host used $((b - a)) of $((2 * HZ)) clock ticks in 2 s (spinning)"
}
fds() { ls "/proc/$HOST/fd" | wc -l; }
# expect_fds_freed WHAT: back to the descriptors it had before the scenario.
expect_fds_freed() {
	local i
	for i in $(seq 100); do [ "$(fds)" = "$BASE_FDS" ] && return 0; sleep 0.1; done
	fail "$1: wslx-host holds $(fds) descriptors, had $BASE_FDS"
}

# peer_host NAME PATHENV UPSTREAM-MODE [ARG]: a fake X server on a unix socket and
# a wslx-host in front of it on its own port (a 2 s limit for the setup and the
# X server's answer); sets HOST, PORT, COOKIE, BASE_FDS.
NEXT_DISPLAY=1
peer_host() {
	local name=$1 pathenv=$2 mode=$3 arg=${4:-}
	lab_bg "$LAB_WIN" $PEERS upstream "unix:$LAB_DIR/$name.sock" "$mode" $arg >"$LAB_DIR/$name.up" 2>&1
	lab_wait_file "$LAB_DIR/$name.sock"
	mkdir -p "$LAB_DIR/st-$name" && chmod 700 "$LAB_DIR/st-$name"
	lab_bg "$LAB_WIN" env $pathenv "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" \
		--display $NEXT_DISPLAY --upstream "unix:$LAB_DIR/$name.sock" --setup-timeout 2 \
		--state-dir "$LAB_DIR/st-$name" --log "$LAB_DIR/$name.log"
	HOST=$!
	PORT=$((6000 + NEXT_DISPLAY))
	NEXT_DISPLAY=$((NEXT_DISPLAY + 1))
	lab_wait_file "$LAB_DIR/st-$name/host.ini"
	COOKIE=$(xauth -n -f "$LAB_DIR/st-$name/cookie" list | awk '{print $3}')
	BASE_FDS=$(fds)
}
client() { in_wsl $PEERS client $LAB_HOST_IP $PORT "$COOKIE" "$@"; }

for path in splice rings; do
	pathenv=WSLX_PATH=splice
	[ $path = rings ] && pathenv=WSLX_NO_SPLICE=1

	# The X server answers the setup and closes (xkill, a server ending a
	# client); the client stays open: it gets EOF, wslx-host sleeps.
	peer_host "close-$path" $pathenv answer-close
	client eof-hold 3 >"$LAB_DIR/c.out" &
	c=$!
	sleep 0.5
	expect_idle "$path: upstream closed, client open"
	wait $c
	expect_eq "$(cat "$LAB_DIR/c.out")" "eof" "$path: the client got the X server's EOF"
	expect_fds_freed "$path: upstream closed"

	# An X server that never reads; the client floods, then resets.
	peer_host "noread-$path" $pathenv answer-noread
	client flood-reset
	expect_idle "$path: client reset while the upstream does not read"
	expect_fds_freed "$path: client reset"

	# The X server floods and closes while the client reads nothing; then the
	# client reads it all, and the end.
	peer_host "flood-$path" $pathenv answer-flood 8000000
	client hold-read 3 >"$LAB_DIR/c.out" &
	c=$!
	sleep 0.5
	expect_idle "$path: upstream flooded and closed, client not reading"
	wait $c
	expect_eq "$(cat "$LAB_DIR/c.out")" "8000000 bytes eof" "$path: every byte, then EOF"
	expect_fds_freed "$path: flood read"

	# The X server kills a client whose pipe is full.
	peer_host "kill-$path" $pathenv answer-kill 1
	client flood-hold 3 >"$LAB_DIR/c.out" &
	c=$!
	sleep 1.5
	expect_idle "$path: X server killed a flooding client"
	wait $c
	expect_match "$(cat "$LAB_DIR/c.out")" "^(eof|reset)$" "$path: the killed client's connection ended"
	expect_fds_freed "$path: killed client"

	# Half-close, client to server: the client's EOF reaches the X server,
	# which answers and closes.
	peer_host "echo-$path" $pathenv echo-bye
	expect_eq "$(client shut-write)" "bye eof" "$path: half-close from the client"
	expect_fds_freed "$path: half-close from the client"

	# Half-close, server to client: the client reads the server's EOF, then
	# still sends, and the server gets it.
	peer_host "hello-$path" $pathenv hello-shut
	expect_eq "$(client read-then-send)" "hello eof" "$path: half-close from the server"
	for i in $(seq 50); do grep -q ping "$LAB_DIR/hello-$path.up" && break; sleep 0.1; done
	expect_eq "$(cat "$LAB_DIR/hello-$path.up")" "ping" "$path: the client's bytes after the server's EOF"
	expect_fds_freed "$path: half-close from the server"

	# A client that reads nothing and closes; one that closes at once.
	peer_host "quiet-$path" $pathenv answer-noread
	client noread-close
	client connect-close
	expect_idle "$path: clients that closed early"
	expect_fds_freed "$path: clients that closed early"

	# An X server that accepts but never answers the setup: the client is told
	# at the limit, and the connection ends.
	peer_host "silent-$path" $pathenv silent
	client wait 5 >"$LAB_DIR/c.out" &
	c=$!
	expect_idle "$path: silent X server"
	wait $c
	expect_eq "$(cat "$LAB_DIR/c.out")" \
		"Failed: wslx: the X server behind wslx-host did not answer the connection setup" \
		"$path: silent X server"
	expect_fds_freed "$path: silent X server"
	kill -0 "$HOST" || fail "$path: wslx-host died"
done

# A TCP upstream slow to connect (its SYNs are dropped) while the client resets.
in_lan nft -f - <<'NFT' || fail nft
table inet slow {
	chain input {
		type filter hook input priority 0; policy accept;
		tcp dport 7000 drop
	}
}
NFT
in_win sysctl -qw net.ipv4.ip_forward=1
for pathenv in WSLX_PATH=splice WSLX_NO_SPLICE=1; do
	mkdir -p "$LAB_DIR/st-slow$NEXT_DISPLAY" && chmod 700 "$LAB_DIR/st-slow$NEXT_DISPLAY"
	lab_bg "$LAB_WIN" env $pathenv "$WSLX_BUILD/wslx-host" --interface "$LAB_IF_WSL" \
		--display $NEXT_DISPLAY --upstream "$LAB_STRANGER_IP:7000" --setup-timeout 20 \
		--state-dir "$LAB_DIR/st-slow$NEXT_DISPLAY" --log "$LAB_DIR/slow.log"
	HOST=$! PORT=$((6000 + NEXT_DISPLAY))
	lab_wait_file "$LAB_DIR/st-slow$NEXT_DISPLAY/host.ini"
	COOKIE=$(xauth -n -f "$LAB_DIR/st-slow$NEXT_DISPLAY/cookie" list | awk '{print $3}')
	NEXT_DISPLAY=$((NEXT_DISPLAY + 1))
	BASE_FDS=$(fds)
	in_wsl python3 -c "
import socket, struct, sys, time
s = socket.create_connection(('$LAB_HOST_IP', $PORT))
n = b'MIT-MAGIC-COOKIE-1'
s.sendall(b'l\0' + struct.pack('<HHHH', 11, 0, len(n), 16) + b'\0\0' + n + b'\0\0' + bytes.fromhex('$COOKIE'))
time.sleep(0.5)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
s.close()"
	expect_idle "$pathenv: client reset while the upstream connect is pending"
	expect_fds_freed "$pathenv: client reset while connecting"
done
echo "peers ok"
