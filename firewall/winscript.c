#include "winscript.h"

#include <stdint.h>
#include <string.h>

static const char *const xserver_programs[] = {"Xming.exe", "vcxsrv.exe",
                                               "wslx-host.exe"};

/*
 * Every script stops at its first error and says it in one line of text (the
 * output of an elevated PowerShell comes back through a file: no CLIXML).  The
 * Hyper-V firewall cmdlets exist on Windows 11 22H2 and later only.
 */
static void
prologue(struct textbuf *out)
{
	textbuf_printf(
	    out,
	    "$ErrorActionPreference = 'Stop'\n"
	    "trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }\n"
	    "Import-Module NetSecurity\n"
	    "$group = '%s'\n"
	    "$hyperv = [bool](Get-Command Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue)\n",
	    WINFW_GROUP);
}

/* One inbound rule of wslx's group for TCP ${port}, created or set in place. */
static void
port_rule(struct textbuf *out, const char *name, const char *what, const char *action,
          unsigned port, const char *from)
{
	textbuf_printf(
	    out,
	    "$name = '%s-%u'; $keep += $name\n"
	    "$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue\n"
	    "if ($r) {\n"
	    "  Set-NetFirewallRule -Name $name -Enabled True -Action %s -Direction Inbound -Profile Any -Protocol TCP -LocalPort %u -RemoteAddress '%s'\n"
	    "  Write-Output 'wslx: updated: %s TCP %u from %s'\n"
	    "} else {\n"
	    "  New-NetFirewallRule -Name $name -DisplayName 'wslx: %s (TCP %u)' -Group $group -Enabled True -Action %s -Direction Inbound -Profile Any -Protocol TCP -LocalPort %u -RemoteAddress '%s' | Out-Null\n"
	    "  Write-Output 'wslx: created: %s TCP %u from %s'\n"
	    "}\n",
	    name, port, action, port, from, action, port, from, what, port, action, port,
	    from, action, port, from);
}

void
winscript_apply(const struct winfw_opts *o, struct textbuf *out)
{
	char from[SUBNET_STRLEN + 1];

	prologue(out);
	textbuf_printf(out, "$keep = @()\n");
	for (unsigned i = 0; i < o->n; i++) {
		const struct fw_rule *r = &o->rules[i];
		subnet_format(&r->from, from, sizeof(from));
		port_rule(out, "wslx-x11-tcp", "X11 from WSL to wslx-host", "Allow",
		          r->port, from);
		if (o->mirrored)
			textbuf_printf(
			    out,
			    "$name = 'wslx-x11-hyperv-%u'; $keep += $name\n"
			    "if (-not $hyperv) {\n"
			    "  Write-Output 'wslx: no Hyper-V firewall here (Windows 10 or before 11 22H2): no Hyper-V rule needed'\n"
			    "} elseif (-not (Get-NetFirewallHyperVRule -Name $name -ErrorAction SilentlyContinue)) {\n"
			    "  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: X11 (TCP %u) out of WSL' -Direction Outbound -VMCreatorId '%s' -Protocol TCP -RemotePorts %u -Action Allow | Out-Null\n"
			    "  Write-Output 'wslx: created: Hyper-V allow TCP %u out of WSL'\n"
			    "}\n",
			    r->port, r->port, WSL_VMCREATOR_ID, r->port, r->port);
	}
	/*
	 * wslx-host reaches the X server over loopback, which Windows Firewall does
	 * not filter (KB 2771908): its own port needs no remote client, ever, and a
	 * Block rule also beats the Allow rule a later Defender prompt may add.
	 */
	if (o->xserver_port)
		port_rule(out, "wslx-xserver-block", "X server, loopback only", "Block",
		          o->xserver_port, "Any");
	/* Without a port of its own to block, the X server's Block rule is left as
	 * fix-firewall made it (wslx-host following a moved subnet). */
	textbuf_printf(
	    out,
	    "Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Where-Object { $keep -notcontains $_.Name%s } | ForEach-Object {\n"
	    "  Remove-NetFirewallRule -Name $_.Name\n"
	    "  Write-Output ('wslx: removed stale rule ' + $_.Name)\n"
	    "}\n",
	    o->xserver_port ? "" : " -and $_.Name -notlike 'wslx-xserver-block-*'");
	if (o->mirrored)
		textbuf_printf(
		    out,
		    "if ($hyperv) {\n"
		    "  Get-NetFirewallHyperVRule | Where-Object { $_.Name -like 'wslx-*' -and $keep -notcontains $_.Name } | Remove-NetFirewallHyperVRule\n"
		    "}\n");
	if (o->xserver == XRULES_KEEP || o->n == 0)
		return;
	textbuf_printf(out, "$programs = @(");
	for (size_t i = 0; i < sizeof(xserver_programs) / sizeof(*xserver_programs); i++)
		textbuf_printf(out, "%s'%s'", i ? ", " : "", xserver_programs[i]);
	/*
	 * The programs' own rules (their installers', Defender prompts'): an Allow
	 * rule opens a port beside wslx-host's, so it goes; a Block rule of
	 * wslx-host.exe would beat wslx's Allow (Block wins), so it goes too; a
	 * Block rule of an X server only says what the X server needs, so it stays.
	 */
	textbuf_printf(
	    out,
	    ")\n"
	    "Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | ForEach-Object {\n"
	    "  $leaf = Split-Path -Leaf $_.Program\n"
	    "  $_ | Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and $_.Enabled -eq 'True' } | ForEach-Object {\n"
	    "    if ($_.Action -eq 'Allow') {\n"
	    "      Disable-NetFirewallRule -Name $_.Name\n"
	    "      Write-Output ('wslx: disabled ' + $_.DisplayName + ' (' + $leaf + ' needs no inbound rule: only wslx''s port is open)')\n"
	    "    } elseif ($leaf -eq 'wslx-host.exe') {\n"
	    "      Disable-NetFirewallRule -Name $_.Name\n"
	    "      Write-Output ('wslx: disabled Block rule ' + $_.DisplayName + ' (Block wins over Allow)')\n"
	    "    }\n"
	    "  }\n"
	    "}\n");
}

