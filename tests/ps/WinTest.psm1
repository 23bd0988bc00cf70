# Helpers for the PowerShell tests: a Windows user's scene (profile folders on
# wine's C: drive, the fake machine of the stand-ins) and a way to run one of
# wslx's scripts in it as Windows would: a new PowerShell with the stand-ins
# loaded and strict mode on.
Set-StrictMode -Version Latest

$script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
$script:Standins = Join-Path $PSScriptRoot 'standins'

function Get-WslxRoot { $script:Root }

function Get-WineCommand {
	foreach ($w in @((Get-Command wine -ErrorAction SilentlyContinue), '/usr/lib/wine/wine64')) {
		if ($w -is [Management.Automation.CommandInfo]) { return $w.Source }
		if ($w -and (Test-Path $w)) { return $w }
	}
	throw 'no wine: run scripts/deps.sh'
}

# New-WinScene -UserName NAME: C:\users\NAME with AppData, Temp and Program
# Files holding a VcXsrv, on wine's C: drive, and a new fake machine.
function New-WinScene {
	param([Parameter(Mandatory)][string]$UserName, [switch]$Windows10, [switch]$Elevated,
		[ValidateSet('accept', 'decline', 'fail')][string]$Uac = 'accept', [switch]$NoXServer, [string]$Fake)
	$c = Join-Path $env:WINEPREFIX 'drive_c'
	$profileDir = "$c/users/$UserName"
	if (Test-Path -LiteralPath $profileDir) { Remove-Item -Recurse -Force -LiteralPath $profileDir }
	$local = "$profileDir/AppData/Local"
	New-Item -ItemType Directory -Force -Path "$local/Temp" | Out-Null
	$pf = "$c/Program Files"
	New-Item -ItemType Directory -Force -Path "$pf/VcXsrv" | Out-Null
	$vcx = "$pf/VcXsrv/vcxsrv.exe"
	if ($NoXServer) { Remove-Item -Force -ErrorAction SilentlyContinue -LiteralPath $vcx } else { Set-Content -LiteralPath $vcx -Value 'stand-in' }
	if (-not $Fake) { $Fake = Join-Path ([IO.Path]::GetTempPath()) ('wslx-fake-' + [guid]::NewGuid() + '.json') }
	Import-Module (Join-Path $script:Standins 'WindowsFake') -Force -Global
	New-WinFake -Path $Fake -DriveC $c -Windows10:$Windows10 -Elevated:$Elevated -Uac $Uac
	@{
		UserName = $UserName; Profile = $profileDir; Local = $local; State = "$local/wslx"; DriveC = $c; Fake = $Fake
		XServer = $vcx
		Env = @{
			LOCALAPPDATA = $local; USERPROFILE = $profileDir; USERNAME = $UserName; TEMP = "$local/Temp"
			ProgramFiles = $pf; 'ProgramFiles(x86)' = "$c/Program Files (x86)"; WSLX_FAKE = $Fake
			WSLX_WINE = (Get-WineCommand); WSLX_WINE_LOG = "$profileDir/wine.log"
			WSLX_FAKE_XVFB = (Get-Command Xvfb).Source; WINEDEBUG = '-all'
			PSModulePath = $script:Standins + [IO.Path]::PathSeparator + $env:PSModulePath
		}
	}
}

# The unpacked wslx-windows.zip copied to the user's Downloads, as a user
# would unpack it; its path.
function Copy-WslxDownload([hashtable]$Scene) {
	if (-not $env:WSLX_DIST) { throw 'WSLX_DIST: the unpacked wslx-windows.zip (tests/ps/run.sh sets it)' }
	$d = Join-Path $Scene.Profile 'Downloads/wslx-windows'
	New-Item -ItemType Directory -Force -Path $d | Out-Null
	Copy-Item -Force -Path (Join-Path $env:WSLX_DIST '*') -Destination $d
	$d
}

# Install from the Downloads copy (no -Highest); the installed start script.
function Install-Wslx([hashtable]$Scene, [string]$Arguments = '') {
	$d = Copy-WslxDownload $Scene
	$r = Invoke-WinScript $Scene (Join-Path $d 'wslx-install.ps1') $Arguments
	if ($r.Code -ne 0) { throw "wslx-install.ps1 $Arguments failed ($($r.Code)): $($r.Out) $($r.Err)" }
	Join-Path $Scene.State 'bin/wslx-start.ps1'
}

# The command line of a fake process split as Windows splits it.
function Get-FakeArgv([object]$Process) { @($Process.Argv) }

