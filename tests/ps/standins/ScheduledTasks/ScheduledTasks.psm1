# Stand-in for Windows' ScheduledTasks module: tasks kept in the fake machine
# (WindowsFake), with the defaults Task Scheduler gives a task registered
# without -Settings (no start on battery, stop on battery, 72 h limit,
# priority 7), as Microsoft's docs give them.
Set-StrictMode -Version Latest
Import-Module WindowsFake

function New-ScheduledTaskAction {
	[CmdletBinding()]
	param([Parameter(Mandatory, Position = 0)][string]$Execute, [Parameter(Position = 1)][string]$Argument,
		[Parameter(Position = 2)][string]$WorkingDirectory, [string]$Id, [object[]]$CimSession)
	[pscustomobject]@{ Execute = $Execute; Arguments = $Argument; WorkingDirectory = $WorkingDirectory }
}

function New-ScheduledTaskTrigger {
	[CmdletBinding()]
	param([Parameter(ParameterSetName = 'AtLogon', Mandatory)][switch]$AtLogOn,
		[Parameter(ParameterSetName = 'AtStartup', Mandatory)][switch]$AtStartup,
		[Parameter(ParameterSetName = 'AtLogon')][string]$User, [timespan]$RandomDelay, [object[]]$CimSession)
	[pscustomobject]@{ Kind = $PSCmdlet.ParameterSetName; UserId = $User }
}

