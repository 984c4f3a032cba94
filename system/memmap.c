/* SPDX-License-Identifier: MIT */
/* Guest physical address space: sorted region array, binary search, bounds-checked access.
   A device added inside a RAM region splits the RAM around itself (like QEMU's spike HTIF
   overlay); the RAM pieces keep sharing one host buffer. */
#include "memmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "system/bql.h"

#define PAGE_BITS 12

/* Host buffers we allocated, to free them once. */
typedef struct RamAlloc { uint8_t *buf, *code; uint64_t size; } RamAlloc;
static RamAlloc *allocs;
static int n_allocs;

void memmap_init(MemMap *m) { memset(m, 0, sizeof *m); }

void memmap_free(MemMap *m) {
    for (int i = 0; i < n_allocs; i++) {
        munmap(allocs[i].buf, allocs[i].size);
        free(allocs[i].code);
    }
    free(allocs);
    allocs = NULL;
    n_allocs = 0;
    free(m->regions);
    memset(m, 0, sizeof *m);
}

/* memmap_find tries the largest RAM region first: nearly every lookup lands there. */
static void pick_hot(MemMap *m) {
    m->hot = 0;
    uint64_t best = 0;
    for (int i = 0; i < m->n; i++)
        if (m->regions[i].ram && m->regions[i].size > best) {
            best = m->regions[i].size;
            m->hot = i + 1;
        }
}

static MemRegion *insert(MemMap *m, MemRegion r) {
    MemRegion *nr = realloc(m->regions, (size_t)(m->n + 1) * sizeof *nr);
    if (!nr)
        return NULL;
    m->regions = nr;
    int i = m->n;
    while (i > 0 && m->regions[i - 1].base > r.base) {
        m->regions[i] = m->regions[i - 1];
        i--;
    }
    m->regions[i] = r;
    m->n++;
    pick_hot(m);
    return &m->regions[i];
}

static bool overlaps(const MemMap *m, uint64_t base, uint64_t size, int *idx) {
    for (int i = 0; i < m->n; i++) {
        const MemRegion *r = &m->regions[i];
        if (base < r->base + r->size && r->base < base + size) {
            *idx = i;
            return true;
        }
    }
    return false;
}

MemRegion *memmap_add_ram(MemMap *m, const char *name, uint64_t base, uint64_t size) {
    int idx;
    if (size == 0 || base + size < base || overlaps(m, base, size, &idx)) {
        fprintf(stderr, "tern: RAM region %s at 0x%llx overlaps another region\n", name,
                (unsigned long long)base);
        return NULL;
    }
    uint8_t *buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
                        MAP_NORESERVE, -1, 0);
    uint8_t *code = calloc((size + (1u << PAGE_BITS) - 1) >> PAGE_BITS, 1);
    RamAlloc *na = realloc(allocs, (size_t)(n_allocs + 1) * sizeof *na);
    if (buf == MAP_FAILED || !code || !na) {
        fprintf(stderr, "tern: cannot allocate %llu MiB of guest RAM\n",
                (unsigned long long)(size >> 20));
        if (buf != MAP_FAILED)
            munmap(buf, size);
        free(code);
        if (na)
            allocs = na;
        return NULL;
    }
    allocs = na;
    allocs[n_allocs++] = (RamAlloc){buf, code, size};
    return insert(m, (MemRegion){.name = name, .base = base, .size = size, .ram = buf,
                                 .code_pages = code, .code_base = base});
}

MemRegion *memmap_add_mmio(MemMap *m, const char *name, uint64_t base, uint64_t size,
                           const MmioOps *ops, void *opaque) {
    int idx;
    if (size == 0 || base + size < base) {
        fprintf(stderr, "tern: bad device region %s\n", name);
        return NULL;
    }
    if (overlaps(m, base, size, &idx)) {
        MemRegion r = m->regions[idx];
        /* Only a device wholly inside one RAM region may overlay it, on whole pages' bounds
           of the RAM kept on either side (so code-page bookkeeping stays per page). */
        if (!r.ram || base < r.base || base + size > r.base + r.size) {
            fprintf(stderr, "tern: device region %s at 0x%llx overlaps %s\n", name,
                    (unsigned long long)base, r.name);
            return NULL;
        }
        memmove(&m->regions[idx], &m->regions[idx + 1],
                (size_t)(m->n - idx - 1) * sizeof *m->regions);
        m->n--;
        pick_hot(m);
        if (base > r.base) {
            MemRegion lo = r;
            lo.size = base - r.base;
            if (!insert(m, lo))
                return NULL;
        }
        if (base + size < r.base + r.size) {
            MemRegion hi = r;
            uint64_t skip = base + size - r.base;
            hi.base = base + size;
            hi.size = r.size - skip;
            hi.ram = r.ram + skip;
            if (!insert(m, hi))
                return NULL;
        }
    }
    return insert(m, (MemRegion){.name = name, .base = base, .size = size, .ops = ops,
                                 .opaque = opaque});
}

