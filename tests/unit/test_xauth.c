#include "cm.h"

#include <X11/X.h>
#include <X11/Xauth.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmpdir.h"
#include "xauthfile.h"
#include "x11setup.h"
#include "xauthority.h"

static const uint8_t c1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t c2[16] = {0xF0, 0xE0, 0xD0};

static void
write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* A foreign entry, as xauth would write it: Local family, host "box", display 0. */
static void
write_foreign(const char *path)
{
	Xauth a = {FamilyLocal,          3,  "box",     1, "0", 18,
	           "MIT-MAGIC-COOKIE-1", 16, (char *)c2};
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(XauWriteAuth(f, &a), 1);
	fclose(f);
}

static void
writer_is_read_by_libxau(void **state)
{
	char path[512];
	uint8_t buf[256];
	struct xauth_entry e = {XAUTH_FAMILY_WILD, NULL, 0, "12", X11_AUTH_MIT, c1, 16};
	size_t n = xauthfile_put(&e, buf, sizeof(buf));
	FILE *f;
	Xauth *a;

	snprintf(path, sizeof(path), "%s/cookie", (char *)*state);
	write_file(path, buf, n);
	f = fopen(path, "rb");
	a = XauReadAuth(f);
	assert_non_null(a);
	assert_int_equal(a->family, FamilyWild);
	assert_int_equal(a->address_length, 0);
	assert_int_equal(a->number_length, 2);
	assert_memory_equal(a->number, "12", 2);
	assert_memory_equal(a->name, X11_AUTH_MIT, 18);
	assert_int_equal(a->data_length, 16);
	assert_memory_equal(a->data, c1, 16);
	assert_null(XauReadAuth(f)); /* exactly one entry, nothing after */
	XauDisposeAuth(a);
	fclose(f);
	assert_int_equal(xauthfile_put(&e, buf, 20), 0);
}

static void
finder_reads_libxau_files(void **state)
{
	char path[512];
	uint8_t buf[1024], got[16];
	Xauth a = {FamilyWild, 0, "", 1, "7", 18, "MIT-MAGIC-COOKIE-1", 16, (char *)c1};
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/x", (char *)*state);
	write_foreign(path);
	f = fopen(path, "ab");
	assert_int_equal(XauWriteAuth(f, &a), 1);
	fclose(f);
	f = fopen(path, "rb");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(xauthfile_find_cookie(buf, n, 7, got), 0);
	assert_memory_equal(got, c1, 16);
	assert_int_equal(xauthfile_find_cookie(buf, n, 0, got), 0);
	assert_memory_equal(got, c2, 16);
	assert_int_equal(xauthfile_find_cookie(buf, n, 8, got), 1);
	assert_int_equal(xauthfile_find_cookie(buf, n - 1, 7, got), -1);
}

