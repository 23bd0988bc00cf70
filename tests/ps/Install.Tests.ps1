# wslx-install.ps1 as a user runs it from the unpacked wslx-windows.zip in
# Downloads: the real script against the stand-ins, wslx-host.exe under wine;
# each test looks at the end state (files, the task and its settings,
# processes, firewall rules).
BeforeAll {
	Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force
	Import-Module (Join-Path $PSScriptRoot 'standins/WindowsFake') -Force
	$files = 'wslx-host.exe', 'wslx-start.ps1', 'wslx-install.ps1'

	# Run the logon task's action as Task Scheduler would (powershell.exe and
	# its argument string), with the test's displays appended so that it
	# stays off :0 and :1.
	function Invoke-LogonTask([hashtable]$Scene, [int]$Display) {
		$t = @((Get-Fake $Scene).Tasks | Where-Object { $_.TaskName -eq 'wslx' })
		$t.Count | Should -Be 1
		$a = $t[0].Actions[0]
		$a.Execute | Should -Be 'powershell.exe'
		$logon = Join-Path $Scene.Local 'Temp/logon.ps1'
		Set-Content -LiteralPath $logon -Value ('exit (Invoke-FakePowerShell ((Split-WinCommandLine ' +
			"'" + ($a.Arguments -replace "'", "''") + "') + @('-Display', '$Display', '-ServerDisplay', '$($Display + 1)')))")
		Invoke-WinScript $Scene $logon
	}

	function Add-WslxRules([hashtable]$Scene) {
		Set-Fake $Scene {
			param($s)
			$s.Rules = @(New-FakeRule -Name 'wslx-x11' -DisplayName 'wslx X11' -Group 'wslx' -RemoteAddress '172.30.96.0/20' -LocalPort '6000')
			if (-not $s.Windows10) { $s.HyperVRules = @(@{ Name = 'wslx-x11-hyperv'; DisplayName = 'wslx X11 (Hyper-V)'; Direction = 'Inbound'
						VMCreatorId = '{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}'; Protocol = 'TCP'; RemotePorts = @('Any')
						RemoteAddresses = @('172.30.96.0/20'); Action = 'Allow'; Enabled = 'True' }) }
		}
	}
}

Describe 'wslx-install.ps1 for <User>, then the logon task' -ForEach @(@{ User = 'John Smith' }, @{ User = "O'Brien" }) {
	BeforeAll {
		$scene = New-WinScene -UserName $User
		$download = Copy-WslxDownload $scene
		$r = Invoke-WinScript $scene (Join-Path $download 'wslx-install.ps1')
		$bin = Join-Path $scene.State 'bin'
		$fake = Get-Fake $scene
	}
	AfterAll { Remove-WinScene $scene }

	It 'copies the three files to AppData\Local\wslx\bin, unblocked' {
		$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
		foreach ($f in $files) {
			(Get-FileHash -LiteralPath (Join-Path $bin $f)).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $download $f)).Hash
			$fake.Unblocked | Should -Contain (Join-Path $bin $f)
		}
		$r.Out | Should -Match ([regex]::Escape("task 'wslx' runs at logon (Limited)"))
	}
	It 'registers one logon task: on battery too, no time limit, normal priority, not elevated' {
		$t = @($fake.Tasks)
		$t.Count | Should -Be 1
		$t[0].TaskName | Should -Be 'wslx'
		$t[0].Triggers[0].Kind | Should -Be 'AtLogon'
		$t[0].Triggers[0].UserId | Should -BeExactly $User
		$t[0].Principal.UserId | Should -BeExactly $User
		$t[0].Principal.RunLevel | Should -Be 'Limited'
		$t[0].Settings.DisallowStartIfOnBatteries | Should -BeFalse
		$t[0].Settings.StopIfGoingOnBatteries | Should -BeFalse
		$t[0].Settings.ExecutionTimeLimit | Should -Be 'PT0S'
		$t[0].Settings.Priority | Should -Be 4
	}
	It 'the action runs the installed wslx-start.ps1, its path one argument' {
		$argv = Split-WinCommandLine $fake.Tasks[0].Actions[0].Arguments
		$argv | Should -Contain '-NoProfile'
		$argv[$argv.IndexOf('-ExecutionPolicy') + 1] | Should -Be 'Bypass'
		$argv[$argv.IndexOf('-File') + 1] | Should -BeExactly (Join-Path $bin 'wslx-start.ps1')
		$argv[-2..-1] -join ' ' | Should -Be '-Firewall none'
	}
	It 'at logon the task starts wslx-host and the X server' {
		$d = Get-FreeDisplay
		$l = Invoke-LogonTask $scene $d
		$l.Code | Should -Be 0 -Because "$($l.Out) $($l.Err)"
		@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 1
		$x = @(Get-FakeProcess $scene 'vcxsrv')
		$x.Count | Should -Be 1
		(Get-FakeArgv $x[0])[0] | Should -Be ":$($d + 1)"
	}
}

