/* SPDX-License-Identifier: MIT */
/* The guest physical address space: a sorted flat array of regions, each RAM (a host buffer)
   or a device (MmioOps). Every physical access by the CPU, a device's DMA or a loader goes
   through here and is bounds-checked; nothing outside a region is ever touched. */
#ifndef TERN_MEMMAP_H
#define TERN_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct MmioOps {
    uint64_t (*read)(void *opaque, uint64_t off, unsigned size);
    void (*write)(void *opaque, uint64_t off, uint64_t val, unsigned size);
    unsigned min_size, max_size;   /* allowed access sizes in bytes; others are split/widened */
} MmioOps;

typedef struct MemRegion {
    const char *name;
    uint64_t base, size;
    uint8_t *ram;                  /* RAM: host buffer of size bytes; NULL for devices */
    uint8_t *code_pages;           /* RAM: per 4 KiB page, nonzero when it holds translated code */
    uint64_t code_base;            /* RAM: physical address of code_pages[0]'s page */
    const MmioOps *ops;            /* devices */
    void *opaque;
} MemRegion;

typedef struct MemMap {
    MemRegion *regions;            /* sorted by base, non-overlapping */
    int n;
    int hot;                       /* 1 + index of the largest RAM region; 0 = none */
    /* Told when RAM holding translated code (code_pages) is written other than by a CPU
       store: the TB cache (memmap_set_code_notifier). */
    void (*code_written)(void *opaque, uint64_t paddr, uint64_t len);
    void *code_opaque;
} MemMap;

void memmap_init(MemMap *m);
void memmap_free(MemMap *m);       /* frees RAM buffers it allocated */
/* Returns the region, or NULL with a message on stderr when it overlaps another. */
MemRegion *memmap_add_ram(MemMap *m, const char *name, uint64_t base, uint64_t size);
MemRegion *memmap_add_mmio(MemMap *m, const char *name, uint64_t base, uint64_t size,
                           const MmioOps *ops, void *opaque);
MemRegion *memmap_find(const MemMap *m, uint64_t paddr);
/* The code-page byte of a RAM region's page holding paddr. */
static inline uint8_t *memmap_code_page(const MemRegion *r, uint64_t paddr) {
    return &r->code_pages[(paddr - r->code_base) >> 12];
}
/* Host pointer for [paddr, paddr+len) when it lies inside one RAM region, else NULL. */
uint8_t *memmap_ram_ptr(const MemMap *m, uint64_t paddr, uint64_t len);
/* Physical accesses of 1, 2, 4 or 8 bytes (little-endian); false if nothing is mapped there. */
bool memmap_read(const MemMap *m, uint64_t paddr, unsigned size, uint64_t *val);
bool memmap_write(const MemMap *m, uint64_t paddr, unsigned size, uint64_t val);
/* Who keeps translations of guest code (the TB cache) registers here; NULL unregisters. */
void memmap_set_code_notifier(MemMap *m, void (*fn)(void *opaque, uint64_t paddr, uint64_t len),
                              void *opaque);
/* A device (DMA through a host pointer) wrote [paddr, paddr+len) of RAM: the code notifier
   hears of the pieces on pages holding translated code. CPU thread only, like the TB cache. */
void memmap_dma_written(const MemMap *m, uint64_t paddr, uint64_t len);
/* Bulk copies for loaders and DMA; false (nothing copied) unless wholly inside RAM. Writes
   notify as memmap_dma_written does. */
bool memmap_write_buf(const MemMap *m, uint64_t paddr, const void *src, uint64_t len);
bool memmap_read_buf(const MemMap *m, uint64_t paddr, void *dst, uint64_t len);
void memmap_print(const MemMap *m, void (*out)(void *ctx, const char *line), void *ctx);

#endif
