# Stand-ins for the Windows-only commands wslx's scripts use, for pwsh on Linux.
#
# The fake machine (firewall rules, Hyper-V rules, scheduled tasks, processes,
# elevation, the UAC answer) is a JSON file named by $env:WSLX_FAKE, so that a
# script, the elevated PowerShell it starts and the test that inspects the end
# state all see one machine.  Functions carry the real cmdlets' parameter names
# and types (Microsoft's docs): an unknown parameter fails as on Windows.
# Functions take precedence over the cmdlets of the same name (Start-Process,
# Get-Process, Stop-Process), which is how these replace them.
Set-StrictMode -Version Latest

function Read-WinFake {
	Get-Content -Raw -LiteralPath $env:WSLX_FAKE | ConvertFrom-Json -AsHashtable
}

function Save-WinFake([hashtable]$State) {
	$tmp = $env:WSLX_FAKE + '.tmp'
	$State | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $tmp
	Move-Item -Force -LiteralPath $tmp -Destination $env:WSLX_FAKE
}

function New-WinFake {
	param([string]$Path, [string]$DriveC, [switch]$Windows10, [switch]$Elevated,
	      [ValidateSet('accept', 'decline', 'fail')][string]$Uac = 'accept')
	$state = @{
		Windows10 = $Windows10.IsPresent; Elevated = $Elevated.IsPresent; Uac = $Uac
		DriveC = $DriveC; SessionId = 1; NextId = 4000
		Rules = @(); HyperVRules = @(); Tasks = @(); Processes = @(); Elevations = @(); Unblocked = @()
		# A test's stand-in for another program of the user's that rewrites
		# wslx's script in TEMP between the UAC prompt and the elevated run.
		Tamper = $false
		# The firewall service stopped: every change to a rule fails.
		FirewallStopped = $false
	}
	$env:WSLX_FAKE = $Path
	Save-WinFake $state
}

# A compiled cmdlet honours its caller's $ErrorActionPreference; a function
# in a module sees the module's. The value is returned, not set here, since
# setting it would only reach this function's own scope.
function Get-CallerErrorAction {
	param([Parameter(Mandatory)][Management.Automation.PSCmdlet]$Cmdlet)
	if ($Cmdlet.MyInvocation.BoundParameters.ContainsKey('ErrorAction')) {
		return $Cmdlet.MyInvocation.BoundParameters['ErrorAction']
	}
	$Cmdlet.SessionState.PSVariable.GetValue('ErrorActionPreference')
}

function Test-WinFakeElevated { [bool]$env:WSLX_FAKE_ELEVATED -or (Read-WinFake).Elevated }

# whoami.exe /groups: the elevation check wslx's scripts make (the High
# Mandatory Level SID is in the token of an elevated process only).
function whoami.exe {
	if ($args -contains '/groups') {
		'Mandatory Label\Medium Mandatory Level  Label  S-1-16-8192'
		if (Test-WinFakeElevated) { 'Mandatory Label\High Mandatory Level    Label  S-1-16-12288' }
		return
	}
	'fakehost\' + $env:USERNAME
}

# --- command lines, as Windows builds and splits them ---

# What Windows PowerShell 5.1's Start-Process makes of -ArgumentList: the
# elements joined with spaces, nothing quoted (PowerShell-Docs#7701).
function Join-WinArgumentList([string[]]$ArgumentList) {
	if (-not $ArgumentList) { return '' }
	$ArgumentList -join ' '
}

