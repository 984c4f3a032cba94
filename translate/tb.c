/* SPDX-License-Identifier: MIT */
/* The TB cache: blocks keyed by (virtual pc, physical pc, flags) in a hash table, listed per
   physical code page for precise invalidation, chained to each other through the backend.
   TB structs live in chunks that are only recycled by a full flush, so a block that is
   invalidated while it runs stays intact until the loop regains control.
   With a host thread per CPU (thread=multi): lookups (jump cache, hash chains) take no lock;
   translation, chaining, invalidation and the page lists are under tb_lock; a full flush runs
   with every other CPU stopped (exclusive.h). */
#include "tb.h"

#include <glib.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "exclusive.h"
#include "softmmu.h"
#include "system/log.h"
#include "system/memmap.h"

#define TB_HASH_BITS 18
#define TB_CHUNK 4096
#define TB_MAX (1u << 20)
#define TB_MAX_INSNS 512

struct TBCache {
    Backend *be;
    MemMap *mem;
    TB **hash;
    TB **chunks;
    size_t n_chunks, n_used;          /* TBs handed out since the last flush */
    GHashTable *pages;                /* physical page number -> first TB on it */
    CPUCommon **cpus;
    int n_cpus;
    IrBlock ir;
    uint64_t flushes, invalidated;
    FILE *perfmap;
};

/* Recursive per thread (a store to a code page inside a locked section invalidates). A guest
   fault can unwind translation (tr_fetch16) with it held: tb_lock_reset drops it then. */
static pthread_mutex_t tb_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread int tb_lock_depth;

static void tb_lock(void) {
    if (tb_lock_depth++ == 0)
        pthread_mutex_lock(&tb_mutex);
}

static void tb_unlock(void) {
    if (--tb_lock_depth == 0)
        pthread_mutex_unlock(&tb_mutex);
}

void tb_lock_reset(void) {
    if (tb_lock_depth) {
        tb_lock_depth = 0;
        pthread_mutex_unlock(&tb_mutex);
    }
}

static inline unsigned tb_hash(uint64_t vpc, uint64_t ppc, uint64_t flags) {
    uint64_t h = (vpc * 0x9E3779B97F4A7C15ull) ^ (ppc * 0xC2B2AE3D27D4EB4Full) ^ flags;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

static void code_written(void *opaque, uint64_t paddr, uint64_t len) {
    tb_invalidate_phys_range(opaque, paddr, len);
}

TBCache *tb_cache_create(Backend *be, MemMap *mem) {
    TBCache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->be = be;
    c->mem = mem;
    c->hash = calloc(1u << TB_HASH_BITS, sizeof *c->hash);
    c->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    ir_block_init(&c->ir);
    if (!c->hash) {
        free(c);
        return NULL;
    }
    /* DMA and loaders write RAM without a CPU store: the memory layer tells us. */
    memmap_set_code_notifier(mem, code_written, c);
    return c;
}

static void free_all_tbs(TBCache *c) {
    for (size_t i = 0; i < c->n_used; i++) {
        TB *tb = &c->chunks[i / TB_CHUNK][i % TB_CHUNK];
        if (c->be->tb_free)
            c->be->tb_free(c->be, tb);
    }
}

void tb_cache_free(TBCache *c) {
    if (!c)
        return;
    free_all_tbs(c);
    if (c->mem && c->mem->code_opaque == c)
        memmap_set_code_notifier(c->mem, NULL, NULL);
    for (size_t i = 0; i < c->n_chunks; i++)
        free(c->chunks[i]);
    free(c->chunks);
    free(c->hash);
    free(c->cpus);
    g_hash_table_destroy(c->pages);
    ir_block_free(&c->ir);
    if (c->perfmap)
        fclose(c->perfmap);
    free(c);
}

void tb_cache_enable_perfmap(TBCache *c) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    c->perfmap = fopen(path, "w");
    if (!c->perfmap)
        perror(path);
}

void tb_cache_add_cpu(TBCache *c, CPUCommon *env) {
    CPUCommon **n = realloc(c->cpus, (size_t)(c->n_cpus + 1) * sizeof *n);
    if (!n)
        abort();
    c->cpus = n;
    c->cpus[c->n_cpus++] = env;
    env->tbc = c;
}

