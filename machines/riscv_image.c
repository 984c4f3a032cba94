/* SPDX-License-Identifier: MIT */
/* RISC-V Linux Image header parsing (riscv_image.h). */
#include "machines/riscv_image.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static uint64_t get_le(const uint8_t *p, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

int riscv_image_header(const uint8_t *buf, size_t len, RiscvImageHeader *h, char *err,
                              size_t errlen) {
    static const uint8_t magic[8] = "RISCV\0\0";
    static const uint8_t magic2[4] = { 'R', 'S', 'C', 0x05 };
    bool m1 = len >= 0x38 && !memcmp(buf + 0x30, magic, sizeof magic);
    bool m2 = len >= 0x3c && !memcmp(buf + 0x38, magic2, sizeof magic2);
    if (!m1 && !m2)
        return 0;
    if (len < RISCV_IMAGE_HEADER_SIZE) {
        snprintf(err, errlen, "truncated RISC-V Image: %zu bytes, the header alone needs %u",
                 len, RISCV_IMAGE_HEADER_SIZE);
        return -1;
    }
    memset(h, 0, sizeof *h);
    h->text_offset = get_le(buf + 0x08, 8);
    h->image_size = get_le(buf + 0x10, 8);
    h->flags = get_le(buf + 0x18, 8);
    h->version = (uint32_t)get_le(buf + 0x20, 4);
    if (h->flags & 1) {
        snprintf(err, errlen, "RISC-V Image is big-endian (flags 0x%" PRIx64 "); tern runs "
                 "little-endian kernels", h->flags);
        return -1;
    }
    if (h->version >> 16) {
        snprintf(err, errlen, "RISC-V Image header version %u.%u is not supported (0.x)",
                 h->version >> 16, h->version & 0xffff);
        return -1;
    }
    /* Kernels must start on a page boundary; 1 GiB is far beyond any real text_offset. */
    if ((h->text_offset & 0xfff) || h->text_offset >= (1ull << 30)) {
        snprintf(err, errlen, "malformed RISC-V Image header: text_offset 0x%" PRIx64
                 " (must be page-aligned and below 1 GiB)", h->text_offset);
        return -1;
    }
    /* Header v0.1 kernels may leave image_size 0: the file is all there is. */
    if (h->image_size == 0)
        h->image_size = len;
    if (h->image_size < len) {
        snprintf(err, errlen, "malformed RISC-V Image header: image_size 0x%" PRIx64
                 " is smaller than the file (%zu bytes)", h->image_size, len);
        return -1;
    }
    return 1;
}
