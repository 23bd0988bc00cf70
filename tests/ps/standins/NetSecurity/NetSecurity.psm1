# Stand-in for Windows' NetSecurity module: firewall rules and, on Windows 11,
# Hyper-V firewall rules, kept in the fake machine (WindowsFake).  Parameter
# names and sets follow Microsoft's NetSecurity docs; what wslx does not use is
# declared, so that it is accepted, but not modelled.
Set-StrictMode -Version Latest
Import-Module WindowsFake

function Assert-Admin([string]$What) {
	if ((Read-WinFake).FirewallStopped) {
		# A stopped Windows Defender Firewall service (mpssvc): ERROR_SERVICE_NOT_ACTIVE.
		throw [ComponentModel.Win32Exception]::new(1062, "${What}: The service has not been started.")
	}
	if (-not (Test-WinFakeElevated)) {
		# The CIM provider's answer to a normal user.
		throw [UnauthorizedAccessException]::new("${What}: Access is denied.")
	}
}

function ConvertTo-Rule([hashtable]$r) {
	[pscustomobject]@{
		PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetFirewallRule'
		Name = $r.Name; InstanceID = $r.Name; DisplayName = $r.DisplayName; Group = $r.Group
		Enabled = $r.Enabled; Direction = $r.Direction; Action = $r.Action; Profile = $r.Profile
	}
}

function Find-Rule([hashtable]$State, [string[]]$Name, [string[]]$DisplayName, [string[]]$Group, [object[]]$InputObject) {
	$rules = @($State.Rules)
	if ($InputObject) { $n = @($InputObject | ForEach-Object { if ($_.PSObject.Properties['InstanceID']) { $_.InstanceID } else { $_.Name } }); return @($rules | Where-Object { $n -contains $_.Name }) }
	if ($Name) { return @($rules | Where-Object { $r = $_; $Name | Where-Object { $r.Name -like $_ } }) }
	if ($DisplayName) { return @($rules | Where-Object { $r = $_; $DisplayName | Where-Object { $r.DisplayName -like $_ } }) }
	if ($Group) { return @($rules | Where-Object { $Group -contains $_.Group }) }
	$rules
}

function Write-NotFound([string]$Class, [string]$Property, [string[]]$Value) {
	Write-Error -Category ObjectNotFound "No $Class objects found with property '$Property' equal to '$($Value -join ',')'.  Verify the value of the property and retry."
}

function Get-NetFirewallRule {
	[CmdletBinding(DefaultParameterSetName = 'All')]
	param(
		[Parameter(ParameterSetName = 'All')][switch]$All,
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$Group,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$DisplayGroup,
		[Parameter(ParameterSetName = 'ByQuery')][ValidateSet('True', 'False')][string[]]$Enabled,
		[Parameter(ParameterSetName = 'ByQuery')][ValidateSet('Inbound', 'Outbound')][string[]]$Direction,
		[Parameter(ParameterSetName = 'ByQuery')][ValidateSet('NotConfigured', 'Allow', 'Block')][string[]]$Action,
		[Parameter(ParameterSetName = 'ByAssociatedNetFirewallApplicationFilter', Mandatory, ValueFromPipeline)][object]$AssociatedNetFirewallApplicationFilter,
		[string]$PolicyStore, [string]$GPOSession, [switch]$TracePolicyStore, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		$s = Read-WinFake
		switch ($PSCmdlet.ParameterSetName) {
			'ByName' {
				foreach ($n in $Name) {
					$m = @(Find-Rule $s -Name $n)
					if (-not $m) { Write-NotFound 'MSFT_NetFirewallRule' 'ID' $n }
					$m | ForEach-Object { ConvertTo-Rule $_ }
				}
			}
			'ByAssociatedNetFirewallApplicationFilter' {
				@($s.Rules | Where-Object { $_.Name -eq $AssociatedNetFirewallApplicationFilter.InstanceID }) | ForEach-Object { ConvertTo-Rule $_ }
			}
			'ByQuery' {
				$m = @(Find-Rule $s -DisplayName $DisplayName -Group $Group)
				if ($Enabled) { $m = @($m | Where-Object { $Enabled -contains $_.Enabled }) }
				if ($Direction) { $m = @($m | Where-Object { $Direction -contains $_.Direction }) }
				if ($Action) { $m = @($m | Where-Object { $Action -contains $_.Action }) }
				if (-not $m) {
					if ($Group) { Write-NotFound 'MSFT_NetFirewallRule' 'Group' $Group } elseif ($DisplayName) { Write-NotFound 'MSFT_NetFirewallRule' 'DisplayName' $DisplayName }
				}
				$m | ForEach-Object { ConvertTo-Rule $_ }
			}
			default { @($s.Rules) | ForEach-Object { ConvertTo-Rule $_ } }
		}
	}
}

