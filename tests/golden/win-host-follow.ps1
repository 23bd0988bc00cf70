$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.25.0.0/16'
  Write-Output 'wslx: updated: Allow TCP 6000 from 172.25.0.0/16'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 from WSL to wslx-host (TCP 6000)' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.25.0.0/16' | Out-Null
  Write-Output 'wslx: created: Allow TCP 6000 from 172.25.0.0/16'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name -and $_.Name -notlike 'wslx-xserver-block-*' } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
}
