$ErrorActionPreference = 'Stop'
$inner = 'SQBOAE4ARQBSAA=='
$id = [Security.Principal.WindowsIdentity]::GetCurrent()
$admin = (New-Object Security.Principal.WindowsPrincipal($id)).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if ($admin) { & powershell.exe -NoProfile -NonInteractive -EncodedCommand $inner; exit $LASTEXITCODE }
$log = Join-Path $env:TEMP ('wslx-fw-' + [guid]::NewGuid() + '.txt')
$cmd = "& powershell.exe -NoProfile -NonInteractive -EncodedCommand $inner *> '$log'; exit `$LASTEXITCODE"
try {
  $p = Start-Process powershell.exe -Verb RunAs -Wait -PassThru -WindowStyle Hidden -ArgumentList @('-NoProfile', '-NonInteractive', '-Command', $cmd)
} catch {
  Write-Output 'wslx: the UAC prompt was declined: the firewall was not changed'
  exit 3
}
if (Test-Path $log) { Get-Content $log; Remove-Item $log }
exit $p.ExitCode
