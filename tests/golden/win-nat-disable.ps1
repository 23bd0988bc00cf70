$ErrorActionPreference = 'Stop'
Import-Module NetSecurity
$group = 'wslx'
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20'
  Write-Output 'wslx: updated: allow TCP 6000 from 172.30.96.0/20'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 (TCP 6000) from WSL' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20' | Out-Null
  Write-Output 'wslx: created: allow TCP 6000 from 172.30.96.0/20'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
}
$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')
Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and $_.Enabled -eq 'True' } | ForEach-Object {
  if ($_.Action -eq 'Block') {
    Disable-NetFirewallRule -Name $_.Name
    Write-Output ('wslx: disabled Block rule ' + $_.DisplayName + ' (Block wins over Allow)')
  } else {
    Disable-NetFirewallRule -Name $_.Name
    Write-Output ('wslx: disabled ' + $_.DisplayName + ' (wslx-host fronts the server)')
  }
}
