/* jit32/jit64: a JIT imitation. By default it maps an anonymous region
 * PROT_READ|PROT_WRITE, writes `mov eax, 42; ret`, flips it to
 * PROT_READ|PROT_EXEC with mprotect and calls it. With --rwx it maps the
 * region PROT_READ|PROT_WRITE|PROT_EXEC at once. Under systemd's
 * MemoryDenyWriteExecute=yes both paths fail (EPERM/EACCES): the point of
 * this sample. Prints "jit: ok 42".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static const unsigned char code[] = {
	0xb8, 0x2a, 0x00, 0x00, 0x00, /* mov eax, 42 */
	0xc3,			      /* ret */
};

int main(int argc, char **argv)
{
	int rwx = argc > 1 && strcmp(argv[1], "--rwx") == 0;
	int prot = PROT_READ | PROT_WRITE | (rwx ? PROT_EXEC : 0);
	size_t size = 4096;
	int (*fn)(void);
	void *mem;

	if (argc > 1 && !rwx) {
		fprintf(stderr, "usage: %s [--rwx]\n", argv[0]);
		return 2;
	}
	mem = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		printf("jit: mmap(%s) failed: %s\n", rwx ? "rwx" : "rw", strerror(errno));
		return 1;
	}
	memcpy(mem, code, sizeof(code));
	if (!rwx && mprotect(mem, size, PROT_READ | PROT_EXEC) != 0) {
		printf("jit: mprotect(r-x) failed: %s\n", strerror(errno));
		return 1;
	}
	fn = (int (*)(void))mem;
	printf("jit: ok %d\n", fn());
	munmap(mem, size);
	return 0;
}
