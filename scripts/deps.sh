#!/usr/bin/env bash
# deps.sh: install what wslx needs to build, test and demo (Debian, apt-get).
# The one place that installs packages. A quick no-op when all is present.
set -eu

pkgs="build-essential pkg-config clang libclang-rt-14-dev clang-format cppcheck procps
libxcb1-dev libx11-dev libxau-dev libinih-dev libcmocka-dev libnftables-dev
nftables iproute2 xvfb xauth x11-utils x11-apps x11-xserver-utils socat strace valgrind
python3 zsh fish tcsh mksh hyperfine groff-base
gcc-mingw-w64-x86-64 wine64 wine"

missing=""
for p in $pkgs; do
	# dpkg-query is a few ms for the whole list; apt-get only when needed.
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "wslx: deps.sh: missing packages:$missing: run as root or install them with apt-get" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
