$ErrorActionPreference = 'Stop'
Import-Module NetSecurity
$group = 'wslx'
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed ' + $_.Name)
}
Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue | Where-Object { $_.Name -like 'wslx-*' } | ForEach-Object {
  Remove-NetFirewallHyperVRule -Name $_.Name
  Write-Output ('wslx: removed ' + $_.Name)
}
