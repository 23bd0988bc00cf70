#include "ifaddr.h"

#include <winsock2.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifchoose.h"
#include "winpath.h"

/* WSL's adapter: "vEthernet (WSL)" or "vEthernet (WSL (Hyper-V firewall))". */
const char *const ifaddr_default_iface = "vEthernet (WSL*";

#define MAX_ADAPTERS 64

/* Every adapter's IPv4 unicast addresses, as a list ifchoose can judge. */
static size_t
list_adapters(struct adapter *out, size_t cap)
{
	ULONG size = 16384, flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
	                            GAA_FLAG_SKIP_DNS_SERVER;
	IP_ADAPTER_ADDRESSES *list = NULL, *a;
	ULONG r = ERROR_BUFFER_OVERFLOW;
	size_t n = 0;

	for (int tries = 0; tries < 3 && r == ERROR_BUFFER_OVERFLOW; tries++) {
		free(list);
		list = malloc(size);
		if (!list)
			return 0;
		r = GetAdaptersAddresses(AF_INET, flags, NULL, list, &size);
	}
	for (a = r == NO_ERROR ? list : NULL; a; a = a->Next) {
		for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u && n < cap;
		     u = u->Next) {
			const struct sockaddr_in *sin =
			    (const struct sockaddr_in *)u->Address.lpSockaddr;
			if (sin->sin_family != AF_INET ||
			    winpath_utf8(a->FriendlyName, out[n].name,
			                 sizeof(out[n].name)))
				continue;
			out[n].up = a->OperStatus == IfOperStatusUp;
			out[n].addr = ntohl(sin->sin_addr.s_addr);
			out[n].prefix = u->OnLinkPrefixLength;
			n++;
		}
	}
	free(list);
	return n;
}

int
ifaddr_lookup(const char *iface, uint32_t *addr, unsigned *prefix)
{
	static struct adapter list[MAX_ADAPTERS];
	const struct adapter *a =
	    ifchoose_by_name(list, list_adapters(list, MAX_ADAPTERS), iface);

	if (!a)
		return -1;
	*addr = a->addr;
	*prefix = a->prefix;
	return 0;
}

int
ifaddr_owner(uint32_t addr, char *iface, unsigned long len, unsigned *prefix)
{
	static struct adapter list[MAX_ADAPTERS];
	const struct adapter *a =
	    ifchoose_by_addr(list, list_adapters(list, MAX_ADAPTERS), addr);

	if (!a)
		return -1;
	snprintf(iface, len, "%s", a->name);
	*prefix = a->prefix;
	return 0;
}
