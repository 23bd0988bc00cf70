$ErrorActionPreference = 'Stop'
Import-Module NetSecurity
$group = 'wslx'
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '127.0.0.0/8'
  Write-Output 'wslx: updated: allow TCP 6000 from 127.0.0.0/8'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 (TCP 6000) from WSL' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '127.0.0.0/8' | Out-Null
  Write-Output 'wslx: created: allow TCP 6000 from 127.0.0.0/8'
}
$name = 'wslx-x11-hyperv-6000'; $keep += $name
if (-not (Get-NetFirewallHyperVRule -Name $name -ErrorAction SilentlyContinue)) {
  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: X11 (TCP 6000) out of WSL' -Direction Outbound -VMCreatorId '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -Protocol TCP -RemotePorts 6000 -Action Allow | Out-Null
  Write-Output 'wslx: created: Hyper-V allow TCP 6000 out of WSL'
}
$name = 'wslx-x11-tcp-6001'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress '127.0.0.0/8'
  Write-Output 'wslx: updated: allow TCP 6001 from 127.0.0.0/8'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 (TCP 6001) from WSL' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress '127.0.0.0/8' | Out-Null
  Write-Output 'wslx: created: allow TCP 6001 from 127.0.0.0/8'
}
$name = 'wslx-x11-hyperv-6001'; $keep += $name
if (-not (Get-NetFirewallHyperVRule -Name $name -ErrorAction SilentlyContinue)) {
  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: X11 (TCP 6001) out of WSL' -Direction Outbound -VMCreatorId '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -Protocol TCP -RemotePorts 6001 -Action Allow | Out-Null
  Write-Output 'wslx: created: Hyper-V allow TCP 6001 out of WSL'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
}
Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue | Where-Object { $_.Name -like 'wslx-*' -and $keep -notcontains $_.Name } | Remove-NetFirewallHyperVRule
$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')
Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and $_.Enabled -eq 'True' } | ForEach-Object {
  if ($_.Action -eq 'Block') {
    Disable-NetFirewallRule -Name $_.Name
    Write-Output ('wslx: disabled Block rule ' + $_.DisplayName + ' (Block wins over Allow)')
  } else {
    Set-NetFirewallRule -Name $_.Name -RemoteAddress '127.0.0.0/8'
    Write-Output ('wslx: narrowed ' + $_.DisplayName + ' to 127.0.0.0/8')
  }
}
