#ifndef WSLX_WSLCONF_H
#define WSLX_WSLCONF_H

#include <limits.h>
#include <stddef.h>

/*
 * WSL's own settings, read with the same INI reader: the guest's /etc/wsl.conf
 * (through $WSLX_SYSROOT) and the Windows user's .wslconfig.  Only what matters
 * for X is kept; a key that is absent stays "".
 */
struct wslconf {
	int found;      /* the file exists */
	int error_line; /* >0: malformed there */
	char error[160];
	long mtime; /* seconds since the epoch */
	/* /etc/wsl.conf */
	char generate_resolv[16], interop_enabled[16], append_path[16], boot_command[128],
	    automount_root[128];
	/* .wslconfig [wsl2] */
	char networking_mode[32], dns_tunneling[16], firewall[16], auto_proxy[16];
};

/* wslconf_read(path, c): read ${path} into ${c} (zeroed first). */
void wslconf_read(const char *path, struct wslconf *c);

/*
 * wslconf_windows_profile(host_dir, buf, len):
 * The Windows profile folder (where .wslconfig lives) from a handoff directory
 * under %LOCALAPPDATA% ("/mnt/c/Users/me/AppData/Local/wslx" gives
 * "/mnt/c/Users/me").  Returns 0, or -1 when ${host_dir} is not of that shape.
 */
int wslconf_windows_profile(const char *host_dir, char *buf, size_t len);

/* wslconf_boot_time(): this VM's boot time (btime of /proc/stat), or -1. */
long wslconf_boot_time(void);

#endif
