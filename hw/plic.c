/* SPDX-License-Identifier: MIT */
/* PLIC core and level-triggered gateways (RISC-V PLIC spec 1.0.0, "Interrupt Gateways",
   "Interrupt Claim Process", "Interrupt Completion"): a source is pending while its line is
   high and it is not in flight; a claim takes it in flight, completion re-samples the line.
   Each context's external-interrupt output is the "pending, enabled, priority > threshold"
   condition, driven on the context's output line. */
#include "plic.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "system/log.h"

struct Plic {
    IrqLine *ctx_out;             /* per context */
    int n_ctx, n_sources, n_words;
    uint8_t *prio;                /* per source */
    uint32_t *level;              /* input line levels, bit per source */
    uint32_t *pending;
    uint32_t *claimed;            /* in flight: claimed and not yet completed */
    uint32_t *enable;             /* n_ctx rows of n_words */
    uint32_t *threshold;          /* per context */
    uint8_t *out;                 /* per context: level last driven on its line */
};

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("plic: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static bool bit_of(const uint32_t *w, int i) { return (w[i / 32] >> (i % 32)) & 1; }

static void put_bit(uint32_t *w, int i, bool v) {
    if (v)
        w[i / 32] |= 1u << (i % 32);
    else
        w[i / 32] &= ~(1u << (i % 32));
}

static uint32_t *enables_of(Plic *p, int ctx) { return &p->enable[ctx * p->n_words]; }

/* Bits of word w that name real sources (source 0 and ids >= n_sources do not exist). */
static uint32_t valid_mask(const Plic *p, int w) {
    uint32_t m = ~0u;
    if (w == 0)
        m &= ~1u;
    int past = p->n_sources - 32 * w;    /* sources of this word that exist */
    if (past < 32)
        m &= past <= 0 ? 0 : (1u << past) - 1;
    return m;
}

/* The pending, enabled source of highest priority above the context's threshold; ties go to
   the lowest id. 0 if none. */
static int best_source(Plic *p, int ctx) {
    const uint32_t *en = enables_of(p, ctx);
    unsigned best_prio = p->threshold[ctx];
    int best = 0;
    for (int w = 0; w < p->n_words; w++) {
        uint32_t bits = p->pending[w] & en[w];
        while (bits) {
            int b = __builtin_ctz(bits);
            bits &= bits - 1;
            int src = 32 * w + b;
            if (p->prio[src] > best_prio) {
                best_prio = p->prio[src];
                best = src;
            }
        }
    }
    return best;
}

static void update_outputs(Plic *p) {
    for (int ctx = 0; ctx < p->n_ctx; ctx++) {
        uint8_t level = best_source(p, ctx) != 0;
        if (level != p->out[ctx]) {
            p->out[ctx] = level;
            irq_set(p->ctx_out[ctx], level);
        }
    }
}

static void plic_set_line(void *opaque, int src, int level) {
    Plic *p = opaque;
    if (src <= 0 || src >= p->n_sources)
        return;
    put_bit(p->level, src, level != 0);
    if (!bit_of(p->claimed, src))
        put_bit(p->pending, src, level != 0);
    update_outputs(p);
}

static uint32_t claim(Plic *p, int ctx) {
    int src = best_source(p, ctx);
    if (src) {
        put_bit(p->pending, src, false);
        put_bit(p->claimed, src, true);
        update_outputs(p);
    }
    return (uint32_t)src;
}

static void complete(Plic *p, int ctx, uint32_t src, uint64_t off) {
    /* The spec ignores completions of sources not enabled for the context (Linux's eoi of a
       masked irq enables it around the write for this reason). */
    if (src == 0 || src >= (uint32_t)p->n_sources || !bit_of(enables_of(p, ctx), (int)src)) {
        guest_error("completion of a source not enabled for the context", off, 4);
        return;
    }
    if (!bit_of(p->claimed, (int)src))
        return;
    put_bit(p->claimed, (int)src, false);
    put_bit(p->pending, (int)src, bit_of(p->level, (int)src));
    update_outputs(p);
}

static uint64_t plic_read(void *opaque, uint64_t off, unsigned size) {
    Plic *p = opaque;
    if (size != 4 || (off & 3)) {
        guest_error("read not 32-bit aligned", off, size);
        return 0;
    }
    if (off < PLIC_PENDING) {
        uint64_t src = off / 4;
        if (src < (uint64_t)p->n_sources)
            return p->prio[src];
    } else if (off < PLIC_ENABLE) {
        uint64_t w = (off - PLIC_PENDING) / 4;
        if (w < (uint64_t)p->n_words)
            return p->pending[w];
    } else if (off < PLIC_CONTEXT) {
        uint64_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (ctx < (uint64_t)p->n_ctx && w < (uint64_t)p->n_words)
            return enables_of(p, (int)ctx)[w];
    } else {
        uint64_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        uint64_t reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < (uint64_t)p->n_ctx && reg == 0)
            return p->threshold[ctx];
        if (ctx < (uint64_t)p->n_ctx && reg == 4)
            return claim(p, (int)ctx);
    }
    guest_error("read of an unimplemented register", off, size);
    return 0;
}

