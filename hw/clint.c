/* SPDX-License-Identifier: MIT */
/* CLINT registers (SiFive CLINT / RISC-V ACLINT spec: MSWI msip, MTIMER mtimecmp and mtime).
   mtime is derived from the host monotonic clock since creation, plus an offset that guest
   writes to mtime adjust. Timer interrupts are evaluated by the hart from mtimecmp. */
#include "clint.h"

#include <inttypes.h>
#include <stdlib.h>

#include "system/log.h"
#include "system/machine.h"

#define NS_PER_TICK (1000000000ull / CLINT_FREQ_HZ)

struct Clint {
    RVCPU *harts[MACHINE_MAX_CPUS];
    int n;
    uint32_t msip[MACHINE_MAX_CPUS];
    uint64_t start_ns;
    uint64_t offset;               /* added to the host-derived count (guest mtime writes) */
};

Clint *clint_create(RVCPU **harts, int n_harts) {
    if (n_harts < 0 || n_harts > MACHINE_MAX_CPUS)
        return NULL;
    Clint *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n = n_harts;
    c->start_ns = host_clock_ns();
    for (int i = 0; i < n_harts; i++) {
        c->harts[i] = harts[i];
        harts[i]->read_mtime = clint_mtime;
        harts[i]->mtime_opaque = c;
    }
    return c;
}

void clint_free(Clint *c) { free(c); }

uint64_t clint_mtime(void *opaque) {
    Clint *c = opaque;
    return (host_clock_ns() - c->start_ns) / NS_PER_TICK + c->offset;
}

static uint64_t mask_of(unsigned size) { return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1; }

/* Merge a 4- or 8-byte write at byte offset sub (0 or 4) into a 64-bit register. */
static uint64_t merge64(uint64_t old, unsigned sub, uint64_t val, unsigned size) {
    uint64_t m = mask_of(size) << (8 * sub);
    return (old & ~m) | ((val << (8 * sub)) & m);
}

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("clint: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static uint64_t clint_read(void *opaque, uint64_t off, unsigned size) {
    Clint *c = opaque;
    if (off < CLINT_MTIMECMP) {
        uint64_t hart = off / 4;
        if (hart < (uint64_t)c->n && size == 4 && !(off & 3))
            return c->msip[hart];
        if (hart + 1 < (uint64_t)c->n && size == 8 && !(off & 7))
            return c->msip[hart] | (uint64_t)c->msip[hart + 1] << 32;
    } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIME) {
        uint64_t hart = (off - CLINT_MTIMECMP) / 8;
        unsigned sub = (off - CLINT_MTIMECMP) & 7;
        if (hart < (uint64_t)c->n && (sub == 0 || (sub == 4 && size == 4)))
            return (c->harts[hart]->mtimecmp >> (8 * sub)) & mask_of(size);
    } else if (off == CLINT_MTIME || (off == CLINT_MTIME + 4 && size == 4)) {
        return (clint_mtime(c) >> (8 * (off - CLINT_MTIME))) & mask_of(size);
    }
    guest_error("read of an unimplemented register", off, size);
    return 0;
}

static void set_msip(Clint *c, uint64_t hart, uint32_t val) {
    c->msip[hart] = val & 1;
    rv_cpu_set_irq(c->harts[hart], RV_IRQ_MSI, (int)(val & 1));
}

static void clint_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    Clint *c = opaque;
    if (off < CLINT_MTIMECMP) {
        uint64_t hart = off / 4;
        if (hart < (uint64_t)c->n && size == 4 && !(off & 3)) {
            set_msip(c, hart, (uint32_t)val);
            return;
        }
        if (hart + 1 < (uint64_t)c->n && size == 8 && !(off & 7)) {
            set_msip(c, hart, (uint32_t)val);
            set_msip(c, hart + 1, (uint32_t)(val >> 32));
            return;
        }
    } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIME) {
        uint64_t hart = (off - CLINT_MTIMECMP) / 8;
        unsigned sub = (off - CLINT_MTIMECMP) & 7;
        if (hart < (uint64_t)c->n && (sub == 0 || (sub == 4 && size == 4))) {
            RVCPU *cpu = c->harts[hart];
            rv_cpu_update_mtimecmp(cpu, merge64(cpu->mtimecmp, sub, val, size));
            return;
        }
    } else if (off == CLINT_MTIME || (off == CLINT_MTIME + 4 && size == 4)) {
        uint64_t now = clint_mtime(c);
        uint64_t want = merge64(now, (unsigned)(off - CLINT_MTIME), val, size);
        c->offset += want - now;
        /* Every deadline moved relative to the host clock: let each hart re-arm its timer. */
        for (int i = 0; i < c->n; i++)
            rv_cpu_update_mtimecmp(c->harts[i], c->harts[i]->mtimecmp);
        return;
    }
    guest_error("write to an unimplemented register", off, size);
}

static const MmioOps clint_ops = {
    .read = clint_read, .write = clint_write, .min_size = 4, .max_size = 8,
};

bool clint_map(Clint *c, MemMap *mem, uint64_t base) {
    return memmap_add_mmio(mem, "riscv.clint", base, CLINT_SIZE, &clint_ops, c) != NULL;
}
