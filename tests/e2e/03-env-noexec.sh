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

# Discovery: no host dir configured; a stand-in cmd.exe answers %LOCALAPPDATA%.
unset WSLX_HOST_DIR
mkdir -p "$T/bin" "$T/mnt/c/Users/me/AppData/Local"
ln -s "$T/state" "$T/mnt/c/Users/me/AppData/Local/wslx"
printf '#!/bin/sh\necho "$*" >>%s/cmd.calls\nprintf "C:\\\\Users\\\\me\\\\AppData\\\\Local\\r\\n"\n' "$T" >"$T/bin/cmd.exe"
chmod +x "$T/bin/cmd.exe"
mkdir -p "$T/root/etc"
cp -r "$WSLX_ROOT/tests/fixtures/wsl2-nat/." "$T/root/"
printf '[automount]\nroot = %s/mnt/\n' "$T" >"$T/root/etc/wsl.conf"
export WSLX_SYSROOT=$T/root PATH=$T/bin:$PATH
out=$("$WSLX_BUILD/wslx" env) || fail "env with discovery"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "cmd.exe calls"
expect_eq "$(cat "$HOME/.cache/wslx/host_dir")" "$T/mnt/c/Users/me/AppData/Local/wslx" "cached dir"
strace -f -qq -e trace=execve,clone,clone3,fork,vfork -o "$T/trace" "$WSLX_BUILD/wslx" env >/dev/null
expect_eq "$(count 'execve\(')" 1 "execve calls with the cache"
expect_eq "$(wc -l <"$T/cmd.calls")" 1 "cmd.exe calls after the cache"
expect_match "$("$WSLX_BUILD/wslx" show)" "host dir from: discovered \(cached\)" "show"
# show names the networking case it sees.
expect_match "$(WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/plain-linux "$WSLX_BUILD/wslx" show)" \
	"networking: unknown \(not WSL2: a VM or container behind NAT\)" "show on a plain Linux guest"
expect_match "$(WSLX_SYSROOT=$WSLX_ROOT/tests/fixtures/custom-noroute "$WSLX_BUILD/wslx" show)" \
	"networking: unknown \(WSL2 with no default route\)" "show without a default route"
echo "noexec ok"
