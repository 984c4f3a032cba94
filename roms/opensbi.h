/* SPDX-License-Identifier: MIT */
/* OpenSBI as the virt board's default firmware (-bios default): where Debian's `opensbi`
   package installs fw_dynamic.bin, and the struct fw_dynamic_info that the previous boot stage
   hands to it in a2 (OpenSBI docs/firmware/fw_dynamic.md, include/sbi/fw_dynamic.h). */
#ifndef TERN_OPENSBI_H
#define TERN_OPENSBI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPENSBI_DEFAULT_PATH "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

#define FW_DYNAMIC_INFO_MAGIC 0x4942534full     /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION 2ull
#define FW_DYNAMIC_INFO_NEXT_MODE_U 0ull
#define FW_DYNAMIC_INFO_NEXT_MODE_S 1ull
#define FW_DYNAMIC_INFO_NEXT_MODE_M 3ull
#define FW_DYNAMIC_INFO_SIZE 48u                 /* six XLEN (64-bit) words */

/* Path of the default firmware. TERN_OPENSBI overrides the built-in path (for tests and
   non-Debian hosts). False with a message telling how to install it when the file is absent. */
bool opensbi_default_path(char *path, size_t n, char *err, size_t errlen);

/* Little-endian fw_dynamic_info v2: magic, version, next_addr, next_mode, options (0),
   boot_hart (the preferred boot hart; QEMU passes 0). */
void opensbi_fw_dynamic_info(uint8_t out[FW_DYNAMIC_INFO_SIZE], uint64_t next_addr,
                             uint64_t next_mode, uint64_t boot_hart);

#endif
