#!/usr/bin/env bash
# One subnet check for env and doctor: a wslx-host that allows a subnet wider
# than the guest's takes the guest (both say nothing is wrong); one that allows
# another subnet (after a renumber) gets the same verdict from both.
. "$(dirname "$0")/lib.sh"
lab_up
lab_xserver
lab_host
# with_subnet DIR CIDR: a copy of the live handoff that allows CIDR.
with_subnet() {
	mkdir -p "$1" && chmod 700 "$1"
	cp "$LAB_DIR/state/cookie" "$1/"
	sed "s|^subnet = .*|subnet = $2|" "$LAB_DIR/state/host.ini" >"$1/host.ini"
}
# at DIR CMD...: in the guest, with the handoff in DIR, seen as WSL2 in NAT mode
# (a fixture machine whose gateway and subnet are the lab's: the check is NAT's).
at() {
	local dir=$1
	shift
	in_wsl env -u XAUTHORITY HOME="$LAB_DIR/home" WSLX_HOST_DIR="$dir" \
		WSLX_SYSROOT="$WSLX_ROOT/tests/fixtures/wsl2-nat" "$@"
}

with_subnet "$LAB_DIR/wide" 172.16.0.0/12
at "$LAB_DIR/wide" "$WSLX_BUILD/wslx" env >"$LAB_DIR/out" 2>"$LAB_DIR/err" || fail "env: $(cat "$LAB_DIR/err")"
expect_eq "$(cat "$LAB_DIR/err")" "" "env says nothing of a wider subnet"
out=$(at "$LAB_DIR/wide" "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "ok +host subnet +wslx-host allows 172.16.0.0/12, this guest is in 172.30.96.0/20" "doctor: wider"

with_subnet "$LAB_DIR/moved" 172.31.16.0/20
at "$LAB_DIR/moved" "$WSLX_BUILD/wslx" env >"$LAB_DIR/out" 2>"$LAB_DIR/err" || fail "env: $(cat "$LAB_DIR/err")"
expect_eq "$(cat "$LAB_DIR/err")" "wslx: note: wslx-host allows 172.31.16.0/20 but this guest is in 172.30.96.0/20: restart wslx-host (wslx doctor)" "env: another subnet"
out=$(at "$LAB_DIR/moved" "$WSLX_BUILD/wslx" doctor 2>&1)
expect_match "$out" "fail +host subnet +wslx-host allows 172.31.16.0/20 but this guest is in 172.30.96.0/20" "doctor: another subnet"
echo "env and doctor agree"