static void plic_write(void *opaque, uint64_t off, uint64_t val64, unsigned size) {
    Plic *p = opaque;
    uint32_t val = (uint32_t)val64;
    if (size != 4 || (off & 3)) {
        guest_error("write not 32-bit aligned", off, size);
        return;
    }
    if (off < PLIC_PENDING) {
        uint64_t src = off / 4;
        if (src > 0 && src < (uint64_t)p->n_sources) {
            p->prio[src] = (uint8_t)(val & PLIC_MAX_PRIORITY);
            update_outputs(p);
            return;
        }
    } else if (off < PLIC_ENABLE) {
        /* Pending bits are read-only: only gateways and claims change them. */
    } else if (off < PLIC_CONTEXT) {
        uint64_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint64_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (ctx < (uint64_t)p->n_ctx && w < (uint64_t)p->n_words) {
            enables_of(p, (int)ctx)[w] = val & valid_mask(p, (int)w);
            update_outputs(p);
            return;
        }
    } else {
        uint64_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        uint64_t reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < (uint64_t)p->n_ctx && reg == 0) {
            p->threshold[ctx] = val & PLIC_MAX_PRIORITY;
            update_outputs(p);
            return;
        }
        if (ctx < (uint64_t)p->n_ctx && reg == 4) {
            complete(p, (int)ctx, val, off);
            return;
        }
    }
    guest_error("write to an unimplemented or read-only register", off, size);
}

/* min_size 1 so that the bus hands narrow writes to us instead of widening them into a
   read-modify-write, whose read of a claim register would claim. */
static const MmioOps plic_ops = {
    .read = plic_read, .write = plic_write, .min_size = 1, .max_size = 4,
};

void plic_reset(Plic *p) {
    for (int i = 0; i < p->n_sources; i++)
        p->prio[i] = 0;
    for (int w = 0; w < p->n_words; w++) {
        p->claimed[w] = 0;
        p->pending[w] = p->level[w];
    }
    for (int i = 0; i < p->n_ctx * p->n_words; i++)
        p->enable[i] = 0;
    for (int c = 0; c < p->n_ctx; c++)
        p->threshold[c] = 0;
    update_outputs(p);
}

void plic_free(Plic *p) {
    if (!p)
        return;
    free(p->ctx_out);
    free(p->prio);
    free(p->level);
    free(p->pending);
    free(p->claimed);
    free(p->enable);
    free(p->threshold);
    free(p->out);
    free(p);
}

Plic *plic_create(MemMap *m, uint64_t base, int n_sources, const IrqLine *ctx_out, int n_ctx) {
    /* Contexts must fit below the end of the region: 0x200000 + 0x1000 * ctx. */
    int max_ctx = (int)((PLIC_SIZE - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE);
    if (n_sources < 1 || n_sources > PLIC_MAX_SOURCES || n_ctx < 1 || n_ctx > max_ctx)
        return NULL;
    Plic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_ctx = n_ctx;
    p->n_sources = n_sources;
    p->n_words = (n_sources + 31) / 32;
    p->ctx_out = calloc((size_t)n_ctx, sizeof *p->ctx_out);
    p->prio = calloc((size_t)n_sources, sizeof *p->prio);
    p->level = calloc((size_t)p->n_words, sizeof *p->level);
    p->pending = calloc((size_t)p->n_words, sizeof *p->pending);
    p->claimed = calloc((size_t)p->n_words, sizeof *p->claimed);
    p->enable = calloc((size_t)(p->n_ctx * p->n_words), sizeof *p->enable);
    p->threshold = calloc((size_t)p->n_ctx, sizeof *p->threshold);
    p->out = calloc((size_t)p->n_ctx, sizeof *p->out);
    if (!p->ctx_out || !p->prio || !p->level || !p->pending || !p->claimed || !p->enable ||
        !p->threshold || !p->out) {
        plic_free(p);
        return NULL;
    }
    for (int i = 0; i < n_ctx; i++)
        p->ctx_out[i] = ctx_out[i];
    if (!memmap_add_mmio(m, "riscv.plic", base, PLIC_SIZE, &plic_ops, p)) {
        plic_free(p);
        return NULL;
    }
    return p;
}

IrqLine plic_irq(Plic *p, int source) {
    if (source <= 0 || source >= p->n_sources) {
        fprintf(stderr, "plic: no interrupt source %d\n", source);   /* a board bug */
        return (IrqLine){0};
    }
    return (IrqLine){.set = plic_set_line, .opaque = p, .n = source};
}
