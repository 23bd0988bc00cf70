#!/usr/bin/env bash
# One command-line surface.  Each command's options, as the program takes them
# (probed over every option its tables define), appear in its --help, its man
# page synopsis, the README's table and the bash, zsh and fish completions, and
# nothing is listed there that the program refuses.  The shells env speaks (its
# one table, as its error lists them) appear wherever shells are listed.
. "$(dirname "$0")/lib.sh"
W=$WSLX_BUILD/wslx
H=$WSLX_BUILD/wslx-host
C=$WSLX_ROOT/scripts/completion
man_=$WSLX_ROOT/scripts/man
bad=0
problem() { echo "surface: $*" >&2; bad=1; }
# names: the option names in TEXT ("--name" or fish's "-l name"), sorted, no help.
names() { grep -oE -- '(--|-l )[a-z][a-z-]*' | sed -E 's/^(--|-l )//' | grep -vx help | sort -u; }
defined() { grep -ho '{"[a-z-]*", *\(no\|required\)_argument' "$@" | sed 's/{"\([a-z-]*\)".*/\1/' | grep -vx help | sort -u; }
value() { case $1 in shell) echo sh ;; backend) echo nftables ;; xserver-rules) echo keep ;; subnet) echo 10.0.0.0/8 ;; host-dir) echo /tmp ;; *) echo 1 ;; esac; }
# compare WHAT WANT GOT: the same option names.
compare() {
	local missing extra
	missing=$(comm -23 <(printf '%s\n' "$2") <(printf '%s\n' "$3") | tr '\n' ' ')
	extra=$(comm -13 <(printf '%s\n' "$2") <(printf '%s\n' "$3") | tr '\n' ' ')
	[ -z "${missing// /}" ] || problem "$1 lacks: $missing"
	[ -z "${extra// /}" ] || problem "$1 lists what the program refuses: $extra"
}
man_synopsis() { # man_synopsis PAGE CMD: the SYNOPSIS lines of CMD
	sed 's/\\-/-/g' "$1" | awk -v c="$2" '/^\.SH/ && s {exit} /^\.SH SYNOPSIS/ {s=1; next}
		s && $0 == ".B " c {on=1; next} s && /^\.br|^\.B wslx/ {on=0} on'
}
all=$(defined "$WSLX_ROOT/bridge/guest/wslx.c" "$WSLX_ROOT/bridge/guest/wslx_full.c")
for cmd in env show doctor test fix-firewall; do
	takes=$(for o in $all; do
		"$W" "$cmd" "--$o" "$(value "$o")" --help >/dev/null 2>&1 && echo "$o"
	done | sort -u)
	[ -n "$takes" ] || problem "wslx $cmd takes no option at all?"
	compare "wslx $cmd --help" "$takes" "$("$W" "$cmd" --help | names)"
	compare "man wslx, SYNOPSIS of $cmd" "$takes" "$(man_synopsis "$man_/wslx.1" "wslx $cmd" | names)"
	compare "README's row for $cmd" "$takes" "$(grep -F "| \`wslx $cmd " "$WSLX_ROOT/README.md" | sed 's/|[^|]*|$//' | names)"
	compare "bash completion of $cmd" "$takes" "$(grep -E "^\s*$cmd\)" "$C/wslx.bash" | names)"
	compare "zsh completion of $cmd" "$takes" "$(grep -E "^\s*$cmd\)" "$C/_wslx" | names)"
	compare "fish completion of $cmd" "$takes" "$(grep -E "__fish_seen_subcommand_from [^\"]*\<$cmd\>" "$C/wslx.fish" | names)"
done
# wslx-host: one command, its table in wslx_host.c.
takes=$(defined "$WSLX_ROOT/bridge/host/wslx_host.c")
compare "wslx-host --help" "$takes" "$("$H" --help | names | grep -vx version; echo version | grep -x version)"
compare "man wslx-host, SYNOPSIS" "$(printf '%s\n' $takes | grep -vE '^(version|verbose)$')" \
	"$(man_synopsis "$man_/wslx-host.1" "wslx-host" | names)"
compare "bash completion of wslx-host" "$takes" "$(sed -n '/^_wslx_host()/,/^}/p' "$C/wslx.bash" | names)"
compare "zsh completion of wslx-host" "$takes" "$(names <"$C/_wslx-host")"
compare "fish completion of wslx-host" "$takes" "$(names <"$C/wslx-host.fish")"
# The shells: wslx's one list.
shells=$("$W" env --shell nosuch 2>&1 | sed -n "s/.*use --shell //p" | tr '|' '\n' | sort)
[ -n "$shells" ] || problem "env's error lists no shells"
listed() { tr ' ' '\n' | grep -E '^[a-z]+$' | sort -u; }
compare "wslx env --help's shells" "$shells" "$("$W" env --help | grep -F '$SHELL):' | sed 's/.*): //' | listed)"
compare "bash completion's shells" "$shells" "$(grep -E -- '--shell\)' "$C/wslx.bash" | sed 's/.*-W "\([^"]*\)".*/\1/' | listed)"
compare "zsh completion's shells" "$shells" "$(grep -o 'shell:([a-z ]*)' "$C/_wslx" | sed 's/shell:(\(.*\))/\1/' | listed)"
compare "fish completion's shells" "$shells" "$(grep -E -- '-l shell' "$C/wslx.fish" | sed 's/.*-xa "\([^"]*\)".*/\1/' | listed)"
compare "README's shells" "$shells" "$(grep -A1 'Shells `wslx env` speaks' "$WSLX_ROOT/README.md" | tr '\n' ' ' | sed 's/.*it)://; s/\. Exit.*//' | listed)"
compare "man wslx's shells" "$shells" "$(sed -n '/else of \$SHELL:/,/^\./p' "$man_/wslx.1" | head -2 | tr '\n' ' ' | sed 's/.*\$SHELL://; s/\..*//' | listed)"
# Exit codes: each command's --help says them, and each one is among those the
# README and the man pages document.
codes() { grep -oE '\<[0-9]\>' | sort -u | tr '\n' ' '; }
readme_codes=$(grep -A2 'Exit status of every command' "$WSLX_ROOT/README.md" | tr '\n' ' ' | sed 's/.*command://' | codes)
for cmd in "$W env" "$W show" "$W doctor" "$W test" "$W fix-firewall" "$H"; do
	line=$($cmd --help | grep '^exit status: ')
	[ -n "$line" ] || { problem "${cmd##*/} --help says no exit status"; continue; }
	for c in $(printf '%s' "$line" | codes); do
		case " $readme_codes " in *" $c "*) ;; *) problem "${cmd##*/}: exit $c not in the README" ;; esac
	done
done
for page in wslx wslx-host; do
	man_codes=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH/p' "$man_/$page.1" | codes)
	[ -n "$man_codes" ] || problem "man $page has no EXIT STATUS"
done
[ "$bad" = 0 ] || fail "the command-line surface disagrees (above)"
echo "cli surface ok"
