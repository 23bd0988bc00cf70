#include "netsock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void
netsock_local_display(long m, struct endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->kind = ENDPOINT_UNIX;
	snprintf(ep->path, sizeof(ep->path), "/tmp/.X11-unix/X%ld", m);
}

int
netsock_init(void)
{
	struct rlimit rl;

	/* A peer that vanishes must give EPIPE, not kill the forwarder. */
	signal(SIGPIPE, SIG_IGN);
	/* Each relayed connection holds two sockets and two pipes: raise the soft limit.
	 */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	return 0;
}

long
netsock_fd_budget(unsigned *per_client)
{
	struct rlimit rl;

	*per_client = 6; /* two sockets, two pipes */
	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (1L << 30))
		return 1L << 30;
	return (long)rl.rlim_cur;
}

#define ZPIPE_SIZE (256 * 1024)

int
netsock_zpipe_supported(void)
{
	static int supported = -1;

	/* WSLX_NO_SPLICE: copy through memory, as on Windows (tests use it). */
	if (supported < 0)
		supported = getenv("WSLX_NO_SPLICE") == NULL;
	return supported;
}

int
netsock_zpipe_open(struct zpipe *z)
{
	int fds[2];
	long size;

	z->rd = z->wr = -1;
	z->len = 0;
	if (!netsock_zpipe_supported() || pipe2(fds, O_NONBLOCK | O_CLOEXEC))
		return -1;
	size = fcntl(fds[1], F_SETPIPE_SZ, ZPIPE_SIZE);
	if (size < 0)
		size = fcntl(fds[1], F_GETPIPE_SZ);
	z->rd = fds[0];
	z->wr = fds[1];
	z->cap = size > 0 ? (size_t)size : 65536;
	return 0;
}

void
netsock_zpipe_close(struct zpipe *z)
{
	if (z->rd >= 0) {
		close(z->rd);
		close(z->wr);
	}
	z->rd = z->wr = -1;
}

long
netsock_zpipe_fill(sock_t from, struct zpipe *z)
{
	ssize_t n = splice(from, NULL, z->wr, NULL, z->cap - z->len,
	                   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);

	if (n > 0)
		z->len += (size_t)n;
	return (long)n;
}

long
netsock_zpipe_drain(sock_t to, struct zpipe *z)
{
	ssize_t n =
	    splice(z->rd, NULL, to, NULL, z->len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);

	if (n > 0)
		z->len -= (size_t)n;
	return (long)n;
}

static void
set_nodelay(int fd)
{
	int one = 1;

	/* X11 is round-trip bound: never let Nagle hold a small request back. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

sock_t
netsock_listen_tcp(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;
	int one = 1, fd, saved;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return SOCK_INVALID;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	/*
	 * A connection is handed to accept() only once its first bytes came (or
	 * after NETSOCK_DEFER_MS): the setup is read at once, and connections that
	 * never send (a flood) take no place in the setup budget meanwhile.
	 */
	setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &(int){NETSOCK_DEFER_MS / 1000},
	           sizeof(int));
	set_nodelay(fd); /* accepted sockets inherit it: no call per client */
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, SOMAXCONN))
		goto err;
	return fd;
err:
	saved = errno;
	close(fd);
	errno = saved;
	return SOCK_INVALID;
}

uint16_t
netsock_local_port(sock_t s)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);

	if (getsockname(s, (struct sockaddr *)&sin, &sl) || sin.sin_family != AF_INET)
		return 0;
	return ntohs(sin.sin_port);
}

sock_t
netsock_accept(sock_t l, uint32_t *peer, uint16_t *peer_port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd;

	fd = accept4(l, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return SOCK_INVALID;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
		*peer = ntohl(sin->sin_addr.s_addr);
		*peer_port = ntohs(sin->sin_port);
	} else {
		*peer = 0; /* not IPv4: matches no allowed subnet but 0.0.0.0/0 */
		*peer_port = 0;
	}
	return fd; /* TCP_NODELAY comes from the listener */
}

sock_t
netsock_connect(const struct endpoint *ep)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, saved;

	memset(&ss, 0, sizeof(ss));
	if (ep->kind == ENDPOINT_TCP) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(ep->addr);
		sin->sin_port = htons(ep->port);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		size_t n = strnlen(ep->path, sizeof(ep->path));
		size_t off = ep->kind == ENDPOINT_ABSTRACT ? 1 : 0;
		if (n + off >= sizeof(sun->sun_path)) {
			errno = ENAMETOOLONG;
			return SOCK_INVALID;
		}
		sun->sun_family = AF_UNIX;
		memcpy(sun->sun_path + off, ep->path, n);
		sl = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + off + n +
		                 (ep->kind == ENDPOINT_ABSTRACT ? 0 : 1));
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return SOCK_INVALID;
	if (ep->kind == ENDPOINT_TCP)
		set_nodelay(fd);
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0 || errno == EINPROGRESS)
		return fd;
	/* A unix socket whose backlog is full says EAGAIN: treat it like refusal. */
	saved = errno == EAGAIN ? ECONNREFUSED : errno;
	close(fd);
	errno = saved;
	return SOCK_INVALID;
}

int
netsock_connected_now(sock_t s)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	return getpeername(s, (struct sockaddr *)&ss, &sl) == 0;
}

int
netsock_connect_result(sock_t s)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len))
		return errno;
	return err;
}

int
netsock_connect_check(sock_t s)
{
	(void)s; /* poll() reports every outcome of a connect on POSIX */
	return EINPROGRESS;
}

long
netsock_recv(sock_t s, void *buf, size_t len)
{
	return (long)recv(s, buf, len, 0);
}

long
netsock_peek(sock_t s, void *buf, size_t len)
{
	return (long)recv(s, buf, len, MSG_PEEK | MSG_DONTWAIT);
}

long
netsock_send(sock_t s, const void *buf, size_t len)
{
	return (long)send(s, buf, len, MSG_NOSIGNAL);
}

int
netsock_peer_closed(sock_t s)
{
	char c;

	return recv(s, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

void
netsock_shutdown_write(sock_t s)
{
	shutdown(s, SHUT_WR);
}

void
netsock_close(sock_t s)
{
	if (s != SOCK_INVALID)
		close(s);
}

int
netsock_errno(void)
{
	return errno == EWOULDBLOCK ? EAGAIN : errno;
}

const char *
netsock_strerror(int err)
{
	return strerror(err);
}
