/* SPDX-License-Identifier: MIT */
/* The boot images (firmware, kernel, initrd, DTB) as they were written to guest RAM at power-on,
   so that a machine reset can write them back (QEMU's ROM blobs). An image copied verbatim
   from a file is not duplicated: the file stays open and is read again at reset, after
   checking (fstat) that it has not changed since it was loaded; a file replaced by rename
   keeps its old contents behind the open descriptor. Anything else is a copy in memory. */
#ifndef TERN_BOOT_BLOBS_H
#define TERN_BOOT_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct MemMap;
typedef struct BootBlobs BootBlobs;

BootBlobs *boot_blobs_new(void);
void boot_blobs_free(BootBlobs *b);
/* Remember guest RAM [addr, addr+len) as it is now (a copy). False with *err set when it is
   not RAM or memory runs out. */
bool boot_blobs_add(BootBlobs *b, const struct MemMap *m, uint64_t addr, uint64_t len,
                    const char **err);
/* Guest RAM [addr, addr+len) holds bytes [0, len) of the open file fd, whose fstat before it
   was read is *st. Takes fd (closed on failure too). */
bool boot_blobs_add_file(BootBlobs *b, uint64_t addr, uint64_t len, int fd,
                         const struct stat *st, const char *path, const char **err);
/* Write every remembered range back to guest RAM; false with a message in err. */
bool boot_blobs_restore(const BootBlobs *b, const struct MemMap *m, char *err, size_t errlen);

#endif
