# fish completion for wslx-host
complete -c wslx-host -f
complete -c wslx-host -l listen -x -d "ADDR[:PORT] to listen on"
complete -c wslx-host -l interface -xa "(ls /sys/class/net 2>/dev/null)" -d "interface to follow"
complete -c wslx-host -l display -x -d "display number served"
complete -c wslx-host -l allow -x -d "allowed client subnet (CIDR)"
complete -c wslx-host -l upstream -x -d "HOST:PORT, unix:PATH or :M"
complete -c wslx-host -l upstream-auth -r -F -d "Xauthority with the server's cookie"
complete -c wslx-host -l upstream-cookie-out -r -F -d "write a new server cookie here"
complete -c wslx-host -l state-dir -r -a "(__fish_complete_directories)" -d "handoff directory"
complete -c wslx-host -l firewall -xa "nftables windows none"
complete -c wslx-host -l max-clients -x
complete -c wslx-host -l setup-timeout -x
complete -c wslx-host -l log -r -F
complete -c wslx-host -l config -r -F
complete -c wslx-host -s v -l verbose
complete -c wslx-host -l help
complete -c wslx-host -l version
