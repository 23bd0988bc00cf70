# fish completion for wslx
set -l cmds env show doctor test fix-firewall
complete -c wslx -f
complete -c wslx -n "not __fish_seen_subcommand_from $cmds" -a "$cmds"
complete -c wslx -n "__fish_seen_subcommand_from env" -l shell -xa "sh bash zsh dash ksh mksh ash busybox fish csh tcsh"
complete -c wslx -n "__fish_seen_subcommand_from env" -l unset
complete -c wslx -n "__fish_seen_subcommand_from env show doctor test fix-firewall" -l display -x
complete -c wslx -n "__fish_seen_subcommand_from env show doctor test fix-firewall" -l host-dir -r
complete -c wslx -n "__fish_seen_subcommand_from doctor" -l json
complete -c wslx -n "__fish_seen_subcommand_from test" -l seconds -x
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l dry-run
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l backend -xa "windows nftables"
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l subnet -x
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l force
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l xserver-rules -xa "disable keep"
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l xserver-port -x -d "the X server port to block"
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l remove
complete -c wslx -n "__fish_seen_subcommand_from fix-firewall" -l report
