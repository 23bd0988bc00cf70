<#
.SYNOPSIS
  Start the X server (VcXsrv or Xming) with authentication and wslx-host in front
  of it; idempotent.  -Stop stops both.

.DESCRIPTION
  wslx-host.exe listens on the WSL adapter ("vEthernet (WSL...)"), port 6000, and
  writes the handoff to %LOCALAPPDATA%\wslx.  It makes the X server's cookie
  (-upstream-cookie-out), and the X server runs on display :1 with -auth that
  file, never -ac.  Started at logon by the task wslx-install.ps1 registers.
#>
param(
  [string]$XServer = '',          # path to vcxsrv.exe or Xming.exe; found when empty
  [int]$Display = 0,              # the display WSL clients use (port 6000+N)
  [int]$ServerDisplay = 1,        # the real server's own display (port 6000+N, loopback)
  [ValidateSet('none', 'windows')][string]$Firewall = 'none',
  [switch]$Stop
)
$ErrorActionPreference = 'Stop'
$state = Join-Path $env:LOCALAPPDATA 'wslx'
$bin = Join-Path $state 'bin'
$hostExe = Join-Path $bin 'wslx-host.exe'
if (-not (Test-Path $hostExe)) { $hostExe = Join-Path $PSScriptRoot 'wslx-host.exe' }
$auth = Join-Path $state 'xserver.auth'

function Get-Running([string]$name) {
  Get-Process -Name $name -ErrorAction SilentlyContinue
}

if ($Stop) {
  # Ctrl+C is what wslx-host waits for; Stop-Process is the fallback.
  Get-Running 'wslx-host' | Stop-Process
  Get-Running 'vcxsrv' | Stop-Process
  Get-Running 'Xming' | Stop-Process
  Remove-Item -ErrorAction SilentlyContinue (Join-Path $state 'host.ini'), (Join-Path $state 'cookie')
  Write-Output 'wslx: stopped'
  exit 0
}

if (-not $XServer) {
  $candidates = @(
    "$env:ProgramFiles\VcXsrv\vcxsrv.exe",
    "${env:ProgramFiles(x86)}\VcXsrv\vcxsrv.exe",
    "$env:ProgramFiles\Xming\Xming.exe",
    "${env:ProgramFiles(x86)}\Xming\Xming.exe")
  $XServer = $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
  if (-not $XServer) { throw 'wslx: no VcXsrv or Xming found: install one or pass -XServer PATH' }
}
New-Item -ItemType Directory -Force -Path $state | Out-Null

# No need to wait for WSL's adapter: wslx-host waits for it to get an address.
if (-not (Get-Running 'wslx-host')) {
  $hostArgs = @('--display', $Display, '--upstream', ('127.0.0.1:' + (6000 + $ServerDisplay)),
            '--upstream-cookie-out', $auth, '--state-dir', $state,
            '--log', (Join-Path $state 'wslx-host.log'), '--firewall', $Firewall)
  Start-Process -FilePath $hostExe -ArgumentList $hostArgs -WindowStyle Hidden
  for ($i = 0; $i -lt 50 -and -not (Test-Path $auth); $i++) { Start-Sleep -Milliseconds 100 }
  Write-Output "wslx: started wslx-host (display :$Display)"
} else {
  Write-Output 'wslx: wslx-host already running'
}

$xname = [IO.Path]::GetFileNameWithoutExtension($XServer)
if (-not (Get-Running $xname)) {
  # -auth: clients need the cookie wslx-host holds; never -ac.
  $xargs = @(":$ServerDisplay", '-multiwindow', '-clipboard', '-auth', $auth)
  Start-Process -FilePath $XServer -ArgumentList $xargs
  Write-Output "wslx: started $xname on display :$ServerDisplay with -auth"
} else {
  Write-Output "wslx: $xname already running"
}
