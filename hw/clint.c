/* SPDX-License-Identifier: MIT */
/* CLINT registers (SiFive CLINT / RISC-V ACLINT spec: MSWI msip, MTIMER mtimecmp and mtime).
   mtime is derived from the host monotonic clock since creation, plus an offset that guest
   writes to mtime adjust. MTIP of hart h is the level mtime >= mtimecmp[h]: evaluated on every
   register write and, while low, at a device timer set for the host time mtime reaches
   mtimecmp[h] (ACLINT spec 2.2: "a timer interrupt ... pending whenever mtime >= mtimecmp"). */
#include "clint.h"

#include <inttypes.h>
#include <stdlib.h>

#include "system/log.h"

#define NS_PER_TICK (1000000000ull / CLINT_FREQ_HZ)

typedef struct ClintHart {
    struct Clint *clint;
    IrqLine msip_line, mtip_line;
    uint32_t msip;
    uint64_t mtimecmp;
    int mtip;                      /* level last driven on mtip_line */
    DevTimer timer;
} ClintHart;

struct Clint {
    int n;
    uint64_t start_ns;
    uint64_t offset;               /* added to the host-derived count (guest mtime writes) */
    ClintHart hart[CLINT_MAX_HARTS];
};

uint64_t clint_mtime(void *opaque) {
    Clint *c = opaque;
    return (host_clock_ns() - c->start_ns) / NS_PER_TICK + c->offset;
}

/* The first host time at which mtime >= cmp, knowing mtime = now < cmp at present. */
static uint64_t host_time_of(const Clint *c, uint64_t now, uint64_t cmp) {
    uint64_t ahead = cmp - now, elapsed = now - c->offset;    /* ticks since start_ns */
    if (ahead > UINT64_MAX - elapsed)
        return TIMER_NEVER;
    uint64_t ticks = ahead + elapsed;
    if (ticks > (UINT64_MAX - c->start_ns) / NS_PER_TICK)
        return TIMER_NEVER;
    return c->start_ns + ticks * NS_PER_TICK;
}

static void update_mtip(ClintHart *h) {
    Clint *c = h->clint;
    uint64_t now = clint_mtime(c);
    int level = now >= h->mtimecmp;
    if (level != h->mtip) {
        h->mtip = level;
        irq_set(h->mtip_line, level);
    }
    timer_mod(&h->timer, level ? TIMER_NEVER : host_time_of(c, now, h->mtimecmp));
}

static void mtip_timer(void *opaque) { update_mtip(opaque); }

Clint *clint_create(const IrqLine *msip, const IrqLine *mtip, int n_harts, TimerList *timers) {
    if (n_harts < 0 || n_harts > CLINT_MAX_HARTS)
        return NULL;
    Clint *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n = n_harts;
    c->start_ns = host_clock_ns();
    for (int i = 0; i < n_harts; i++) {
        ClintHart *h = &c->hart[i];
        h->clint = c;
        h->msip_line = msip[i];
        h->mtip_line = mtip[i];
        h->mtimecmp = UINT64_MAX;
        if (!timer_init(&h->timer, timers, mtip_timer, h) && timers) {
            clint_free(c);
            return NULL;
        }
    }
    return c;
}

void clint_reset(Clint *c) {
    for (int i = 0; i < c->n; i++) {
        ClintHart *h = &c->hart[i];
        h->msip = 0;
        irq_set(h->msip_line, 0);
        h->mtimecmp = UINT64_MAX;
        update_mtip(h);
    }
}

void clint_free(Clint *c) {
    if (!c)
        return;
    for (int i = 0; i < c->n; i++)
        timer_remove(&c->hart[i].timer);
    free(c);
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
            return c->hart[hart].msip;
        if (hart + 1 < (uint64_t)c->n && size == 8 && !(off & 7))
            return c->hart[hart].msip | (uint64_t)c->hart[hart + 1].msip << 32;
    } else if (off >= CLINT_MTIMECMP && off < CLINT_MTIME) {
        uint64_t hart = (off - CLINT_MTIMECMP) / 8;
        unsigned sub = (off - CLINT_MTIMECMP) & 7;
        if (hart < (uint64_t)c->n && (sub == 0 || (sub == 4 && size == 4)))
            return (c->hart[hart].mtimecmp >> (8 * sub)) & mask_of(size);
    } else if (off == CLINT_MTIME || (off == CLINT_MTIME + 4 && size == 4)) {
        return (clint_mtime(c) >> (8 * (off - CLINT_MTIME))) & mask_of(size);
    }
    guest_error("read of an unimplemented register", off, size);
    return 0;
}

static void set_msip(Clint *c, uint64_t hart, uint32_t val) {
    c->hart[hart].msip = val & 1;
    irq_set(c->hart[hart].msip_line, (int)(val & 1));
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
            ClintHart *h = &c->hart[hart];
            h->mtimecmp = merge64(h->mtimecmp, sub, val, size);
            update_mtip(h);
            return;
        }
    } else if (off == CLINT_MTIME || (off == CLINT_MTIME + 4 && size == 4)) {
        uint64_t now = clint_mtime(c);
        uint64_t want = merge64(now, (unsigned)(off - CLINT_MTIME), val, size);
        c->offset += want - now;
        /* Every comparison moved relative to the host clock. */
        for (int i = 0; i < c->n; i++)
            update_mtip(&c->hart[i]);
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