static void
install_adds_first_keeps_others(void **state)
{
	char path[512], why[600];
	struct stat st1, st2;
	uint8_t got[16];
	int own;

	snprintf(path, sizeof(path), "%s/.Xauthority", (char *)*state);
	write_foreign(path);
	chmod(path, 0644);
	assert_int_equal(xauthority_install(path, "172.30.96.1", 0, c1, why, sizeof(why)),
	                 1);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(st1.st_mode & 0777, 0600);
	assert_int_equal(xauthority_lookup(path, "172.30.96.1", 0, got, &own), 0);
	assert_memory_equal(got, c1, 16);
	assert_true(own);
	/* same cookie again: nothing written (same inode, same mtime) */
	usleep(10000);
	assert_int_equal(xauthority_install(path, "172.30.96.1", 0, c1, why, sizeof(why)),
	                 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	/* new cookie: replaced, still one own entry, foreign one intact */
	assert_int_equal(xauthority_install(path, "172.30.96.1", 0, c2, why, sizeof(why)),
	                 1);
	assert_int_equal(xauthority_lookup(path, "172.30.96.1", 0, got, &own), 0);
	assert_memory_equal(got, c2, 16);
	{
		FILE *f = fopen(path, "rb");
		Xauth *a;
		int ours = 0, foreign = 0;
		while ((a = XauReadAuth(f)) != NULL) {
			/* ours is for 172.30.96.1 only; its marker is a Wild entry */
			if (a->family == FamilyInternet && a->address_length == 4 &&
			    memcmp(a->address, "\xac\x1e\x60\x01", 4) == 0 &&
			    memcmp(a->data, c2, 16) == 0)
				ours++;
			else if (a->family == FamilyWild)
				assert_int_equal(a->name_length,
				                 strlen(XAUTHORITY_MARK_NAME));
			else if (a->family == FamilyLocal && a->address_length == 3 &&
			         memcmp(a->data, c2, 16) == 0)
				foreign++;
			XauDisposeAuth(a);
		}
		fclose(f);
		assert_int_equal(ours, 1);
		assert_int_equal(foreign, 1);
	}
	/* no lock files left behind */
	snprintf(why, sizeof(why), "%s-c", path);
	assert_int_equal(access(why, F_OK), -1);
}

static void
truncated_file_untouched(void **state)
{
	char path[512], why[256];
	uint8_t before[64], after[64];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/.Xauthority", (char *)*state);
	write_foreign(path);
	truncate(path, 20);
	f = fopen(path, "rb");
	n = fread(before, 1, sizeof(before), f);
	fclose(f);
	assert_int_equal(xauthority_install(path, "172.30.96.1", 0, c1, why, sizeof(why)),
	                 -1);
	assert_non_null(strstr(why, "not a complete Xauthority file"));
	f = fopen(path, "rb");
	assert_int_equal(fread(after, 1, sizeof(after), f), n);
	fclose(f);
	assert_memory_equal(before, after, n);
}

static void
symlink_kept(void **state)
{
	char path[512], target[512], why[256];
	struct stat st;

	snprintf(target, sizeof(target), "%s/real", (char *)*state);
	snprintf(path, sizeof(path), "%s/.Xauthority", (char *)*state);
	write_foreign(target);
	assert_int_equal(symlink("real", path), 0);
	assert_int_equal(xauthority_install(path, "172.30.96.1", 3, c1, why, sizeof(why)),
	                 1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(target, &st), 0);
	assert_true(st.st_size > 50);
}

/* Count the MIT entries of ${path}, and those for ${addr} (4 bytes). */
static void
count_mit(const char *path, const char *addr, int *all, int *for_addr, int *markers)
{
	FILE *f = fopen(path, "rb");
	Xauth *a;

	*all = *for_addr = *markers = 0;
	assert_non_null(f);
	while ((a = XauReadAuth(f)) != NULL) {
		if (a->name_length == 18 &&
		    memcmp(a->name, "MIT-MAGIC-COOKIE-1", 18) == 0) {
			(*all)++;
			*for_addr += a->family == FamilyInternet &&
			             a->address_length == 4 &&
			             memcmp(a->address, addr, 4) == 0;
		} else if (a->family == FamilyWild) {
			(*markers)++;
		}
		XauDisposeAuth(a);
	}
	fclose(f);
}

/* A renumber, an old version's Wild entry, a switch to mirrored mode: one entry. */
static void
own_entry_follows(void **state)
{
	char path[512], why[600];
	uint8_t got[16];
	int all, mine, markers, own;
	Xauth legacy = {FamilyWild,           4,  "wslx",    1, "0", 18,
	                "MIT-MAGIC-COOKIE-1", 16, (char *)c1};
	FILE *f;

	snprintf(path, sizeof(path), "%s/.Xauthority", (char *)*state);
	write_foreign(path);
	f = fopen(path, "ab");
	assert_true(XauWriteAuth(f, &legacy));
	fclose(f);
	assert_int_equal(xauthority_install(path, "172.30.96.1", 0, c1, why, sizeof(why)),
	                 1);
	count_mit(path, "\xac\x1e\x60\x01", &all, &mine, &markers);
	assert_int_equal(mine, 1);
	assert_int_equal(markers, 1);
	assert_int_equal(all, 2); /* ours and the foreign one: the legacy entry went */
	assert_int_equal(xauthority_install(path, "172.31.16.1", 0, c2, why, sizeof(why)),
	                 1);
	count_mit(path, "\xac\x1f\x10\x01", &all, &mine, &markers);
	assert_int_equal(mine, 1);
	assert_int_equal(markers, 1);
	assert_int_equal(all, 2); /* the old address's entry went */
	assert_int_equal(xauthority_lookup(path, "172.31.16.1", 0, got, &own), 0);
	assert_true(own);
	assert_memory_equal(got, c2, 16);
	assert_int_equal(xauthority_lookup(path, "172.30.96.1", 0, got, &own), 1);
	assert_int_equal(xauthority_install(path, "127.0.0.1", 0, c1, why, sizeof(why)),
	                 1);
	count_mit(path, "\xac\x1f\x10\x01", &all, &mine, &markers);
	assert_int_equal(mine, 0);
	assert_int_equal(markers, 1);
	assert_int_equal(all, 2);
	assert_int_equal(xauthority_lookup(path, "127.0.0.1", 0, got, &own), 0);
	assert_true(own);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(writer_is_read_by_libxau, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(finder_reads_libxau_files, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(install_adds_first_keeps_others, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(truncated_file_untouched, tmpdir_setup,
	                                    tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(symlink_kept, tmpdir_setup, tmpdir_teardown),
	    cmocka_unit_test_setup_teardown(own_entry_follows, tmpdir_setup,
	                                    tmpdir_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
