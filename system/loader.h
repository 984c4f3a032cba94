/* SPDX-License-Identifier: MIT */
/* Guest image loading: ELF64 RISC-V executables (PT_LOAD segments at their physical address,
   symbols from .symtab) and raw images at a fixed address. Every field of the file is checked
   before memory is touched; errors come back as text naming the problem, never a crash. */
#ifndef TERN_LOADER_H
#define TERN_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/memmap.h"

typedef struct LoaderSym {
    char *name;
    uint64_t value, size;
} LoaderSym;

typedef struct LoadedImage {
    bool is_elf;
    uint64_t entry;
    uint64_t low, high;         /* lowest loaded address and one past the highest */
    LoaderSym *syms;            /* ELF .symtab entries with a name */
    size_t n_syms;
    char error[256];            /* why loading failed (without the file name) */
} LoadedImage;

/* Load path: an ELF when it starts with the ELF magic, else a raw image at raw_base (as QEMU
   does for -kernel). False with img->error set on failure. */
bool loader_load_kernel(const MemMap *mem, const char *path, uint64_t raw_base,
                        LoadedImage *img);
/* The same from a buffer already in memory. */
bool loader_load_elf_buf(const MemMap *mem, const uint8_t *buf, size_t len, LoadedImage *img);
bool loader_load_raw_buf(const MemMap *mem, const uint8_t *buf, size_t len, uint64_t addr,
                         LoadedImage *img);
/* Read a whole file; false with err set (errno text). *buf is malloc'ed. */
bool loader_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen);
/* Value and size of a symbol of a loaded ELF; false if absent. */
bool loader_find_symbol(const LoadedImage *img, const char *name, uint64_t *value,
                        uint64_t *size);
void loader_image_free(LoadedImage *img);

#endif
