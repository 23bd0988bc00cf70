#include "xauthority.h"

#include <X11/X.h>
#include <X11/Xauth.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cookie.h"
#include "fileio.h"
#include "subnet.h"
#include "x11setup.h"

/* xauth's XAUTH_DEFAULT_DEADTIME: a lock younger than this belongs to someone. */
#define LOCK_DEAD_S 600
/* How long a shell start may wait for a busy lock. */
#define LOCK_WAIT_MS 1000

int
xauthority_path(const char *override, char *buf, size_t len)
{
	const char *env = getenv("XAUTHORITY"), *home = getenv("HOME");
	int n;

	if (override && *override)
		n = snprintf(buf, len, "%s", override);
	else if (env && *env)
		n = snprintf(buf, len, "%s", env);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.Xauthority", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/*
 * The key of an entry as libxcb looks it up: family, address, display number.
 * wslx's entry is for the display host only: family Internet with its address,
 * or, for 127.0.0.1 (which libxcb looks up as the local host), family Local with
 * this machine's name.  So no cookie of wslx's is offered to any other server.
 */
struct key {
	unsigned short family;
	char address[256];
	unsigned short address_length;
	char number[24];
};

static int
key_for(const char *host, long display, struct key *k)
{
	uint32_t a;

	memset(k, 0, sizeof(*k));
	snprintf(k->number, sizeof(k->number), "%ld", display);
	if (ipv4_parse(host, &a))
		return -1;
	if ((a >> 24) == 127) {
		k->family = FamilyLocal;
		if (gethostname(k->address, sizeof(k->address) - 1))
			return -1;
		k->address_length = (unsigned short)strlen(k->address);
	} else {
		k->family = FamilyInternet;
		k->address[0] = (char)(a >> 24);
		k->address[1] = (char)(a >> 16);
		k->address[2] = (char)(a >> 8);
		k->address[3] = (char)a;
		k->address_length = 4;
	}
	return 0;
}

static int
has_key(const Xauth *a, const struct key *k)
{
	return a->family == k->family && a->address_length == k->address_length &&
	       memcmp(a->address, k->address, k->address_length) == 0 &&
	       a->number_length == strlen(k->number) &&
	       memcmp(a->number, k->number, a->number_length) == 0;
}

static int
is_mit(const Xauth *a)
{
	return a->name_length == sizeof(X11_AUTH_MIT) - 1 &&
	       memcmp(a->name, X11_AUTH_MIT, a->name_length) == 0;
}

/* Earlier versions' entry: family Wild (any address), address "wslx". */
static int
is_legacy(const Xauth *a)
{
	return a->family == FamilyWild && a->address_length == 4 &&
	       memcmp(a->address, XAUTHORITY_OWN_ADDRESS, 4) == 0 && is_mit(a);
}

/*
 * The marker that says which entry is wslx's, so a renumber or a switch to
 * mirrored mode replaces it: family Wild, address "wslx", name
 * XAUTHORITY_MARK_NAME (which no client asks for), data = the entry's family (2
 * bytes, MSB first) and address, number = its number.
 */
static int
is_marker(const Xauth *a)
{
	return a->family == FamilyWild && a->address_length == 4 &&
	       memcmp(a->address, XAUTHORITY_OWN_ADDRESS, 4) == 0 &&
	       a->name_length == sizeof(XAUTHORITY_MARK_NAME) - 1 &&
	       memcmp(a->name, XAUTHORITY_MARK_NAME, a->name_length) == 0;
}

/* The key a marker points at. */
static int
marked_key(const Xauth *m, struct key *k)
{
	if (m->data_length < 2 || (size_t)m->data_length - 2 >= sizeof(k->address) ||
	    m->number_length >= sizeof(k->number))
		return -1;
	memset(k, 0, sizeof(*k));
	k->family = (unsigned short)((uint8_t)m->data[0] << 8 | (uint8_t)m->data[1]);
	k->address_length = (unsigned short)(m->data_length - 2);
	memcpy(k->address, m->data + 2, k->address_length);
	memcpy(k->number, m->number, m->number_length);
	return 0;
}

/* Every entry of a file, in order; no fixed limit. */
struct entries {
	Xauth **at;
	size_t n, cap;
};

static void
free_all(struct entries *e)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->at[i])
			XauDisposeAuth(e->at[i]);
	free(e->at);
	e->at = NULL;
	e->n = e->cap = 0;
}

