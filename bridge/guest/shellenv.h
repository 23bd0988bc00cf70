#ifndef WSLX_SHELLENV_H
#define WSLX_SHELLENV_H

#include <stddef.h>

/* The shell families whose syntax differs for setting an exported variable. */
enum shell_kind { SHELL_SH, SHELL_FISH, SHELL_CSH };

/*
 * shellenv_kind(name, out):
 * The family of shell ${name} (a name or a path, one of shellenv_names()).
 * Returns 0, or -1 when unknown.
 */
int shellenv_kind(const char *name, enum shell_kind *out);

/* shellenv_names(sep): the shells wslx speaks, separated by ${sep} (one list). */
const char *shellenv_names(char sep);

/*
 * shellenv_unset(kind, var, buf, len):
 * Append to ${buf} the command that removes ${var} from the environment in
 * ${kind}.  Returns 0, or -1 when it does not fit.
 */
int shellenv_unset(enum shell_kind kind, const char *var, char *buf, size_t len);

/*
 * shellenv_set(kind, var, value, buf, len):
 * Append to ${buf} the command that exports ${var}=${value} in ${kind}, quoted so
 * that the shell takes ${value} literally, whatever bytes it holds.  Returns 0,
 * or -1 when it does not fit or cannot be said safely (a newline for csh).
 */
int shellenv_set(enum shell_kind kind, const char *var, const char *value, char *buf,
                 size_t len);

#endif
