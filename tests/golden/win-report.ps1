$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')
$rules = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue)
$rules += @(Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | Get-NetFirewallRule)
foreach ($r in $rules) {
  $a = ($r | Get-NetFirewallAddressFilter).RemoteAddress -join ','
  $p = $r | Get-NetFirewallPortFilter
  Write-Output ('{0} {1} {2} {3} {4}/{5} from {6}' -f $r.Name, $r.Enabled, $r.Direction, $r.Action, $p.Protocol, ($p.LocalPort -join ','), $a)
}
