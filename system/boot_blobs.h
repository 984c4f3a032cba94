/* SPDX-License-Identifier: MIT */
/* The boot images (firmware, kernel, initrd, DTB) as they were written to guest RAM at power-on,
   kept so that a machine reset can write them back (QEMU's ROM blobs). They are kept in an
   unlinked temporary file, so they cost page cache the host kernel can reclaim instead of
   tens of MiB of resident memory; in memory only when no temporary file can be made. */
#ifndef TERN_BOOT_BLOBS_H
#define TERN_BOOT_BLOBS_H

#include <stdbool.h>
#include <stdint.h>

struct MemMap;
typedef struct BootBlobs BootBlobs;

BootBlobs *boot_blobs_new(void);
void boot_blobs_free(BootBlobs *b);
/* Remember guest RAM [addr, addr+len) as it is now. False (with *err set) when it is not RAM
   or cannot be stored. */
bool boot_blobs_add(BootBlobs *b, const struct MemMap *m, uint64_t addr, uint64_t len,
                    const char **err);
/* Write every remembered range back to guest RAM. False with *bad_addr on failure. */
bool boot_blobs_restore(const BootBlobs *b, const struct MemMap *m, uint64_t *bad_addr);

#endif
