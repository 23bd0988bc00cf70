#include "winscript.h"

#include <stdint.h>
#include <string.h>

static const char *const xserver_programs[] = {"Xming.exe", "vcxsrv.exe",
                                               "wslx-host.exe"};

static void
prologue(struct textbuf *out)
{
	textbuf_printf(out,
	               "$ErrorActionPreference = 'Stop'\n"
	               "Import-Module NetSecurity\n"
	               "$group = '%s'\n",
	               WINFW_GROUP);
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
		textbuf_printf(
		    out,
		    "$name = 'wslx-x11-tcp-%u'; $keep += $name\n"
		    "$r = Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue\n"
		    "if ($r) {\n"
		    "  Set-NetFirewallRule -Name $name -Enabled True -Action Allow "
		    "-Direction Inbound -Profile Any -Protocol TCP -LocalPort %u "
		    "-RemoteAddress '%s'\n"
		    "  Write-Output 'wslx: updated: allow TCP %u from %s'\n"
		    "} else {\n"
		    "  New-NetFirewallRule -Name $name -DisplayName 'wslx: X11 (TCP %u) "
		    "from WSL' -Group $group -Enabled True -Action Allow -Direction "
		    "Inbound -Profile Any -Protocol TCP -LocalPort %u -RemoteAddress "
		    "'%s' | Out-Null\n"
		    "  Write-Output 'wslx: created: allow TCP %u from %s'\n"
		    "}\n",
		    r->port, r->port, from, r->port, from, r->port, r->port, from,
		    r->port, from);
		if (o->mirrored)
			textbuf_printf(
			    out,
			    "$name = 'wslx-x11-hyperv-%u'; $keep += $name\n"
			    "if (-not (Get-NetFirewallHyperVRule -Name $name "
			    "-ErrorAction "
			    "SilentlyContinue)) {\n"
			    "  New-NetFirewallHyperVRule -Name $name -DisplayName 'wslx: "
			    "X11 "
			    "(TCP %u) out of WSL' -Direction Outbound -VMCreatorId '%s' "
			    "-Protocol TCP -RemotePorts %u -Action Allow | Out-Null\n"
			    "  Write-Output 'wslx: created: Hyper-V allow TCP %u out of "
			    "WSL'\n"
			    "}\n",
			    r->port, r->port, WSL_VMCREATOR_ID, r->port, r->port);
	}
	textbuf_printf(
	    out, "Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | "
	         "Where-Object { $keep -notcontains $_.Name } | ForEach-Object {\n"
	         "  Remove-NetFirewallRule -Name $_.Name\n"
	         "  Write-Output ('wslx: removed stale rule ' + $_.Name)\n"
	         "}\n");
	if (o->mirrored)
		textbuf_printf(
		    out, "Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue | "
		         "Where-Object { $_.Name -like 'wslx-*' -and $keep -notcontains "
		         "$_.Name } | Remove-NetFirewallHyperVRule\n");
	if (o->xserver == XRULES_KEEP || o->n == 0)
		return;
	subnet_format(&o->rules[0].from, from, sizeof(from));
	textbuf_printf(out, "$programs = @(");
	for (size_t i = 0; i < sizeof(xserver_programs) / sizeof(*xserver_programs); i++)
		textbuf_printf(out, "%s'%s'", i ? ", " : "", xserver_programs[i]);
	textbuf_printf(
	    out, ")\n"
	         "Get-NetFirewallApplicationFilter | Where-Object { $_.Program -and "
	         "$programs -contains (Split-Path -Leaf $_.Program) } | "
	         "Get-NetFirewallRule | Where-Object { $_.Direction -eq 'Inbound' -and "
	         "$_.Enabled -eq 'True' } | ForEach-Object {\n"
	         "  if ($_.Action -eq 'Block') {\n"
	         "    Disable-NetFirewallRule -Name $_.Name\n"
	         "    Write-Output ('wslx: disabled Block rule ' + $_.DisplayName + ' "
	         "(Block wins over Allow)')\n"
	         "  } else {\n");
	if (o->xserver == XRULES_NARROW)
		textbuf_printf(
		    out,
		    "    Set-NetFirewallRule -Name $_.Name -RemoteAddress '%s'\n"
		    "    Write-Output ('wslx: narrowed ' + $_.DisplayName + ' to %s')\n",
		    from, from);
	else
		textbuf_printf(out,
		               "    Disable-NetFirewallRule -Name $_.Name\n"
		               "    Write-Output ('wslx: disabled ' + $_.DisplayName + ' "
		               "(wslx-host fronts the server)')\n");
	textbuf_printf(out, "  }\n}\n");
}

