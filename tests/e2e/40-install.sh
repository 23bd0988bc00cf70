#!/usr/bin/env bash
# make install under DESTDIR: binaries, wslx-full where wslx finds it, man pages
# that render cleanly, completions that load, --help for every command.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/wslx-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
make -s -C "$WSLX_ROOT" install DESTDIR="$T" PREFIX=/usr >/dev/null || fail "make install"
for f in usr/bin/wslx usr/bin/wslx-host usr/libexec/wslx/wslx-full usr/share/man/man1/wslx.1 \
	usr/share/man/man1/wslx-host.1 usr/share/wslx/wslx-profile.sh \
	usr/share/bash-completion/completions/wslx usr/share/zsh/site-functions/_wslx \
	usr/share/bash-completion/completions/wslx-host usr/share/zsh/site-functions/_wslx-host \
	usr/share/fish/vendor_completions.d/wslx-host.fish \
	usr/share/fish/vendor_completions.d/wslx.fish; do
	[ -e "$T/$f" ] || fail "not installed: $f"
done
# Installed binaries are stripped; the build keeps its debug info.
for f in usr/bin/wslx usr/bin/wslx-host usr/libexec/wslx/wslx-full; do
	readelf -S "$T/$f" | grep -q '\.debug_info' && fail "$f keeps its debug info"
done
readelf -S "$WSLX_BUILD/wslx-host" | grep -q '\.debug_info' || fail "the build lost -g"
# The installed wslx finds wslx-full in ../libexec/wslx.
expect_match "$("$T/usr/bin/wslx" doctor --help)" "^usage: wslx doctor" "doctor via libexec"
for c in env show doctor test fix-firewall; do
	expect_match "$("$T/usr/bin/wslx" $c --help)" "^usage: wslx $c" "$c --help"
done
rc=0; err=$("$T/usr/bin/wslx" bogus 2>&1) || rc=$?
expect_eq "$rc" 2 "exit status of an unknown command"
expect_eq "$err" "wslx: unknown command 'bogus': try wslx --help" "unknown command named"
expect_match "$("$T/usr/bin/wslx-host" --help)" "^usage: wslx-host" "wslx-host --help"
for m in wslx wslx-host; do
	warn=$(groff -man -Tutf8 -ww -z "$T/usr/share/man/man1/$m.1" 2>&1)
	expect_eq "$warn" "" "groff warnings for $m.1"
done
bash -c ". $T/usr/share/bash-completion/completions/wslx; complete -p wslx" >/dev/null || fail "bash completion"
# bash completes values: the words offered after --shell and after wslx-host --firewall.
got=$(bash -c ". $T/usr/share/bash-completion/completions/wslx-host
COMP_WORDS=(wslx env --shell f); COMP_CWORD=3; _wslx; echo \"\${COMPREPLY[*]}\"
COMP_WORDS=(wslx-host --firewall n); COMP_CWORD=2; _wslx_host; echo \"\${COMPREPLY[*]}\"")
expect_eq "$got" "$(printf 'fish\nnftables none')" "bash value completion"
fish -c "source $T/usr/share/fish/vendor_completions.d/wslx-host.fish" || fail "fish wslx-host completion"
zsh -c "autoload -U compinit; compinit -u; fpath=($T/usr/share/zsh/site-functions \$fpath); autoload -U _wslx-host" ||
	fail "zsh wslx-host completion"
fish -c "source $T/usr/share/fish/vendor_completions.d/wslx.fish" || fail "fish completion"
zsh -c "autoload -U compinit; compinit -u; fpath=($T/usr/share/zsh/site-functions \$fpath); autoload -U _wslx" || fail "zsh completion"
# The profile snippet in sh with no wslx on PATH does nothing, silently.
out=$(env PATH=/usr/bin:/bin sh -c ". $T/usr/share/wslx/wslx-profile.sh; echo ok" 2>&1)
expect_eq "$out" "ok" "snippet without wslx"
# make uninstall takes away every file make install put.
make -s -C "$WSLX_ROOT" uninstall DESTDIR="$T" PREFIX=/usr || fail "make uninstall"
left=$(find "$T" -not -type d)
expect_eq "$left" "" "files left after make uninstall"
echo "install ok"
