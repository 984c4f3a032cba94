/* SPDX-License-Identifier: MIT */
/* Guest image loading: ELF64 executables of the CPU's machine (PT_LOAD segments at their
   physical address, symbols from .symtab), raw images at a fixed address and gzip. Every
   field of the file is checked before memory is touched; errors come back as text naming the
   problem, never a crash. */
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
   does for -kernel). An ELF must be for e_machine machine (the CPU's CpuClass.elf_machine).
   False with img->error set on failure. */
bool loader_load_kernel(const MemMap *mem, const char *path, uint64_t raw_base,
                        uint16_t machine, LoadedImage *img);
/* The same from a buffer already in memory. */
bool loader_load_elf_buf(const MemMap *mem, const uint8_t *buf, size_t len, uint16_t machine,
                         LoadedImage *img);
bool loader_load_raw_buf(const MemMap *mem, const uint8_t *buf, size_t len, uint64_t addr,
                         LoadedImage *img);
/* Read a whole file; false with err set (errno text). *buf is malloc'ed. */
bool loader_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen);
/* Exactly len bytes of fd from offset off (retries short reads); false with err set. */
bool loader_pread_all(int fd, uint8_t *dst, uint64_t len, uint64_t off, char *err,
                      size_t errlen);
/* The same as loader_read_file, and keep the file open: *fd_out and its fstat taken before
   reading. */
struct stat;
bool loader_read_file_fd(const char *path, uint8_t **buf, size_t *len, int *fd_out,
                         struct stat *st_out, char *err, size_t errlen);
/* Value and size of a symbol of a loaded ELF; false if absent. */
bool loader_find_symbol(const LoadedImage *img, const char *name, uint64_t *value,
                        uint64_t *size);
void loader_image_free(LoadedImage *img);

/* buf starts with the gzip magic (RFC 1952: 1f 8b, deflate method 8). */
bool loader_is_gzip(const uint8_t *buf, size_t len);
/* Decompress a whole gzip file of at most max_out bytes into a malloc'ed buffer. False with
   err set on corrupt, truncated or oversized data. */
bool loader_gunzip(const uint8_t *in, size_t len, size_t max_out, uint8_t **out,
                   size_t *out_len, char *err, size_t errlen);

#endif
