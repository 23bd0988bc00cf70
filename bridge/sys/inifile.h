#ifndef WSLX_INIFILE_H
#define WSLX_INIFILE_H

#include <stddef.h>

/*
 * One INI reader for every config file wslx reads (its own, /etc/wsl.conf,
 * .wslconfig): inih on Linux, Windows' own profile reader on Windows.
 *
 * The handler gets each (section, name, value) and the line it stands on (0
 * where the platform cannot tell); it returns non-zero to go on, 0 to stop with
 * an error it has written into ${why}.
 */
typedef int (*inifile_handler)(void *user, const char *section, const char *name,
                               const char *value, char *why, size_t whylen);

/* The largest settings file read (a larger one is an error, never read). */
#define INIFILE_MAX_BYTES (256 * 1024)

/*
 * inifile_parse(path, handler, user, line, why, whylen):
 * Parse ${path}.  Returns 0 when read through, 1 when the file does not exist,
 * -1 on an error: *${line} is its line (0 when not known) and ${why} says what.
 */
int inifile_parse(const char *path, inifile_handler handler, void *user, int *line,
                  char *why, size_t whylen);

#endif