void
winscript_remove(struct textbuf *out)
{
	prologue(out);
	textbuf_printf(
	    out,
	    "Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | ForEach-Object {\n"
	    "  Remove-NetFirewallRule -Name $_.Name\n"
	    "  Write-Output ('wslx: removed ' + $_.Name)\n"
	    "}\n"
	    "if ($hyperv) {\n"
	    "  Get-NetFirewallHyperVRule | Where-Object { $_.Name -like 'wslx-*' } | ForEach-Object {\n"
	    "    Remove-NetFirewallHyperVRule -Name $_.Name\n"
	    "    Write-Output ('wslx: removed ' + $_.Name)\n"
	    "  }\n"
	    "}\n");
}

void
winscript_report(struct textbuf *out)
{
	prologue(out);
	textbuf_printf(
	    out,
	    "$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')\n"
	    "$rules = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue)\n"
	    "$rules += @(Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and $programs -contains (Split-Path -Leaf $_.Program) } | Get-NetFirewallRule)\n"
	    "foreach ($r in $rules) {\n"
	    "  $a = ($r | Get-NetFirewallAddressFilter).RemoteAddress -join ','\n"
	    "  $p = $r | Get-NetFirewallPortFilter\n"
	    "  Write-Output ('{0} {1} {2} {3} {4}/{5} from {6}' -f $r.Name, $r.Enabled, $r.Direction, $r.Action, $p.Protocol, ($p.LocalPort -join ','), $a)\n"
	    "}\n");
}

