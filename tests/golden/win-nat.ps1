$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20'
  Write-Output 'wslx: updated: Allow TCP 6000 from 172.30.96.0/20'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 from WSL to wslx-host (TCP 6000)' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20' | Out-Null
  Write-Output 'wslx: created: Allow TCP 6000 from 172.30.96.0/20'
}
$name = 'wslx-xserver-block-6001'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress 'Any'
  Write-Output 'wslx: updated: Block TCP 6001 from Any'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X server, loopback only (TCP 6001)' -Group $group -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress 'Any' | Out-Null
  Write-Output 'wslx: created: Block TCP 6001 from Any'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
}
$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')
Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | ForEach-Object {
  $leaf = Split-Path -Leaf $_.Program
  $_ | Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and $_.Enabled -eq 'True' } | ForEach-Object {
    if ($_.Action -eq 'Allow') {
      Disable-NetFirewallRule -Name $_.Name
      Write-Output ('wslx: disabled ' + $_.DisplayName + ' (' + $leaf + ' needs no inbound rule: only wslx''s port is open)')
    } elseif ($leaf -eq 'wslx-host.exe') {
      Disable-NetFirewallRule -Name $_.Name
      Write-Output ('wslx: disabled Block rule ' + $_.DisplayName + ' (Block wins over Allow)')
    }
  }
}
