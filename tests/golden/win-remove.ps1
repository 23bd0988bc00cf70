$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed ' + $_.Name)
}
if ($hyperv) {
  Get-NetFirewallHyperVRule | Where-Object { $_.Name -like 'wslx-*' } | ForEach-Object {
    Remove-NetFirewallHyperVRule -Name $_.Name
    Write-Output ('wslx: removed ' + $_.Name)
  }
}
