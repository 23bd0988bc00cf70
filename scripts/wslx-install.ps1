<#
.SYNOPSIS
  Install wslx's Windows side for this user: files under %LOCALAPPDATA%\wslx\bin
  and a logon task "wslx" that runs wslx-start.ps1.  -Uninstall removes all of it,
  wslx's firewall rules included.

.PARAMETER Highest
  Register the task with highest privileges, so that wslx-host can keep the
  firewall rule on the current WSL subnet by itself (--firewall windows).
#>
param([switch]$Highest, [switch]$Uninstall)
$ErrorActionPreference = 'Stop'
$state = Join-Path $env:LOCALAPPDATA 'wslx'
$bin = Join-Path $state 'bin'
$task = 'wslx'

if ($Uninstall) {
  & (Join-Path $bin 'wslx-start.ps1') -Stop -ErrorAction SilentlyContinue
  Unregister-ScheduledTask -TaskName $task -Confirm:$false -ErrorAction SilentlyContinue
  # Firewall rules need an elevated shell; say so rather than fail half-way.
  try {
    Get-NetFirewallRule -Group 'wslx' -ErrorAction SilentlyContinue | Remove-NetFirewallRule
    Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue |
      Where-Object { $_.Name -like 'wslx-*' } | Remove-NetFirewallHyperVRule
  } catch {
    Write-Output 'wslx: could not remove the firewall rules (run elevated: wslx-install.ps1 -Uninstall)'
  }
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $state
  Write-Output 'wslx: uninstalled'
  exit 0
}

New-Item -ItemType Directory -Force -Path $bin | Out-Null
Copy-Item -Force (Join-Path $PSScriptRoot 'wslx-host.exe'), (Join-Path $PSScriptRoot 'wslx-start.ps1') $bin
$fw = if ($Highest) { 'windows' } else { 'none' }
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument (
  '-NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File "' +
  (Join-Path $bin 'wslx-start.ps1') + '" -Firewall ' + $fw)
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$level = if ($Highest) { 'Highest' } else { 'Limited' }
$principal = New-ScheduledTaskPrincipal -UserId $env:USERNAME -LogonType Interactive -RunLevel $level
Register-ScheduledTask -TaskName $task -Action $action -Trigger $trigger -Principal $principal -Force | Out-Null
Write-Output "wslx: installed in $bin; task '$task' runs at logon ($level)"
Write-Output 'wslx: start now with: & "$env:LOCALAPPDATA\wslx\bin\wslx-start.ps1"'
