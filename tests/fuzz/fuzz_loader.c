/* SPDX-License-Identifier: MIT */
/* Fuzz target: the kernel loaders (system/loader.c, machines/riscv_image.c) on a whole file as
   -kernel would read it: gzip is inflated (at most the RAM size, as machines/virt.c asks), then
   the RISC-V Image header is checked, an ELF is loaded (segments, entry, .symtab, symbol
   lookup) or the bytes are placed raw. Guest memory: 1 MiB of RAM at 0x80000000 in an exact-size malloc
   (AddressSanitizer sees any write outside it), a device page below it that must never be
   written, and 64 KiB more RAM right after it. The input is the file. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "machines/riscv_image.h"
#include "system/loader.h"
#include "system/memmap.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1u << 20)
#define RAM2_SIZE (64u << 10)

static uint8_t *ram, *ram2;
static MemRegion regions[3];
static MemMap mm;

static uint64_t dev_rd(void *o, uint64_t off, unsigned s) {
    (void)o; (void)off; (void)s;
    abort();   /* loaders write RAM only */
}
static void dev_wr(void *o, uint64_t off, uint64_t v, unsigned s) {
    (void)o; (void)off; (void)v; (void)s;
    abort();
}
static const MmioOps dev_ops = {.read = dev_rd, .write = dev_wr, .min_size = 1, .max_size = 8};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    ram = malloc(RAM_SIZE);
    ram2 = malloc(RAM2_SIZE);
    regions[0] = (MemRegion){.name = "dev", .base = RAM_BASE - 0x1000, .size = 0x1000,
                             .ops = &dev_ops};
    regions[1] = (MemRegion){.name = "ram", .base = RAM_BASE, .size = RAM_SIZE, .ram = ram};
    regions[2] = (MemRegion){.name = "ram2", .base = RAM_BASE + RAM_SIZE, .size = RAM2_SIZE,
                             .ram = ram2};
    mm.regions = regions;
    mm.n = 3;
    mm.hot = 2;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *owned = NULL;
    const uint8_t *buf = data;
    size_t len = size;
    char err[256];
    if (loader_is_gzip(data, size)) {
        if (!loader_gunzip(data, size, RAM_SIZE, &owned, &len, err, sizeof err))
            return 0;
        if (len > RAM_SIZE)
            abort();   /* max_out not honoured */
        buf = owned;
    }
    RiscvImageHeader h;
    int kind = riscv_image_header(buf, len, &h, err, sizeof err);
    LoadedImage img;
    if (len >= 4 && !memcmp(buf, "\x7f" "ELF", 4)) {
        /* The CPU's machine: RISC-V, or AArch64 when the file says so. */
        uint16_t machine = len > 19 && buf[18] == 183 && buf[19] == 0 ? 183 : 243;
        if (loader_load_elf_buf(&mm, buf, len, machine, &img)) {
            if (img.low < RAM_BASE || img.high > RAM_BASE + RAM_SIZE + RAM2_SIZE ||
                img.low >= img.high)
                abort();   /* the loaded range must be the RAM the segments were checked in */
            uint64_t v, s;
            loader_find_symbol(&img, "tohost", &v, &s);
            for (size_t i = 0; i < img.n_syms; i++)
                if (!loader_find_symbol(&img, img.syms[i].name, &v, &s))
                    abort();
            loader_image_free(&img);
        }
    } else if (kind >= 0) {
        uint64_t need = kind > 0 ? h.image_size : len;
        uint64_t start = RAM_BASE + (kind > 0 ? h.text_offset : 0);
        if (need <= RAM_SIZE && start - RAM_BASE <= RAM_SIZE - need &&
            loader_load_raw_buf(&mm, buf, len, start, &img))
            loader_image_free(&img);
    }
    free(owned);
    return 0;
}
