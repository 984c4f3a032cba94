/* SPDX-License-Identifier: MIT */
/* The RISC-V Linux Image header (Linux Documentation/arch/riscv/boot-image-header.rst), as the
   RISC-V boards' -kernel loading reads it (QEMU: hw/riscv/boot.c). */
#ifndef TERN_RISCV_IMAGE_H
#define TERN_RISCV_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* RISC-V Linux Image header (Linux Documentation/arch/riscv/boot-image-header.rst): 64 bytes,
   magic "RISCV\0\0\0" at 0x30 (deprecated) and magic2 "RSC\x05" at 0x38. */
#define RISCV_IMAGE_HEADER_SIZE 64u
typedef struct RiscvImageHeader {
    uint64_t text_offset;       /* load offset from the start of RAM */
    uint64_t image_size;        /* memory the kernel occupies (file + bss); never 0 here */
    uint64_t flags;
    uint32_t version;           /* major << 16 | minor */
} RiscvImageHeader;
/* 1: buf is an Image (h filled in); 0: no Image magic (another format); -1: the magic is there
   but the header is unusable (err says why). */
int riscv_image_header(const uint8_t *buf, size_t len, RiscvImageHeader *h, char *err,
                              size_t errlen);

#endif