static void clear_code_pages(TBCache *c) {
    for (int i = 0; i < c->mem->n; i++) {
        MemRegion *r = &c->mem->regions[i];
        if (r->ram && r->base == r->code_base)
            memset(r->code_pages, 0, (r->size + TARGET_PAGE_SIZE - 1) >> TARGET_PAGE_BITS);
    }
}

void tb_flush_all(TBCache *c) {
    tb_lock();
    free_all_tbs(c);
    c->n_used = 0;
    memset(c->hash, 0, (1u << TB_HASH_BITS) * sizeof *c->hash);
    g_hash_table_remove_all(c->pages);
    clear_code_pages(c);
    c->be->flush(c->be);
    c->flushes++;
    for (int i = 0; i < c->n_cpus; i++) {
        memset(c->cpus[i]->jmp_cache, 0, sizeof c->cpus[i]->jmp_cache);
        c->cpus[i]->last_tb = NULL;
    }
    tb_unlock();
}

static void flush_cb(void *c) { tb_flush_all(c); }

static TB *tb_alloc(TBCache *c) {
    if (c->n_used == TB_MAX)
        return NULL;
    if (c->n_used / TB_CHUNK >= c->n_chunks) {
        TB **nc = realloc(c->chunks, (c->n_chunks + 1) * sizeof *nc);
        if (!nc)
            abort();
        c->chunks = nc;
        c->chunks[c->n_chunks] = malloc(TB_CHUNK * sizeof(TB));
        if (!c->chunks[c->n_chunks])
            abort();
        c->n_chunks++;
    }
    TB *tb = &c->chunks[c->n_used / TB_CHUNK][c->n_used % TB_CHUNK];
    c->n_used++;
    memset(tb, 0, sizeof *tb);
    return tb;
}

/* --- page lists --- */

/* Mark ppage as holding code and make every CPU's stores to it take the slow path. Done
   before the page is read for translation: a store from another CPU after this point
   invalidates (waiting for tb_lock), one before it is seen by the translation. */
static void page_protect(TBCache *c, uint64_t ppage) {
    MemRegion *r = memmap_find(c->mem, ppage);
    if (r && r->ram) {
        uint8_t *cp = memmap_code_page(r, ppage);
        if (!*cp) {
            __atomic_store_n(cp, 1, __ATOMIC_SEQ_CST);  /* pairs with tlb_refill's re-check */
            const uint8_t *hp = memmap_ram_ptr(c->mem, ppage, 1);
            for (int i = 0; i < c->n_cpus; i++)
                tlb_protect_code(c->cpus[i], hp);
        }
    }
}

static void page_add(TBCache *c, TB *tb, int n, uint64_t ppage) {
    gpointer key = GUINT_TO_POINTER(ppage >> TARGET_PAGE_BITS);
    tb->page_next[n] = g_hash_table_lookup(c->pages, key);
    /* Tag the link with the slot n of the TB it points from, as in the jump lists. */
    g_hash_table_insert(c->pages, key, (gpointer)((uintptr_t)tb | (uintptr_t)n));
    page_protect(c, ppage);
}

static void page_remove(TBCache *c, TB *tb, int n, uint64_t ppage) {
    gpointer key = GUINT_TO_POINTER(ppage >> TARGET_PAGE_BITS);
    uintptr_t *link = NULL;
    uintptr_t head = (uintptr_t)g_hash_table_lookup(c->pages, key);
    uintptr_t cur = head;
    uintptr_t prev = 0;
    while (cur) {
        TB *t = (TB *)(cur & ~(uintptr_t)3);
        int k = (int)(cur & 3);
        if (t == tb && k == n)
            break;
        prev = cur;
        link = (uintptr_t *)&t->page_next[k];
        cur = *link;
    }
    if (!cur)
        return;
    uintptr_t next = (uintptr_t)tb->page_next[n];
    if (!prev) {
        if (next)
            g_hash_table_insert(c->pages, key, (gpointer)next);
        else {
            g_hash_table_remove(c->pages, key);
            MemRegion *r = memmap_find(c->mem, ppage);
            if (r && r->ram)
                *memmap_code_page(r, ppage) = 0;
        }
    } else {
        *link = next;
    }
}

/* --- chaining bookkeeping --- */