/*
 * Read every entry of ${path}; -1 when libXau stops before the end (a truncated
 * or foreign file we must not rewrite and lose).
 */
static int
read_all(const char *path, struct entries *e)
{
	FILE *f = fopen(path, "rbe");
	struct stat st;
	long end = 0;
	Xauth *a;

	e->n = 0;
	if (!f)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return -1;
	}
	while ((a = XauReadAuth(f)) != NULL) {
		if (e->n == e->cap) {
			size_t cap = e->cap ? 2 * e->cap : 64;
			Xauth **at = realloc(e->at, cap * sizeof(*at));
			if (!at) {
				XauDisposeAuth(a);
				fclose(f);
				free_all(e);
				errno = ENOMEM;
				return -1;
			}
			e->at = at;
			e->cap = cap;
		}
		e->at[e->n++] = a;
		end = ftell(f);
	}
	/* The last whole entry must end where the file ends. */
	if (fstat(fileno(f), &st) || end != (long)st.st_size) {
		fclose(f);
		free_all(e);
		errno = EILSEQ;
		return -1;
	}
	fclose(f);
	return 0;
}

/*
 * Whether ${e} already holds what install would write: one entry with our key
 * and ${cookie}, one marker pointing at it, no old versions' entry, and no Wild
 * entry for our display before ours.  Where other programs put their entries
 * does not matter.
 */
static int
is_current(const struct entries *e, const struct key *k, const uint8_t *cookie)
{
	struct key mk;
	int entries = 0, markers = 0, shadowed = 0;

	for (size_t i = 0; i < e->n; i++) {
		const Xauth *a = e->at[i];
		if (is_legacy(a))
			return 0;
		if (is_marker(a)) {
			if (marked_key(a, &mk) || memcmp(&mk, k, sizeof(mk)) != 0)
				return 0;
			markers++;
		} else if (has_key(a, k)) {
			if (!is_mit(a) || a->data_length != X11_COOKIE_LEN ||
			    !cookie_equal((const uint8_t *)a->data, cookie,
			                  X11_COOKIE_LEN))
				return 0;
			entries++;
		} else if (!entries && a->family == FamilyWild && is_mit(a) &&
		           a->number_length == strlen(k->number) &&
		           memcmp(a->number, k->number, a->number_length) == 0) {
			shadowed =
			    1; /* a Wild entry before ours would win for our display */
		}
	}
	return entries == 1 && markers == 1 && !shadowed;
}

/*
 * The lock xauth and libXau use (${path}-c created exclusively, then linked to
 * ${path}-l), taken here because XauLockAuth sleeps whole seconds, breaks locks
 * younger than xauth's dead time when asked to hurry, and leaves its -c file
 * behind when the link fails.  Retried every few ms for LOCK_WAIT_MS; a lock is
 * broken only when older than LOCK_DEAD_S; nothing of ours is ever left behind.
 * While it waits it looks at the file again: when another wslx env has written
 * our entry meanwhile, the lock is not needed (a shell start beside others
 * should not take the lock only to find nothing to do: every brief hold of ours
 * makes a waiting xauth sleep whole seconds).  Returns 0 (held), 1 (not needed
 * any more), -1 with errno (EBUSY: someone else holds it).
 */
