/* SPDX-License-Identifier: MIT */
/* -daemonize and -pidfile as QEMU's os-posix.c does them: the parent waits until the child has
   set the machine up (its errors still reach the terminal), then exits 0, or 1 when the child
   failed; the pid file is locked (lockf) while tern runs and removed at exit. */
#ifndef TERN_DAEMON_H
#define TERN_DAEMON_H

#include <stdbool.h>

/* Forks. Only the child returns (true, *ready_fd set), in a new session; the parent exits
   with the child's verdict. false with a message when fork fails. */
bool daemon_start(int *ready_fd);
/* In the child, everything set up: tell the parent, and let go of the terminal (stdin,
   stdout and stderr on /dev/null, working directory /). */
void daemon_ready(int ready_fd);
/* Write our pid to path, locked; removed at exit. false with a message when another process
   holds it or it cannot be written. */
bool pidfile_create(const char *path);

#endif
