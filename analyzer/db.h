/* SPDX-License-Identifier: MIT */
/* Builders of the data files under db/. Both return an EXIT_* code. */
#ifndef SECCOMPAT_DB_H
#define SECCOMPAT_DB_H

#include "cli.h"

/* db import-systemd FILE --version N: systemd-analyze syscall-filter output
 * into a group table (sysgroups.c). */
int db_import_systemd(const char *file, const struct options *o);
/* db build-libc LIBC: each export's syscalls (libcmap.c). */
int db_build_libc(const char *libc, const struct options *o);

#endif