# A file's Windows path on the fake C: drive (what a Windows program sees).
function Get-WinPath([hashtable]$Scene, [string]$Path) {
	'C:\' + ($Path.Substring($Scene.DriveC.Length + 1) -replace '/', '\')
}

# Invoke-WinScript SCENE SCRIPT ARGUMENTS: run SCRIPT with ARGUMENTS (PowerShell
# syntax) in a new pwsh, as powershell.exe -File would; its output and exit code.
function Invoke-WinScript {
	param([Parameter(Mandatory)][hashtable]$Scene, [Parameter(Mandatory)][string]$Script, [string]$Arguments = '',
		[int]$TimeoutSeconds = 120)
	$psi = [Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
	$quoted = "'" + ($Script -replace "'", "''") + "'"
	# As powershell.exe -File: the script's exit code, 0 when it ends without
	# exit, 1 after an error that ends it.
	$cmd = "Import-Module WindowsFake, NetSecurity, ScheduledTasks; Set-StrictMode -Version Latest; " +
		"`$PSStyle.OutputRendering = 'PlainText'; `$global:LASTEXITCODE = 0; " +
		"try { & $quoted $Arguments } catch { [Console]::Error.WriteLine(`$_.ToString()); exit 1 }; exit `$LASTEXITCODE"
	foreach ($a in @('-NoProfile', '-NonInteractive', '-Command', $cmd)) { $psi.ArgumentList.Add($a) }
	foreach ($k in $Scene.Env.Keys) { $psi.Environment[$k] = $Scene.Env[$k] }
	$psi.Environment.Remove('WSLX_FAKE_ELEVATED') | Out-Null
	$psi.UseShellExecute = $false
	$psi.RedirectStandardOutput = $true
	$psi.RedirectStandardError = $true
	$p = [Diagnostics.Process]::Start($psi)
	$out = $p.StandardOutput.ReadToEndAsync()
	$err = $p.StandardError.ReadToEndAsync()
	if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
		$p.Kill($true)
		throw "$Script $Arguments did not end within $TimeoutSeconds s"
	}
	[pscustomobject]@{ Code = $p.ExitCode; Out = $out.Result.TrimEnd(); Err = $err.Result.TrimEnd() }
}

function Get-Fake([hashtable]$Scene) {
	Get-Content -Raw -LiteralPath $Scene.Fake | ConvertFrom-Json -AsHashtable
}

function Set-Fake([hashtable]$Scene, [scriptblock]$Change) {
	$s = Get-Fake $Scene
	& $Change $s
	$s | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Scene.Fake
}

