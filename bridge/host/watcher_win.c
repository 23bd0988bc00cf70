#include "watcher.h"

#include <winsock2.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifchoose.h"
#include "winpath.h"

struct watcher {
	HANDLE handle;
	volatile LONG changed;
};

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
