/* SPDX-License-Identifier: MIT */
/* Disk image locking as QEMU's file-posix driver does it (block/file-posix.c, "lock bytes"),
   so that two tern processes, or tern and QEMU, never write one image at the same time.
   Open file description locks (fcntl F_OFD_SETLK, Linux >= 3.15) on single bytes: byte 100+i
   read-locked means "I use permission i", byte 200+i read-locked means "I do not let others
   use permission i". A writer uses read and write and shares neither write nor resize; a
   reader (read-only or -snapshot) uses read and does not share write. So readers coexist and
   a writer excludes everyone, QEMU included. The locks go away with the descriptor. */
#ifndef TERN_IMAGE_LOCK_H
#define TERN_IMAGE_LOCK_H

#include <stdbool.h>
#include <stddef.h>

/* Locks the image open on fd for writing (write) or reading. false with a one-line message
   in err when another process holds a conflicting lock (QEMU's wording: Failed to get "write"
   lock ... Is another process using the image [path]?). A file system without OFD locks gets
   a warning on stderr and no lock, as QEMU's locking=auto does. */
bool image_lock(int fd, bool write, const char *path, char *err, size_t errlen);

#endif