# The processes of the fake machine that are still alive (a wine process that
# ended is gone, as on Windows).
function Get-FakeProcess([hashtable]$Scene, [string]$Name) {
	@((Get-Fake $Scene).Processes | Where-Object { $_.Name -eq $Name } |
			Where-Object { $_.UnixPid -eq 0 -or ((Test-Path "/proc/$($_.UnixPid)") -and
					-not ((Get-Content -Raw "/proc/$($_.UnixPid)/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z')) })
}

# Stop every wine process the scene started, and remove its profile.
function Remove-WinScene([hashtable]$Scene) {
	if (Test-Path -LiteralPath $Scene.Fake) {
		foreach ($p in @((Get-Fake $Scene).Processes)) {
			if ($p.UnixPid) { Stop-UnixProcess $p.UnixPid }
		}
		Remove-Item -Force -LiteralPath $Scene.Fake
	}
	Start-Sleep -Milliseconds 100
	if (Test-Path -LiteralPath $Scene.Profile) { Remove-Item -Recurse -Force -LiteralPath $Scene.Profile }
}

# A rule of the fake firewall as a test writes it.
function New-FakeRule {
	param([string]$Name, [string]$DisplayName, [string]$Program, [string]$Action = 'Allow', [string]$Protocol = 'TCP',
		[string]$Enabled = 'True', [string]$Group = '', [string[]]$RemoteAddress = @('Any'), [string[]]$LocalPort = @('Any'))
	@{ Name = $Name; DisplayName = $DisplayName; Group = $Group; Enabled = $Enabled; Direction = 'Inbound'; Action = $Action
		Profile = 'Any'; Protocol = $Protocol; LocalPort = $LocalPort; RemoteAddress = $RemoteAddress; Program = $Program }
}

# The rules a Defender prompt makes for a program (one TCP, one UDP), Allow or Block.
function New-DefenderRules([string]$Program, [string]$DisplayName, [string]$Action = 'Allow') {
	$id = [guid]::NewGuid()
	(New-FakeRule -Name "TCP Query User{$id}$Program" -DisplayName $DisplayName -Program $Program -Action $Action -Protocol TCP),
	(New-FakeRule -Name "UDP Query User{$id}$Program" -DisplayName $DisplayName -Program $Program -Action $Action -Protocol UDP)
}

# A port on loopback that nothing listens on (the wslx-host and X server of a test).
function Get-FreeDisplay([int]$From = 40) {
	for ($d = $From; $d -lt 90; $d += 2) {
		$busy = $false
		foreach ($port in (6000 + $d), (6001 + $d)) {
			$l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, $port)
			try { $l.Start() } catch { $busy = $true } finally { $l.Stop() }
		}
		if (-not $busy -and -not (Test-Path "/tmp/.X$($d + 1)-lock")) { return $d }
	}
	throw 'no free display pair between :40 and :90'
}

# What keeps TEXT from running in Windows PowerShell 5.1, the shell every
# Windows user has: bytes outside ASCII (5.1 reads a BOM-less file in the
# ANSI code page), parse errors, and syntax or parameters only PowerShell 6+
# has, found on the syntax tree (so a '??' inside a string is no finding).
# One line per finding, none when the text is fine.  -Utf16: text that
# reaches PowerShell as UTF-16 (-EncodedCommand), where any character is fine.
function Get-PS51Problem([string]$Text, [string]$Name = 'script', [switch]$Utf16) {
	$bad = @()
	if (-not $Utf16) { $bad = @($Text.ToCharArray() | Where-Object { [int]$_ -gt 126 -or ([int]$_ -lt 32 -and "`t`r`n" -notmatch [regex]::Escape($_)) }) }
	if ($bad) { "${Name}: not ASCII: $(@($bad | Select-Object -First 3 | ForEach-Object { 'U+{0:X4}' -f [int]$_ }) -join ' ')" }
	$tokens = $null; $errors = $null
	$ast = [Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
	foreach ($e in $errors) { "${Name}:$($e.Extent.StartLineNumber): parse error: $($e.Message)" }
	$pwsh6 = @{ 'Join-String' = 'cmdlet'; 'Test-Json' = 'cmdlet'; 'Get-Error' = 'cmdlet'; 'ConvertFrom-Markdown' = 'cmdlet' }
	$found = $ast.FindAll({ $true }, $true)
	foreach ($n in $found) {
		$at = "${Name}:$($n.Extent.StartLineNumber)"
		$what = switch ($n.GetType().Name) {
			'TernaryExpressionAst' { 'the ternary operator ?:' }
			'PipelineChainAst' { "the pipeline chain operator $($n.Operator)" }
			'BinaryExpressionAst' { if ($n.Operator -eq 'QuestionQuestion') { 'the ?? operator' } }
			'AssignmentStatementAst' { if ($n.Operator -eq 'QuestionQuestionEquals') { 'the ??= operator' } }
			'MemberExpressionAst' { if ($n.PSObject.Properties['NullConditional'] -and $n.NullConditional) { 'the ?. operator' } }
			'InvokeMemberExpressionAst' { if ($n.NullConditional) { 'the ?. operator' } }
			'IndexExpressionAst' { if ($n.NullConditional) { 'the ?[] operator' } }
			'PipelineAst' { if ($n.Background) { 'the background operator &' } }
			'ScriptBlockAst' { if ($n.CleanBlock) { 'a clean block' } }
			'CommandAst' {
				$c = $n.GetCommandName()
				$params = @($n.CommandElements | Where-Object { $_ -is [Management.Automation.Language.CommandParameterAst] } | ForEach-Object { $_.ParameterName })
				if ($c -and $pwsh6.ContainsKey($c)) { "the cmdlet $c" }
				elseif ($c -in 'ForEach-Object', 'foreach', '%' -and ($params | Where-Object { $_ -like 'pa*' })) { 'ForEach-Object -Parallel' }
				elseif ($params | Where-Object { $_ -in 'AsHashtable', 'AsByteStream' }) { "-$(@($params | Where-Object { $_ -in 'AsHashtable', 'AsByteStream' })[0]) of $c" }
				elseif ($n.Extent.Text -match '(?i)-Encoding\s+utf8(NoBOM|BOM)\b') { "-Encoding $($Matches[0] -replace '(?i)-Encoding\s+', '') of $c" }
			}
		}
		if ($what) { "${at}: Windows PowerShell 5.1 has no $what" }
	}
}

Export-ModuleMember -Function *
