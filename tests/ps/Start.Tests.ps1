# wslx-start.ps1 as a user runs it after wslx-install.ps1: the real script,
# wslx-host.exe under wine, VcXsrv modelled by Xvfb, the Windows commands by
# the stand-ins; each test looks at the end state.
BeforeAll {
	Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force
}

Describe 'wslx-start.ps1 in the profile <User>' -ForEach @(
	@{ User = 'John Smith' }, @{ User = 'José' }, @{ User = "O'Brien" }) {
	BeforeAll {
		$scene = New-WinScene -UserName $User
		$start = Install-Wslx $scene
		$d = Get-FreeDisplay
		$r = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
		$stateWin = Get-WinPath $scene $scene.State
	}
	AfterAll { Remove-WinScene $scene }

	It 'starts wslx-host once, each path one argument, and it runs' {
		$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
		$h = @(Get-FakeProcess $scene 'wslx-host')
		$h.Count | Should -Be 1
		$argv = Get-FakeArgv $h[0]
		$argv[$argv.IndexOf('--state-dir') + 1] | Should -BeExactly $stateWin
		$argv[$argv.IndexOf('--upstream-cookie-out') + 1] | Should -BeExactly "$stateWin\xserver.auth"
		$argv[$argv.IndexOf('--log') + 1] | Should -BeExactly "$stateWin\wslx-host.log"
		$argv[$argv.IndexOf('--display') + 1] | Should -Be "$d"
	}
	It 'wslx-host wrote the X server cookie and its log where the profile is' {
		(Get-Item -LiteralPath (Join-Path $scene.State 'xserver.auth')).Length | Should -BeGreaterThan 20
		Get-Content -Raw -LiteralPath (Join-Path $scene.State 'wslx-host.log') | Should -Match 'waiting for interface'
	}
	It 'starts the X server with -auth that cookie, never -ac' {
		$x = @(Get-FakeProcess $scene 'vcxsrv')
		$x.Count | Should -Be 1
		$argv = Get-FakeArgv $x[0]
		$argv[0] | Should -Be ":$($d + 1)"
		$argv[$argv.IndexOf('-auth') + 1] | Should -BeExactly "$stateWin\xserver.auth"
		$argv | Should -Not -Contain '-ac'
	}
	It 'run again: both already running, nothing new started' {
		$before = @((Get-Fake $scene).Processes).Count
		$again = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
		$again.Code | Should -Be 0 -Because $again.Err
		$again.Out | Should -Match 'wslx-host already running'
		$again.Out | Should -Match 'vcxsrv already running'
		@((Get-Fake $scene).Processes).Count | Should -Be $before
	}
	It '-Stop stops both and removes the handoff and cookies' {
		$s = Invoke-WinScript $scene $start '-Stop'
		$s.Code | Should -Be 0 -Because $s.Err
		@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 0
		@(Get-FakeProcess $scene 'vcxsrv').Count | Should -Be 0
		Test-Path -LiteralPath (Join-Path $scene.State 'xserver.auth') | Should -BeFalse
	}
}

Describe 'wslx-start.ps1 beside an X server that is not wslx''s' {
	BeforeAll {
		$scene = New-WinScene -UserName 'Ann'
		$start = Install-Wslx $scene
		$d = Get-FreeDisplay
		# An XLaunch VcXsrv on :0 with access control off, and another user's.
		Set-Fake $scene {
			param($s)
			$s.Processes = @(
				@{ Id = 100; Name = 'vcxsrv'; SessionId = 1; Elevated = $false; UnixPid = 0; Argv = @(':0', '-ac')
					Path = 'C:\Program Files\VcXsrv\vcxsrv.exe'; CommandLine = '"C:\Program Files\VcXsrv\vcxsrv.exe" :0 -ac -multiwindow' },
				@{ Id = 101; Name = 'vcxsrv'; SessionId = 2; Elevated = $false; UnixPid = 0; Argv = @(':1')
					Path = 'C:\Program Files\VcXsrv\vcxsrv.exe'; CommandLine = '"C:\Program Files\VcXsrv\vcxsrv.exe" :1 -auth C:\Users\Bob\AppData\Local\wslx\xserver.auth' })
		}
		$r = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
	}
	AfterAll { Remove-WinScene $scene }

	It 'starts its own X server and leaves the others alone' {
		$r.Code | Should -Be 0 -Because $r.Err
		$x = @(Get-FakeProcess $scene 'vcxsrv')
		$x.Count | Should -Be 3
		@($x | Where-Object { $_.Id -eq 100 }).Count | Should -Be 1
		@($x | Where-Object { $_.Id -gt 101 }).Count | Should -Be 1
	}
	It '-Status names the others as not wslx''s' {
		$s = Invoke-WinScript $scene $start "-Status -ServerDisplay $($d + 1)"
		$s.Out | Should -Match 'wslx-host: running'
		$s.Out | Should -Match "X server: vcxsrv.exe running .* on display :$($d + 1)"
		$s.Out | Should -Match 'other X servers \(not wslx''s\): vcxsrv.exe pid 100'
	}
	It '-Stop stops only wslx''s' {
		$s = Invoke-WinScript $scene $start '-Stop'
		$s.Code | Should -Be 0 -Because $s.Err
		@(Get-FakeProcess $scene 'vcxsrv' | ForEach-Object { $_.Id }) | Sort-Object | Should -Be @(100, 101)
	}
}

