#include "inifile.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

struct reader_state {
	FILE *f;
	int too_long; /* line number of the first over-long line, or 0 */
	int nul;      /* line number of the first NUL byte, or 0 */
	char *buf;    /* getline's */
	size_t cap;
	int line;
	inifile_handler handler;
	void *user;
	char *why;
	size_t whylen;
	int failed;
};

/*
 * Debian's inih has INI_HANDLER_LINENO 0 (no line for the handler) and cuts
 * lines at 200 bytes: count lines here and catch a cut line instead of letting
 * its tail be parsed as a line of its own.
 */
static char *
counting_reader(char *str, int num, void *stream)
{
	struct reader_state *st = stream;
	ssize_t n = getline(&st->buf, &st->cap, st->f);

	if (n < 0)
		return NULL;
	st->line++;
	/* getline counts every byte read: a shorter string held a NUL byte. */
	if (strlen(st->buf) != (size_t)n) {
		if (!st->nul)
			st->nul = st->line;
	} else if (n >= num && !st->too_long) {
		st->too_long = st->line;
	}
	snprintf(str, (size_t)num, "%s", st->buf);
	return str;
}

static int
line_handler(void *user, const char *section, const char *name, const char *value)
{
	struct reader_state *st = user;

	if (st->too_long || st->nul || st->failed)
		return 0;
	if (!st->handler(st->user, section, name, value, st->why, st->whylen)) {
		st->failed = 1;
		return 0;
	}
	return 1;
}

int
inifile_parse(const char *path, inifile_handler handler, void *user, int *line, char *why,
              size_t whylen)
{
	struct reader_state st = {0};
	int r, fd = fileio_open_read(path);

	if (fd < 0 || (st.f = fdopen(fd, "r")) == NULL) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		if (err == ENOENT || err == ENOTDIR)
			return 1;
		*line = 0;
		snprintf(why, whylen, "%s",
		         err == EISDIR ? "is a directory, not a settings file"
		                       : fileio_strerror(err));
		return -1;
	}
	{
		struct stat sb;
		/* A settings file is small: a huge one is not read into memory. */
		if (fstat(fd, &sb) == 0 && sb.st_size > INIFILE_MAX_BYTES) {
			fclose(st.f);
			*line = 0;
			snprintf(why, whylen, "larger than %d KiB: not a settings file",
			         INIFILE_MAX_BYTES / 1024);
			return -1;
		}
	}
	st.handler = handler;
	st.user = user;
	st.why = why;
	st.whylen = whylen;
	r = ini_parse_stream(counting_reader, &st, line_handler, &st);
	free(st.buf);
	fclose(st.f);
	if (st.nul && (!st.too_long || st.nul < st.too_long)) {
		*line = st.nul;
		snprintf(why, whylen, "a NUL byte: not a text file");
		return -1;
	}
	if (st.too_long) {
		*line = st.too_long;
		snprintf(why, whylen, "line longer than 199 bytes");
		return -1;
	}
	if (r != 0) {
		*line = r > 0 ? r : 0;
		if (!st.failed)
			snprintf(why, whylen, r > 0 ? "syntax error" : "cannot read");
		return -1;
	}
	return 0;
}
