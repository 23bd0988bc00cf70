#!/usr/bin/env bash
# One rule for the display: where wslx-host says it listens (host.ini), when the
# guest can reach it; the gateway otherwise.  So a custom port, a guest with no
# default route, and mirrored mode with a loopback listener all work.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
guest_in() { # guest_in STATE-DIR CMD...
	local dir=$1
	shift
	in_wsl env -u XAUTHORITY HOME="$LAB_DIR/home" WSLX_HOST_DIR="$dir" "$@"
}

# A custom port: wslx-host on 172.30.96.1:6010.
mkdir -p "$LAB_DIR/p6010" && chmod 700 "$LAB_DIR/p6010"
lab_bg "$LAB_WIN" "$WSLX_BUILD/wslx-host" --listen "$LAB_HOST_IP:6010" --allow 172.30.96.0/20 \
	--upstream ":$LAB_XNUM" --upstream-auth "$LAB_DIR/xserver.auth" \
	--state-dir "$LAB_DIR/p6010" --log "$LAB_DIR/p6010.log"
lab_wait_file "$LAB_DIR/p6010/host.ini"
expect_eq "$(guest_in "$LAB_DIR/p6010" "$WSLX_BUILD/wslx" env --shell sh)" \
	"DISPLAY='$LAB_HOST_IP:10'; export DISPLAY;" "DISPLAY for port 6010"
out=$(guest_in "$LAB_DIR/p6010" bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) ||
	fail "xdpyinfo on port 6010: $out"
expect_match "$out" "vendor string" "client on port 6010"
expect_match "$(guest_in "$LAB_DIR/p6010" "$WSLX_BUILD/wslx" doctor 2>&1)" \
	"ok +reachability +$LAB_HOST_IP:6010 accepts" "doctor tests port 6010"

# No default route (DNS tunneling without a gateway): host.ini says where.
in_wsl ip route del default
expect_eq "$(guest_in "$LAB_DIR/p6010" "$WSLX_BUILD/wslx" env --shell sh)" \
	"DISPLAY='$LAB_HOST_IP:10'; export DISPLAY;" "DISPLAY without a default route"
out=$(guest_in "$LAB_DIR/p6010" bash -c "eval \"\$($WSLX_BUILD/wslx env)\"; xdpyinfo" 2>&1) ||
	fail "xdpyinfo without a default route: $out"
in_wsl ip route add default via "$LAB_HOST_IP"

# Mirrored mode (a fixture machine) and a wslx-host on 127.0.0.1:6003; and the
# same handoff seen from NAT mode, where 127.0.0.1 is the guest itself: the gateway.
mkdir -p "$LAB_DIR/mirror" && chmod 700 "$LAB_DIR/mirror"
cp "$LAB_DIR/p6010/cookie" "$LAB_DIR/mirror/"
sed -e 's/^listen = .*/listen = 127.0.0.1/' -e 's/^port = .*/port = 6003/' \
	"$LAB_DIR/p6010/host.ini" >"$LAB_DIR/mirror/host.ini"
out=$(env HOME="$LAB_DIR/home" WSLX_HOST_DIR="$LAB_DIR/mirror" \
	WSLX_SYSROOT="$WSLX_ROOT/tests/fixtures/wsl2-mirrored" "$WSLX_BUILD/wslx" env --shell sh)
expect_eq "$out" "DISPLAY='127.0.0.1:3'; export DISPLAY;" "mirrored with a loopback listener"
out=$(env HOME="$LAB_DIR/home" WSLX_HOST_DIR="$LAB_DIR/mirror" \
	WSLX_SYSROOT="$WSLX_ROOT/tests/fixtures/wsl2-nat" "$WSLX_BUILD/wslx" env --shell sh)
expect_eq "$out" "DISPLAY='172.30.96.1:3'; export DISPLAY;" "NAT never takes a loopback listener"
echo "handoff display ok"