Describe 'wslx-start.ps1 in mirrored mode relays a real client' {
	BeforeAll {
		$scene = New-WinScene -UserName 'Mirrored Müller'
		$start = Install-Wslx $scene
		Set-Content -LiteralPath (Join-Path $scene.Profile '.wslconfig') -Value "[wsl2]`nnetworkingMode=mirrored"
		$d = Get-FreeDisplay
		$r = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"

		# A WSL client: the cookie from the handoff, DISPLAY=127.0.0.1:d.
		function Invoke-Client {
			for ($i = 0; $i -lt 100 -and -not (Test-Path -LiteralPath (Join-Path $scene.State 'host.ini')); $i++) { Start-Sleep -Milliseconds 100 }
			# (the handoff's cookie file is an Xauthority file with one Wild entry)
			$env:XAUTHORITY = Join-Path $scene.State 'cookie'
			$out = & timeout 20 xdpyinfo -display "127.0.0.1:$d" 2>&1
			[pscustomobject]@{ Code = $LASTEXITCODE; Out = ($out -join "`n") }
		}
	}
	AfterAll { Remove-WinScene $scene }

	It 'starts wslx-host on 127.0.0.1 for loopback clients only' {
		$r.Code | Should -Be 0 -Because "$($r.Out) $($r.Err)"
		$r.Out | Should -Match 'mirrored'
		$argv = Get-FakeArgv @(Get-FakeProcess $scene 'wslx-host')[0]
		$argv[$argv.IndexOf('--listen') + 1] | Should -Be '127.0.0.1'
		$argv[$argv.IndexOf('--allow') + 1] | Should -Be '127.0.0.0/8'
	}
	It 'a client with the handoff cookie reaches the X server' {
		$c = Invoke-Client
		$c.Code | Should -Be 0 -Because $c.Out
		$c.Out | Should -Match "name of display:\s+127.0.0.1:$d"
	}
	It '-Status: running, listening on 127.0.0.1, exit 0' {
		$s = Invoke-WinScript $scene $start "-Status -ServerDisplay $($d + 1)"
		$s.Code | Should -Be 0 -Because $s.Out
		$s.Out | Should -Match "listening: 127.0.0.1:$(6000 + $d) \(display :$d"
	}
	It 'after a wslx-host crash a rerun makes a new cookie, restarts the X server with it, and clients work' {
		$h = @(Get-FakeProcess $scene 'wslx-host')[0]
		$x = @(Get-FakeProcess $scene 'vcxsrv')[0]
		$oldCookie = Get-Content -Raw -LiteralPath (Join-Path $scene.State 'cookie')
		& kill -KILL $h.UnixPid
		Start-Sleep -Milliseconds 300
		Remove-Item -Force -LiteralPath (Join-Path $scene.State 'host.ini')
		$again = Invoke-WinScript $scene $start "-Display $d -ServerDisplay $($d + 1)"
		$again.Code | Should -Be 0 -Because "$($again.Out) $($again.Err)"
		$again.Out | Should -Match 'started wslx-host'
		$nx = @(Get-FakeProcess $scene 'vcxsrv')
		$nx.Count | Should -Be 1
		$nx[0].Id | Should -Not -Be $x.Id
		$c = Invoke-Client
		$c.Code | Should -Be 0 -Because $c.Out
		Get-Content -Raw -LiteralPath (Join-Path $scene.State 'cookie') | Should -Not -Be $oldCookie
	}
}

Describe 'wslx-start.ps1 and an elevated wslx-host (the -Highest task)' {
	BeforeAll {
		$scene = New-WinScene -UserName 'Admin User'
		$start = Install-Wslx $scene
		$stateWin = Get-WinPath $scene $scene.State
		New-Item -ItemType Directory -Force -Path $scene.State | Out-Null
		Set-Content -LiteralPath (Join-Path $scene.State 'host.ini') -Value "[host]`nlisten = 172.30.96.1`nport = 6000`ndisplay = 0`nstate = listening`nsubnet = 172.30.96.0/20`nfirewall = current"
		Set-Fake $scene {
			param($s)
			$s.Processes = @(@{ Id = 200; Name = 'wslx-host'; SessionId = 1; Elevated = $true; UnixPid = 0; Argv = @()
					Path = "$stateWin\bin\wslx-host.exe"; CommandLine = "wslx-host.exe --state-dir `"$stateWin`"" })
		}
	}
	AfterAll { Remove-WinScene $scene }

	It 'is taken as running, not started twice' {
		$r = Invoke-WinScript $scene $start '-Display 70 -ServerDisplay 71'
		$r.Out | Should -Match 'wslx-host already running'
		@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 1
	}
	It '-Stop from a normal shell says to use an elevated one, exit 1' {
		$r = Invoke-WinScript $scene $start '-Stop'
		$r.Code | Should -Be 1
		$r.Err | Should -Match 'run this from an elevated PowerShell'
		@(Get-FakeProcess $scene 'wslx-host').Count | Should -Be 1
	}
}