int
winscript_elevate(const char *inner, struct textbuf *out)
{
	size_t n = strlen(inner);

	/* The inner script is a single-quoted here-string: nothing in it is expanded. */
	if (strstr(inner, "\n'@") || strncmp(inner, "'@", 2) == 0)
		return -1;
	for (const char *p = inner; *p; p++)
		if ((unsigned char)*p > 0x7F)
			return -1;
	/*
	 * Elevated already: run it here.  Otherwise one UAC prompt for a short
	 * command line (-Verb RunAs goes through ShellExecuteEx, which limits its
	 * parameters to about 2K): the script goes into a file in TEMP, and the
	 * elevated side reads it once, checks its SHA-256 and runs what it read, with
	 * its output into a second file that comes back here as text.  Only error
	 * 1223 (ERROR_CANCELLED) is a declined prompt.
	 */
	textbuf_printf(
	    out,
	    "$ErrorActionPreference = 'Stop'\n"
	    "trap { Write-Output ('wslx: firewall: ' + $_.Exception.Message); exit 1 }\n"
	    "$script = @'\n"
	    "%s%s'@\n"
	    "if ((whoami.exe /groups) -match 'S-1-16-12288') {\n"
	    "  $global:LASTEXITCODE = 0\n"
	    "  & ([scriptblock]::Create($script))\n"
	    "  exit $LASTEXITCODE\n"
	    "}\n"
	    "$f = Join-Path $env:TEMP ('wslx-fw-' + [guid]::NewGuid() + '.ps1')\n"
	    "$o = [IO.Path]::ChangeExtension($f, '.txt')\n"
	    "[IO.File]::WriteAllText($f, $script, [Text.Encoding]::ASCII)\n"
	    "$sha = [Security.Cryptography.SHA256]::Create()\n"
	    "$hash = [BitConverter]::ToString($sha.ComputeHash([IO.File]::ReadAllBytes($f)))\n"
	    "function Quote([string]$s) { \"'\" + ($s -replace \"'\", \"''\") + \"'\" }\n"
	    "$run = '$f = ' + (Quote $f) + '; $o = ' + (Quote $o) + '; ' +\n"
	    "  '$b = [IO.File]::ReadAllBytes($f); ' +\n"
	    "  '$h = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($b)); ' +\n"
	    "  'if ($h -ne ''' + $hash + ''') { ''wslx: firewall: the script was changed before it ran: nothing done'' | Out-File -Encoding ASCII $o; exit 4 }; ' +\n"
	    "  '$global:LASTEXITCODE = 0; & ([scriptblock]::Create([Text.Encoding]::ASCII.GetString($b))) *>&1 | Out-File -Encoding ASCII $o; exit $LASTEXITCODE'\n"
	    "$enc = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($run))\n"
	    "try {\n"
	    "  try {\n"
	    "    $p = Start-Process powershell.exe -Verb RunAs -Wait -PassThru -WindowStyle Hidden -ArgumentList ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ' + $enc)\n"
	    "  } catch {\n"
	    "    $e = $_.Exception\n"
	    "    while ($e.InnerException -and -not ($e -is [ComponentModel.Win32Exception])) { $e = $e.InnerException }\n"
	    "    $declined = [ComponentModel.Win32Exception]::new(1223).Message\n"
	    "    if (($e -is [ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq 1223) -or $_.Exception.Message.Contains($declined)) {\n"
	    "      Write-Output 'wslx: firewall: the UAC prompt was declined: the firewall was not changed'\n"
	    "      exit 3\n"
	    "    }\n"
	    "    Write-Output ('wslx: firewall: cannot start an elevated PowerShell: ' + $_.Exception.Message)\n"
	    "    exit 1\n"
	    "  }\n"
	    "  if (Test-Path -LiteralPath $o) { Get-Content -LiteralPath $o }\n"
	    "  exit $p.ExitCode\n"
	    "} finally {\n"
	    "  Remove-Item -LiteralPath $f, $o -ErrorAction SilentlyContinue\n"
	    "}\n",
	    inner, n && inner[n - 1] != '\n' ? "\n" : "");
	return out->overflow ? -1 : 0;
}

int
winscript_encode(const char *script, char *out, size_t outlen)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(script), bytes = 2 * n, o = 0;
	uint8_t tri[3];

	if ((bytes + 2) / 3 * 4 + 1 > outlen)
		return -1;
	for (size_t i = 0; i < bytes; i += 3) {
		size_t k;
		for (k = 0; k < 3; k++) {
			size_t b = i + k;
			unsigned char c = b < bytes ? (unsigned char)script[b / 2] : 0;
			if (c > 0x7F)
				return -1;
			/* UTF-16LE of ASCII: the character, then a zero byte. */
			tri[k] = b < bytes && b % 2 == 0 ? c : 0;
		}
		out[o++] = b64[tri[0] >> 2];
		out[o++] = b64[(tri[0] & 3) << 4 | tri[1] >> 4];
		out[o++] = i + 1 < bytes ? b64[(tri[1] & 15) << 2 | tri[2] >> 6] : '=';
		out[o++] = i + 2 < bytes ? b64[tri[2] & 63] : '=';
	}
	out[o] = '\0';
	return 0;
}

void
winscript_follow(const struct fw_rule *rule, struct textbuf *out)
{
	struct winfw_opts o = {rule, 1, 0, XRULES_KEEP, 0};

	winscript_apply(&o, out);
}
