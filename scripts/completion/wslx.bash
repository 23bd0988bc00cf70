# bash completion for wslx
_wslx() {
	local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" = 1 ]; then
		COMPREPLY=($(compgen -W "env show doctor test fix-firewall --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	env | show) COMPREPLY=($(compgen -W "--shell --display --host-dir --help" -- "$cur")) ;;
	doctor) COMPREPLY=($(compgen -W "--json --display --host-dir --help" -- "$cur")) ;;
	test) COMPREPLY=($(compgen -W "--seconds --display --host-dir --help" -- "$cur")) ;;
	fix-firewall) COMPREPLY=($(compgen -W "--dry-run --backend --display --subnet --force --xserver-rules --remove --report --help" -- "$cur")) ;;
	esac
}
complete -F _wslx wslx
