#!/usr/bin/env bash
# The PowerShell tests: Pester 6 under pwsh 7, wslx's scripts run against the
# Windows stand-ins in tests/ps/standins, wslx-host.exe under wine, installed
# from the unpacked build/dist/wslx-windows.zip.  One closing line like the
# other suites; without pwsh or Pester the suite says loudly it was skipped.
set -u
cd "$(dirname "$0")/../.."
export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$HOME/.cache/wslx-wine}
mkdir -p "$WINEPREFIX"
PWSH=$(command -v pwsh || echo "$HOME/.dotnet/tools/pwsh")
PESTER=$HOME/.local/share/powershell/Modules/Pester/6.2.0/Pester.psd1
why=""
[ -x "$PWSH" ] || why="no pwsh (scripts/deps.sh installs PowerShell 7.6.9 as a .NET tool where the .NET SDK is)"
[ -n "$why" ] || [ -f "$PESTER" ] || why="no Pester 6.2.0 (scripts/deps.sh installs it from NuGet)"
if [ -n "$why" ]; then
	echo "powershell: SKIPPED, NOT RUN: $why"
	echo "powershell: 0 passed, 0 failed, skipped"
	exit 0
fi
# The zip as it is now (run alone, this suite must not test an old build).
make -s dist >/dev/null || exit 1
rm -rf build/dist/wslx-windows.unpacked
mkdir -p build/dist/wslx-windows.unpacked
python3 -m zipfile -e build/dist/wslx-windows.zip build/dist/wslx-windows.unpacked || exit 1
export WSLX_DIST=$PWD/build/dist/wslx-windows.unpacked/wslx-windows
exec timeout 900 "$PWSH" -NoProfile -NonInteractive -File tests/ps/run.ps1 "$@"