function New-ScheduledTaskPrincipal {
	[CmdletBinding()]
	param([Parameter(ParameterSetName = 'User', Mandatory, Position = 0)][string]$UserId,
		[Parameter(ParameterSetName = 'Group', Mandatory)][string]$GroupId,
		[Parameter(ParameterSetName = 'User')][ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')][string]$LogonType,
		[ValidateSet('Limited', 'Highest')][string]$RunLevel = 'Limited', [string]$Id, [string]$ProcessTokenSidType,
		[string[]]$RequiredPrivilege, [object[]]$CimSession)
	[pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
}

function New-ScheduledTaskSettingsSet {
	[CmdletBinding()]
	param([switch]$DisallowDemandStart, [switch]$DisallowHardTerminate, [string]$Compatibility, [timespan]$DeleteExpiredTaskAfter,
		[switch]$AllowStartIfOnBatteries, [switch]$Disable, [switch]$MaintenanceExclusive, [switch]$Hidden,
		[switch]$RunOnlyIfIdle, [timespan]$IdleWaitTimeout, [string]$NetworkId, [string]$NetworkName,
		[switch]$DisallowStartOnRemoteAppSession, [timespan]$MaintenancePeriod, [timespan]$MaintenanceDeadline,
		[switch]$StartWhenAvailable, [switch]$DontStopIfGoingOnBatteries, [switch]$WakeToRun, [timespan]$IdleDuration,
		[switch]$RestartOnIdle, [switch]$DontStopOnIdleEnd, [timespan]$ExecutionTimeLimit,
		[ValidateSet('Parallel', 'Queue', 'IgnoreNew')][string]$MultipleInstances = 'IgnoreNew',
		[ValidateRange(0, 10)][int]$Priority = 7, [int]$RestartCount, [timespan]$RestartInterval,
		[switch]$RunOnlyIfNetworkAvailable, [object[]]$CimSession)
	[pscustomobject]@{
		DisallowStartIfOnBatteries = -not $AllowStartIfOnBatteries.IsPresent
		StopIfGoingOnBatteries = -not $DontStopIfGoingOnBatteries.IsPresent
		# Task Scheduler's XML duration; PT0S means no limit.
		ExecutionTimeLimit = $(if ($PSBoundParameters.ContainsKey('ExecutionTimeLimit')) { [Xml.XmlConvert]::ToString($ExecutionTimeLimit) } else { 'PT72H' })
		Priority = $Priority; MultipleInstances = $MultipleInstances; Hidden = $Hidden.IsPresent
		StartWhenAvailable = $StartWhenAvailable.IsPresent; RestartCount = $RestartCount
	}
}

function ConvertTo-Task([hashtable]$t) {
	[pscustomobject]@{ TaskName = $t.TaskName; TaskPath = $t.TaskPath; State = 'Ready'
		Actions = @($t.Actions | ForEach-Object { [pscustomobject]$_ }); Principal = [pscustomobject]$t.Principal
		Settings = [pscustomobject]$t.Settings; Triggers = @($t.Triggers | ForEach-Object { [pscustomobject]$_ }) }
}

function Register-ScheduledTask {
	[CmdletBinding(DefaultParameterSetName = 'User')]
	param([Parameter(Mandatory, Position = 0)][string]$TaskName, [Parameter(Position = 1)][string]$TaskPath = '\',
		[Parameter(Mandatory, Position = 2)][object[]]$Action, [Parameter(Position = 3)][object[]]$Trigger,
		[Parameter(Position = 4)][object]$Settings,
		[Parameter(ParameterSetName = 'User', Position = 5)][string]$User,
		[Parameter(ParameterSetName = 'User', Position = 6)][string]$Password,
		[Parameter(ParameterSetName = 'User', Position = 7)][ValidateSet('Limited', 'Highest')][string]$RunLevel,
		[Parameter(ParameterSetName = 'Principal', Mandatory)][object]$Principal,
		[string]$Description, [switch]$Force, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob)
	$s = Read-WinFake
	if (-not $Principal) { $Principal = [pscustomobject]@{ UserId = $env:USERNAME; LogonType = 'Interactive'; RunLevel = $(if ($RunLevel) { $RunLevel } else { 'Limited' }) } }
	if ($Principal.RunLevel -eq 'Highest' -and -not (Test-WinFakeElevated)) {
		throw [UnauthorizedAccessException]::new('Register-ScheduledTask: Access is denied. (0x80070005)')
	}
	$old = @($s.Tasks | Where-Object { $_.TaskName -eq $TaskName })
	if ($old -and -not $Force) { throw "Register-ScheduledTask: Cannot create a file when that file already exists. (task $TaskName)" }
	if (-not $Settings) { $Settings = New-ScheduledTaskSettingsSet }
	$t = @{ TaskName = $TaskName; TaskPath = $TaskPath; Description = $Description
		Actions = @($Action | ForEach-Object { @{ Execute = $_.Execute; Arguments = $_.Arguments } })
		Triggers = @($Trigger | ForEach-Object { @{ Kind = $_.Kind; UserId = $_.UserId } })
		Principal = @{ UserId = $Principal.UserId; LogonType = $Principal.LogonType; RunLevel = $Principal.RunLevel }
		Settings = @{} }
	foreach ($p in $Settings.PSObject.Properties) { $t.Settings[$p.Name] = $p.Value }
	$s.Tasks = @($s.Tasks | Where-Object { $_.TaskName -ne $TaskName }) + $t
	Save-WinFake $s
	ConvertTo-Task $t
}

function Get-ScheduledTask {
	[CmdletBinding()]
	param([Parameter(Position = 0)][string[]]$TaskName, [Parameter(Position = 1)][string[]]$TaskPath, [object[]]$CimSession)
	$ErrorActionPreference = Get-CallerErrorAction $PSCmdlet
	$m = @((Read-WinFake).Tasks | Where-Object { -not $TaskName -or $TaskName -contains $_.TaskName })
	if ($TaskName -and -not $m) {
		Write-Error -Category ObjectNotFound "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$($TaskName -join ',')'.  Verify the value of the property and retry."
	}
	$m | ForEach-Object { ConvertTo-Task $_ }
}

function Unregister-ScheduledTask {
	[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
	param([Parameter(Position = 0)][string[]]$TaskName, [Parameter(Position = 1)][string[]]$TaskPath,
		[Parameter(ValueFromPipeline)][object[]]$InputObject, [switch]$PassThru, [object[]]$CimSession)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$s = Read-WinFake
		$names = if ($InputObject) { @($InputObject | ForEach-Object { $_.TaskName }) } else { $TaskName }
		$m = @($s.Tasks | Where-Object { $names -contains $_.TaskName })
		if (-not $m) {
			Write-Error -Category ObjectNotFound "No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$($names -join ',')'.  Verify the value of the property and retry."
			return
		}
		if ($m | Where-Object { $_.Principal.RunLevel -eq 'Highest' } | Where-Object { -not (Test-WinFakeElevated) }) {
			Write-Error -Category PermissionDenied 'Unregister-ScheduledTask: Access is denied. (0x80070005)'
			return
		}
		$s.Tasks = @($s.Tasks | Where-Object { $names -notcontains $_.TaskName })
		Save-WinFake $s
	}
}

Export-ModuleMember -Function New-ScheduledTaskAction, New-ScheduledTaskTrigger, New-ScheduledTaskPrincipal,
	New-ScheduledTaskSettingsSet, Register-ScheduledTask, Get-ScheduledTask, Unregister-ScheduledTask