# CommandLineToArgvW's split of the arguments after the program name.
function Split-WinCommandLine([string]$Line) {
	$argv = [Collections.Generic.List[string]]::new()
	$i = 0; $n = $Line.Length
	while ($true) {
		while ($i -lt $n -and ($Line[$i] -eq ' ' -or $Line[$i] -eq "`t")) { $i++ }
		if ($i -ge $n) { break }
		$sb = [Text.StringBuilder]::new(); $quoted = $false
		while ($i -lt $n -and ($quoted -or ($Line[$i] -ne ' ' -and $Line[$i] -ne "`t"))) {
			$bs = 0
			while ($i -lt $n -and $Line[$i] -eq '\') { $bs++; $i++ }
			if ($i -lt $n -and $Line[$i] -eq '"') {
				[void]$sb.Append('\' * [math]::Floor($bs / 2))
				if ($bs % 2) { [void]$sb.Append('"'); $i++; continue }
				if ($quoted -and $i + 1 -lt $n -and $Line[$i + 1] -eq '"') {
					[void]$sb.Append('"'); $i += 2; continue
				}
				$quoted = -not $quoted; $i++; continue
			}
			[void]$sb.Append('\' * $bs)
			if ($i -lt $n -and ($quoted -or ($Line[$i] -ne ' ' -and $Line[$i] -ne "`t"))) {
				[void]$sb.Append($Line[$i]); $i++
			}
		}
		$argv.Add($sb.ToString())
	}
	, $argv.ToArray()
}

# A Windows path on the fake C: drive as the Linux path pwsh works with, and back.
function ConvertTo-UnixPath([string]$Path) {
	$c = (Read-WinFake).DriveC
	if ($Path -match '^[Cc]:\\') { return $c + '/' + ($Path.Substring(3) -replace '\\', '/') }
	$Path
}
function ConvertTo-WinPath([string]$Path) {
	$c = (Read-WinFake).DriveC
	if ($Path.StartsWith($c + '/')) { return 'C:\' + ($Path.Substring($c.Length + 1) -replace '/', '\') }
	$Path
}

# --- processes ---

function Add-FakeProcess([hashtable]$State, [hashtable]$Process) {
	$State.NextId++
	$Process.Id = $State.NextId
	if (-not $Process.ContainsKey('SessionId')) { $Process.SessionId = $State.SessionId }
	if (-not $Process.ContainsKey('Elevated')) { $Process.Elevated = [bool]$env:WSLX_FAKE_ELEVATED -or $State.Elevated }
	if (-not $Process.ContainsKey('UnixPid')) { $Process.UnixPid = 0 }
	$State.Processes = @($State.Processes) + $Process
	$Process
}

# Processes that ended by themselves (a wine process that exited) are gone.
function Get-LiveFakeProcess([hashtable]$State) {
	$State.Processes = @($State.Processes | Where-Object {
			$_.UnixPid -eq 0 -or (Test-Path "/proc/$($_.UnixPid)") -and
			-not ((Get-Content -Raw "/proc/$($_.UnixPid)/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z')
		})
	$State.Processes
}

function New-ProcessObject([hashtable]$p, [bool]$callerElevated) {
	# Another elevated process's path is not readable from a normal shell.
	$readable = $callerElevated -or -not $p.Elevated
	[pscustomobject]@{
		Id = $p.Id; ProcessName = $p.Name; Name = $p.Name; SessionId = $p.SessionId
		Path = $(if ($readable) { $p.Path } else { $null })
		HasExited = $false
	}
}

function Get-Process {
	[CmdletBinding(DefaultParameterSetName = 'Name')]
	param(
		[Parameter(ParameterSetName = 'Name', Position = 0)][string[]]$Name,
		[Parameter(ParameterSetName = 'Id', Mandatory)][Alias('PID')][int[]]$Id,
		[switch]$IncludeUserName, [switch]$Module, [switch]$FileVersionInfo
	)
	$ErrorActionPreference = Get-CallerErrorAction $PSCmdlet
	$s = Read-WinFake
	$live = Get-LiveFakeProcess $s
	Save-WinFake $s
	$elev = Test-WinFakeElevated
	if ($PSCmdlet.ParameterSetName -eq 'Id') {
		foreach ($i in $Id) {
			if ($i -eq $PID) {
				[pscustomobject]@{ Id = $PID; ProcessName = 'powershell'; Name = 'powershell'; SessionId = $s.SessionId; Path = 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'; HasExited = $false }
				continue
			}
			$p = @($live | Where-Object { $_.Id -eq $i })
			if (-not $p) {
				Write-Error -Category ObjectNotFound "Cannot find a process with the process identifier $i."
				continue
			}
			New-ProcessObject $p[0] $elev
		}
		return
	}
	if ($Name) {
		foreach ($n in $Name) {
			$m = @($live | Where-Object { $_.Name -like $n })
			if (-not $m -and -not [Management.Automation.WildcardPattern]::ContainsWildcardCharacters($n)) {
				Write-Error -Category ObjectNotFound "Cannot find a process with the name `"$n`". Verify the process name and call the cmdlet again."
			}
			foreach ($p in $m) { New-ProcessObject $p $elev }
		}
		return
	}
	foreach ($p in $live) { New-ProcessObject $p $elev }
}

function Get-CimInstance {
	[CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
	param(
		[Parameter(Position = 0, ParameterSetName = 'ClassNameComputerSet', Mandatory)][string]$ClassName,
		[Parameter(ParameterSetName = 'QuerySessionSet', Mandatory)][string]$Query,
		[string]$Filter, [string[]]$Property, [string]$Namespace, [uint32]$OperationTimeoutSec,
		[switch]$Shallow, [string[]]$ComputerName, [string]$QueryDialect, [object[]]$CimSession
	)
	if ($PSCmdlet.ParameterSetName -ne 'ClassNameComputerSet' -or $ClassName -ne 'Win32_Process') {
		throw "stand-in: Get-CimInstance here models Win32_Process only"
	}
	$s = Read-WinFake
	$live = Get-LiveFakeProcess $s
	Save-WinFake $s
	$elev = Test-WinFakeElevated
	$want = $null
	if ($Filter) {
		# WQL as the scripts use it: Name = 'x.exe'
		if ($Filter -notmatch "^\s*Name\s*=\s*'([^']+)'\s*$") { throw "stand-in: unsupported WQL filter: $Filter" }
		$want = $Matches[1]
	}
	foreach ($p in $live) {
		$exe = $p.Name + '.exe'
		if ($want -and $exe -ne $want) { continue }
		# Another elevated process's command line is not readable from a normal shell.
		$readable = $elev -or -not $p.Elevated
		[pscustomobject]@{
			ProcessId = $p.Id; Name = $exe; SessionId = $p.SessionId
			CommandLine = $(if ($readable) { $p.CommandLine } else { $null })
			ExecutablePath = $(if ($readable) { $p.Path } else { $null })
		}
	}
}

function Stop-Process {
	[CmdletBinding(DefaultParameterSetName = 'Id', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'Id', Mandatory, Position = 0, ValueFromPipelineByPropertyName)][int[]]$Id,
		[Parameter(ParameterSetName = 'Name', Mandatory, ValueFromPipelineByPropertyName)][Alias('ProcessName')][string[]]$Name,
		[Parameter(ParameterSetName = 'InputObject', Mandatory, Position = 0, ValueFromPipeline)][object[]]$InputObject,
		[switch]$PassThru, [switch]$Force
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$s = Read-WinFake
		$live = @(Get-LiveFakeProcess $s)
		$ids = switch ($PSCmdlet.ParameterSetName) {
			'Id' { $Id }
			'Name' { @($live | Where-Object { $Name -contains $_.Name } | ForEach-Object { $_.Id }) }
			'InputObject' { @($InputObject | ForEach-Object { $_.Id }) }
		}
		foreach ($i in $ids) {
			$p = @($live | Where-Object { $_.Id -eq $i })
			if (-not $p) { Write-Error -Category ObjectNotFound "Cannot find a process with the process identifier $i."; continue }
			$p = $p[0]
			if ($p.Elevated -and -not (Test-WinFakeElevated)) {
				Write-Error -Category CloseError "Cannot stop process `"$($p.Name) ($i)`" because of the following error: Access is denied"
				continue
			}
			if ($p.UnixPid) { Stop-UnixProcess $p.UnixPid }
			$s.Processes = @($s.Processes | Where-Object { $_.Id -ne $i })
		}
		Save-WinFake $s
	}
}

# TerminateProcess as far as a test can tell: the process is gone and what it
# held is free.  (An X server's lock file names its pid; a killed process may
# stay a zombie here, which Xvfb takes for a live server, so it is asked to
# end first and its lock removed after.)
function Stop-UnixProcess([int]$UnixPid) {
	& kill -TERM $UnixPid 2>$null
	Wait-UnixExit $UnixPid
	& kill -KILL $UnixPid 2>$null
	foreach ($lock in @(Get-ChildItem -Path '/tmp/.X*-lock' -ErrorAction SilentlyContinue)) {
		if ((Get-Content -Raw -LiteralPath $lock.FullName -ErrorAction SilentlyContinue) -match "^\s*$UnixPid\s*$") {
			Remove-Item -Force -LiteralPath $lock.FullName
		}
	}
}

function Wait-UnixExit([int]$UnixPid) {
	for ($k = 0; $k -lt 100 -and (Test-Path "/proc/$UnixPid"); $k++) {
		if ((Get-Content -Raw "/proc/$UnixPid/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z') { break }
		Start-Sleep -Milliseconds 50
	}
}

# Start-Process: the command line is built as Windows PowerShell 5.1 builds it
# and split as Windows splits it; wslx-host.exe runs for real under wine with
# the result, X servers are recorded with theirs, and -Verb RunAs starts an
# "elevated" pwsh (or fails as a declined UAC prompt does: error 1223).
function Start-Process {
	[CmdletBinding(DefaultParameterSetName = 'Default')]
	param(
		[Parameter(Mandatory, Position = 0)][Alias('PSPath', 'Path')][string]$FilePath,
		[Parameter(Position = 1)][Alias('Args')][string[]]$ArgumentList,
		[Parameter(ParameterSetName = 'Default')][pscredential]$Credential,
		[string]$WorkingDirectory,
		[Parameter(ParameterSetName = 'Default')][Alias('Lup')][switch]$LoadUserProfile,
		[Parameter(ParameterSetName = 'Default')][Alias('nnw')][switch]$NoNewWindow,
		[switch]$PassThru,
		[Parameter(ParameterSetName = 'Default')][Alias('RSE')][string]$RedirectStandardError,
		[Parameter(ParameterSetName = 'Default')][Alias('RSI')][string]$RedirectStandardInput,
		[Parameter(ParameterSetName = 'Default')][Alias('RSO')][string]$RedirectStandardOutput,
		[Parameter(ParameterSetName = 'UseShellExecute')][string]$Verb,
		[ValidateSet('Normal', 'Hidden', 'Minimized', 'Maximized')][string]$WindowStyle,
		[switch]$Wait,
		[Parameter(ParameterSetName = 'Default')][switch]$UseNewEnvironment
	)
	$line = Join-WinArgumentList $ArgumentList
	$argv = Split-WinCommandLine $line
	$leaf = Split-Path -Leaf ($FilePath -replace '\\', '/')
	$s = Read-WinFake
	$s.Elevations = @($s.Elevations)
	if ($Verb -eq 'RunAs') {
		$s.Elevations += @{ FilePath = $FilePath; CommandLine = $line }
		Save-WinFake $s
		if ($s.Uac -eq 'decline') {
			# As 5.1 reports ShellExecuteEx's ERROR_CANCELLED (1223).
			throw [InvalidOperationException]::new('This command cannot be run due to the error: ' + [ComponentModel.Win32Exception]::new(1223).Message)
		}
		if ($s.Uac -eq 'fail') {
			throw [InvalidOperationException]::new('This command cannot be run due to the error: ' + [ComponentModel.Win32Exception]::new(2).Message)
		}
		if ($line.Length -gt 2048) { throw "stand-in: ShellExecuteEx parameters over 2,048 characters ($($line.Length))" }
		if ($leaf -ne 'powershell.exe') { throw "stand-in: RunAs models powershell.exe only, not $FilePath" }
		if ($s.Tamper) {
			Get-ChildItem -LiteralPath $env:TEMP -Filter 'wslx-fw-*.ps1' | ForEach-Object {
				Add-Content -LiteralPath $_.FullName -Value "New-NetFirewallRule -Name evil -DisplayName evil -RemoteAddress Any | Out-Null"
			}
		}
		$env:WSLX_FAKE_ELEVATED = '1'
		try { $code = Invoke-FakePowerShell $argv } finally { Remove-Item Env:WSLX_FAKE_ELEVATED }
		if ($PassThru) { return [pscustomobject]@{ Id = 0; ExitCode = $code; HasExited = $true } }
		return
	}
	$unix = ConvertTo-UnixPath $FilePath
	if (-not (Test-Path -LiteralPath $unix)) {
		throw [InvalidOperationException]::new('This command cannot be run due to the error: The system cannot find the file specified.')
	}
	$name = [IO.Path]::GetFileNameWithoutExtension($leaf)
	# Path and CommandLine as the scripts see paths here (the fake C: drive's
	# own); Argv as the program gets it (Windows paths).
	$proc = @{ Name = $name; Path = $unix; CommandLine = ('"' + $unix + '" ' + $line).TrimEnd(); Argv = $argv }
	if ($env:WSLX_FAKE_XVFB -and ($leaf -eq 'vcxsrv.exe' -or $leaf -eq 'Xming.exe')) {
		# VcXsrv and Xming modelled by Xvfb: the same display, -auth and -ac,
		# on TCP (wslx-host reaches the X server on 127.0.0.1).
		$xv = [Collections.Generic.List[string]]::new()
		for ($k = 0; $k -lt $argv.Count; $k++) {
			if ($argv[$k] -match '^:\d+$') { $xv.Add($argv[$k]) }
			elseif ($argv[$k] -eq '-auth' -and $k + 1 -lt $argv.Count) { $xv.Add('-auth'); $xv.Add((ConvertTo-UnixPath $argv[$k + 1])); $k++ }
			elseif ($argv[$k] -eq '-ac') { $xv.Add('-ac') }
			elseif ($argv[$k] -notmatch '^-(multiwindow|clipboard|wgl|nowgl|primary|noprimary|silent-dup-error)$') {
				throw "stand-in: X server argument not modelled: $($argv[$k])"
			}
		}
		$xv.AddRange([string[]]@('-listen', 'tcp', '-nolisten', 'unix', '-screen', '0', '320x240x24'))
		$psi = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
		foreach ($a in @('-c', 'x=$1; shift; "$x" "$@" </dev/null >>"$WSLX_WINE_LOG" 2>&1 & echo $!', 'sh', $env:WSLX_FAKE_XVFB) + $xv) { $psi.ArgumentList.Add($a) }
		$psi.UseShellExecute = $false
		$psi.RedirectStandardOutput = $true
		$sh = [Diagnostics.Process]::Start($psi)
		$proc.UnixPid = [int]$sh.StandardOutput.ReadLine()
		$sh.WaitForExit()
	}
	if ($leaf -eq 'wslx-host.exe') {
		# Under wine, detached from this pwsh's output (as a Windows program
		# started by Start-Process is), its Windows paths on the fake C: drive.
		$psi = [Diagnostics.ProcessStartInfo]::new('/bin/sh')
		foreach ($a in @('-c', 'w=$1; shift; "$w" "$@" </dev/null >>"$WSLX_WINE_LOG" 2>&1 & echo $!', 'sh', $env:WSLX_WINE, $unix)) { $psi.ArgumentList.Add($a) }
		foreach ($a in $argv) { $psi.ArgumentList.Add((ConvertTo-WinPath $a)) }
		$psi.UseShellExecute = $false
		$psi.WorkingDirectory = '/'
		$psi.RedirectStandardOutput = $true
		$sh = [Diagnostics.Process]::Start($psi)
		$proc.UnixPid = [int]$sh.StandardOutput.ReadLine()
		$sh.WaitForExit()
	}
	$proc.Argv = @($argv | ForEach-Object { ConvertTo-WinPath $_ })
	$p = Add-FakeProcess $s $proc
	Save-WinFake $s
	if ($PassThru) {
		$o = [pscustomobject]@{ Id = $p.Id; ProcessName = $name; UnixPid = $p.UnixPid }
		$o | Add-Member -MemberType ScriptProperty -Name HasExited -Value {
			$this.UnixPid -and -not (Test-Path "/proc/$($this.UnixPid)") -or
			((Get-Content -Raw "/proc/$($this.UnixPid)/stat" -ErrorAction SilentlyContinue) -match '^\d+ \(.*\) Z')
		}
		$o
	}
}

# Unblock-File: the mark of the web (the Zone.Identifier stream) removed; the
# fake machine records which files were unblocked.
function Unblock-File {
	[CmdletBinding(DefaultParameterSetName = 'ByPath', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'ByPath', Mandatory, Position = 0)][string[]]$Path,
		[Parameter(ParameterSetName = 'ByLiteralPath', Mandatory, ValueFromPipelineByPropertyName)][Alias('PSPath', 'LP')][string[]]$LiteralPath
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$files = if ($PSCmdlet.ParameterSetName -eq 'ByPath') { @(Resolve-Path -Path $Path | ForEach-Object { $_.ProviderPath }) } else { $LiteralPath }
		$s = Read-WinFake
		$s.Unblocked = @($s.Unblocked)
		foreach ($f in $files) {
			if (-not (Test-Path -LiteralPath $f -PathType Leaf)) {
				Write-Error -Category ObjectNotFound "Cannot find path '$f' because it does not exist."
				continue
			}
			$s.Unblocked += $f
		}
		Save-WinFake $s
	}
}

# --- files ---

# The live process whose image is FILE, or under the folder FILE: Windows
# refuses to overwrite or delete a running program's file.
function Get-ImageUser([string]$File) {
	if (-not $env:WSLX_FAKE -or -not (Test-Path -LiteralPath $env:WSLX_FAKE)) { return }
	$full = [IO.Path]::GetFullPath($File)
	@(Get-LiveFakeProcess (Read-WinFake) | Where-Object {
			$_.Path -and ($_.Path -eq $full -or $_.Path.StartsWith($full.TrimEnd('/') + '/')) }) | Select-Object -First 1
}

function Write-InUse([string]$File) {
	$e = [IO.IOException]::new("The process cannot access the file '$(ConvertTo-WinPath $File)' because it is being used by another process.")
	Write-Error -Exception $e -Category WriteError -TargetObject $File
}

function Copy-Item {
	[CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'Path', Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][string[]]$Path,
		[Parameter(ParameterSetName = 'LiteralPath', Mandatory, ValueFromPipelineByPropertyName)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
		[Parameter(Position = 1, ValueFromPipelineByPropertyName)][string]$Destination,
		[switch]$Container, [switch]$Force, [string]$Filter, [string[]]$Include, [string[]]$Exclude, [switch]$Recurse,
		[switch]$PassThru, [pscredential]$Credential
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$sources = if ($LiteralPath) { $LiteralPath } else { @(Resolve-Path -Path $Path | ForEach-Object { $_.ProviderPath }) }
		foreach ($src in $sources) {
			$to = $Destination
			if (-not $to) { $to = (Get-Location).ProviderPath }
			if (Test-Path -LiteralPath $to -PathType Container) { $to = Join-Path $to (Split-Path -Leaf $src) }
			if (Get-ImageUser $to) { Write-InUse $to; return }
		}
		Microsoft.PowerShell.Management\Copy-Item @PSBoundParameters
	}
}

function Remove-Item {
	[CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'Path', Mandatory, Position = 0, ValueFromPipelineByPropertyName)][string[]]$Path,
		[Parameter(ParameterSetName = 'LiteralPath', Mandatory, ValueFromPipelineByPropertyName)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
		[string]$Filter, [string[]]$Include, [string[]]$Exclude, [switch]$Recurse, [switch]$Force, [pscredential]$Credential,
		[string[]]$Stream
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$targets = if ($LiteralPath) { $LiteralPath } else { @(Resolve-Path -Path $Path -ErrorAction SilentlyContinue | ForEach-Object { $_.ProviderPath }) }
		foreach ($t in $targets) {
			$u = Get-ImageUser $t
			if ($u) { Write-InUse $u.Path; return }
		}
		Microsoft.PowerShell.Management\Remove-Item @PSBoundParameters
	}
}

# A -File argument as PowerShell source: parameter names as they are, every
# other word a literal string.
function ConvertTo-PSWord([string]$Word) {
	if ($Word -match '^-[A-Za-z]\w*$') { return $Word }
	"'" + ($Word -replace "'", "''") + "'"
}

# powershell.exe ARGS: Windows PowerShell run as a child pwsh with these
# stand-ins, for -NoProfile/-NonInteractive/-ExecutionPolicy/-WindowStyle and
# one of -EncodedCommand, -Command or -File.
function Invoke-FakePowerShell([string[]]$Argv) {
	$rest = [Collections.Generic.List[string]]::new()
	$cmd = $null
	for ($i = 0; $i -lt $Argv.Count; $i++) {
		switch -Regex ($Argv[$i]) {
			'^-(NoProfile|NonInteractive|NoLogo)$' { continue }
			'^-(ExecutionPolicy|WindowStyle|OutputFormat|InputFormat)$' { $i++; continue }
			'^-EncodedCommand$' { $cmd = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String($Argv[$i + 1])); $i++; continue }
			'^-Command$' { $cmd = ($Argv[($i + 1)..($Argv.Count - 1)] -join ' '); $i = $Argv.Count; continue }
			'^-File$' {
				$words = @((ConvertTo-PSWord (ConvertTo-UnixPath $Argv[$i + 1])) +
					@($Argv[($i + 2)..($Argv.Count - 1)] | Where-Object { $i + 2 -lt $Argv.Count } | ForEach-Object { ConvertTo-PSWord $_ }))
				$cmd = '& ' + ($words -join ' ') + '; exit $LASTEXITCODE'
				$i = $Argv.Count; continue
			}
			default { throw "stand-in: powershell.exe argument not modelled: $($Argv[$i])" }
		}
	}
	if ($null -eq $cmd) { throw 'stand-in: powershell.exe without a command' }
	$tmp = [IO.Path]::GetTempFileName() + '.ps1'
	Set-Content -LiteralPath $tmp -Value ("Import-Module WindowsFake, NetSecurity, ScheduledTasks; Set-StrictMode -Version Latest`n" + $cmd)
	try {
		& ([IO.Path]::Combine($PSHOME, 'pwsh')) -NoProfile -NonInteractive -File $tmp | Out-Host
		$LASTEXITCODE
	} finally { Remove-Item -LiteralPath $tmp }
}

function powershell.exe { $code = Invoke-FakePowerShell $args; $global:LASTEXITCODE = $code }

Export-ModuleMember -Function *
