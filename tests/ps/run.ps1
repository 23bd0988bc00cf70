# Invoke-Pester on tests/ps (or the files given), one closing line.
param([Parameter(ValueFromRemainingArguments)][string[]]$Path = @("$PSScriptRoot"))
Set-StrictMode -Version Latest
Import-Module "$HOME/.local/share/powershell/Modules/Pester/6.2.0/Pester.psd1"
$c = New-PesterConfiguration
$c.Run.Path = $Path
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Detailed'
$c.Output.RenderMode = 'Plaintext'
$r = Invoke-Pester -Configuration $c
$failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount
Write-Output ("powershell: {0} passed, {1} failed" -f $r.PassedCount, $failed)
if ($failed) { exit 1 }
exit 0
