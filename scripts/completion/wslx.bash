# bash completion for wslx and wslx-host
_wslx() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" = 1 ]; then
		COMPREPLY=($(compgen -W "env show doctor test fix-firewall --help --version" -- "$cur"))
		return
	fi
	# Values first: what the option before the cursor takes.
	case $prev in
	--shell) COMPREPLY=($(compgen -W "sh bash zsh dash ksh mksh ash busybox fish csh tcsh" -- "$cur")); return ;;
	--backend) COMPREPLY=($(compgen -W "windows nftables" -- "$cur")); return ;;
	--xserver-rules) COMPREPLY=($(compgen -W "disable keep" -- "$cur")); return ;;
	--host-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--display | --seconds | --subnet | --xserver-port) return ;;
	esac
	case $cmd in
	env) COMPREPLY=($(compgen -W "--shell --display --host-dir --unset --help" -- "$cur")) ;;
	show) COMPREPLY=($(compgen -W "--display --host-dir --help" -- "$cur")) ;;
	doctor) COMPREPLY=($(compgen -W "--json --display --host-dir --help" -- "$cur")) ;;
	test) COMPREPLY=($(compgen -W "--seconds --display --host-dir --help" -- "$cur")) ;;
	fix-firewall) COMPREPLY=($(compgen -W "--dry-run --backend --display --subnet --force --xserver-rules --xserver-port --remove --report --host-dir --help" -- "$cur")) ;;
	esac
}
complete -F _wslx wslx

_wslx_host() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--firewall) COMPREPLY=($(compgen -W "nftables windows none" -- "$cur")); return ;;
	--interface) COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")); return ;;
	--upstream-auth | --upstream-cookie-out | --log | --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--state-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--listen | --display | --allow | --upstream | --max-clients | --setup-timeout) return ;;
	esac
	COMPREPLY=($(compgen -W "--listen --interface --display --allow --upstream --upstream-auth
		--upstream-cookie-out --state-dir --firewall --max-clients --setup-timeout --log
		--config --verbose --help --version" -- "$cur"))
}
complete -F _wslx_host wslx-host
