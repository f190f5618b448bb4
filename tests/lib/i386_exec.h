/* SPDX-License-Identifier: MIT */
/* Whether this machine's kernel executes i386 programs (C twin of i386.sh,
 * for the cmocka tests). Kernels without IA32 emulation, or booted with
 * ia32_emulation=0, or some VM guests refuse every i386 ELF with ENOEXEC.
 * The probe is a 91-byte static i386 ELF whose code is exit(0) through
 * int $0x80, run from a memfd. */
#ifndef SECCOMPAT_TEST_I386_EXEC_H
#define SECCOMPAT_TEST_I386_EXEC_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static inline bool i386_exec_ok(void)
{
	static const unsigned char probe[] = {
		0x7f, 'E',  'L',  'F',	0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x02, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x54, 0x80,
		0x04, 0x08, 0x34, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x34, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x04, 0x08, 0x00,
		0x80, 0x04, 0x08, 0x5b, 0x00, 0x00, 0x00, 0x5b, 0x00, 0x00, 0x00, 0x05, 0x00,
		0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x31, 0xdb, 0x31, 0xc0, 0x40, 0xcd, 0x80,
	};
	static int known = -1;
	int fd, status;
	pid_t pid;

	if (known >= 0)
		return known;
	known = 0;
	/* As in i386.sh: pretend the kernel refuses i386 (tests the skips). */
	if (getenv("SECCOMPAT_TEST_NO_I386") && *getenv("SECCOMPAT_TEST_NO_I386"))
		return false;
	fd = memfd_create("i386-probe", MFD_CLOEXEC);
	if (fd < 0)
		return false;
	if (write(fd, probe, sizeof(probe)) != (ssize_t)sizeof(probe)) {
		close(fd);
		return false;
	}
	pid = fork();
	if (pid == 0) {
		char *const argv[] = {"i386-probe", NULL}, *const envp[] = {NULL};
		fexecve(fd, argv, envp);
		_exit(126);
	}
	close(fd);
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		known = 1;
	return known;
}

#endif
