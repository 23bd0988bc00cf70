#include "xauthority.h"

#include <X11/X.h>
#include <X11/Xauth.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cookie.h"
#include "fileio.h"
#include "x11setup.h"

#define MAX_ENTRIES 4096

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

static int
is_own(const Xauth *a, const char *number)
{
	return a->family == FamilyWild && a->address_length == 4 &&
	       memcmp(a->address, XAUTHORITY_OWN_ADDRESS, 4) == 0 &&
	       a->number_length == strlen(number) &&
	       memcmp(a->number, number, a->number_length) == 0;
}

static void
free_all(Xauth **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		XauDisposeAuth(list[i]);
}

/*
 * Read every entry of ${path}; -1 when libXau stops before the end (a truncated
 * or foreign file we must not rewrite and lose).
 */
static int
read_all(const char *path, Xauth **list, size_t *n)
{
	FILE *f = fopen(path, "rbe");
	struct stat st;
	long end = 0;
	Xauth *a;

	*n = 0;
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (*n < MAX_ENTRIES && (a = XauReadAuth(f)) != NULL) {
		list[(*n)++] = a;
		end = ftell(f);
	}
	/* The last whole entry must end where the file ends. */
	if (fstat(fileno(f), &st) || end != (long)st.st_size) {
		fclose(f);
		free_all(list, *n);
		*n = 0;
		errno = EILSEQ;
		return -1;
	}
	fclose(f);
	return 0;
}

/* XauLockAuth sleeps whole seconds between tries; retry in milliseconds instead. */
static int
lock_file(const char *path)
{
	struct timespec ts = {0, 2000000};

	for (int i = 0; i < 400; i++) {
		int r = XauLockAuth(path, 1, 0, 10);
		if (r == LOCK_SUCCESS)
			return 0;
		if (r == LOCK_ERROR)
			return -1;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 20000000)
			ts.tv_nsec += 2000000;
	}
	errno = EBUSY;
	return -1;
}

static int
serialize(Xauth **list, size_t n, const Xauth *own, char **buf, size_t *len)
{
	FILE *m = open_memstream(buf, len);
	int bad = 0;

	if (!m)
		return -1;
	/* Ours first: libXau takes the first match, so it wins for its display. */
	bad |= own && !XauWriteAuth(m, (Xauth *)own);
	for (size_t i = 0; i < n; i++)
		if (list[i])
			bad |= !XauWriteAuth(m, list[i]);
	if (fclose(m) || bad) {
		free(*buf);
		return -1;
	}
	return 0;
}

/* Whether ${list} holds exactly one wslx entry for ${number}, first, with ${cookie}. */
static int
is_current(Xauth **list, size_t n, const char *number, const uint8_t *cookie)
{
	int own_count = 0, first_current = 0;

	for (size_t i = 0; i < n; i++) {
		if (!is_own(list[i], number))
			continue;
		own_count++;
		if (i == 0 && list[i]->data_length == X11_COOKIE_LEN &&
		    cookie_equal((const uint8_t *)list[i]->data, cookie, X11_COOKIE_LEN))
			first_current = 1;
	}
	return own_count == 1 && first_current;
}

int
xauthority_install(const char *path, long display, const uint8_t *cookie, char *why,
                   size_t whylen)
{
	static Xauth *list[MAX_ENTRIES];
	char number[24], *buf = NULL;
	size_t n = 0, len = 0;
	int result = -1;
	Xauth own;

	snprintf(number, sizeof(number), "%ld", display);
	/*
	 * The common case at shell start: the entry is already right.  Files are
	 * replaced by rename, so a read without the lock sees a whole file; only
	 * a change takes the lock (and reads again under it).
	 */
	if (read_all(path, list, &n) == 0) {
		int current = is_current(list, n, number, cookie);
		free_all(list, n);
		if (current)
			return 0;
	}
	n = 0;
	if (lock_file(path)) {
		snprintf(why, whylen, "cannot lock %s: %s", path, strerror(errno));
		return -1;
	}
	if (read_all(path, list, &n)) {
		snprintf(why, whylen, "cannot read %s: %s", path,
		         errno == EILSEQ
		             ? "not a complete Xauthority file (left as it is)"
		             : strerror(errno));
		goto out;
	}
	if (is_current(list, n, number, cookie)) {
		result = 0; /* already right: no write, so no mtime change */
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (is_own(list[i], number)) {
			XauDisposeAuth(list[i]);
			list[i] = NULL;
		}
	}
	own.family = FamilyWild;
	own.address = (char *)XAUTHORITY_OWN_ADDRESS;
	own.address_length = 4;
	own.number = number;
	own.number_length = (unsigned short)strlen(number);
	own.name = (char *)X11_AUTH_MIT;
	own.name_length = sizeof(X11_AUTH_MIT) - 1;
	own.data = (char *)cookie;
	own.data_length = X11_COOKIE_LEN;
	if (serialize(list, n, &own, &buf, &len) ||
	    fileio_write_atomic(path, buf, len, 0600)) {
		snprintf(why, whylen, "cannot write %s: %s", path,
		         fileio_strerror(errno));
		goto out;
	}
	result = 1;
out:
	free(buf);
	free_all(list, n);
	XauUnlockAuth(path);
	return result;
}

int
xauthority_lookup(const char *path, long display, uint8_t *cookie, int *own)
{
	static Xauth *list[MAX_ENTRIES];
	char number[24];
	size_t n;
	int r = 1;

	snprintf(number, sizeof(number), "%ld", display);
	if (read_all(path, list, &n))
		return -1;
	for (size_t i = 0; i < n && r == 1; i++) {
		const Xauth *a = list[i];
		if (a->number_length == strlen(number) &&
		    memcmp(a->number, number, a->number_length) == 0 &&
		    a->name_length == sizeof(X11_AUTH_MIT) - 1 &&
		    memcmp(a->name, X11_AUTH_MIT, a->name_length) == 0 &&
		    a->data_length == X11_COOKIE_LEN &&
		    (a->family == FamilyWild || a->family == FamilyInternet)) {
			memcpy(cookie, a->data, X11_COOKIE_LEN);
			*own = is_own(a, number);
			r = 0;
		}
	}
	free_all(list, n);
	return r;
}
