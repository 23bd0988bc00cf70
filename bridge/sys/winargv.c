#include "winargv.h"

#include <stdlib.h>
#include <string.h>

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One argument from *${s} into ${d}; *${s} left after it.  Returns ${d}'s end. */
static char *
one_argument(const char **s, char *d)
{
	const char *p = *s;
	int quoted = 0;

	while (*p && (quoted || !blank(*p))) {
		size_t n = 0;
		while (p[n] == '\\')
			n++;
		if (p[n] == '"') {
			memset(d, '\\', n / 2);
			d += n / 2;
			p += n;
			if (n % 2)
				*d++ = '"';
			else
				quoted = !quoted;
			p++;
		} else if (n) {
			memset(d, '\\', n);
			d += n;
			p += n;
		} else {
			*d++ = *p++;
		}
	}
	*s = p;
	*d++ = '\0';
	return d;
}

int
winargv_split(const char *line, int *argc, char ***argv)
{
	size_t len = strlen(line);
	/* At most one argument per two bytes, plus the program and the NULL. */
	size_t slots = len / 2 + 2;
	char **v = malloc(slots * sizeof(*v) + len + slots);
	char *d;
	const char *p = line;
	int n = 0;

	if (!v)
		return -1;
	d = (char *)(v + slots);
	/* The program name: no escapes, a quote only delimits. */
	v[n++] = d;
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			*d++ = *p;
		if (*p)
			p++;
	} else {
		while (*p && !blank(*p))
			*d++ = *p++;
	}
	*d++ = '\0';
	for (;;) {
		while (blank(*p))
			p++;
		if (!*p)
			break;
		v[n++] = d;
		d = one_argument(&p, d);
	}
	v[n] = NULL;
	*argc = n;
	*argv = v;
	return 0;
}