static void jmp_unlink_out(TB *tb, int n) {
    TB *dest = tb->jmp_dest[n];
    if (!dest)
        return;
    uintptr_t me = (uintptr_t)tb | (uintptr_t)n;
    uintptr_t *link = &dest->jmp_in;
    while (*link) {
        TB *t = (TB *)(*link & ~(uintptr_t)3);
        int k = (int)(*link & 3);
        if (*link == me) {
            *link = tb->jmp_in_next[n];
            break;
        }
        link = &t->jmp_in_next[k];
    }
    tb->jmp_dest[n] = NULL;
}

void tb_try_chain(CPUCommon *env, TB *from, int slot, TB *to) {
    TBCache *c = env->tbc;
    if (env->nochain || env->singlestep || !from->valid || !to->valid ||
        from->jmp_dest[slot] || from->jmp_off[slot] == TB_NO_JUMP || to->flags != from->flags ||
        ((from->vpc ^ to->vpc) & TARGET_PAGE_MASK) != 0)
        return;
    tb_lock();
    /* Again under the lock: another CPU may have invalidated or chained meanwhile. */
    if (from->valid && to->valid && !from->jmp_dest[slot]) {
        from->jmp_dest[slot] = to;
        from->jmp_in_next[slot] = to->jmp_in;
        to->jmp_in = (uintptr_t)from | (uintptr_t)slot;
        c->be->chain(c->be, from, slot, to);
        env->stats.chains++;
    }
    tb_unlock();
}

