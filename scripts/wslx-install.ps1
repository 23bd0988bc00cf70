<#
.SYNOPSIS
  Install wslx's Windows side for this user: files under %LOCALAPPDATA%\wslx\bin
  and a logon task "wslx" that runs wslx-start.ps1.  -Uninstall removes all of it,
  wslx's firewall rules included.  Both can be run again at any time.

.DESCRIPTION
  Run it from the unpacked wslx-windows.zip:
    powershell -ExecutionPolicy Bypass -File .\wslx-install.ps1
  A running wslx-host is stopped while its files are replaced and started
  again.  The task starts on battery too, has no time limit and runs at normal
  priority (Task Scheduler's default, 7, is below normal, and the X server
  would inherit it).

.PARAMETER Highest
  Register the task with highest privileges, so that wslx-host can keep the
  firewall rule on the current WSL subnet by itself (--firewall windows).
  Needs an elevated PowerShell ("Run as administrator").
#>
param([switch]$Highest, [switch]$Uninstall)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$state = Join-Path $env:LOCALAPPDATA 'wslx'
$bin = Join-Path $state 'bin'
$task = 'wslx'
$files = @('wslx-host.exe', 'wslx-start.ps1', 'wslx-install.ps1')

function Test-Elevated {
  # The High Mandatory Level SID is in an elevated token only.
  [bool]((whoami.exe /groups) -match 'S-1-16-12288')
}

# The start script to stop or start with: the installed one, else the one
# beside this script.
function Get-StartScript {
  foreach ($d in @($bin, $PSScriptRoot)) {
    $p = Join-Path $d 'wslx-start.ps1'
    if (Test-Path -LiteralPath $p) { return $p }
  }
  $null
}

# This session's wslx-host and X server started from this installation: their
# command lines name the state folder (unreadable ones run elevated).
function Get-WslxProcess {
  $session = (Get-Process -Id $PID).SessionId
  @('wslx-host.exe', 'vcxsrv.exe', 'Xming.exe') | ForEach-Object {
    Get-CimInstance -ClassName Win32_Process -Filter "Name = '$_'" |
      Where-Object { $_.SessionId -eq $session } |
      Where-Object { ($null -eq $_.CommandLine -and $_.Name -eq 'wslx-host.exe') -or
        ($null -ne $_.CommandLine -and $_.CommandLine.Contains($state)) }
  }
}

function Test-HostRunning {
  [bool]@(Get-WslxProcess | Where-Object { $_.Name -eq 'wslx-host.exe' })
}

# Through wslx-start.ps1 -Stop (which also removes the handoff); without it,
# by process.
function Stop-Wslx {
  $start = Get-StartScript
  if ($start) {
    & $start -Stop | Out-Host
    return ($LASTEXITCODE -eq 0)
  }
  $ok = $true
  foreach ($p in @(Get-WslxProcess)) {
    try { Stop-Process -Id $p.ProcessId -Force } catch { $ok = $false }
  }
  $ok
}

if ($Uninstall) {
  $left = @()
  if (-not (Stop-Wslx)) { $left += 'wslx-host (runs elevated)' }
  if (Get-ScheduledTask -TaskName $task -ErrorAction SilentlyContinue) {
    try {
      Unregister-ScheduledTask -TaskName $task -Confirm:$false
    } catch {
      $left += "the task '$task' ($($_.Exception.Message))"
    }
  }
  # Firewall rules need an elevated shell; the Hyper-V firewall exists on
  # Windows 11 only.
  $rules = @(Get-NetFirewallRule -Group 'wslx' -ErrorAction SilentlyContinue)
  $hyperv = @()
  if (Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue) {
    $hyperv = @(Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue | Where-Object { $_.Name -like 'wslx-*' })
  }
  if ($rules -or $hyperv) {
    if (Test-Elevated) {
      $rules | ForEach-Object { Remove-NetFirewallRule -Name $_.Name }
      $hyperv | ForEach-Object { Remove-NetFirewallHyperVRule -Name $_.Name }
    } else {
      $left += 'the firewall rules of the group wslx'
    }
  }
  if (Test-Path -LiteralPath $state) {
    try {
      Remove-Item -Recurse -Force -LiteralPath $state
    } catch {
      $left += "$state ($($_.Exception.Message))"
    }
  }
  if ($left) {
    [Console]::Error.WriteLine('wslx: uninstall left: ' + ($left -join '; ') +
      ': run wslx-install.ps1 -Uninstall again from an elevated PowerShell')
    exit 1
  }
  Write-Output 'wslx: uninstalled'
  exit 0
}