static int
lock_file(const char *path, char *creat_name, char *link_name, size_t len,
          const struct key *k, const uint8_t *cookie)
{
	struct timespec ts = {0, 2000000};
	long waited_ms = 0;
	int waited = 0;
	struct stat st;

	if ((size_t)snprintf(creat_name, len, "%s-c", path) >= len ||
	    (size_t)snprintf(link_name, len, "%s-l", path) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (;;) {
		int fd = -1;
		if (waited) {
			/* Before each new try, not after it: the lock's holder may have
			 * been another wslx env that wrote our entry. */
			struct entries e = {0};
			int current =
			    read_all(path, &e) == 0 && is_current(&e, k, cookie);
			free_all(&e);
			if (current)
				return 1;
		}
		/*
		 * While -l exists someone holds the lock or is letting it go: wait
		 * without creating -c, since libXau sleeps whole seconds whenever it
		 * finds -c, and our short tries would starve xauth.
		 */
		if (lstat(link_name, &st) == 0) {
			if (time(NULL) - st.st_ctime > LOCK_DEAD_S)
				unlink(link_name); /* left alone for longer than xauth
				                      waits */
			errno = EEXIST;
		} else {
			fd = open(creat_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			          0600);
		}
		if (fd >= 0) {
			close(fd);
			if (link(creat_name, link_name) == 0)
				return 0;
			int err = errno;
			unlink(creat_name); /* ours: never leave it */
			if (err != EEXIST && err != ENOENT) {
				errno = err;
				return -1;
			}
		} else if (errno != EEXIST) {
			return -1;
		} else if (stat(creat_name, &st) == 0 &&
		           time(NULL) - st.st_ctime > LOCK_DEAD_S) {
			/* Dead for longer than xauth would wait: break it, as xauth does.
			 */
			unlink(creat_name);
			unlink(link_name);
			continue;
		}
		if (waited_ms >= LOCK_WAIT_MS) {
			errno = EBUSY;
			return -1;
		}
		nanosleep(&ts, NULL);
		waited = 1;
		waited_ms += ts.tv_nsec / 1000000;
		if (ts.tv_nsec < 20000000)
			ts.tv_nsec += 2000000;
	}
}

/*
 * -l first: while -c stays, everyone waits; the other order leaves a moment with
 * -l alone, in which a libXau locker that creates -c and fails to link keeps its
 * -c for a whole second of sleep and stalls all the others.
 */
static void
unlock_file(const char *creat_name, const char *link_name)
{
	unlink(link_name);
	unlink(creat_name);
}

static int
serialize(const struct entries *e, const Xauth *own, const Xauth *mark, char **buf,
          size_t *len)
{
	FILE *m = open_memstream(buf, len);
	int bad = 0;

	if (!m)
		return -1;
	/* Ours first: libXau takes the first match, so it wins for its display. */
	bad |= own && !XauWriteAuth(m, (Xauth *)own);
	bad |= mark && !XauWriteAuth(m, (Xauth *)mark);
	for (size_t i = 0; i < e->n; i++)
		if (e->at[i])
			bad |= !XauWriteAuth(m, e->at[i]);
	if (fclose(m) || bad) {
		free(*buf);
		return -1;
	}
	return 0;
}

/* Drop every entry that is wslx's: marked ones, markers, legacy ones, ${k}'s. */
static void
drop_own(struct entries *e, const struct key *k)
{
	struct key mk;

	for (size_t i = 0; i < e->n; i++) {
		const Xauth *m = e->at[i];
		if (!m || !is_marker(m) || marked_key(m, &mk))
			continue;
		for (size_t j = 0; j < e->n; j++)
			if (e->at[j] && j != i && !is_marker(e->at[j]) &&
			    has_key(e->at[j], &mk)) {
				XauDisposeAuth(e->at[j]);
				e->at[j] = NULL;
			}
	}
	for (size_t i = 0; i < e->n; i++) {
		if (e->at[i] && (is_marker(e->at[i]) || is_legacy(e->at[i]) ||
		                 (has_key(e->at[i], k) && is_mit(e->at[i])))) {
			XauDisposeAuth(e->at[i]);
			e->at[i] = NULL;
		}
	}
}

int
xauthority_install(const char *path, const char *host, long display,
                   const uint8_t *cookie, char *why, size_t whylen)
{
	struct entries e = {0};
	char creat_name[4200], link_name[4200], *buf = NULL, mark_data[258];
	size_t len = 0;
	int result = -1;
	struct key k;
	Xauth own, mark;

	if (key_for(host, display, &k)) {
		snprintf(why, whylen, "cannot make an Xauthority entry for %s", host);
		return -1;
	}
	/*
	 * The common case at shell start: the entry is already right.  Files are
	 * replaced by rename, so a read without the lock sees a whole file; only
	 * a change takes the lock (and reads again under it).
	 */
	if (read_all(path, &e) == 0) {
		int current = is_current(&e, &k, cookie);
		free_all(&e);
		if (current)
			return 0;
	}
	switch (lock_file(path, creat_name, link_name, sizeof(creat_name), &k, cookie)) {
	case 0:
		break;
	case 1:
		return 0; /* written meanwhile by another wslx env */
	default:
		if (errno == EBUSY) {
			snprintf(
			    why, whylen,
			    "%s is locked by another program (%s, %s): cookie not updated; if no xauth runs, remove those two files",
			    path, creat_name, link_name);
			return -2;
		}
		snprintf(why, whylen, "cannot lock %s: %s", path, strerror(errno));
		return -1;
	}
	if (read_all(path, &e)) {
		snprintf(
		    why, whylen, "cannot read %s: %s", path,
		    errno == EILSEQ
		        ? "not a complete Xauthority file (left as it is): move it aside and run again"
		    : errno == EISDIR
		        ? "it is a directory: set xauthority in ~/.config/wslx/wslx.ini to a file"
		        : strerror(errno));
		goto out;
	}
	struct stat mode;
	if (stat(path, &mode) == 0 && !(mode.st_mode & S_IWUSR)) {
		/* Someone made it read-only on purpose: not ours to replace. */
		snprintf(
		    why, whylen,
		    "%s is read-only: left as it is, cookie not updated; chmod u+w it, or set xauthority in ~/.config/wslx/wslx.ini",
		    path);
		result = -2;
		goto out;
	}
	if (is_current(&e, &k, cookie)) {
		result = 0; /* already right: no write, so no mtime change */
		goto out;
	}
	drop_own(&e, &k);
	own.family = k.family;
	own.address = k.address;
	own.address_length = k.address_length;
	own.number = k.number;
	own.number_length = (unsigned short)strlen(k.number);
	own.name = (char *)X11_AUTH_MIT;
	own.name_length = sizeof(X11_AUTH_MIT) - 1;
	own.data = (char *)cookie;
	own.data_length = X11_COOKIE_LEN;
	mark_data[0] = (char)(k.family >> 8);
	mark_data[1] = (char)k.family;
	memcpy(mark_data + 2, k.address, k.address_length);
	mark.family = FamilyWild;
	mark.address = (char *)XAUTHORITY_OWN_ADDRESS;
	mark.address_length = 4;
	mark.number = k.number;
	mark.number_length = own.number_length;
	mark.name = (char *)XAUTHORITY_MARK_NAME;
	mark.name_length = sizeof(XAUTHORITY_MARK_NAME) - 1;
	mark.data = mark_data;
	mark.data_length = (unsigned short)(2 + k.address_length);
	if (serialize(&e, &own, &mark, &buf, &len) ||
	    fileio_write_atomic(path, buf, len, 0600)) {
		struct stat ls;
		int err = errno;
		snprintf(
		    why, whylen, "cannot write %s: %s%s", path, fileio_strerror(err),
		    err == ENOENT && lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)
		        ? " (a symlink to a missing file: create its target or remove the link)"
		        : "");
		goto out;
	}
	result = 1;
out:
	free(buf);
	free_all(&e);
	unlock_file(creat_name, link_name);
	return result;
}

int
xauthority_lookup(const char *path, const char *host, long display, uint8_t *cookie,
                  int *own)
{
	struct entries e = {0};
	struct key k, mk;
	int r = 1;

	if (key_for(host, display, &k))
		return -1;
	if (read_all(path, &e))
		return -1;
	/* As libxcb: the first MIT entry for the number, Wild or for this address. */
	for (size_t i = 0; i < e.n && r == 1; i++) {
		const Xauth *a = e.at[i];
		if (is_mit(a) && a->data_length == X11_COOKIE_LEN &&
		    a->number_length == strlen(k.number) &&
		    memcmp(a->number, k.number, a->number_length) == 0 &&
		    (a->family == FamilyWild || has_key(a, &k))) {
			memcpy(cookie, a->data, X11_COOKIE_LEN);
			*own = is_legacy(a);
			for (size_t j = 0; j < e.n && !*own; j++)
				*own = is_marker(e.at[j]) &&
				       marked_key(e.at[j], &mk) == 0 && has_key(a, &mk);
			r = 0;
		}
	}
	free_all(&e);
	return r;
}