static void tb_invalidate(TBCache *c, TB *tb) {
    if (!tb->valid)
        return;
    __atomic_store_n(&tb->valid, 0, __ATOMIC_RELEASE);
    c->invalidated++;
    TB **pp = &c->hash[tb_hash(tb->vpc, tb->ppc, tb->flags)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    /* Lock-free readers on tb keep following its hash_next: the chain stays intact. */
    if (*pp)
        __atomic_store_n(pp, tb->hash_next, __ATOMIC_RELEASE);
    /* Incoming chains jump to their exit stubs again. */
    uintptr_t in = tb->jmp_in;
    while (in) {
        TB *src = (TB *)(in & ~(uintptr_t)3);
        int k = (int)(in & 3);
        in = src->jmp_in_next[k];
        c->be->unchain(c->be, src, k);
        src->jmp_dest[k] = NULL;
    }
    tb->jmp_in = 0;
    for (int n = 0; n < 2; n++)
        jmp_unlink_out(tb, n);
    page_remove(c, tb, 0, tb->ppc & TARGET_PAGE_MASK);
    if (tb->ppage2 != UINT64_MAX)
        page_remove(c, tb, 1, tb->ppage2);
    for (int i = 0; i < c->n_cpus; i++) {
        TB **jc = &c->cpus[i]->jmp_cache[jmp_cache_index(tb->vpc)];
        if (__atomic_load_n(jc, __ATOMIC_RELAXED) == tb)
            __atomic_store_n(jc, NULL, __ATOMIC_RELAXED);
    }
}

/* Bytes [lo, hi) of the code of tb that lie in its page n. */
static void tb_page_span(const TB *tb, int n, uint64_t *lo, uint64_t *hi) {
    uint64_t first_end = (tb->ppc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    uint64_t in_first = tb->ppage2 == UINT64_MAX ? tb->guest_size : first_end - tb->ppc;
    if (n == 0) {
        *lo = tb->ppc;
        *hi = tb->ppc + in_first;
    } else {
        *lo = tb->ppage2;
        *hi = tb->ppage2 + (tb->guest_size - in_first);
    }
}

/* A write to [paddr, paddr+len) invalidates the blocks whose code it overlaps (kernels patch
   single instructions: static keys, alternatives), so the rest of the page stays translated.
   A page written this way CODE_PAGE_PARTIAL_MAX times is dropped whole, which leaves it
   without blocks, so that a page mixing code and busy data stops taking the slow store
   path. The code-page byte counts those writes (1 = fresh code page). */
#define CODE_PAGE_PARTIAL_MAX 64
void tb_invalidate_phys_range(TBCache *c, uint64_t paddr, uint64_t len) {
    uint64_t first = paddr & TARGET_PAGE_MASK, last = (paddr + len - 1) & TARGET_PAGE_MASK;
    tb_lock();
    for (uint64_t p = first; p <= last; p += TARGET_PAGE_SIZE) {
        gpointer key = GUINT_TO_POINTER(p >> TARGET_PAGE_BITS);
        MemRegion *r = memmap_find(c->mem, p);
        uint8_t *cp = r && r->ram ? memmap_code_page(r, p) : NULL;
        bool whole = !cp || *cp >= CODE_PAGE_PARTIAL_MAX;
        if (cp && !whole)
            (*cp)++;
        uintptr_t cur = (uintptr_t)g_hash_table_lookup(c->pages, key);
        while (cur) {
            TB *tb = (TB *)(cur & ~(uintptr_t)3);
            int n = (int)(cur & 3);
            uint64_t lo, hi;
            tb_page_span(tb, n, &lo, &hi);
            uintptr_t next = (uintptr_t)tb->page_next[n];
            if (tb->valid && (whole || (lo < paddr + len && paddr < hi))) {
                tb_invalidate(c, tb);   /* unlinks tb from this list: restart at the head */
                next = (uintptr_t)g_hash_table_lookup(c->pages, key);
            }
            cur = next;
        }
        /* No block left (one whose translation faulted after page_protect): unprotect. */
        if (cp && *cp && !g_hash_table_lookup(c->pages, key))
            *cp = 0;
        if (p == last)
            break;
    }
    tb_unlock();
}

/* --- translation --- */

bool tr_fetch16(TranslateCtx *ctx, IrBlock *b, uint64_t vaddr, uint16_t *out) {
    CPUCommon *env = ctx->env;
    uint64_t page = vaddr & TARGET_PAGE_MASK;
    const uint8_t *host;
    if (page == ctx->page1_v) {
        host = ctx->page1_host;
    } else if (page == ctx->page2_v) {
        host = ctx->page2_host;
    } else if (ctx->page2_v == UINT64_MAX && page == ctx->page1_v + TARGET_PAGE_SIZE) {
        bool probe = b->n_insns > 0;
        uint64_t pa;
        int prot;
        bool large;
        if (!env->ops->tlb_fill(env, vaddr, MMU_EXEC, ctx->fetch_mmu, probe, &pa, &prot, &large))
            return false;
        host = memmap_ram_ptr(env->mem, pa & TARGET_PAGE_MASK, TARGET_PAGE_SIZE);
        if (!host) {
            if (probe)
                return false;
            env->ops->raise_mem_fault(env, vaddr, MMU_EXEC, FAULT_ACCESS);
        }
        page_protect(env->tbc, pa & TARGET_PAGE_MASK);
        ctx->page2_v = page;
        ctx->page2_host = host;
        ctx->page2_p = pa & TARGET_PAGE_MASK;
    } else {
        return false;
    }
    memcpy(out, host + (vaddr & (TARGET_PAGE_SIZE - 1)), 2);
    if (vaddr + 2 > ctx->end)
        ctx->end = vaddr + 2;
    return true;
}

static void log_in_asm(CPUCommon *env, TranslateCtx *ctx) {
    tern_log("IN: \n");
    uint64_t pc = ctx->vpc;
    while (pc < ctx->end) {
        uint16_t lo = 0, hi = 0;
        IrBlock dummy = {.n_insns = 1};
        if (!tr_fetch16(ctx, &dummy, pc, &lo))
            break;
        uint32_t insn = lo;
        int want = env->ops->insn_len(lo);
        if (want == 4 && tr_fetch16(ctx, &dummy, pc + 2, &hi))
            insn |= (uint32_t)hi << 16;
        char buf[96];
        int len = env->ops->disas ? env->ops->disas(pc, insn, buf, sizeof buf) : 0;
        if (len <= 0) {
            len = want;
            snprintf(buf, sizeof buf, ".insn 0x%x", insn);
        }
        if (len == 2)
            tern_log("0x%016" PRIx64 ":  %04x      %s\n", pc, insn & 0xffff, buf);
        else
            tern_log("0x%016" PRIx64 ":  %08x  %s\n", pc, insn, buf);
        pc += (uint64_t)len;
    }
    tern_log("\n");
}

/* Front-end output is checked (SSA, operand kinds) in builds without NDEBUG, in sanitizer
   builds, and with TERN_CHECK_IR=1 in the environment (the differential and ISA tests set it);
   release runs skip it (about 7% of translation time). */
static bool check_ir(void)
{
#if !defined(NDEBUG) || defined(TERN_CHECK_IR)
    return true;
#else
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("TERN_CHECK_IR");
        on = e && *e && strcmp(e, "0") != 0;
    }
    return on;
#endif
}

/* Every load/store names an MMU index the front end has (a TLB of its own that flushes
   cover): checked on every translation, a loop over the ops that costs next to nothing. */
static const char *memops_in_bounds(const IrBlock *b, unsigned n_modes) {
    for (int i = 0; i < b->n_ops; i++) {
        const IrOp *op = &b->ops[i];
        if ((op->opc == IR_ld || op->opc == IR_st) && IR_MEM_MMU(op->aux) >= n_modes)
            return "memop MMU index beyond the front end's n_mmu_modes";
    }
    return NULL;
}

static TB *tb_gen(CPUCommon *env, uint64_t pc, uint64_t flags, uint64_t ppage,
                  const uint8_t *host, bool retry) {
    TBCache *c = env->tbc;
    const CpuClass *ops = env->ops;
    uint64_t t0 = host_clock_ns();
    TranslateCtx ctx = {.env = env, .vpc = pc, .flags = flags,
                        .fetch_mmu = cpu_fetch_mmu(ops, flags),
                        .max_insns = env->singlestep ? 1 : TB_MAX_INSNS,
                        .page1_v = pc & TARGET_PAGE_MASK, .page1_host = host,
                        .page1_p = ppage, .page2_v = UINT64_MAX, .page2_p = UINT64_MAX,
                        .end = pc};
    IrBlock *b = &c->ir;
    page_protect(c, ppage);
    ir_block_reset(b, ops->globals, ops->n_globals, pc);
    ops->translate(env, &ctx, b);
    const char *err = check_ir() ? ir_validate(b) : NULL;
    if (!err)
        err = memops_in_bounds(b, ops->n_mmu_modes);
    if (err) {
        fprintf(stderr, "tern: internal error: invalid IR at pc 0x%" PRIx64 ": %s\n", pc, err);
        ir_dump(b, stderr);
        abort();
    }
    if (log_enabled(LOG_IN_ASM))
        log_in_asm(env, &ctx);
    if (log_enabled(LOG_OP)) {
        tern_log("OP:\n");
        ir_dump(b, tern_log_file ? tern_log_file : stderr);
        tern_log("\n");
    }
    ir_optimize(b);
    if (log_enabled(LOG_OP_OPT)) {
        tern_log("OP after optimization:\n");
        ir_dump(b, tern_log_file ? tern_log_file : stderr);
        tern_log("\n");
    }
    TB *tb = tb_alloc(c);
    {
        if (tb) {
            tb->vpc = pc;
            tb->flags = flags;
            tb->ppc = ppage | (pc & (TARGET_PAGE_SIZE - 1));
            tb->ppage2 = ctx.page2_v == UINT64_MAX ? UINT64_MAX : ctx.page2_p;
            tb->guest_size = (uint32_t)(ctx.end - pc);
            tb->n_insns = (uint16_t)b->n_insns;
            tb->valid = 1;
            tb->fetch_mmu = (uint8_t)ctx.fetch_mmu;
            tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
            if (!c->be->gen(c->be, tb, b)) {
                c->n_used--;   /* give the slot back before flushing */
                tb = NULL;
            }
        }
    }
    if (!tb) {
        /* The code buffer (or the TB array) is full: the caller flushes and retries. */
        if (retry) {
            fprintf(stderr, "tern: a single block does not fit in the code buffer\n");
            abort();
        }
        return NULL;
    }
    if (log_enabled(LOG_OUT_ASM) && c->be->dump_code) {
        tern_log("OUT: [size=%u]\n", tb->code_size);
        c->be->dump_code(c->be, tb, tern_log_file ? tern_log_file : stderr);
        tern_log("\n");
    }
    if (c->perfmap && tb->code) {
        fprintf(c->perfmap, "%" PRIxPTR " %x guest:0x%" PRIx64 "\n", (uintptr_t)tb->code,
                tb->code_size, tb->vpc);
        fflush(c->perfmap);
    }
    unsigned h = tb_hash(tb->vpc, tb->ppc, tb->flags);
    tb->hash_next = c->hash[h];
    __atomic_store_n(&c->hash[h], tb, __ATOMIC_RELEASE);   /* published to lock-free lookups */
    page_add(c, tb, 0, ppage);
    if (tb->ppage2 != UINT64_MAX)
        page_add(c, tb, 1, tb->ppage2);
    env->stats.tbs_translated++;
    env->stats.translate_ns += host_clock_ns() - t0;
    return tb;
}

/* The second page of a two-page block still maps to the physical page it was translated
   from (a page walk when the execute TLB does not say so; no fault either way). */
static bool page2_still_mapped(CPUCommon *env, const TB *tb) {
    if (tb_page2_valid(env, tb))
        return true;
    uint64_t pa;
    int prot;
    bool large;
    uint64_t v2 = (tb->vpc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
    return env->ops->tlb_fill(env, v2, MMU_EXEC, tb->fetch_mmu, true, &pa, &prot, &large) &&
           (pa & TARGET_PAGE_MASK) == tb->ppage2;
}

static TB *hash_find(CPUCommon *env, uint64_t pc, uint64_t ppc, uint64_t flags) {
    TBCache *c = env->tbc;
    TB *tb = __atomic_load_n(&c->hash[tb_hash(pc, ppc, flags)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE)) {
        env->stats.tb_hash_probes++;
        if (tb->vpc != pc || tb->ppc != ppc || tb->flags != flags)
            continue;
        if (!__atomic_load_n(&tb->valid, __ATOMIC_ACQUIRE) || !page2_still_mapped(env, tb))
            continue;
        break;
    }
    return tb;
}

TB *tb_lookup(CPUCommon *env) {
    uint64_t pc = env->pc;
    uint64_t flags = env->ops->tb_flags(env);
    env->cur_flags = flags;
    env->stats.tb_lookups++;
    TB **jc = &env->jmp_cache[jmp_cache_index(pc)];
    TB *tb = tb_jmp_cache_find(env, pc);
    if (tb && page2_still_mapped(env, tb))
        return tb;
    const uint8_t *host;
    uint64_t ppage = softmmu_code_page(env, pc, cpu_fetch_mmu(env->ops, flags), &host);
    uint64_t ppc = ppage | (pc & (TARGET_PAGE_SIZE - 1));
    TBCache *c = env->tbc;
    tb = hash_find(env, pc, ppc, flags);
    if (!tb) {
        env->stats.tb_lookup_misses++;
        for (bool retry = false;; retry = true) {
            tb_lock();
            if (exclusive_enabled())     /* another CPU may have translated it meanwhile */
                tb = hash_find(env, pc, ppc, flags);
            if (!tb)
                tb = tb_gen(env, pc, flags, ppage, host, retry);
            tb_unlock();
            if (tb)
                break;
            cpu_run_exclusive(exclusive_enabled() ? env : NULL, flush_cb, c);
        }
    }
    if (!log_enabled(LOG_EXEC))
        __atomic_store_n(jc, tb, __ATOMIC_RELAXED);
    return tb;
}

void tb_cache_print_stats(TBCache *c, FILE *f) {
    fprintf(f, "TB cache: %zu blocks live, %" PRIu64 " invalidated, %" PRIu64 " full flushes\n",
            c->n_used, c->invalidated, c->flushes);
    for (int i = 0; i < c->n_cpus; i++) {
        CpuStats *s = &c->cpus[i]->stats;
        fprintf(f,
                "cpu%d: translated %" PRIu64 " blocks in %.3f ms, lookups %" PRIu64
                " (misses %" PRIu64 ", hash probes %" PRIu64 "), chains %" PRIu64
                ", loop exits %" PRIu64
                " (%" PRIu64 " unchainable)\n"
                "      tlb slow loads %" PRIu64 ", slow stores %" PRIu64 ", fills %" PRIu64
                ", flushes %" PRIu64 ", code invalidations %" PRIu64 "\n"
                "      interrupts %" PRIu64 ", exceptions %" PRIu64 "\n",
                i, s->tbs_translated, s->translate_ns / 1e6, s->tb_lookups,
                s->tb_lookup_misses, s->tb_hash_probes, s->chains, s->exits, s->exits_nochain,
                s->tlb_slow_loads,
                s->tlb_slow_stores, s->tlb_fills, s->tlb_flushes, s->code_invalidations,
                s->interrupts, s->exceptions);
    }
}