MemRegion *memmap_find(const MemMap *m, uint64_t paddr) {
    if (m->hot) {
        MemRegion *r = &m->regions[m->hot - 1];
        if (paddr - r->base < r->size)
            return r;
    }
    int lo = 0, hi = m->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        MemRegion *r = &m->regions[mid];
        if (paddr < r->base)
            hi = mid - 1;
        else if (paddr - r->base >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

uint8_t *memmap_ram_ptr(const MemMap *m, uint64_t paddr, uint64_t len) {
    MemRegion *r = memmap_find(m, paddr);
    if (!r || !r->ram || len > r->size - (paddr - r->base))
        return NULL;
    return r->ram + (paddr - r->base);
}

static uint64_t mmio_read(const MemRegion *r, uint64_t off, unsigned size) {
    const MmioOps *o = r->ops;
    if (size < o->min_size) {
        unsigned w = o->min_size;
        uint64_t aligned = off & ~(uint64_t)(w - 1);
        uint64_t v = o->read(r->opaque, aligned, w);
        v >>= 8 * (off - aligned);
        return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
    }
    if (size > o->max_size) {
        uint64_t v = 0;
        unsigned w = o->max_size;
        for (unsigned i = 0; i < size; i += w)
            v |= o->read(r->opaque, off + i, w) << (8 * i);
        return v;
    }
    return o->read(r->opaque, off, size);
}

static void mmio_write(const MemRegion *r, uint64_t off, uint64_t val, unsigned size) {
    const MmioOps *o = r->ops;
    if (size < o->min_size) {
        /* Read-modify-write of the smallest access the device allows. */
        unsigned w = o->min_size;
        uint64_t aligned = off & ~(uint64_t)(w - 1);
        unsigned sh = 8 * (unsigned)(off - aligned);
        uint64_t mask = (size == 8 ? ~0ull : ((1ull << (8 * size)) - 1)) << sh;
        uint64_t v = o->read(r->opaque, aligned, w);
        o->write(r->opaque, aligned, (v & ~mask) | ((val << sh) & mask), w);
        return;
    }
    if (size > o->max_size) {
        unsigned w = o->max_size;
        for (unsigned i = 0; i < size; i += w)
            o->write(r->opaque, off + i, val >> (8 * i), w);
        return;
    }
    o->write(r->opaque, off, val, size);
}

bool memmap_read(const MemMap *m, uint64_t paddr, unsigned size, uint64_t *val) {
    MemRegion *r = memmap_find(m, paddr);
    if (!r || size > r->size - (paddr - r->base))
        return false;
    if (r->ram) {
        uint64_t v = 0;
        memcpy(&v, r->ram + (paddr - r->base), size);
        *val = v;
    } else {
        bql_lock();
        *val = mmio_read(r, paddr - r->base, size);
        bql_unlock();
    }
    return true;
}

bool memmap_write(const MemMap *m, uint64_t paddr, unsigned size, uint64_t val) {
    MemRegion *r = memmap_find(m, paddr);
    if (!r || size > r->size - (paddr - r->base))
        return false;
    if (r->ram)
        memcpy(r->ram + (paddr - r->base), &val, size);
    else {
        bql_lock();
        mmio_write(r, paddr - r->base, val, size);
        bql_unlock();
    }
    return true;
}

void memmap_set_code_notifier(MemMap *m, void (*fn)(void *, uint64_t, uint64_t), void *opaque) {
    m->code_written = fn;
    m->code_opaque = opaque;
}

void memmap_dma_written(const MemMap *m, uint64_t paddr, uint64_t len) {
    if (!m->code_written || len == 0)
        return;
    MemRegion *r = memmap_find(m, paddr);
    if (!r || !r->ram || !r->code_pages)
        return;
    uint64_t end = paddr + len;
    for (uint64_t p = paddr & ~4095ull; p < end; p += 4096) {
        uint64_t lo = p < paddr ? paddr : p;
        uint64_t hi = p + 4096 < end ? p + 4096 : end;
        if (*memmap_code_page(r, lo))
            m->code_written(m->code_opaque, lo, hi - lo);
    }
}

bool memmap_write_buf(const MemMap *m, uint64_t paddr, const void *src, uint64_t len) {
    if (len == 0)
        return true;
    uint8_t *p = memmap_ram_ptr(m, paddr, len);
    if (!p)
        return false;
    memcpy(p, src, len);
    memmap_dma_written(m, paddr, len);
    return true;
}

bool memmap_read_buf(const MemMap *m, uint64_t paddr, void *dst, uint64_t len) {
    if (len == 0)
        return true;
    uint8_t *p = memmap_ram_ptr(m, paddr, len);
    if (!p)
        return false;
    memcpy(dst, p, len);
    return true;
}

void memmap_print(const MemMap *m, void (*out)(void *ctx, const char *line), void *ctx) {
    char line[160];
    for (int i = 0; i < m->n; i++) {
        const MemRegion *r = &m->regions[i];
        snprintf(line, sizeof line, "%016llx-%016llx (prio 0, %s): %s",
                 (unsigned long long)r->base, (unsigned long long)(r->base + r->size - 1),
                 r->ram ? "ram" : "i/o", r->name);
        out(ctx, line);
    }
}
