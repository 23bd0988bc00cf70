#ifndef WSLX_WINSCRIPT_H
#define WSLX_WINSCRIPT_H

#include <stddef.h>

#include "rule.h"
#include "textbuf.h"

/*
 * The Windows backend's PowerShell (NetSecurity module) text.  Nothing here runs
 * anything: the scripts are tested exactly (tests/golden) and run by winrun.
 * Only validated values reach them: subnets and ports from the rule model, names
 * from fixed tables.
 */

#define WINFW_GROUP "wslx"
/* The VM creator id of WSL, for Hyper-V firewall rules. */
#define WSL_VMCREATOR_ID "{40E0AC32-46A5-438A-A0B2-2B479E8F2E90}"

/* What to do with the X server programs' own rules (their installers' "any"). */
enum xserver_rules { XRULES_DISABLE, XRULES_KEEP };

struct winfw_opts {
	const struct fw_rule *rules;
	unsigned n;
	int mirrored; /* also a Hyper-V rule, which mirrored-mode traffic passes */
	enum xserver_rules xserver;
	unsigned xserver_port; /* the real X server's port, blocked; 0: none */
};

/*
 * winscript_apply(o, out):
 * A script that makes wslx's group hold exactly one inbound Allow rule per rule
 * (created, or updated in place) and a Block rule for the X server's own port
 * from every remote address, removes wslx's other rules (an old subnet's), and
 * with XRULES_DISABLE disables the Allow rules of Xming.exe, vcxsrv.exe and
 * wslx-host.exe and the Block rules of wslx-host.exe (Block wins over Allow).
 */
void winscript_apply(const struct winfw_opts *o, struct textbuf *out);

/*
 * winscript_follow(rule, out):
 * The script wslx-host runs when the subnet moves: wslx's Allow rule for
 * ${rule}, created or updated, wslx's stale Allow rules removed; the X
 * servers' rules and the Block rule fix-firewall made are left as they are.
 */
void winscript_follow(const struct fw_rule *rule, struct textbuf *out);

/* winscript_remove(out): a script that removes every rule wslx added. */
void winscript_remove(struct textbuf *out);

/* winscript_report(out): a script that lists wslx's rules and the X servers'. */
void winscript_report(struct textbuf *out);

/*
 * winscript_elevate(inner, out):
 * A launcher for the script ${inner} (ASCII text): runs it directly when
 * already elevated, else once through UAC (Start-Process -Verb RunAs) with a
 * short command line, the script passed in a file whose SHA-256 the elevated
 * side checks; its output comes back as text.  Exit code 3 when the UAC prompt
 * is declined, 1 when it cannot be shown.  Returns 0, or -1 when ${inner} is not
 * ASCII, could end the here-string that holds it, or does not fit.
 */
int winscript_elevate(const char *inner, struct textbuf *out);

/*
 * winscript_encode(script, out, outlen):
 * ${script} as UTF-16LE in base64, as -EncodedCommand takes it (so no shell
 * quoting is ever needed).  ${script} must be ASCII.  Returns 0, or -1 when it
 * does not fit or is not ASCII.
 */
int winscript_encode(const char *script, char *out, size_t outlen);

/* Command lines have a 32767-character limit on Windows. */
#define WINSCRIPT_MAX_ENCODED 32000

#endif
