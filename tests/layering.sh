#!/usr/bin/env bash
# The folders' order (bridge/DESIGN.md, "Layering"): a file may include headers from its
# own folder and from the folders below it, never from above or beside it.
#   bridge/sys  <  auth  <  firewall, bridge/handoff  <  bridge/host, bridge/guest
# Usage: layering.sh [ROOT]   (default: the repository), or --self-test: plant a
# bad include in a copy of the sources and show that the check fails on it.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
declare -A may=(
	[bridge/sys]="bridge/sys"
	[auth]="auth bridge/sys"
	[firewall]="firewall auth bridge/sys"
	[bridge/handoff]="bridge/handoff auth bridge/sys"
	[bridge/host]="bridge/host bridge/handoff firewall auth bridge/sys"
	[bridge/guest]="bridge/guest bridge/handoff firewall auth bridge/sys"
)

check() { # check ROOT: one line per crossing include; status 1 when there is one
	local root=$1 bad=0 dir f h owner
	declare -A home=()
	for dir in "${!may[@]}"; do
		for f in "$root/$dir"/*.h; do
			[ -e "$f" ] && home[$(basename "$f")]=$dir
		done
	done
	for dir in "${!may[@]}"; do
		for f in "$root/$dir"/*.[ch]; do
			[ -e "$f" ] || continue
			while read -r h; do
				owner=${home[$h]:-}
				[ -n "$owner" ] || continue # a system or test header
				case " ${may[$dir]} " in
				*" $owner "*) ;;
				*) echo "layering: ${f#$root/} includes $owner/$h: $dir may include from ${may[$dir]// /, } only"
					bad=1 ;;
				esac
			done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
		done
	done
	return $bad
}

if [ "${1:-}" = --self-test ]; then
	t=$(mktemp -d /tmp/wslx-layering.XXXXXX)
	trap 'rm -rf "$t"' EXIT
	for dir in "${!may[@]}"; do
		mkdir -p "$t/$dir" && cp "$here/$dir"/*.[ch] "$t/$dir/"
	done
	check "$t" >/dev/null || { echo "layering: self-test: the copy fails before planting"; exit 1; }
	echo '#include "guest.h"' >>"$t/auth/subnet.c"
	out=$(check "$t") && { echo "layering: self-test: a planted auth -> bridge/guest include passed"; exit 1; }
	case "$out" in
	*"auth/subnet.c includes bridge/guest/guest.h"*) ;;
	*) echo "layering: self-test: wrong report: $out"; exit 1 ;;
	esac
	echo "layering: self-test: a planted bad include is caught"
	exit 0
fi
check "${1:-$here}" || exit 1
echo "layering: every include goes down the folders' order"
