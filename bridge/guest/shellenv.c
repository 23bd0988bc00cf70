#include "shellenv.h"

#include <stdio.h>
#include <string.h>

/* The shells wslx speaks: the one list --help, errors and completions show. */
static const struct {
	const char *name;
	enum shell_kind kind;
} table[] = {
    {"sh", SHELL_SH},     {"bash", SHELL_SH}, {"zsh", SHELL_SH},   {"dash", SHELL_SH},
    {"ksh", SHELL_SH},    {"mksh", SHELL_SH}, {"ash", SHELL_SH},   {"busybox", SHELL_SH},
    {"fish", SHELL_FISH}, {"csh", SHELL_CSH}, {"tcsh", SHELL_CSH},
};

const char *
shellenv_names(char sep)
{
	static char names[128];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
		                      i ? (char[]){sep, 0} : "", table[i].name);
	return names;
}

int
shellenv_kind(const char *name, enum shell_kind *out)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (*base == '-')
		base++; /* a login shell's argv[0], e.g. "-bash" */
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(base, table[i].name) == 0) {
			*out = table[i].kind;
			return 0;
		}
	}
	return -1;
}

struct out {
	char *buf;
	size_t len, used;
	int full;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->full || o->used + n >= o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->buf + o->used, s, n);
	o->used += n;
	o->buf[o->used] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Single quotes; a quote inside becomes '\'' (sh and csh alike). */
static void
quote_sh(struct out *o, const char *v)
{
	put(o, "'", 1);
	for (; *v; v++) {
		if (*v == '\'')
			puts_(o, "'\\''");
		else
			put(o, v, 1);
	}
	put(o, "'", 1);
}

/* fish: inside single quotes only \ and ' are special, both escaped by \. */
static void
quote_fish(struct out *o, const char *v)
{
	put(o, "'", 1);
	for (; *v; v++) {
		if (*v == '\'' || *v == '\\')
			put(o, "\\", 1);
		put(o, v, 1);
	}
	put(o, "'", 1);
}

int
shellenv_unset(enum shell_kind kind, const char *var, char *buf, size_t len)
{
	struct out o = {buf, len, strlen(buf), 0};

	puts_(&o, kind == SHELL_SH     ? "unset "
	          : kind == SHELL_FISH ? "set -e "
	                               : "unsetenv ");
	puts_(&o, var);
	puts_(&o, ";\n");
	return o.full ? -1 : 0;
}

int
shellenv_set(enum shell_kind kind, const char *var, const char *value, char *buf,
             size_t len)
{
	struct out o = {buf, len, strlen(buf), 0};

	switch (kind) {
	case SHELL_SH:
		puts_(&o, var);
		put(&o, "=", 1);
		quote_sh(&o, value);
		puts_(&o, "; export ");
		puts_(&o, var);
		puts_(&o, ";\n");
		break;
	case SHELL_FISH:
		puts_(&o, "set -gx ");
		puts_(&o, var);
		put(&o, " ", 1);
		quote_fish(&o, value);
		puts_(&o, ";\n");
		break;
	case SHELL_CSH:
		/* csh cannot quote a newline, and expands ! even inside quotes. */
		if (strpbrk(value, "\n!"))
			return -1;
		puts_(&o, "setenv ");
		puts_(&o, var);
		put(&o, " ", 1);
		quote_sh(&o, value);
		puts_(&o, ";\n");
		break;
	}
	return o.full ? -1 : 0;
}