function New-NetFirewallRule {
	[CmdletBinding()]
	param(
		[string]$PolicyStore, [string]$GPOSession, [string]$Name,
		[Parameter(Mandatory)][string]$DisplayName, [string]$Description, [string]$Group,
		[ValidateSet('True', 'False')][string]$Enabled = 'True',
		[ValidateSet('Any', 'Domain', 'Private', 'Public', 'NotApplicable')][string[]]$Profile = @('Any'),
		[string[]]$Platform, [ValidateSet('Inbound', 'Outbound')][string]$Direction = 'Inbound',
		[ValidateSet('NotConfigured', 'Allow', 'Block')][string]$Action = 'Allow',
		[string]$EdgeTraversalPolicy, [bool]$LooseSourceMapping, [bool]$LocalOnlyMapping, [string]$Owner,
		[string[]]$LocalAddress, [string[]]$RemoteAddress, [string]$Protocol, [string[]]$LocalPort, [string[]]$RemotePort,
		[string[]]$IcmpType, [string]$DynamicTarget, [string]$Program, [string]$Package, [string]$Service,
		[string[]]$InterfaceAlias, [string]$InterfaceType, [string]$LocalUser, [string]$RemoteUser, [string]$RemoteMachine,
		[string]$Authentication, [string]$Encryption, [bool]$OverrideBlockRules, [string[]]$RemoteDynamicKeywordAddresses,
		[object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	Assert-Admin 'New-NetFirewallRule'
	$s = Read-WinFake
	if (-not $Name) { $Name = '{' + [guid]::NewGuid() + '}' }
	if (@($s.Rules | Where-Object { $_.Name -eq $Name })) {
		throw "Cannot create a file when that file already exists. (rule $Name)"
	}
	if (($LocalPort -or $RemotePort) -and $Protocol -notin 'TCP', 'UDP', '6', '17') {
		throw 'The port filter requires a protocol of TCP or UDP.'
	}
	$r = @{
		Name = $Name; DisplayName = $DisplayName; Group = $Group; Enabled = $Enabled; Direction = $Direction
		Action = $Action; Profile = ($Profile -join ', '); Protocol = $(if ($Protocol) { $Protocol } else { 'Any' })
		LocalPort = @($(if ($LocalPort) { $LocalPort } else { 'Any' })); RemoteAddress = @($(if ($RemoteAddress) { $RemoteAddress } else { 'Any' }))
		Program = $(if ($Program) { $Program } else { 'Any' })
	}
	$s.Rules = @($s.Rules) + $r
	Save-WinFake $s
	ConvertTo-Rule $r
}

function Set-NetFirewallRule {
	[CmdletBinding(DefaultParameterSetName = 'ByName')]
	param(
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByInputObject', Mandatory, ValueFromPipeline)][object[]]$InputObject,
		[string]$NewDisplayName, [string]$Description, [ValidateSet('True', 'False')][string]$Enabled,
		[ValidateSet('Any', 'Domain', 'Private', 'Public', 'NotApplicable')][string[]]$Profile,
		[ValidateSet('Inbound', 'Outbound')][string]$Direction, [ValidateSet('NotConfigured', 'Allow', 'Block')][string]$Action,
		[string[]]$LocalAddress, [string[]]$RemoteAddress, [string]$Protocol, [string[]]$LocalPort, [string[]]$RemotePort,
		[string]$Program, [string]$Owner, [string]$PolicyStore, [string]$GPOSession, [switch]$PassThru,
		[object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		Assert-Admin 'Set-NetFirewallRule'
		$s = Read-WinFake
		$m = @(Find-Rule $s -Name $Name -DisplayName $DisplayName -InputObject $InputObject)
		if (-not $m) { Write-NotFound 'MSFT_NetFirewallRule' 'ID' ($Name + $DisplayName); return }
		foreach ($r in $m) {
			if ($PSBoundParameters.ContainsKey('Enabled')) { $r.Enabled = $Enabled }
			if ($Direction) { $r.Direction = $Direction }
			if ($Action) { $r.Action = $Action }
			if ($Profile) { $r.Profile = $Profile -join ', ' }
			if ($Protocol) { $r.Protocol = $Protocol }
			if ($LocalPort) { $r.LocalPort = @($LocalPort) }
			if ($RemoteAddress) { $r.RemoteAddress = @($RemoteAddress) }
			if ($Program) { $r.Program = $Program }
			if ($NewDisplayName) { $r.DisplayName = $NewDisplayName }
			if ($PassThru) { ConvertTo-Rule $r }
		}
		Save-WinFake $s
	}
}

function Set-RuleEnabled([string]$Value, [string[]]$Name, [string[]]$DisplayName, [string[]]$Group, [object[]]$InputObject) {
	$s = Read-WinFake
	$m = @(Find-Rule $s -Name $Name -DisplayName $DisplayName -Group $Group -InputObject $InputObject)
	if (-not $m) { Write-NotFound 'MSFT_NetFirewallRule' 'ID' ($Name + $DisplayName + $Group) }
	foreach ($r in $m) { $r.Enabled = $Value }
	Save-WinFake $s
}

function Disable-NetFirewallRule {
	[CmdletBinding(DefaultParameterSetName = 'ByName')]
	param(
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$Group,
		[Parameter(ParameterSetName = 'ByInputObject', Mandatory, ValueFromPipeline)][object[]]$InputObject,
		[string]$PolicyStore, [string]$GPOSession, [switch]$PassThru, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process { Assert-Admin 'Disable-NetFirewallRule'; Set-RuleEnabled 'False' $Name $DisplayName $Group $InputObject }
}

function Enable-NetFirewallRule {
	[CmdletBinding(DefaultParameterSetName = 'ByName')]
	param(
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$Group,
		[Parameter(ParameterSetName = 'ByInputObject', Mandatory, ValueFromPipeline)][object[]]$InputObject,
		[string]$PolicyStore, [string]$GPOSession, [switch]$PassThru, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process { Assert-Admin 'Enable-NetFirewallRule'; Set-RuleEnabled 'True' $Name $DisplayName $Group $InputObject }
}

function Remove-NetFirewallRule {
	[CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$Group,
		[Parameter(ParameterSetName = 'ByInputObject', Mandatory, ValueFromPipeline)][object[]]$InputObject,
		[string]$PolicyStore, [string]$GPOSession, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		Assert-Admin 'Remove-NetFirewallRule'
		$s = Read-WinFake
		$m = @(Find-Rule $s -Name $Name -DisplayName $DisplayName -Group $Group -InputObject $InputObject)
		if (-not $m) { Write-NotFound 'MSFT_NetFirewallRule' 'ID' ($Name + $DisplayName + $Group); return }
		$gone = @($m | ForEach-Object { $_.Name })
		$s.Rules = @($s.Rules | Where-Object { $gone -notcontains $_.Name })
		Save-WinFake $s
	}
}

function Get-NetFirewallApplicationFilter {
	[CmdletBinding(DefaultParameterSetName = 'All')]
	param(
		[Parameter(ParameterSetName = 'All')][switch]$All,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$Program,
		[Parameter(ParameterSetName = 'ByAssociatedNetFirewallRule', Mandatory, ValueFromPipeline)][object]$AssociatedNetFirewallRule,
		[string]$PolicyStore, [string]$GPOSession, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	process {
		$s = Read-WinFake
		$rules = @($s.Rules)
		if ($AssociatedNetFirewallRule) { $rules = @($rules | Where-Object { $_.Name -eq $AssociatedNetFirewallRule.Name }) }
		foreach ($r in $rules) {
			if ($Program -and $Program -notcontains $r.Program) { continue }
			[pscustomobject]@{ InstanceID = $r.Name; Program = $r.Program; Package = $null }
		}
	}
}

function Get-NetFirewallAddressFilter {
	[CmdletBinding()]
	param([Parameter(Mandatory, ValueFromPipeline)][object]$AssociatedNetFirewallRule,
		[string]$PolicyStore, [object[]]$CimSession)
	process {
		$r = @((Read-WinFake).Rules | Where-Object { $_.Name -eq $AssociatedNetFirewallRule.Name })
		foreach ($x in $r) { [pscustomobject]@{ InstanceID = $x.Name; RemoteAddress = $x.RemoteAddress; LocalAddress = 'Any' } }
	}
}

function Get-NetFirewallPortFilter {
	[CmdletBinding()]
	param([Parameter(Mandatory, ValueFromPipeline)][object]$AssociatedNetFirewallRule,
		[string]$PolicyStore, [object[]]$CimSession)
	process {
		$r = @((Read-WinFake).Rules | Where-Object { $_.Name -eq $AssociatedNetFirewallRule.Name })
		foreach ($x in $r) { [pscustomobject]@{ InstanceID = $x.Name; Protocol = $x.Protocol; LocalPort = $x.LocalPort; RemotePort = 'Any' } }
	}
}

# --- Hyper-V firewall (Windows 11 22H2 and later) ---

function ConvertTo-HyperVRule([hashtable]$r) {
	[pscustomobject]@{
		Name = $r.Name; DisplayName = $r.DisplayName; Direction = $r.Direction; VMCreatorId = $r.VMCreatorId
		Protocol = $r.Protocol; RemotePorts = $r.RemotePorts; RemoteAddresses = $r.RemoteAddresses; Action = $r.Action; Enabled = $r.Enabled
	}
}

function Get-NetFirewallHyperVRule {
	[CmdletBinding(DefaultParameterSetName = 'All')]
	param(
		[Parameter(ParameterSetName = 'All')][switch]$All,
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByQuery')][string[]]$VMCreatorId,
		[Parameter(ParameterSetName = 'ByQuery')][ValidateSet('Inbound', 'Outbound')][string[]]$Direction,
		[object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	$ErrorActionPreference = Get-CallerErrorAction $PSCmdlet
	$s = Read-WinFake
	$m = @($s.HyperVRules)
	if ($Name) {
		$m = @($m | Where-Object { $Name -contains $_.Name })
		if (-not $m) { Write-NotFound 'MSFT_NetFirewallHyperVRule' 'ID' $Name; return }
	}
	$m | ForEach-Object { ConvertTo-HyperVRule $_ }
}

function New-NetFirewallHyperVRule {
	[CmdletBinding()]
	param(
		[Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)][string]$DisplayName,
		[ValidateSet('Inbound', 'Outbound')][string]$Direction = 'Inbound', [string]$VMCreatorId, [string]$Protocol,
		[string[]]$LocalAddresses, [string[]]$LocalPorts, [string[]]$RemoteAddresses, [string[]]$RemotePorts,
		[ValidateSet('Allow', 'Block')][string]$Action = 'Allow', [ValidateSet('True', 'False')][string]$Enabled = 'True',
		[string]$Profiles, [uint16]$RulePriority, [object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	Assert-Admin 'New-NetFirewallHyperVRule'
	$s = Read-WinFake
	if (@($s.HyperVRules | Where-Object { $_.Name -eq $Name })) { throw "Cannot create a file when that file already exists. (Hyper-V rule $Name)" }
	$r = @{ Name = $Name; DisplayName = $DisplayName; Direction = $Direction; VMCreatorId = $VMCreatorId; Protocol = $Protocol
		RemotePorts = @($RemotePorts); RemoteAddresses = @($RemoteAddresses); Action = $Action; Enabled = $Enabled }
	$s.HyperVRules = @($s.HyperVRules) + $r
	Save-WinFake $s
	ConvertTo-HyperVRule $r
}

function Remove-NetFirewallHyperVRule {
	[CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess)]
	param(
		[Parameter(ParameterSetName = 'ByName', Mandatory, Position = 0)][Alias('ID')][string[]]$Name,
		[Parameter(ParameterSetName = 'ByDisplayName', Mandatory)][string[]]$DisplayName,
		[Parameter(ParameterSetName = 'ByInputObject', Mandatory, ValueFromPipeline)][object[]]$InputObject,
		[object[]]$CimSession, [int]$ThrottleLimit, [switch]$AsJob
	)
	begin { $ErrorActionPreference = Get-CallerErrorAction $PSCmdlet }
	process {
		Assert-Admin 'Remove-NetFirewallHyperVRule'
		$s = Read-WinFake
		$gone = if ($InputObject) { @($InputObject | ForEach-Object { $_.Name }) } elseif ($Name) { $Name } else { @($s.HyperVRules | Where-Object { $DisplayName -contains $_.DisplayName } | ForEach-Object { $_.Name }) }
		$s.HyperVRules = @($s.HyperVRules | Where-Object { $gone -notcontains $_.Name })
		Save-WinFake $s
	}
}

# Windows 10 has no Hyper-V firewall: its NetSecurity lacks these.
$hyperV = 'Get-NetFirewallHyperVRule', 'New-NetFirewallHyperVRule', 'Remove-NetFirewallHyperVRule'
$exported = @('Get-NetFirewallRule', 'New-NetFirewallRule', 'Set-NetFirewallRule', 'Disable-NetFirewallRule',
	'Enable-NetFirewallRule', 'Remove-NetFirewallRule', 'Get-NetFirewallApplicationFilter',
	'Get-NetFirewallAddressFilter', 'Get-NetFirewallPortFilter') + $hyperV
if ((Read-WinFake).Windows10) { $exported = @($exported | Where-Object { $_ -notin $hyperV }) }
Export-ModuleMember -Function $exported
