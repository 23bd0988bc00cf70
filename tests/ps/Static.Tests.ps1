# Every PowerShell script wslx ships or generates is one Windows PowerShell 5.1
# can read and run: ASCII, no parse errors, no PowerShell 6+ syntax.  The
# generated ones are the goldens (Firewall.Tests.ps1 shows fix-firewall emits
# exactly them) and the command line the UAC launcher builds when it runs.
BeforeDiscovery {
	Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force
	$root = Get-WslxRoot
	$scripts = @(Get-ChildItem -LiteralPath (Join-Path $root 'scripts'), (Join-Path $root 'tests/golden') -Filter '*.ps1' |
			ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

Describe 'the checker' {
	BeforeAll { Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force }
	It 'finds <What>' -ForEach @(
		@{ What = 'the ternary operator'; Text = '$a = $b ? 1 : 2' }
		@{ What = 'the ?? operator'; Text = '$a = $b ?? 2' }
		@{ What = 'the ??= operator'; Text = '$a ??= 2' }
		@{ What = 'the ?. operator'; Text = '${a}?.Name' }
		@{ What = 'the pipeline chain operator'; Text = 'Get-Item x && Get-Item y' }
		@{ What = 'the pipeline chain operator'; Text = 'Get-Item x || exit 1' }
		@{ What = 'ForEach-Object -Parallel'; Text = '1..3 | ForEach-Object -Parallel { $_ }' }
		@{ What = 'AsHashtable'; Text = '$j | ConvertFrom-Json -AsHashtable' }
		@{ What = 'utf8NoBOM'; Text = 'Out-File -Encoding utf8NoBOM x' }
		@{ What = 'the background operator'; Text = 'Start-Sleep 1 &' }
		@{ What = 'not ASCII'; Text = "Write-Output 'Jos$([char]0xE9)'" }
		@{ What = 'parse error'; Text = 'if ($a { }' }) {
		$p = @(Get-PS51Problem $Text)
		$p.Count | Should -BeGreaterThan 0
		$p -join "`n" | Should -Match ([regex]::Escape($What))
	}
	It 'finds nothing in 5.1 text that only looks like PowerShell 7' {
		@(Get-PS51Problem "Write-Output 'a ?? b && c ? d : e'; `$x = `$y -and `$z; if (`$a) { 1 } else { 2 }") | Should -BeNullOrEmpty
	}
}

Describe '<Name>' -ForEach $scripts {
	BeforeAll { Import-Module (Join-Path $PSScriptRoot 'WinTest.psm1') -Force }
	It 'is ASCII, parses, and has no syntax Windows PowerShell 5.1 lacks' {
		$bytes = [IO.File]::ReadAllBytes($Path)
		@($bytes | Where-Object { $_ -gt 127 }).Count | Should -Be 0 -Because 'Windows PowerShell 5.1 reads a file without a BOM in the ANSI code page'
		@(Get-PS51Problem ([Text.Encoding]::ASCII.GetString($bytes)) $Name) | Should -BeNullOrEmpty
	}
}
