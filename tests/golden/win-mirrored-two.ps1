$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '127.0.0.0/8'
  Write-Output 'wslx: updated: Allow TCP 6000 from 127.0.0.0/8'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 from WSL to wslx-host (TCP 6000)' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '127.0.0.0/8' | Out-Null
  Write-Output 'wslx: created: Allow TCP 6000 from 127.0.0.0/8'
}
$name = 'wslx-x11-hyperv-6000'; $keep += $name
if (-not $hyperv) {
  Write-Output 'wslx: no Hyper-V firewall here (Windows 10 or before 11 22H2): no Hyper-V rule needed'
} elseif (-not (Get-NetFirewallHyperVRule -Name $name -ErrorAction SilentlyContinue)) {
  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: X11 (TCP 6000) out of WSL' -Direction Outbound -VMCreatorId '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -Protocol TCP -RemotePorts 6000 -Action Allow | Out-Null
  Write-Output 'wslx: created: Hyper-V allow TCP 6000 out of WSL'
}
$name = 'wslx-x11-tcp-6001'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress '127.0.0.0/8'
  Write-Output 'wslx: updated: Allow TCP 6001 from 127.0.0.0/8'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 from WSL to wslx-host (TCP 6001)' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress '127.0.0.0/8' | Out-Null
  Write-Output 'wslx: created: Allow TCP 6001 from 127.0.0.0/8'
}
$name = 'wslx-x11-hyperv-6001'; $keep += $name
if (-not $hyperv) {
  Write-Output 'wslx: no Hyper-V firewall here (Windows 10 or before 11 22H2): no Hyper-V rule needed'
} elseif (-not (Get-NetFirewallHyperVRule -Name $name -ErrorAction SilentlyContinue)) {
  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: X11 (TCP 6001) out of WSL' -Direction Outbound -VMCreatorId '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}' -Protocol TCP -RemotePorts 6001 -Action Allow | Out-Null
  Write-Output 'wslx: created: Hyper-V allow TCP 6001 out of WSL'
}
$name = 'wslx-xserver-block-6002'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6002 -RemoteAddress 'Any'
  Write-Output 'wslx: updated: Block TCP 6002 from Any'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X server, loopback only (TCP 6002)' -Group $group -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6002 -RemoteAddress 'Any' | Out-Null
  Write-Output 'wslx: created: Block TCP 6002 from Any'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
}
if ($hyperv) {
  Get-NetFirewallHyperVRule | Where-Object { $_.Name -like 'wslx-*' -and $keep -notcontains $_.Name } | Remove-NetFirewallHyperVRule
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
