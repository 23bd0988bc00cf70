#!/usr/bin/env bash
# deps.sh: install what wslx needs to build, test and demo (Debian, apt-get).
# The one place that installs packages. A quick no-op when all is present.
set -eu

pkgs="build-essential pkg-config clang libclang-rt-14-dev clang-format cppcheck procps
libxcb1-dev libx11-dev libxau-dev libinih-dev libcmocka-dev libnftables-dev
nftables iproute2 xvfb xauth x11-utils x11-apps x11-xserver-utils socat strace valgrind
python3 curl ca-certificates zsh fish tcsh mksh hyperfine groff-base
gcc-mingw-w64-x86-64 wine64 wine"

# PowerShell 7 and Pester, for the tests of the Windows scripts: a .NET tool and
# a NuGet package, where the .NET SDK is (the machine kind "dotnet").  Without
# dotnet the PowerShell tests say that they were skipped, and why.
PWSH_VERSION=7.6.9 PESTER_VERSION=6.2.0
pester_dir=$HOME/.local/share/powershell/Modules/Pester/$PESTER_VERSION
powershell_tools() {
	command -v dotnet >/dev/null 2>&1 || return 0
	# (the tool's store folder: starting pwsh to ask would cost a second)
	if [ ! -x "$HOME/.dotnet/tools/pwsh" ] || [ ! -d "$HOME/.dotnet/tools/.store/powershell/$PWSH_VERSION" ]; then
		echo "deps.sh: installing PowerShell $PWSH_VERSION (dotnet tool)" >&2
		dotnet tool update --global PowerShell --version "$PWSH_VERSION" >/dev/null
	fi
	if [ ! -f "$pester_dir/Pester.psd1" ]; then
		echo "deps.sh: installing Pester $PESTER_VERSION (NuGet)" >&2
		local tmp
		tmp=$(mktemp -d)
		curl -fsS -o "$tmp/pester.nupkg" \
			"https://api.nuget.org/v3-flatcontainer/pester/$PESTER_VERSION/pester.$PESTER_VERSION.nupkg"
		# The module is the package's tools/ folder.
		python3 - "$tmp/pester.nupkg" "$tmp/x" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
		mkdir -p "$(dirname "$pester_dir")"
		rm -rf "$pester_dir"
		mv "$tmp/x/tools" "$pester_dir"
		rm -rf "$tmp"
	fi
}

missing=""
for p in $pkgs; do
	# dpkg-query is a few ms for the whole list; apt-get only when needed.
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	powershell_tools
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "wslx: deps.sh: missing packages:$missing: run as root or install them with apt-get" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
powershell_tools
