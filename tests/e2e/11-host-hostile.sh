#!/usr/bin/env bash
# Strangers and hostile setups: closed before a byte is read, or told why in a
# well-formed Failed reply; a flood cannot fill the log; a silent client is cut
# at the time limit while others are served.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host --setup-timeout 2
# The forwarder's own check, not a firewall: make the LAN able to reach the port.
in_win sysctl -qw net.ipv4.ip_forward=1

# A LAN stranger: closed before anything is read, with no reply.
flood_start=$(date +%s)
out=$(in_lan $X11RAW $LAB_HOST_IP 6000 none)
[ "$out" = "closed" ] || [ "$out" = "reset" ] || fail "stranger got '$out'"
expect_match "$(cat "$LAB_DIR/host.log")" "$LAB_STRANGER_IP:[0-9]+ refused: not in an allowed subnet" "stranger logged"

# A flood of 100 strangers: at most 20 lines in each 10 s window (a slow machine
# may spread the flood over more than one window).  Each sends a byte: a
# connection that sends nothing is handed to wslx-host only after
# NETSOCK_DEFER_S (TCP_DEFER_ACCEPT), and closed then.
in_lan python3 -c "
import socket
for i in range(100):
    try:
        s = socket.create_connection(('$LAB_HOST_IP', 6000), timeout=5); s.sendall(b'l'); s.recv(1); s.close()
    except OSError:
        pass"
n=$(grep -c "$LAB_STRANGER_IP.*not in an allowed subnet" "$LAB_DIR/host.log")
windows=$(( ($(date +%s) - flood_start) / 10 + 1 ))
[ "$n" -le $((20 * windows)) ] || fail "flood wrote $n log lines in $windows window(s) of 10 s"

# Hostile setups from inside the subnet get Failed replies they can print.
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 huge)" '^Failed: wslx: authorization fields too long' huge
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 proto10)" '^Failed: wslx: unsupported X protocol version' proto10
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 http)" '^Failed: wslx: not an X11 connection setup' http
expect_match "$(in_wsl $X11RAW $LAB_HOST_IP 6000 none)" '^Failed: wslx: authorization required' none

# Half a setup, then silence: cut at the 2 s limit; a real client is served meanwhile.
in_wsl $X11RAW $LAB_HOST_IP 6000 half >"$LAB_DIR/half.out" &
half=$!
out=$(guest bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) || fail "served during a stall: $out"
wait $half
expect_match "$(cat "$LAB_DIR/half.out")" '^Failed: wslx: connection setup timed out' "half setup"
kill -0 "$LAB_HOST_PID" || fail "wslx-host died"
echo "hostile ok"
