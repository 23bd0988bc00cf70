/* Point $WSLX_SYSROOT (and $HOME) at a fixture tree under tests/fixtures. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

static inline void
use_fixture(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	setenv("WSLX_SYSROOT", path, 1);
	snprintf(path, sizeof(path), "%s/%s/home", FIXTURES, name);
	setenv("HOME", path, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("WSL_DISTRO_NAME");
	unsetenv("WAYLAND_DISPLAY");
}