if ($Highest -and -not (Test-Elevated)) {
  [Console]::Error.WriteLine('wslx: -Highest registers a task with highest privileges: ' +
    'run this from an elevated PowerShell (Run as administrator), or leave -Highest out')
  exit 2
}
foreach ($f in $files) {
  if (-not (Test-Path -LiteralPath (Join-Path $PSScriptRoot $f))) {
    [Console]::Error.WriteLine("wslx: $f is missing beside this script: unpack all of wslx-windows.zip")
    exit 1
  }
}

# How the running wslx-host was started, read back from its command line, so
# that it starts again the same way (defaults when it cannot be read).
function Get-StartArgs {
  $a = @{}
  $line = @(Get-WslxProcess | Where-Object { $_.Name -eq 'wslx-host.exe' -and $null -ne $_.CommandLine } |
      ForEach-Object { $_.CommandLine }) | Select-Object -First 1
  if (-not $line) { return $a }
  if ($line -match '--display (\d+)') { $a['Display'] = [int]$Matches[1] }
  if ($line -match '--upstream 127\.0\.0\.1:(\d+)') { $a['ServerDisplay'] = [int]$Matches[1] - 6000 }
  if ($line -match '--listen 127\.0\.0\.1') { $a['Networking'] = 'mirrored' }
  $a
}

# The running wslx-host.exe cannot be overwritten: stop it, start it again after.
$wasRunning = Test-HostRunning
$startArgs = Get-StartArgs
if ($wasRunning -and -not (Stop-Wslx)) {
  [Console]::Error.WriteLine('wslx: cannot stop the running wslx-host to replace it: run this from an elevated PowerShell')
  exit 1
}
New-Item -ItemType Directory -Force -Path $bin | Out-Null
if ((Resolve-Path -LiteralPath $PSScriptRoot).Path -ne (Resolve-Path -LiteralPath $bin).Path) {
  foreach ($f in $files) { Copy-Item -Force -LiteralPath (Join-Path $PSScriptRoot $f) -Destination $bin }
}
# Files from a download keep their mark of the web; the copies need none.
foreach ($f in $files) { Unblock-File -LiteralPath (Join-Path $bin $f) }

$fw = if ($Highest) { 'windows' } else { 'none' }
$action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument (
  '-NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File "' +
  (Join-Path $bin 'wslx-start.ps1') + '" -Firewall ' + $fw)
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $env:USERNAME
$level = if ($Highest) { 'Highest' } else { 'Limited' }
$principal = New-ScheduledTaskPrincipal -UserId $env:USERNAME -LogonType Interactive -RunLevel $level
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
  -ExecutionTimeLimit ([TimeSpan]::Zero) -Priority 4 -MultipleInstances IgnoreNew
Register-ScheduledTask -TaskName $task -Action $action -Trigger $trigger -Principal $principal `
  -Settings $settings -Force | Out-Null
Write-Output "wslx: installed in $bin; task '$task' runs at logon ($level)"
if ($wasRunning) {
  & (Join-Path $bin 'wslx-start.ps1') -Firewall $fw @startArgs
  exit $LASTEXITCODE
}
Write-Output ('wslx: start now with: & "' + (Join-Path $bin 'wslx-start.ps1') + '"')