void
winscript_remove(struct textbuf *out)
{
	prologue(out);
	textbuf_printf(
	    out, "Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | "
	         "ForEach-Object {\n"
	         "  Remove-NetFirewallRule -Name $_.Name\n"
	         "  Write-Output ('wslx: removed ' + $_.Name)\n"
	         "}\n"
	         "Get-NetFirewallHyperVRule -ErrorAction SilentlyContinue | Where-Object "
	         "{ $_.Name -like 'wslx-*' } | ForEach-Object {\n"
	         "  Remove-NetFirewallHyperVRule -Name $_.Name\n"
	         "  Write-Output ('wslx: removed ' + $_.Name)\n"
	         "}\n");
}

void
winscript_report(struct textbuf *out)
{
	prologue(out);
	textbuf_printf(
	    out,
	    "$programs = @('Xming.exe', 'vcxsrv.exe', 'wslx-host.exe')\n"
	    "$rules = @(Get-NetFirewallRule -Group $group -ErrorAction "
	    "SilentlyContinue)\n"
	    "$rules += @(Get-NetFirewallApplicationFilter | Where-Object { $_.Program "
	    "-and "
	    "$programs -contains (Split-Path -Leaf $_.Program) } | Get-NetFirewallRule)\n"
	    "foreach ($r in $rules) {\n"
	    "  $a = ($r | Get-NetFirewallAddressFilter).RemoteAddress -join ','\n"
	    "  $p = $r | Get-NetFirewallPortFilter\n"
	    "  Write-Output ('{0} {1} {2} {3} {4}/{5} from {6}' -f $r.Name, $r.Enabled, "
	    "$r.Direction, $r.Action, $p.Protocol, ($p.LocalPort -join ','), $a)\n"
	    "}\n");
}

void
winscript_elevate(const char *inner, struct textbuf *out)
{
	textbuf_printf(
	    out,
	    "$ErrorActionPreference = 'Stop'\n"
	    "$inner = '%s'\n"
	    "$id = [Security.Principal.WindowsIdentity]::GetCurrent()\n"
	    "$admin = (New-Object Security.Principal.WindowsPrincipal($id)).IsInRole("
	    "[Security.Principal.WindowsBuiltInRole]::Administrator)\n"
	    "if ($admin) { & powershell.exe -NoProfile -NonInteractive -EncodedCommand "
	    "$inner; exit $LASTEXITCODE }\n"
	    "$log = Join-Path $env:TEMP ('wslx-fw-' + [guid]::NewGuid() + '.txt')\n"
	    "$cmd = \"& powershell.exe -NoProfile -NonInteractive -EncodedCommand $inner "
	    "*> '$log'; exit `$LASTEXITCODE\"\n"
	    "try {\n"
	    "  $p = Start-Process powershell.exe -Verb RunAs -Wait -PassThru "
	    "-WindowStyle "
	    "Hidden -ArgumentList @('-NoProfile', '-NonInteractive', '-Command', $cmd)\n"
	    "} catch {\n"
	    "  Write-Output 'wslx: the UAC prompt was declined: the firewall was not "
	    "changed'\n"
	    "  exit 3\n"
	    "}\n"
	    "if (Test-Path $log) { Get-Content $log; Remove-Item $log }\n"
	    "exit $p.ExitCode\n",
	    inner);
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
