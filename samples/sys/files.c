/* files32/files64: open/write/stat/readdir/rename/unlink/rmdir inside a
 * mkdtemp directory. Prints "files: ok".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("files: failed: %s (line %d)\n", #cond, __LINE__);                  \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], a[300], b[300];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, seen = 0;

	snprintf(dir, sizeof(dir), "%s/files-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(a, sizeof(a), "%s/a.txt", dir);
	snprintf(b, sizeof(b), "%s/b.txt", dir);
	fd = open(a, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "files\n", 6) == 6);
	CHECK(fsync(fd) == 0);
	CHECK(close(fd) == 0);
	CHECK(stat(a, &st) == 0 && st.st_size == 6 && S_ISREG(st.st_mode));
	CHECK(rename(a, b) == 0);
	CHECK(access(a, F_OK) != 0 && access(b, R_OK) == 0);
	d = opendir(dir);
	CHECK(d != NULL);
	while ((de = readdir(d)))
		seen += strcmp(de->d_name, "b.txt") == 0;
	closedir(d);
	CHECK(seen == 1);
	CHECK(lstat(b, &st) == 0 && st.st_size == 6);
	CHECK(unlink(b) == 0);
	CHECK(rmdir(dir) == 0);
	printf("files: ok\n");
	return 0;
}
