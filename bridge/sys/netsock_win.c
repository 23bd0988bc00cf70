#include "netsock.h"

#include <ws2tcpip.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xdisplay.h"

/* Winsock reports WSA* codes; the rest of wslx speaks errno. */
static int
map_wsa(int e)
{
	switch (e) {
	case WSAEWOULDBLOCK:
		return EAGAIN;
	case WSAEINPROGRESS:
	case WSAEALREADY:
		return EINPROGRESS;
	case WSAECONNREFUSED:
		return ECONNREFUSED;
	case WSAECONNRESET:
		return ECONNRESET;
	case WSAECONNABORTED:
		return ECONNABORTED;
	case WSAETIMEDOUT:
		return ETIMEDOUT;
	case WSAEMFILE:
		return EMFILE;
	case WSAENOBUFS:
		return ENOBUFS;
	case WSAEADDRINUSE:
		return EADDRINUSE;
	case WSAEADDRNOTAVAIL:
		return EADDRNOTAVAIL;
	case WSAENETUNREACH:
		return ENETUNREACH;
	case WSAEHOSTUNREACH:
		return EHOSTUNREACH;
	case WSAEINTR:
		return EINTR;
	case WSAEACCES:
		return EACCES;
	case 0:
		return 0;
	default:
		return EIO;
	}
}

static int
set_errno(void)
{
	errno = map_wsa(WSAGetLastError());
	return -1;
}

void
netsock_local_display(long m, struct endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->kind = ENDPOINT_TCP;
	ep->addr = 0x7F000001u;
	ep->port = (uint16_t)xdisplay_port(m);
}

int
netsock_init(void)
{
	WSADATA wsa;

	return WSAStartup(MAKEWORD(2, 2), &wsa) == 0 ? 0 : -1;
}

long
netsock_fd_budget(unsigned *per_client)
{
	*per_client = 2; /* two sockets; the relay copies through memory */
	return 1L << 30;
}

static void
nonblock_nodelay(SOCKET s, int nodelay)
{
	u_long one = 1;
	BOOL yes = TRUE;

	ioctlsocket(s, FIONBIO, &one);
	if (nodelay)
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&yes, sizeof(yes));
}

sock_t
netsock_listen_tcp(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;
	BOOL yes = TRUE;
	SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

	if (s == INVALID_SOCKET)
		return set_errno(), SOCK_INVALID;
	/* No other program may bind the same port beside us (Windows' default allows it).
	 */
	setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&yes, sizeof(yes));
	SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) || listen(s, 128)) {
		set_errno();
		closesocket(s);
		return SOCK_INVALID;
	}
	nonblock_nodelay(s, 0);
	return s;
}

uint16_t
netsock_local_port(sock_t s)
{
	struct sockaddr_in sin;
	int sl = sizeof(sin);

	if (getsockname(s, (struct sockaddr *)&sin, &sl) || sin.sin_family != AF_INET)
		return 0;
	return ntohs(sin.sin_port);
}

sock_t
netsock_accept(sock_t l, uint32_t *peer, uint16_t *peer_port)
{
	struct sockaddr_in sin;
	int sl = sizeof(sin);
	SOCKET s = accept(l, (struct sockaddr *)&sin, &sl);

	if (s == INVALID_SOCKET)
		return set_errno(), SOCK_INVALID;
	*peer = sin.sin_family == AF_INET ? ntohl(sin.sin_addr.s_addr) : 0;
	*peer_port = sin.sin_family == AF_INET ? ntohs(sin.sin_port) : 0;
	nonblock_nodelay(s, 1);
	return s;
}

sock_t
netsock_connect(const struct endpoint *ep)
{
	struct sockaddr_in sin;
	SOCKET s;

	if (ep->kind != ENDPOINT_TCP) {
		errno = EAFNOSUPPORT; /* X servers on Windows listen on TCP */
		return SOCK_INVALID;
	}
	s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
	if (s == INVALID_SOCKET)
		return set_errno(), SOCK_INVALID;
	nonblock_nodelay(s, 1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(ep->addr);
	sin.sin_port = htons(ep->port);
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 ||
	    WSAGetLastError() == WSAEWOULDBLOCK)
		return s;
	set_errno();
	closesocket(s);
	return SOCK_INVALID;
}

int
netsock_connected_now(sock_t s)
{
	struct sockaddr_storage ss;
	int sl = sizeof(ss);

	return getpeername(s, (struct sockaddr *)&ss, &sl) == 0;
}

int
netsock_connect_result(sock_t s)
{
	int err = 0, len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &len))
		return map_wsa(WSAGetLastError());
	return map_wsa(err);
}

int
netsock_connect_check(sock_t s)
{
	fd_set w, x;
	struct timeval zero = {0, 0};

	/* WSAPoll may report nothing for a refused connect; select() does. */
	FD_ZERO(&w);
	FD_ZERO(&x);
	FD_SET(s, &w);
	FD_SET(s, &x);
	if (select(0, NULL, &w, &x, &zero) <= 0)
		return EINPROGRESS;
	if (FD_ISSET(s, &x)) {
		int e = netsock_connect_result(s);
		return e ? e : ECONNREFUSED;
	}
	return 0;
}

long
netsock_recv(sock_t s, void *buf, size_t len)
{
	int n = recv(s, buf, (int)(len > 0x7FFFFFFF ? 0x7FFFFFFF : len), 0);

	return n == SOCKET_ERROR ? set_errno() : n;
}

long
netsock_peek(sock_t s, void *buf, size_t len)
{
	int n = recv(s, buf, (int)(len > 0x7FFFFFFF ? 0x7FFFFFFF : len), MSG_PEEK);

	return n == SOCKET_ERROR ? set_errno() : n;
}

long
netsock_send(sock_t s, const void *buf, size_t len)
{
	int n = send(s, buf, (int)(len > 0x7FFFFFFF ? 0x7FFFFFFF : len), 0);

	return n == SOCKET_ERROR ? set_errno() : n;
}

int
netsock_zpipe_supported(void)
{
	return 0; /* no splice on Windows: the relay copies */
}

int
netsock_zpipe_open(struct zpipe *z)
{
	z->rd = z->wr = -1; /* no splice on Windows: the relay copies */
	z->len = z->cap = 0;
	return -1;
}

void
netsock_zpipe_close(struct zpipe *z)
{
	z->rd = z->wr = -1;
}

long
netsock_zpipe_fill(sock_t from, struct zpipe *z)
{
	(void)from;
	(void)z;
	errno = ENOSYS;
	return -1;
}

long
netsock_zpipe_drain(sock_t to, struct zpipe *z)
{
	(void)to;
	(void)z;
	errno = ENOSYS;
	return -1;
}

int
netsock_peer_closed(sock_t s)
{
	char c;

	return recv(s, &c, 1, MSG_PEEK) == 0;
}

void
netsock_shutdown_write(sock_t s)
{
	shutdown(s, SD_SEND);
}

void
netsock_close(sock_t s)
{
	if (s != SOCK_INVALID)
		closesocket(s);
}

int
netsock_poll(struct pollfd *fds, unsigned n, int timeout_ms)
{
	int r;

	/* WSAPoll with no sockets fails; wait anyway (the 1 s tick still runs). */
	if (n == 0) {
		Sleep((DWORD)timeout_ms);
		return 0;
	}
	r = WSAPoll(fds, n, timeout_ms);
	return r == SOCKET_ERROR ? set_errno() : r;
}

int
netsock_errno(void)
{
	return errno;
}

const char *
netsock_strerror(int err)
{
	return strerror(err);
}
