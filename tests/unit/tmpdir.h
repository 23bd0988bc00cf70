/* A fresh temporary directory per test, removed afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline char *
tmpdir_new(void)
{
	char *d = strdup("/tmp/wslx-unit-XXXXXX");

	return d && mkdtemp(d) ? d : NULL;
}

static inline void
tmpdir_free(char *d)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", d);
	free(d);
}

/* cmocka setup/teardown: *state is a fresh directory. */
static inline int
tmpdir_setup(void **state)
{
	*state = tmpdir_new();
	return *state ? 0 : -1;
}

static inline int
tmpdir_teardown(void **state)
{
	tmpdir_free(*state);
	return 0;
}
