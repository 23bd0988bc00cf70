# The firewall scripts wslx emits, run: `wslx fix-firewall` itself generates
# them (its powershell.exe is a recorder, tests/e2e/standin-powershell.py),
# and each is run as Windows PowerShell would run it against the fake
# firewall: elevated or not, UAC accepted, declined or failing, Windows 10
# and 11, beside the rules Xming's, VcXsrv's and wslx-host's installers and
# Defender prompts make.  The goldens the CLI cannot produce (two displays, a
# moved subnet) run too.
BeforeAll {
	Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force
	$root = Get-WslxRoot
	$golden = Join-Path $root 'tests/golden'

	# wslx fix-firewall ARGS on the fixture FIXTURE: what it gave powershell.exe
	# (Outer) and the script inside the UAC launcher (Inner).
	function Get-Generated([string]$Fixture, [string[]]$Arguments) {
		$d = Join-Path ([IO.Path]::GetTempPath()) ('wslx-gen-' + [guid]::NewGuid())
		New-Item -ItemType Directory -Path "$d/bin", "$d/calls", "$d/home", "$d/nohost" | Out-Null
		Copy-Item -LiteralPath (Join-Path $root 'tests/e2e/standin-powershell.py') -Destination "$d/bin/powershell.exe"
		& chmod +x "$d/bin/powershell.exe"
		try {
			$out = & /usr/bin/env "PATH=$d/bin:$env:PATH" "STANDIN_DIR=$d/calls" "HOME=$d/home" "WSLX_HOST_DIR=$d/nohost" `
				"WSLX_SYSROOT=$root/tests/fixtures/$Fixture" (Join-Path $root 'build/wslx') fix-firewall @Arguments 2>&1
			if ($LASTEXITCODE -ne 0) { throw "wslx fix-firewall $Arguments failed: $out" }
			$inner = "$d/calls/1.inner.ps1"
			@{ Outer = Get-Content -Raw -LiteralPath "$d/calls/1.ps1"
				Inner = $(if (Test-Path -LiteralPath $inner) { Get-Content -Raw -LiteralPath $inner } else { $null }) }
		} finally { Remove-Item -Recurse -Force -LiteralPath $d }
	}

	# TEXT as a script in the scene, run as powershell.exe -EncodedCommand would.
	function Invoke-Text([hashtable]$Scene, [string]$Text) {
		$f = Join-Path $Scene.Profile ('run-' + [guid]::NewGuid() + '.ps1')
		Set-Content -LiteralPath $f -Value $Text
		try { Invoke-WinScript $Scene $f } finally { Remove-Item -LiteralPath $f }
	}

	# What a user's machine has before wslx: VcXsrv's Defender Allow (any
	# address) and Public Block rules, Xming's installer rule, wslx-host's own
	# Defender rules, an unrelated rule, and wslx's rule for an old subnet.
	function Add-UserRules([hashtable]$Scene) {
		Set-Fake $Scene {
			param($s)
			$s.Rules = @(
				(New-DefenderRules 'C:\Program Files\VcXsrv\vcxsrv.exe' 'VcXsrv windows xserver')
				(New-DefenderRules 'C:\Program Files\VcXsrv\vcxsrv.exe' 'VcXsrv windows xserver' -Action Block)
				(New-FakeRule -Name 'Xming-TCP' -DisplayName 'Xming X Server' -Program 'C:\Program Files (x86)\Xming\Xming.exe')
				(New-DefenderRules 'C:\Users\Ann\AppData\Local\wslx\bin\wslx-host.exe' 'wslx-host')
				(New-DefenderRules 'C:\Users\Ann\AppData\Local\wslx\bin\wslx-host.exe' 'wslx-host' -Action Block)
				(New-FakeRule -Name 'RemoteDesktop-In-TCP' -DisplayName 'Remote Desktop' -LocalPort '3389')
				(New-FakeRule -Name 'wslx-x11-tcp-6010' -DisplayName 'wslx: old' -Group 'wslx' -LocalPort '6010' -RemoteAddress '172.17.0.0/16')
			)
		}
	}

	# The comma keeps a one-rule answer an array (a bare hashtable's .Count is its key count).
	function Get-Rule([hashtable]$Scene, [string]$Name) { , @((Get-Fake $Scene).Rules | Where-Object { $_.Name -eq $Name }) }
	function Get-ProgramRules([hashtable]$Scene, [string]$Leaf, [string]$Action) {
		@((Get-Fake $Scene).Rules | Where-Object { $_.Program -like "*\$Leaf" -and $_.Action -eq $Action })
	}

	# The end state of a NAT apply: only wslx-host's port, from the subnet.
	function Assert-NatState([hashtable]$Scene) {
		$a = Get-Rule $Scene 'wslx-x11-tcp-6000'
		$a.Count | Should -Be 1
		$a[0].Action | Should -Be 'Allow'
		$a[0].Enabled | Should -Be 'True'
		$a[0].Group | Should -Be 'wslx'
		@($a[0].RemoteAddress) | Should -Be @('172.30.96.0/20')
		@($a[0].LocalPort) | Should -Be @('6000')
		$b = Get-Rule $Scene 'wslx-xserver-block-6001'
		$b.Count | Should -Be 1
		$b[0].Action | Should -Be 'Block'
		$b[0].Enabled | Should -Be 'True'
		@($b[0].RemoteAddress) | Should -Be @('Any')
		@($b[0].LocalPort) | Should -Be @('6001')
		(Get-Rule $Scene 'wslx-x11-tcp-6010').Count | Should -Be 0
		foreach ($leaf in 'vcxsrv.exe', 'Xming.exe', 'wslx-host.exe') {
			Get-ProgramRules $Scene $leaf 'Allow' | ForEach-Object { $_.Enabled | Should -Be 'False' -Because "$leaf Allow $($_.Name)" }
		}
		Get-ProgramRules $Scene 'vcxsrv.exe' 'Block' | ForEach-Object { $_.Enabled | Should -Be 'True' -Because 'a Block rule of the X server stays' }
		Get-ProgramRules $Scene 'wslx-host.exe' 'Block' | ForEach-Object { $_.Enabled | Should -Be 'False' -Because 'Block beats wslx''s Allow' }
		$rd = Get-Rule $Scene 'RemoteDesktop-In-TCP'
		$rd[0].Enabled | Should -Be 'True'
		@($rd[0].RemoteAddress) | Should -Be @('Any')
	}

	$nat = Get-Generated 'wsl2-nat' @()
	$natKeep = Get-Generated 'wsl2-nat' @('--xserver-rules', 'keep')
	$mirrored = Get-Generated 'wsl2-mirrored' @()
	$remove = Get-Generated 'wsl2-nat' @('--remove')
	$report = Get-Generated 'wsl2-nat' @('--report')
}

Describe 'what wslx fix-firewall generates' {
	It 'is the golden launcher around the golden NAT script' {
		$nat.Outer | Should -BeExactly (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-elevate.ps1'))
		$nat.Inner | Should -BeExactly (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-nat.ps1'))
		$remove.Inner | Should -BeExactly (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-remove.ps1'))
		$report.Outer | Should -BeExactly (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-report.ps1'))
		$report.Inner | Should -BeNullOrEmpty
	}
}

Describe 'the NAT script on <Os>, elevated' -ForEach @(@{ Os = 'Windows 11'; W10 = $false }, @{ Os = 'Windows 10'; W10 = $true }) {
	BeforeAll {
		$scene = New-WinScene -UserName 'Ann Admin' -Elevated -Windows10:$W10
		Add-UserRules $scene
		$first = Invoke-Text $scene $nat.Inner
		$afterFirst = Get-Fake $scene
		$second = Invoke-Text $scene $nat.Inner
	}
	AfterAll { Remove-WinScene $scene }

	It 'opens only wslx-host''s port from the subnet, blocks the X server''s, disables the programs'' Allow rules' {
		$first.Code | Should -Be 0 -Because "$($first.Out) $($first.Err)"
		$first.Out | Should -Match 'wslx: created: Allow TCP 6000 from 172.30.96.0/20'
		$first.Out | Should -Match 'wslx: created: Block TCP 6001 from Any'
		$first.Out | Should -Match 'wslx: removed stale rule wslx-x11-tcp-6010'
		Assert-NatState $scene
	}
	It 'run again: the same end state, rules updated in place' {
		$second.Code | Should -Be 0 -Because "$($second.Out) $($second.Err)"
		$second.Out | Should -Match 'wslx: updated: Allow TCP 6000'
		@((Get-Fake $scene).Rules).Count | Should -Be @($afterFirst.Rules).Count
		Assert-NatState $scene
	}
}

Describe 'the NAT script in a shell that is not elevated' {
	It 'stops at the first refusal with one line of text, exit 1' {
		$scene = New-WinScene -UserName 'Ann Normal'
		try {
			Add-UserRules $scene
			$before = (Get-Fake $scene).Rules | ConvertTo-Json -Depth 5
			$r = Invoke-Text $scene $nat.Inner
			$r.Code | Should -Be 1
			$r.Out | Should -Match '^wslx: firewall: New-NetFirewallRule: Access is denied\.$'
			$r.Out + $r.Err | Should -Not -Match 'CLIXML|<Objs'
			(Get-Fake $scene).Rules | ConvertTo-Json -Depth 5 | Should -Be $before
		} finally { Remove-WinScene $scene }
	}
}

Describe 'the UAC launcher for <User>, UAC <Uac>' -ForEach @(
	@{ User = 'John Smith'; Uac = 'accept'; Code = 0 }
	@{ User = "O'Brien"; Uac = 'accept'; Code = 0 }
	@{ User = 'José'; Uac = 'accept'; Code = 0 }
	@{ User = 'John Smith'; Uac = 'decline'; Code = 3 }
	@{ User = 'John Smith'; Uac = 'fail'; Code = 1 }) {
	BeforeAll {
		$scene = New-WinScene -UserName $User -Uac $Uac
		Add-UserRules $scene
		$before = (Get-Fake $scene).Rules | ConvertTo-Json -Depth 5
		$r = Invoke-Text $scene $nat.Outer
		$fake = Get-Fake $scene
	}
	AfterAll { Remove-WinScene $scene }

	It 'asks once, with a short command line that carries no script' {
		@($fake.Elevations).Count | Should -Be 1
		$e = $fake.Elevations[0]
		Split-Path -Leaf $e.FilePath | Should -Be 'powershell.exe'
		$e.CommandLine.Length | Should -BeLessThan 2048
		$e.CommandLine | Should -Match '-ExecutionPolicy Bypass -EncodedCommand '
		$e.CommandLine | Should -Not -Match 'New-NetFirewallRule'
		# what the elevated powershell.exe runs is Windows PowerShell 5.1 text too
		$run = [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String(($e.CommandLine -split ' ')[-1]))
		$run | Should -Match 'ComputeHash'
		@(Get-PS51Problem $run 'elevated command' -Utf16) | Should -BeNullOrEmpty
		# the profile path (TEMP in the stand-ins is wine's, in unix form) arrives whole
		$run | Should -Match ('(?i)[\\/]' + [regex]::Escape($User.Replace("'", "''")) + '[\\/]AppData[\\/]Local[\\/]Temp[\\/]wslx-fw-')
	}
	It 'ends as it should: exit <Code>, one line of text' {
		$r.Code | Should -Be $Code -Because "$($r.Out) $($r.Err)"
		$r.Out + $r.Err | Should -Not -Match 'CLIXML|<Objs'
		switch ($Uac) {
			'accept' {
				$r.Out | Should -Match 'wslx: created: Allow TCP 6000 from 172.30.96.0/20'
				Assert-NatState $scene
			}
			'decline' {
				$r.Out | Should -Be 'wslx: firewall: the UAC prompt was declined: the firewall was not changed'
				$fake.Rules | ConvertTo-Json -Depth 5 | Should -Be $before
			}
			'fail' {
				$r.Out | Should -Match '^wslx: firewall: cannot start an elevated PowerShell: This command cannot be run due to the error: .+$'
				$fake.Rules | ConvertTo-Json -Depth 5 | Should -Be $before
			}
		}
	}
	It 'leaves nothing in TEMP' {
		@(Get-ChildItem -LiteralPath (Join-Path $scene.Local 'Temp') -Filter 'wslx-fw-*').Count | Should -Be 0
	}
}

Describe 'the UAC launcher' {
	It 'already elevated: runs the script here, no prompt' {
		$scene = New-WinScene -UserName 'Ann Admin' -Elevated
		try {
			Add-UserRules $scene
			$r = Invoke-Text $scene $nat.Outer
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			@((Get-Fake $scene).Elevations).Count | Should -Be 0
			Assert-NatState $scene
		} finally { Remove-WinScene $scene }
	}
	It 'runs nothing when the script in TEMP was changed before the elevated side read it' {
		$scene = New-WinScene -UserName 'Ann Tamper'
		try {
			Add-UserRules $scene
			Set-Fake $scene { param($s) $s.Tamper = $true }
			$before = (Get-Fake $scene).Rules | ConvertTo-Json -Depth 5
			$r = Invoke-Text $scene $nat.Outer
			$r.Code | Should -Be 4
			$r.Out | Should -Be 'wslx: firewall: the script was changed before it ran: nothing done'
			(Get-Fake $scene).Rules | ConvertTo-Json -Depth 5 | Should -Be $before
			(Get-Rule $scene 'evil').Count | Should -Be 0
			@(Get-ChildItem -LiteralPath (Join-Path $scene.Local 'Temp') -Filter 'wslx-fw-*').Count | Should -Be 0
		} finally { Remove-WinScene $scene }
	}
	It 'a failing script comes back as its one line and exit 1' {
		$scene = New-WinScene -UserName 'Ann Fail'
		try {
			Add-UserRules $scene
			Set-Fake $scene { param($s) $s.FirewallStopped = $true }
			$r = Invoke-Text $scene $nat.Outer
			$r.Code | Should -Be 1
			$r.Out | Should -Be 'wslx: firewall: New-NetFirewallRule: The service has not been started.'
			@(Get-ChildItem -LiteralPath (Join-Path $scene.Local 'Temp') -Filter 'wslx-fw-*').Count | Should -Be 0
		} finally { Remove-WinScene $scene }
	}
}

Describe 'mirrored mode on <Os>' -ForEach @(@{ Os = 'Windows 11'; W10 = $false }, @{ Os = 'Windows 10'; W10 = $true }) {
	It 'allows wslx-host''s port from loopback and, where there is one, through the Hyper-V firewall' {
		$scene = New-WinScene -UserName 'Mia Mirror' -Elevated -Windows10:$W10
		try {
			$r = Invoke-Text $scene $mirrored.Inner
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			@((Get-Rule $scene 'wslx-x11-tcp-6000')[0].RemoteAddress) | Should -Be @('127.0.0.0/8')
			(Get-Rule $scene 'wslx-xserver-block-6001').Count | Should -Be 1
			$hv = @((Get-Fake $scene).HyperVRules)
			if ($W10) {
				$hv.Count | Should -Be 0
				$r.Out | Should -Match 'no Hyper-V firewall here'
			} else {
				$hv.Count | Should -Be 1
				$hv[0].Name | Should -Be 'wslx-x11-hyperv-6000'
				$hv[0].VMCreatorId | Should -Be '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'
			}
		} finally { Remove-WinScene $scene }
	}
	It 'the two-display golden: two Allow rules, the X server''s port 6002 blocked' {
		$scene = New-WinScene -UserName 'Mia Mirror' -Elevated -Windows10:$W10
		try {
			$r = Invoke-Text $scene (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-mirrored-two.ps1'))
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			@((Get-Fake $scene).Rules | Where-Object { $_.Action -eq 'Allow' }).Count | Should -Be 2
			(Get-Rule $scene 'wslx-xserver-block-6002').Count | Should -Be 1
			@((Get-Fake $scene).HyperVRules).Count | Should -Be $(if ($W10) { 0 } else { 2 })
		} finally { Remove-WinScene $scene }
	}
}

Describe 'a moved subnet with --xserver-rules keep' {
	It 'updates wslx''s rule in place and leaves the programs'' rules alone' {
		$scene = New-WinScene -UserName 'Kim Keep' -Elevated
		try {
			Add-UserRules $scene
			Invoke-Text $scene $nat.Inner | Out-Null
			Set-Fake $scene { param($s) foreach ($x in $s.Rules) { if ($x.Program -like '*vcxsrv.exe') { $x.Enabled = 'True' } } }
			$r = Invoke-Text $scene (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-moved-keep.ps1'))
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			$r.Out | Should -Match 'wslx: updated: Allow TCP 6000 from 172.25.0.0/16'
			@((Get-Rule $scene 'wslx-x11-tcp-6000')[0].RemoteAddress) | Should -Be @('172.25.0.0/16')
			Get-ProgramRules $scene 'vcxsrv.exe' 'Allow' | ForEach-Object { $_.Enabled | Should -Be 'True' }
			$k = Invoke-Text $scene $natKeep.Inner
			$k.Code | Should -Be 0 -Because "$($k.Out) $($k.Err)"
			Get-ProgramRules $scene 'vcxsrv.exe' 'Allow' | ForEach-Object { $_.Enabled | Should -Be 'True' }
		} finally { Remove-WinScene $scene }
	}
}

Describe 'the script wslx-host runs when the subnet moves' {
	It 'elevated (-Highest): moves wslx''s Allow rule and leaves the X server''s Block rule and the programs'' rules' {
		$scene = New-WinScene -UserName 'Hal Highest' -Elevated
		try {
			Add-UserRules $scene
			Invoke-Text $scene $nat.Inner | Out-Null
			$programs = (Get-Fake $scene).Rules | Where-Object { $_.Group -ne 'wslx' } | ConvertTo-Json -Depth 5
			$r = Invoke-Text $scene (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-host-follow.ps1'))
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			$r.Out | Should -Be 'wslx: updated: Allow TCP 6000 from 172.25.0.0/16'
			@((Get-Rule $scene 'wslx-x11-tcp-6000')[0].RemoteAddress) | Should -Be @('172.25.0.0/16')
			(Get-Rule $scene 'wslx-xserver-block-6001')[0].Enabled | Should -Be 'True'
			(Get-Fake $scene).Rules | Where-Object { $_.Group -ne 'wslx' } | ConvertTo-Json -Depth 5 | Should -Be $programs
		} finally { Remove-WinScene $scene }
	}
	It 'not elevated: one line and exit 1 (wslx-host then reports the rule stale), nothing changed' {
		$scene = New-WinScene -UserName 'Nat Normal'
		try {
			Add-UserRules $scene
			$before = (Get-Fake $scene).Rules | ConvertTo-Json -Depth 5
			$r = Invoke-Text $scene (Get-Content -Raw -LiteralPath (Join-Path $golden 'win-host-follow.ps1'))
			$r.Code | Should -Be 1
			$r.Out | Should -Be 'wslx: firewall: New-NetFirewallRule: Access is denied.'
			(Get-Fake $scene).Rules | ConvertTo-Json -Depth 5 | Should -Be $before
		} finally { Remove-WinScene $scene }
	}
}

Describe '--remove and --report on <Os>' -ForEach @(@{ Os = 'Windows 11'; W10 = $false }, @{ Os = 'Windows 10'; W10 = $true }) {
	It '--remove (through UAC) removes wslx''s rules and nothing else' {
		$scene = New-WinScene -UserName 'Rob Remove' -Windows10:$W10
		try {
			Add-UserRules $scene
			Set-Fake $scene {
				param($s)
				$s.Rules = @($s.Rules) + (New-FakeRule -Name 'wslx-xserver-block-6001' -DisplayName 'b' -Group 'wslx' -Action Block -LocalPort '6001')
				if (-not $s.Windows10) { $s.HyperVRules = @(@{ Name = 'wslx-x11-hyperv-6000'; DisplayName = 'h'; Direction = 'Outbound'
							VMCreatorId = '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'; Protocol = 'TCP'; RemotePorts = @('6000')
							RemoteAddresses = @('Any'); Action = 'Allow'; Enabled = 'True' }) }
			}
			$others = @((Get-Fake $scene).Rules | Where-Object { $_.Group -ne 'wslx' }).Count
			$r = Invoke-Text $scene $remove.Outer
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			$r.Out | Should -Match 'wslx: removed wslx-xserver-block-6001'
			@((Get-Fake $scene).Rules | Where-Object { $_.Group -eq 'wslx' }).Count | Should -Be 0
			@((Get-Fake $scene).Rules).Count | Should -Be $others
			@((Get-Fake $scene).HyperVRules).Count | Should -Be 0
		} finally { Remove-WinScene $scene }
	}
	It '--report lists wslx''s and the programs'' rules without elevation' {
		$scene = New-WinScene -UserName 'Rita Report' -Windows10:$W10
		try {
			Add-UserRules $scene
			$r = Invoke-Text $scene $report.Outer
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			$r.Out | Should -Match '(?m)^wslx-x11-tcp-6010 True Inbound Allow TCP/6010 from 172\.17\.0\.0/16$'
			$r.Out | Should -Match '(?m)^Xming-TCP True Inbound Allow TCP/Any from Any$'
			@(($r.Out -split "`n") | Where-Object { $_ -match '^TCP Query User' }).Count | Should -Be 4
			@((Get-Fake $scene).Elevations).Count | Should -Be 0
		} finally { Remove-WinScene $scene }
	}
}
