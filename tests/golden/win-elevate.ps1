$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
$script = @'
$ErrorActionPreference = 'Stop'
trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }
Import-Module NetSecurity
$group = 'wslx'
$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)
$keep = @()
$name = 'wslx-x11-tcp-6000'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20'
  Write-Output 'wslx: updated: Allow TCP 6000 from 172.30.96.0/20'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 from WSL to wslx-host (TCP 6000)' -Group $group -Enabled True -Action Allow -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6000 -RemoteAddress '172.30.96.0/20' | Out-Null
  Write-Output 'wslx: created: Allow TCP 6000 from 172.30.96.0/20'
}
$name = 'wslx-xserver-block-6001'; $keep += $name
$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue
if ($r) {
  Set-NetFirewallRule -Name $name -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress 'Any'
  Write-Output 'wslx: updated: Block TCP 6001 from Any'
} else {
  New-NetFirewallRule -Name $name -DisplayName 'wslx: X server, loopback only (TCP 6001)' -Group $group -Enabled True -Action Block -Direction Inbound -Profile Any -Protocol TCP -LocalPort 6001 -RemoteAddress 'Any' | Out-Null
  Write-Output 'wslx: created: Block TCP 6001 from Any'
}
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name } | ForEach-Object {
  Remove-NetFirewallRule -Name $_.Name
  Write-Output ('wslx: removed stale rule ' + $_.Name)
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
'@
if ((whoami.exe /groups) -match 'S-1-16-12288') {
  $global:LASTEXITCODE = 0
  & ([scriptblock]::Create($script))
  exit $LASTEXITCODE
}
$f = Join-Path $env:TEMP ('wslx-fw-' + [guid]::NewGuid() + '.ps1')
$o = [IO.Path]::ChangeExtension($f, '.txt')
[IO.File]::WriteAllText($f, $script, [Text.Encoding]::ASCII)
$sha = [Security.Cryptography.SHA256]::Create()
$hash = [BitConverter]::ToString($sha.ComputeHash([IO.File]::ReadAllBytes($f)))
function Quote([string]$s) { "'" + ($s -replace "'", "''") + "'" }
$run = '$f = ' + (Quote $f) + '; $o = ' + (Quote $o) + '; ' +
  '$b = [IO.File]::ReadAllBytes($f); ' +
  '$h = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($b)); ' +
  'if ($h -ne ''' + $hash + ''') { ''wslx: firewall: the script was changed before it ran: nothing done'' | Out-File -Encoding ASCII $o; exit 4 }; ' +
  '$global:LASTEXITCODE = 0; & ([scriptblock]::Create([Text.Encoding]::ASCII.GetString($b))) *>&1 | Out-File -Encoding ASCII $o; exit $LASTEXITCODE'
$enc = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($run))
try {
  try {
    $p = Start-Process powershell.exe -Verb RunAs -Wait -PassThru -WindowStyle Hidden -ArgumentList ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ' + $enc)
  } catch {
    $e = $_.Exception
    while ($e.InnerException -and -not ($e -is [ComponentModel.Win32Exception])) { $e = $e.InnerException }
    $declined = [ComponentModel.Win32Exception]::new(1223).Message
    if (($e -is [ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq 1223) -or $_.Exception.Message.Contains($declined)) {
      Write-Output 'wslx: firewall: the UAC prompt was declined: the firewall was not changed'
      exit 3
    }
    Write-Output ('wslx: firewall: cannot start an elevated PowerShell: ' + $_.Exception.Message)
    exit 1
  }
  if (Test-Path -LiteralPath $o) { Get-Content -LiteralPath $o }
  exit $p.ExitCode
} finally {
  Remove-Item -LiteralPath $f, $o -ErrorAction SilentlyContinue
}
