<#
.SYNOPSIS
  Start the X server (VcXsrv or Xming) with authentication and wslx-host in front
  of it; idempotent.  -Stop stops both, -Status says what runs.

.DESCRIPTION
  wslx-host.exe listens on the WSL adapter ("vEthernet (WSL...)"), or on
  127.0.0.1 when WSL runs in mirrored mode (networkingMode=mirrored in
  %USERPROFILE%\.wslconfig, or -Networking mirrored), port 6000+Display, and
  writes the handoff to %LOCALAPPDATA%\wslx.  It makes the X server's cookie
  (--upstream-cookie-out), and the X server runs on display :ServerDisplay with
  -auth that file, never -ac.  Only this user's processes in this session, with
  wslx's own command lines, are started, matched and stopped: another VcXsrv
  (an XLaunch instance, another user's) is left alone.  Started at logon by
  the task wslx-install.ps1 registers.
#>
param(
  [string]$XServer = '',          # path to vcxsrv.exe or Xming.exe; found when empty
  [int]$Display = 0,              # the display WSL clients use (port 6000+N)
  [int]$ServerDisplay = 1,        # the real server's own display (port 6000+N, loopback)
  [ValidateSet('none', 'windows')][string]$Firewall = 'none',
  [ValidateSet('auto', 'nat', 'mirrored')][string]$Networking = 'auto',
  [switch]$Stop,
  [switch]$Status
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$state = Join-Path $env:LOCALAPPDATA 'wslx'
$bin = Join-Path $state 'bin'
$hostExe = Join-Path $bin 'wslx-host.exe'
if (-not (Test-Path -LiteralPath $hostExe)) { $hostExe = Join-Path $PSScriptRoot 'wslx-host.exe' }
$auth = Join-Path $state 'xserver.auth'
$handoff = Join-Path $state 'host.ini'
$log = Join-Path $state 'wslx-host.log'

function Fail([string]$What, [int]$Code = 1) {
  [Console]::Error.WriteLine("wslx: $What")
  exit $Code
}

# One argument as CommandLineToArgvW reads it back: quoted when it holds a
# space, a tab or a quote, with backslashes doubled before a quote.
function Format-WinArg([string]$Arg) {
  if ($Arg -ne '' -and $Arg -notmatch '[\s"]') { return $Arg }
  $out = '"'; $bs = 0
  foreach ($c in $Arg.ToCharArray()) {
    if ($c -eq '\') { $bs++; continue }
    if ($c -eq '"') { $out += ('\' * (2 * $bs + 1)) + '"' } else { $out += ('\' * $bs) + $c }
    $bs = 0
  }
  $out + ('\' * (2 * $bs)) + '"'
}

# The command line for Start-Process as one string: Windows PowerShell joins
# an -ArgumentList array with spaces and quotes nothing (PowerShell-Docs#7701).
function Join-WinArgs([object[]]$List) {
  ($List | ForEach-Object { Format-WinArg ([string]$_) }) -join ' '
}

$session = (Get-Process -Id $PID).SessionId

# This session's processes of an image, with a command line containing $Mark.
# A process whose command line cannot be read (elevated, from the -Highest
# task, seen from a normal shell) is $Unreadable's business.
function Get-Ours([string]$Image, [string]$Mark, [switch]$Unreadable) {
  @(Get-CimInstance -ClassName Win32_Process -Filter "Name = '$Image'" |
      Where-Object { $_.SessionId -eq $session } |
      Where-Object { ($null -eq $_.CommandLine -and $Unreadable) -or
        ($null -ne $_.CommandLine -and $_.CommandLine.Contains($Mark)) })
}

$hostMark = '--state-dir ' + (Format-WinArg $state)
$xMark = '-auth ' + (Format-WinArg $auth)
$xImages = @('vcxsrv.exe', 'Xming.exe')

function Get-Handoff {
  $h = @{}
  if (-not (Test-Path -LiteralPath $handoff)) { return $h }
  foreach ($line in Get-Content -LiteralPath $handoff) {
    if ($line -match '^\s*([a-z_]+)\s*=\s*(.*?)\s*$') { $h[$Matches[1]] = $Matches[2] }
  }
  $h['age'] = [int]((Get-Date) - (Get-Item -LiteralPath $handoff).LastWriteTime).TotalSeconds
  $h
}

# A wslx-host whose command line this shell cannot read is taken as ours when
# its handoff is fresh (only wslx-host writes it, every few seconds).
function Get-WslxHost {
  $h = Get-Handoff
  $fresh = $h.ContainsKey('age') -and $h['age'] -lt 30
  @(Get-Ours 'wslx-host.exe' $hostMark -Unreadable:$fresh)
}

function Get-WslxXServer {
  @($xImages | ForEach-Object { Get-Ours $_ $xMark })
}

# Stop-Process fails on an elevated process from a normal shell: say so.
function Stop-Ours([object[]]$Procs, [string]$What) {
  foreach ($p in $Procs) {
    try {
      Stop-Process -Id $p.ProcessId -Force
    } catch {
      Fail ("cannot stop $What (pid " + $p.ProcessId + '): ' + $_.Exception.Message +
        ': it runs elevated (wslx-install.ps1 -Highest): run this from an elevated PowerShell')
    }
  }
}

if ($Status) {
  $h = Get-Handoff
  $hp = Get-WslxHost
  $xp = Get-WslxXServer
  if ($hp) {
    Write-Output ('wslx-host: running (pid ' + (($hp | ForEach-Object { $_.ProcessId }) -join ', ') + ')')
  } else {
    Write-Output 'wslx-host: not running'
  }
  if ($h.ContainsKey('age')) {
    Write-Output ('handoff: ' + $handoff + ', updated ' + $h['age'] + ' s ago')
    Write-Output ('listening: ' + $h['listen'] + ':' + $h['port'] + ' (display :' + $h['display'] +
      ', ' + $h['state'] + '), clients from ' + $h['subnet'])
    Write-Output ('firewall rule: ' + $h['firewall'])
  } else {
    Write-Output 'handoff: none'
  }
  if ($xp) {
    Write-Output ('X server: ' + $xp[0].Name + ' running (pid ' + $xp[0].ProcessId + ') on display :' +
      $ServerDisplay + ' with -auth')
  } else {
    Write-Output 'X server: not running (started by wslx-start.ps1)'
  }
  $all = @($xImages | ForEach-Object { Get-CimInstance -ClassName Win32_Process -Filter "Name = '$_'" })
  $others = @($all | Where-Object { $o = $_; -not ($xp | Where-Object { $_.ProcessId -eq $o.ProcessId }) })
  if ($others) { Write-Output ('other X servers (not wslx''s): ' + (($others | ForEach-Object { $_.Name + ' pid ' + $_.ProcessId }) -join ', ')) }
  if ($hp -and $h.ContainsKey('age') -and $h['age'] -lt 30) { exit 0 }
  exit 1
}

if ($Stop) {
  Stop-Ours (Get-WslxHost) 'wslx-host'
  Stop-Ours (Get-WslxXServer) 'the X server'
  Remove-Item -ErrorAction SilentlyContinue -LiteralPath $handoff, (Join-Path $state 'cookie'), $auth
  Write-Output 'wslx: stopped'
  exit 0
}

if (-not $XServer) {
  $candidates = @(
    (Join-Path $env:ProgramFiles 'VcXsrv\vcxsrv.exe'),
    (Join-Path ${env:ProgramFiles(x86)} 'VcXsrv\vcxsrv.exe'),
    (Join-Path $env:ProgramFiles 'Xming\Xming.exe'),
    (Join-Path ${env:ProgramFiles(x86)} 'Xming\Xming.exe'))
  $XServer = $candidates | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
  if (-not $XServer) { Fail 'no VcXsrv or Xming found: install one or pass -XServer PATH' }
} elseif (-not (Test-Path -LiteralPath $XServer)) {
  Fail "no X server at ${XServer}: pass -XServer with the path of vcxsrv.exe or Xming.exe"
}
if (-not (Test-Path -LiteralPath $hostExe)) { Fail "no wslx-host.exe in $bin or ${PSScriptRoot}: run wslx-install.ps1" }
New-Item -ItemType Directory -Force -Path $state | Out-Null

if ($Networking -eq 'auto') {
  $Networking = 'nat'
  $wslconfig = Join-Path $env:USERPROFILE '.wslconfig'
  if (Test-Path -LiteralPath $wslconfig) {
    $section = ''
    foreach ($line in Get-Content -LiteralPath $wslconfig) {
      if ($line -match '^\s*\[(.+)\]\s*$') { $section = $Matches[1].Trim().ToLowerInvariant(); continue }
      if ($section -eq 'wsl2' -and $line -match '^\s*networkingMode\s*=\s*([A-Za-z]+)') {
        if ($Matches[1] -eq 'mirrored') { $Networking = 'mirrored' }
      }
    }
  }
}

$running = Get-WslxHost
if (-not $running) {
  # A new wslx-host makes a new cookie: an X server still holding the old one
  # (after a crash) would refuse every client, and an old file (after a
  # logoff) would start one with it.
  Stop-Ours (Get-WslxXServer) 'the X server'
  Remove-Item -ErrorAction SilentlyContinue -LiteralPath $auth
  if (Test-Path -LiteralPath $auth) { Fail "cannot remove the old cookie ${auth}: is another program using it?" }
  $hostArgs = @('--display', $Display, '--upstream', ('127.0.0.1:' + (6000 + $ServerDisplay)),
    '--upstream-cookie-out', $auth, '--state-dir', $state, '--log', $log, '--firewall', $Firewall)
  # Mirrored mode: WSL reaches Windows on 127.0.0.1, and nothing else may.
  if ($Networking -eq 'mirrored') { $hostArgs += @('--listen', '127.0.0.1', '--allow', '127.0.0.0/8') }
  $p = Start-Process -FilePath $hostExe -ArgumentList (Join-WinArgs $hostArgs) -WindowStyle Hidden -PassThru
  for ($i = 0; $i -lt 100 -and -not (Test-Path -LiteralPath $auth); $i++) {
    if ($p.HasExited) { break }
    Start-Sleep -Milliseconds 100
  }
  if (-not (Test-Path -LiteralPath $auth)) {
    $tail = ''
    if (Test-Path -LiteralPath $log) { $tail = (Get-Content -LiteralPath $log -Tail 1) }
    Fail "wslx-host did not start: $tail (see $log)"
  }
  Write-Output "wslx: started wslx-host (display :$Display, $Networking)"
} else {
  Write-Output 'wslx: wslx-host already running'
}

$xname = [IO.Path]::GetFileNameWithoutExtension($XServer)
if (-not (Get-WslxXServer)) {
  if (-not (Test-Path -LiteralPath $auth)) { Fail "no cookie ${auth}: run wslx-start.ps1 -Stop, then start again" }
  # -auth: clients need the cookie wslx-host holds; never -ac.
  $xargs = @(":$ServerDisplay", '-multiwindow', '-clipboard', '-auth', $auth)
  Start-Process -FilePath $XServer -ArgumentList (Join-WinArgs $xargs) | Out-Null
  Write-Output "wslx: started $xname on display :$ServerDisplay with -auth"
} else {
  Write-Output "wslx: $xname already running"
}
