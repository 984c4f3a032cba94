/* SPDX-License-Identifier: MIT */
/* Translation blocks and the TB cache: lookup by (virtual pc, physical pc, flags), chaining
   bookkeeping, precise invalidation when the guest writes to a physical page holding code. */
#ifndef TERN_TB_H
#define TERN_TB_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "ir.h"

#define TB_NO_JUMP UINT32_MAX
/* Exit codes of Backend.exec: the TB pointer with one of these in its low 2 bits. */
#define TB_EXIT_SLOT0   0   /* left through goto_tb/brcond slot 0: chainable */
#define TB_EXIT_SLOT1   1   /* ... slot 1 */
#define TB_EXIT_NOCHAIN 2   /* goto_ptr miss, exit op, exit_request at entry */
#define TB_EXIT_MASK    3

typedef struct TB {
    uint64_t vpc;                    /* guest virtual pc of the first instruction */
    uint64_t flags;                  /* CpuClass.tb_flags at translation */
    uint64_t ppc;                    /* guest physical address of the first instruction */
    struct TB *hash_next;            /* next to the key a hash probe compares: one cache line */
    uint64_t ppage2;                 /* physical page of a second code page, or UINT64_MAX */
    uint32_t guest_size;             /* bytes of guest code */
    uint16_t n_insns;
    uint8_t valid;
    uint8_t fetch_mmu;               /* the MMU index of its fetches (cpu_fetch_mmu of flags) */
    uint8_t *code;                   /* JIT: host code (chains and the jump cache enter here) */
    uint32_t unchecked_off;          /* JIT: code + this skips the second-page check, for the
                                        loop, which has just checked the mapping itself */
    uint32_t code_size;
    IrBlock *ir;                     /* interpreter: the block's IR (owned by the backend) */
    /* Chaining. jmp_off[n]: offset in code of the patchable jump of slot n (TB_NO_JUMP if none);
       jmp_reset[n]: offset it targets when unchained; jmp_dest[n]: chained successor. */
    uint32_t jmp_off[2];
    uint32_t jmp_reset[2];
    struct TB *jmp_dest[2];
    uintptr_t jmp_in;                /* first incoming (TB* | slot) chained into us, 0 = none */
    uintptr_t jmp_in_next[2];        /* next incoming in dest's list for our slot n */
    struct TB *page_next[2];         /* lists of TBs per physical code page */
    uint64_t exec_count;             /* only with -d stats */
} TB;

/* Handed to CpuClass.translate: where the block starts and how to read its code. */
typedef struct TranslateCtx {
    CPUCommon *env;
    uint64_t vpc, flags;
    int fetch_mmu;                   /* cpu_fetch_mmu(flags) */
    int max_insns;                   /* the front end stops after this many instructions */
    uint64_t page1_v;                /* virtual page of vpc */
    const uint8_t *page1_host;       /* host pointer of that page (RAM) */
    uint64_t page2_v;                /* second page, once fetched (UINT64_MAX if none) */
    const uint8_t *page2_host;
    uint64_t page2_p;
    uint64_t page1_p;
    uint64_t end;                    /* one past the last byte fetched (kept by tr_fetch16) */
} TranslateCtx;

/* Fetch 16 bits of guest code at vaddr (2-byte aligned) for the block being translated. The
   block may touch at most two virtual pages: its first and the next one. When vaddr is not
   fetchable (not executable, not RAM, or a third page) this returns false if the block already
   holds instructions (b->n_insns > 0: end the block before this instruction), and otherwise
   raises the guest's instruction fault (does not return). */
bool tr_fetch16(TranslateCtx *ctx, IrBlock *b, uint64_t vaddr, uint16_t *out);

/* The jump-cache hit test of the loop, the interpreter and (inlined, emit_jmp_cache_jump) the
   JIT: the cached block for pc under the run-time flags env->cur_flags, which a helper that
   ends its block (mret/sret, a status CSR write) may have changed from the running block's;
   still valid, and pc still mapped to its physical page by the execute TLB of the fetch MMU
   index of those flags (the hit's fetch_mmu, since its flags are those). unit.test_jit_diff
   checks the JIT's copy against this one. */
static inline TB *tb_jmp_cache_find(CPUCommon *env, uint64_t pc) {
    uint64_t flags = env->cur_flags;
    TB *tb = env->jmp_cache[jmp_cache_index(pc)];
    if (tb && tb->vpc == pc && tb->flags == flags && tb->valid &&
        jmp_cache_valid(env, tb->fetch_mmu, pc, tb->ppc & TARGET_PAGE_MASK))
        return tb;
    return NULL;
}

/* A two-page block may run only while its second page still maps to the physical page it was
   translated from: checked on every entry through a chain or the jump cache (so that those
   stay exact); tb_lookup checks it with a page walk before the loop runs the block. */
static inline bool tb_page2_valid(const CPUCommon *env, const TB *tb) {
    return tb->ppage2 == UINT64_MAX ||
           jmp_cache_valid(env, tb->fetch_mmu,
                           (tb->vpc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE, tb->ppage2);
}

typedef struct TBCache TBCache;
struct Backend;
TBCache *tb_cache_create(struct Backend *be, struct MemMap *mem);
void tb_cache_free(TBCache *c);
/* Find or translate the block for env->pc under the current flags (may raise a fetch fault). */
TB *tb_lookup(CPUCommon *env);
/* Chain from->slot to to (checks that this is allowed: same page, both valid). */
void tb_try_chain(CPUCommon *env, TB *from, int slot, TB *to);
/* The guest wrote [paddr, paddr+len): drop the TBs whose code overlaps it (or, for a page
   written many times, every TB of the page). */
void tb_invalidate_phys_range(TBCache *c, uint64_t paddr, uint64_t len);
void tb_flush_all(TBCache *c);
/* After a guest exception unwound to the loop: release the translation lock if this thread
   held it (a fetch fault while translating). */
void tb_lock_reset(void);
/* Register a CPU so that invalidations also clear its jump cache. */
void tb_cache_add_cpu(TBCache *c, CPUCommon *env);
void tb_cache_print_stats(TBCache *c, FILE *f);
/* -perfmap: append "START SIZE name" for every block's host code to /tmp/perf-PID.map. */
void tb_cache_enable_perfmap(TBCache *c);

#endif