Describe 'wslx-install.ps1 again while wslx runs (an update)' {
	BeforeAll {
		$scene = New-WinScene -UserName 'Ann Update'
		$start = Install-Wslx $scene
		$d = Get-FreeDisplay
		$first = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
		$before = @(Get-FakeProcess $scene 'wslx-host')
		$download = Copy-WslxDownload $scene
		Add-Content -LiteralPath (Join-Path $download 'wslx-start.ps1') -Value '# the new version'
	}
	AfterAll { Remove-WinScene $scene }

	It 'a running wslx-host.exe cannot be overwritten (as on Windows)' {
		$first.Code | Should -Be 0 -Because "$($first.Out) $($first.Err)"
		$before.Count | Should -Be 1
		$probe = Join-Path $scene.Local 'Temp/copy.ps1'
		Set-Content -LiteralPath $probe -Value ("`$ErrorActionPreference = 'Stop'; Copy-Item -Force -LiteralPath '" + ((Join-Path $download 'wslx-host.exe') -replace "'", "''") +
			"' -Destination '" + ((Join-Path $scene.State 'bin') -replace "'", "''") + "'")
		$p = Invoke-WinScript $scene $probe
		$p.Code | Should -Be 1
		$p.Err | Should -Match 'being used by another process'
	}
	It 'stops wslx, replaces the files and starts wslx again' {
		$r = Invoke-WinScript $scene (Join-Path $download 'wslx-install.ps1')
		$r.Out | Should -Match 'stopped'
		Get-Content -Raw -LiteralPath $start | Should -Match '# the new version'
		$after = @(Get-FakeProcess $scene 'wslx-host')
		$after.Count | Should -Be 1
		$after[0].Id | Should -Not -Be $before[0].Id
		# started again as it ran: the same displays
		$argv = Get-FakeArgv $after[0]
		$argv[$argv.IndexOf('--display') + 1] | Should -Be "$d"
		$argv[$argv.IndexOf('--upstream') + 1] | Should -Be "127.0.0.1:$(6001 + $d)"
		(Get-FakeArgv @(Get-FakeProcess $scene 'vcxsrv')[0])[0] | Should -Be ":$($d + 1)"
		@((Get-Fake $scene).Tasks).Count | Should -Be 1
	}
}

Describe 'wslx-install.ps1 -Highest' {
	It 'in a normal shell: exit 2, says why, installs nothing' {
		$scene = New-WinScene -UserName 'Nora Normal'
		try {
			$r = Invoke-WinScript $scene (Join-Path (Copy-WslxDownload $scene) 'wslx-install.ps1') '-Highest'
			$r.Code | Should -Be 2
			$r.Err | Should -Match '^wslx: -Highest .*elevated PowerShell'
			@((Get-Fake $scene).Tasks).Count | Should -Be 0
			Test-Path -LiteralPath (Join-Path $scene.State 'bin') | Should -BeFalse
		} finally { Remove-WinScene $scene }
	}
	It 'elevated: a task with highest privileges that keeps the firewall rule (-Firewall windows)' {
		$scene = New-WinScene -UserName 'Ada Admin' -Elevated
		try {
			$r = Invoke-WinScript $scene (Join-Path (Copy-WslxDownload $scene) 'wslx-install.ps1') '-Highest'
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			$t = @((Get-Fake $scene).Tasks)
			$t.Count | Should -Be 1
			$t[0].Principal.RunLevel | Should -Be 'Highest'
			$argv = Split-WinCommandLine $t[0].Actions[0].Arguments
			$argv[-2..-1] -join ' ' | Should -Be '-Firewall windows'
		} finally { Remove-WinScene $scene }
	}
}

Describe 'wslx-install.ps1 -Uninstall on <Os>' -ForEach @(@{ Os = 'Windows 11'; W10 = $false }, @{ Os = 'Windows 10'; W10 = $true }) {
	BeforeAll {
		$scene = New-WinScene -UserName 'Una Install' -Windows10:$W10
		$start = Install-Wslx $scene
		$d = Get-FreeDisplay
		$s = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
		Add-WslxRules $scene
		$installer = Join-Path $scene.State 'bin/wslx-install.ps1'
	}
	AfterAll { Remove-WinScene $scene }

	It 'in a normal shell: stops wslx, removes the task and files, names the rules it cannot remove, exit 1' {
		$s.Code | Should -Be 0 -Because "$($s.Out) $($s.Err)"
		$r = Invoke-WinScript $scene $installer '-Uninstall'
		$r.Code | Should -Be 1
		$r.Err | Should -Match '^wslx: uninstall left: the firewall rules of the group wslx: .*elevated PowerShell'
		@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 0
		@(Get-FakeProcess $scene 'vcxsrv').Count | Should -Be 0
		@((Get-Fake $scene).Tasks).Count | Should -Be 0
		Test-Path -LiteralPath $scene.State | Should -BeFalse
		@((Get-Fake $scene).Rules).Count | Should -Be 1
	}
	It 'elevated, from the download (the installed copy is gone): removes the rules, exit 0' {
		Set-Fake $scene { param($f) $f.Elevated = $true }
		$r = Invoke-WinScript $scene (Join-Path (Copy-WslxDownload $scene) 'wslx-install.ps1') '-Uninstall'
		$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
		$r.Out | Should -Match 'wslx: uninstalled'
		@((Get-Fake $scene).Rules).Count | Should -Be 0
		@((Get-Fake $scene).HyperVRules).Count | Should -Be 0
	}
	It 'again: nothing left to do, exit 0' {
		$r = Invoke-WinScript $scene (Join-Path $scene.Profile 'Downloads/wslx-windows/wslx-install.ps1') '-Uninstall'
		$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
	}
}

Describe 'wslx-install.ps1 -Uninstall without wslx-start.ps1' {
	It 'stops the running wslx-host by its command line and removes everything' {
		$scene = New-WinScene -UserName 'Lena Lost'
		try {
			$start = Install-Wslx $scene
			$d = Get-FreeDisplay
			(Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)").Code | Should -Be 0
			Remove-Item -LiteralPath $start
			$r = Invoke-WinScript $scene (Join-Path $scene.State 'bin/wslx-install.ps1') '-Uninstall'
			$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
			@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 0
			@(Get-FakeProcess $scene 'vcxsrv').Count | Should -Be 0
			Test-Path -LiteralPath $scene.State | Should -BeFalse
		} finally { Remove-WinScene $scene }
	}
}
