# Shared by the end-to-end scenarios: the lab, assertions.
WSLX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WSLX_BUILD=${WSLX_BUILD:-$WSLX_ROOT/build}
. "$WSLX_ROOT/scripts/lab.sh"
X11RAW="python3 $WSLX_ROOT/tests/e2e/x11raw.py"
XWDCMP="python3 $WSLX_ROOT/tests/e2e/xwdcmp.py"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_eq GOT WANT WHAT
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"; }
# expect_match TEXT REGEX WHAT
expect_match() { printf '%s' "$1" | grep -Eq -- "$2" || fail "$3: '$1' does not match /$2/"; }
expect_nomatch() { printf '%s' "$1" | grep -Eq -- "$2" && fail "$3: '$1' matches /$2/"; return 0; }

# expect_same_xwd A B WHAT: the two screenshots hold the same image (header,
# colours, pixels), whatever xwd left in its uninitialised pad bytes.
expect_same_xwd() { local why; why=$($XWDCMP "$1" "$2") || fail "$3: $why"; }

# loopback_host DIR: a wslx-host on 127.0.0.1:6000 in a network namespace of its
# own (so no port on this machine can clash with it) whose handoff goes to DIR;
# for the guest-side scenarios that need a real handoff, not traffic.
loopback_host() {
	mkdir -p "$1"
	chmod 700 "$1"
	unshare --net sh -c 'ip link set lo up && exec "$@"' sh \
		"$WSLX_BUILD/wslx-host" --listen 127.0.0.1:6000 --upstream 127.0.0.1:1 --allow 172.30.96.0/20 \
		--state-dir "$1" --log "$1.log" &
	LOOPBACK_HOST_PID=$!
	LAB_PIDS="${LAB_PIDS:-} $!"
	lab_wait_file "$1/host.ini"
}
# guest_scene: for the guest-side scenarios: a temporary folder $T (removed at
# exit) with an empty HOME, a loopback wslx-host's handoff in $T/state, and the
# fixture machine of a WSL2 guest in NAT mode.
guest_scene() {
	T=$(mktemp -d /tmp/wslx-e2e.XXXXXX)
	trap 'loopback_host_stop; rm -rf "$T"' EXIT
	loopback_host "$T/state"
	export HOME=$T/home WSLX_HOST_DIR=$T/state WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/wsl2-nat
	unset XAUTHORITY
	mkdir -p "$HOME"
}

# loopback_host_stop: stop it and wait, so it writes nothing into a folder being removed.
loopback_host_stop() {
	[ -n "${LOOPBACK_HOST_PID:-}" ] || return 0
	kill "$LOOPBACK_HOST_PID" 2>/dev/null
	wait "$LOOPBACK_HOST_PID" 2>/dev/null
	LOOPBACK_HOST_PID=
}

# wine_lab: the lab for the scenarios that run wslx-host.exe under wine ($EXE,
# $WINE), Xvfb on TCP as Xming is.  Wine creates sockets in its wineserver,
# which must start inside the namespace: a running one is stopped first.
wine_lab() {
	EXE=$WSLX_BUILD/win/wslx-host.exe
	[ -x "$EXE" ] || fail "no $EXE: run make windows"
	export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$HOME/.cache/wslx-wine}
	WINE=$(command -v wine || echo /usr/lib/wine/wine64)
	mkdir -p "$WINEPREFIX"
	wineserver -k 2>/dev/null
	LAB_XTCP=1
	lab_up
	trap 'lab_down; wineserver -k 2>/dev/null' EXIT
	lab_xserver
	# The guest sees Windows' files through DrvFs (9p), where modes read 0777
	# and tell nothing (wine's rendering of the DACL it puts on an existing state
	# directory makes it 0775): a WSL2 guest in NAT mode whose mountinfo says
	# so, the lab's addresses being the fixture's.
	mkdir -p "$LAB_DIR/guestroot"
	cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$LAB_DIR/guestroot/"
	mkdir -p "$LAB_DIR/guestroot/proc/self"
	printf '36 25 0:31 / / rw - ext4 /dev/sdc rw\n97 36 0:63 / %s rw - 9p C:\\134 rw\n' \
		"$LAB_DIR" >"$LAB_DIR/guestroot/proc/self/mountinfo"
	export WSLX_SYSROOT=$LAB_DIR/guestroot
}

# winpath PATH: the Windows name wine gives a Linux path (drive Z:).
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
