#include "watcher.h"

#include <winsock2.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winpath.h"

/* WSL's adapter: "vEthernet (WSL)" or "vEthernet (WSL (Hyper-V firewall))". */
const char *const ifaddr_default_iface = "vEthernet (WSL*";

struct watcher {
	HANDLE handle;
	volatile LONG changed;
};

/* "NAME*" matches every name starting with NAME; otherwise the whole name. */
static int
name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

/* Walk up adapters' IPv4 unicast addresses; by name or by address. */
static int
find(const char *iface, uint32_t want, uint32_t *addr, char *name, unsigned long len,
     unsigned *prefix)
{
	ULONG size = 16384, flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
	                            GAA_FLAG_SKIP_DNS_SERVER;
	IP_ADAPTER_ADDRESSES *list = NULL, *a;
	ULONG r;
	int found = -1;

	for (int tries = 0; tries < 3; tries++) {
		free(list);
		list = malloc(size);
		if (!list)
			return -1;
		r = GetAdaptersAddresses(AF_INET, flags, NULL, list, &size);
		if (r != ERROR_BUFFER_OVERFLOW)
			break;
	}
	if (r != NO_ERROR) {
		free(list);
		return -1;
	}
	for (a = list; a && found < 0; a = a->Next) {
		char fname[512];
		if (a->OperStatus != IfOperStatusUp ||
		    winpath_utf8(a->FriendlyName, fname, sizeof(fname)))
			continue;
		if (iface && !name_matches(iface, fname))
			continue;
		for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u;
		     u = u->Next) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)u->Address.lpSockaddr;
			uint32_t v;
			if (sin->sin_family != AF_INET)
				continue;
			v = ntohl(sin->sin_addr.s_addr);
			if (!iface && v != want)
				continue;
			if (addr)
				*addr = v;
			if (name)
				snprintf(name, len, "%s", fname);
			*prefix = u->OnLinkPrefixLength;
			found = 0;
			break;
		}
	}
	free(list);
	return found;
}

int
ifaddr_lookup(const char *iface, uint32_t *addr, unsigned *prefix)
{
	return find(iface, 0, addr, NULL, 0, prefix);
}

int
ifaddr_owner(uint32_t addr, char *iface, unsigned long len, unsigned *prefix)
{
	return find(NULL, addr, NULL, iface, len, prefix);
}

static VOID NETIOAPI_API_
on_change(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row, MIB_NOTIFICATION_TYPE type)
{
	struct watcher *w = ctx;

	(void)row;
	(void)type;
	/* Runs on a system thread: only raise the flag; the loop's tick reads it. */
	InterlockedExchange(&w->changed, 1);
}

struct watcher *
watcher_open(void)
{
	struct watcher *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	if (NotifyUnicastIpAddressChange(AF_INET, on_change, w, FALSE, &w->handle) !=
	    NO_ERROR) {
		free(w);
		return NULL;
	}
	return w;
}

sock_t
watcher_fd(const struct watcher *w)
{
	(void)w;
	return SOCK_INVALID;
}

int
watcher_changed(struct watcher *w)
{
	return InterlockedExchange(&w->changed, 0) != 0;
}

void
watcher_close(struct watcher *w)
{
	if (!w)
		return;
	CancelMibChangeNotify2(w->handle);
	free(w);
}
