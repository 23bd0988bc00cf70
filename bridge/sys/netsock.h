#ifndef WSLX_NETSOCK_H
#define WSLX_NETSOCK_H

/*
 * The socket and poll shim: the only place that knows POSIX sockets from
 * Winsock.  Errors are reported as errno values (Winsock codes are mapped).
 */

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET sock_t;
#define SOCK_INVALID INVALID_SOCKET
#define NETSOCK_RECHECK_MS 100
#define NETSOCK_DEFER_MS 0 /* no deferred accept */
#else
#include <poll.h>
typedef int sock_t;
#define SOCK_INVALID (-1)
#define NETSOCK_RECHECK_MS 0
#define NETSOCK_DEFER_MS 1000 /* TCP_DEFER_ACCEPT's hold, see netsock_listen_tcp */
#endif

/* Where to connect: TCP IPv4, a unix socket path, or a Linux abstract name. */
enum endpoint_kind { ENDPOINT_TCP, ENDPOINT_UNIX, ENDPOINT_ABSTRACT };
struct endpoint {
	enum endpoint_kind kind;
	uint32_t addr; /* host byte order */
	uint16_t port;
	char path[108];
};

/*
 * netsock_local_display(m, ep):
 * The endpoint of local X display :${m}: its unix socket /tmp/.X11-unix/X${m}
 * on Linux, 127.0.0.1:6000+${m} on Windows.
 */
void netsock_local_display(long m, struct endpoint *ep);

/*
 * netsock_init(): start the socket layer (Winsock; on POSIX: SIGPIPE ignored and
 * the soft descriptor limit raised to the hard one).  Returns 0 or -1.
 */
int netsock_init(void);

/*
 * netsock_fd_budget(per_client):
 * How many descriptors this process may open (after netsock_init), and into
 * *${per_client} how many one relayed connection holds here (sockets and
 * kernel pipes).  Windows has no such limit: a large number.
 */
long netsock_fd_budget(unsigned *per_client);

/*
 * netsock_listen_tcp(addr, port):
 * A non-blocking TCP listening socket on ${addr}:${port} (host byte order), or
 * SOCK_INVALID with errno set.  On Linux a connection is accepted once it has
 * sent its first bytes, or NETSOCK_DEFER_MS after it was made (TCP_DEFER_ACCEPT
 * of 1 s: the kernel counts it in SYN-ACK retransmissions, so a larger value is
 * rounded up to 3 s, 7 s, ...; a silent client's setup clock must not lose that).
 */
sock_t netsock_listen_tcp(uint32_t addr, uint16_t port);

/* netsock_local_port(s): the local port ${s} is bound to (host order), or 0. */
uint16_t netsock_local_port(sock_t s);

/*
 * netsock_accept(l, peer, peer_port):
 * Accept one connection from ${l}, non-blocking with TCP_NODELAY, and give the
 * IPv4 peer address and port.  SOCK_INVALID with errno (EAGAIN when none).
 */
sock_t netsock_accept(sock_t l, uint32_t *peer, uint16_t *peer_port);

/*
 * netsock_connect(ep):
 * Start a non-blocking connect to ${ep}.  Returns the socket (connected or in
 * progress; see netsock_connect_result), or SOCK_INVALID with errno set.
 */
sock_t netsock_connect(const struct endpoint *ep);

/*
 * netsock_connected_now(s):
 * Non-zero when the connect on ${s} is already complete (a unix socket's
 * usually is, at once), so the caller need not wait for a poll to say so.
 */
int netsock_connected_now(sock_t s);

/*
 * netsock_connect_result(s):
 * After ${s} polled writable or errored: 0 when connected, an errno value when
 * the connect failed, or EINPROGRESS when it is still under way.
 */
int netsock_connect_result(sock_t s);

/*
 * netsock_connect_check(s):
 * Without a poll event: the connect's result when the platform can tell one
 * (Windows: WSAPoll may miss a failed connect), else EINPROGRESS.  Callers
 * re-check every NETSOCK_RECHECK_MS ms (0: not needed here).
 */
int netsock_connect_check(sock_t s);

/* netsock_recv/netsock_send: like recv/send; -1 with errno (EAGAIN, ...). */
/* netsock_peek: like netsock_recv, leaving the bytes to be read again. */
long netsock_peek(sock_t s, void *buf, size_t len);
long netsock_recv(sock_t s, void *buf, size_t len);
long netsock_send(sock_t s, const void *buf, size_t len);

/*
 * A kernel pipe to relay through without copying to user space (splice on
 * Linux): ${len} bytes wait in it, it holds ${cap}.  Where there is none
 * (Windows), netsock_zpipe_open fails and callers copy through memory.
 */
struct zpipe {
	int rd, wr;
	size_t len, cap;
};

/*
 * netsock_zpipe_supported(): non-zero when pipes can relay here (not on
 * Windows, nor with WSLX_NO_SPLICE set, which tests use to run the copying path).
 */
int netsock_zpipe_supported(void);

/* netsock_zpipe_open(z): a pipe for relaying; 0, or -1 (then z->rd is -1). */
int netsock_zpipe_open(struct zpipe *z);

/* netsock_zpipe_close(z): close it if open. */
void netsock_zpipe_close(struct zpipe *z);

/*
 * netsock_zpipe_fill(from, z) / netsock_zpipe_drain(to, z):
 * Move bytes from socket ${from} into the pipe, or from the pipe to socket ${to},
 * without blocking.  Return the bytes moved, 0 at EOF (fill), or -1 with errno
 * (EAGAIN when nothing can move now).
 */
long netsock_zpipe_fill(sock_t from, struct zpipe *z);
long netsock_zpipe_drain(sock_t to, struct zpipe *z);

/* netsock_peer_closed(s): non-zero when ${s} has nothing left but the peer's EOF. */
int netsock_peer_closed(sock_t s);

/* netsock_shutdown_write(s): send FIN (half-close). */
void netsock_shutdown_write(sock_t s);

/* netsock_close(s): close ${s} if it is valid. */
void netsock_close(sock_t s);

#ifdef _WIN32
/* netsock_poll(fds, n, timeout_ms): WSAPoll (poller_win; Linux uses epoll). */
int netsock_poll(struct pollfd *fds, unsigned n, int timeout_ms);
#endif

/* netsock_errno(): the errno value of the last failed call here. */
int netsock_errno(void);

/* netsock_strerror(err): text for an errno value from this module. */
const char *netsock_strerror(int err);

#endif
