#!/usr/bin/env bash
# `wslx env` starts no process: exactly one execve (its own), no fork/clone;
# a first-run discovery asks Windows once, later runs read the cache.
. "$(dirname "$0")/lib.sh"
guest_scene
count() { grep -cE "$1" "$T/trace" || true; }
strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o "$T/trace" "$WSLX_BUILD/wslx" env >/dev/null
expect_eq "$(count 'execve\(')" 1 "execve calls"
expect_eq "$(count 'clone|fork')" 0 "forks"
# With the entry already in place, a shell start changes no file: no lock, no rename.
strace -f -qq -e trace=link,linkat,rename,renameat,renameat2,unlink,unlinkat,mkdir -o "$T/trace" \
	"$WSLX_BUILD/wslx" env >/dev/null
expect_eq "$(wc -l <"$T/trace")" 0 "file changes when nothing changed: $(cat "$T/trace")"

# Discovery: no host dir configured; a stand-in cmd.exe answers %LOCALAPPDATA%
# as cmd.exe /u does, in UTF-16LE, for a profile named José (in the OEM code
# page the é would not survive).
unset WSLX_HOST_DIR
profile="$T/mnt/c/Users/José/AppData/Local"
mkdir -p "$T/bin" "$profile"
ln -s "$T/state" "$profile/wslx"
{
	echo '#!/bin/sh'
	echo "echo \"\$*\" >>'$T/cmd.calls'"
	echo "[ -e '$T/windows-fails' ] && exit 1"
	echo 'case " $* " in *" /u "*) ;; *) echo "no /u: OEM code page bytes" >&2; exit 1 ;; esac'
	echo "printf '%s\\r\\n' \"\$(cat '$T/answer')\" | iconv -f UTF-8 -t UTF-16LE"
} >"$T/bin/cmd.exe"
chmod +x "$T/bin/cmd.exe"
printf '%s' 'C:\Users\José\AppData\Local' >"$T/answer"
mkdir -p "$T/root/etc"
cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$T/root/"
printf '[automount]\nroot = %s/mnt/\n' "$T" >"$T/root/etc/wsl.conf"
export WSLX_SYSROOT=$T/root PATH=$T/bin:$PATH
out=$("$WSLX_BUILD/wslx" env) || fail "env with discovery"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "cmd.exe calls"
expect_eq "$(cat "$T/cmd.calls")" "/d /u /c echo %LOCALAPPDATA%" "cmd.exe arguments"
expect_eq "$(cat "$HOME/.cache/wslx/host_dir")" "$profile/wslx" "cached dir"
strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o "$T/trace" "$WSLX_BUILD/wslx" env >/dev/null
expect_eq "$(count 'execve\(')" 1 "execve calls with the cache"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "cmd.exe calls after the cache"
expect_match "$("$WSLX_BUILD/wslx" show)" "host dir from: discovered \(cached\)" "show"

# The profile renamed (José -> Jose): the cached directory has no handoff.
# Asked again once the last question is 5 min old, and not at every shell.
mv "$T/mnt/c/Users/José" "$T/mnt/c/Users/Jose"
printf '%s' 'C:\Users\Jose\AppData\Local' >"$T/answer"
"$WSLX_BUILD/wslx" env >/dev/null 2>&1
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "asked again within 5 min of the last question"
touch -d '6 minutes ago' "$HOME/.cache/wslx/host_dir"
"$WSLX_BUILD/wslx" env >/dev/null || fail "env after the rename"
expect_eq "$(wc -l <"$T/cmd.calls")" 2 "cmd.exe calls after the rename"
expect_eq "$(cat "$HOME/.cache/wslx/host_dir")" "$T/mnt/c/Users/Jose/AppData/Local/wslx" "cache after the rename"
"$WSLX_BUILD/wslx" env >/dev/null || fail "env after the rediscovery"
expect_eq "$(wc -l <"$T/cmd.calls")" 2 "cmd.exe calls once the new directory is cached"
# wslx-host not running (no host.ini) and Windows failing: asked once per 5 min.
mv "$T/state/host.ini" "$T/host.ini.away"
touch -d '6 minutes ago' "$HOME/.cache/wslx/host_dir"
touch "$T/windows-fails"
for i in 1 2 3; do "$WSLX_BUILD/wslx" env >/dev/null 2>&1; done
expect_eq "$(wc -l <"$T/cmd.calls")" 3 "cmd.exe calls with no handoff anywhere"
expect_eq "$(cat "$HOME/.cache/wslx/host_dir")" "$T/mnt/c/Users/Jose/AppData/Local/wslx" "cache kept when Windows fails"
mv "$T/host.ini.away" "$T/state/host.ini"
# show names the networking case it sees.
expect_match "$(WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/plain-linux "$WSLX_BUILD/wslx" show)" \
	"networking: unknown \(not WSL2: a VM or container behind NAT\)" "show on a plain Linux guest"
expect_match "$(WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/custom-noroute "$WSLX_BUILD/wslx" show)" \
	"networking: unknown \(WSL2 with no default route\)" "show without a default route"
echo "noexec ok"
