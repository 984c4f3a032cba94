/* SPDX-License-Identifier: MIT */
/* Runs A64 code with the A64 front end (cpu/arm/) on a bare ARMCPU, without a board: code and
   data RAM mapped 1:1, each block translated, checked (ir_validate), optimized and run by a
   backend (the IR interpreter or the x86-64 JIT) until the pc reaches a stop address. Shared
   by tests/unit/test_a64_translate.c and the qemu-aarch64 differential oracle (tests/a64_risu). */
#ifndef TERN_TESTS_A64_RUNNER_H
#define TERN_TESTS_A64_RUNNER_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/arm/cpu.h"
#include "system/memmap.h"
#include "translate/backend.h"
#include "translate/tb.h"

#define A64R_DATA_BASE 0x10000000ull   /* as the oracle program maps it under qemu-aarch64 */
#define A64R_DATA_SIZE 0x10000ull
#define A64R_CODE_BASE 0x20000000ull
#define A64R_CODE_SIZE 0x10000ull

typedef struct A64Runner {
    ARMCPU *cpu;
    MemMap mem;
    uint8_t *code, *data;
    Backend *be[2];                   /* 0: IR interpreter, 1: x86-64 JIT (NULL if none) */
    IrBlock ir;
    TB tb;                            /* the block being run (one at a time, never cached) */
} A64Runner;

/* How a run ended. */
enum { A64R_DONE, A64R_UNDEF, A64R_FAULT, A64R_LOOP, A64R_BAD_IR };

static uint64_t a64r_fault_addr;

static bool a64r_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                          uint64_t *paddr, int *prot, bool *large)
{
    (void)env, (void)access, (void)mmu_idx, (void)probe;
    *paddr = vaddr;
    *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
    *large = false;
    return true;
}

static void a64r_raise(CPUCommon *env, uint64_t vaddr, int access, int kind)
{
    (void)access, (void)kind;
    a64r_fault_addr = vaddr;
    arm_cpu(env)->exception = 0xfa;
    cpu_loop_exit(env);
}

/* Only what translation and the backends use of a CPU class. */
static CpuClass a64r_ops = { .name = "a64-test", .globals = arm_ir_globals,
                             .n_globals = ARM_N_GLOBALS, .fetch_mmu_shift = 0,
                             .fetch_mmu_bits = 2, .n_mmu_modes = 2, .tlb_fill = a64r_tlb_fill,
                             .raise_mem_fault = a64r_raise };

static inline bool a64r_init(A64Runner *r)
{
    memset(r, 0, sizeof *r);
    r->cpu = calloc(1, sizeof *r->cpu);
    memmap_init(&r->mem);
    /* A region pointer lasts until the next memmap_add_ram (the table may move). */
    MemRegion *c = memmap_add_ram(&r->mem, "code", A64R_CODE_BASE, A64R_CODE_SIZE);
    if (!r->cpu || !c)
        return false;
    r->code = c->ram;
    MemRegion *dt = memmap_add_ram(&r->mem, "data", A64R_DATA_BASE, A64R_DATA_SIZE);
    if (!dt)
        return false;
    r->data = dt->ram;
    r->cpu->excl_addr = ARM_EXCL_NONE;
    r->cpu->c.ops = &a64r_ops;
    r->cpu->c.mem = &r->mem;
    r->be[0] = backend_interp_create();
    r->be[1] = backend_x86_create(4u << 20);
    ir_block_init(&r->ir);
    return r->be[0] != NULL;
}

static inline void a64r_free(A64Runner *r)
{
    for (int k = 0; k < 2; k++)
        if (r->be[k])
            r->be[k]->destroy(r->be[k]);
    ir_block_free(&r->ir);
    memmap_free(&r->mem);
    cpu_forget(&r->cpu->c);
    free(r->cpu);
}

/* Put n instruction words at code address pc, followed by "b ." (0x14000000): the block
   that reaches the end leaves there with pc at the end (the stop address of a64r_run), having
   retired that branch too. */
static inline void a64r_load_code(A64Runner *r, uint64_t pc, const uint32_t *insns, int n)
{
    static const uint32_t b_self = 0x14000000;
    memcpy(r->code + (pc - A64R_CODE_BASE), insns, 4 * (size_t)n);
    memcpy(r->code + (pc - A64R_CODE_BASE) + 4 * (size_t)n, &b_self, 4);
}

/* Run tb; true if a guest exception unwound it (its own frame: nothing of the caller's is
   live across the longjmp). */
static __attribute__((noinline)) bool a64r_exec(Backend *be, CPUCommon *env, TB *tb)
{
    if (sigsetjmp(env->jmpbuf, 0) == 0) {
        be->exec(be, env, tb);
        return false;
    }
    return true;
}

/* Run from cpu->c.pc with backend k until pc == stop (A64R_DONE), an undefined instruction
   (A64R_UNDEF, pc at it), a memory fault (A64R_FAULT) or max_blocks blocks (A64R_LOOP).
   flags: the TB flags (MMU index). max_insns: instructions per block. */
static inline int a64r_run(A64Runner *r, int k, uint64_t stop, int max_blocks, uint64_t flags,
                           int max_insns)
{
    Backend *be = r->be[k];
    CPUCommon *env = &r->cpu->c;
    memset(env->tlb, 0xff, sizeof env->tlb);
    memset(env->jmp_cache, 0, sizeof env->jmp_cache);
    r->cpu->exception = 0;
    for (int n = 0; n < max_blocks; n++) {
        if (env->pc == stop)
            return A64R_DONE;
        uint64_t pc = env->pc;
        TranslateCtx ctx = {
            .env = env, .vpc = pc, .flags = flags, .fetch_mmu = (int)(flags & ARM_TBF_MMU_MASK),
            .max_insns = max_insns,
            .page1_v = pc & TARGET_PAGE_MASK, .page1_p = pc & TARGET_PAGE_MASK,
            .page1_host = memmap_ram_ptr(&r->mem, pc & TARGET_PAGE_MASK, TARGET_PAGE_SIZE),
            .page2_v = UINT64_MAX, .end = pc,
        };
        if (!ctx.page1_host)
            return A64R_FAULT;
        arm_translate(env, &ctx, &r->ir);
        const char *bad = ir_validate(&r->ir);
        if (bad) {
            fprintf(stderr, "a64 runner: invalid IR at %#llx: %s\n", (unsigned long long)pc, bad);
            ir_dump(&r->ir, stderr);
            return A64R_BAD_IR;
        }
        ir_optimize(&r->ir);
        TB *tb = &r->tb;
        memset(tb, 0, sizeof *tb);
        tb->vpc = pc;
        tb->ppc = pc;
        tb->flags = flags;
        tb->fetch_mmu = (uint8_t)(flags & ARM_TBF_MMU_MASK);
        tb->valid = 1;
        tb->ppage2 = UINT64_MAX;
        tb->n_insns = (uint16_t)r->ir.n_insns;
        tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
        if (!be->gen(be, tb, &r->ir)) {
            be->flush(be);
            if (!be->gen(be, tb, &r->ir))
                return A64R_BAD_IR;
        }
        env->cur_flags = flags;
        int trapped = a64r_exec(be, env, tb);
        if (be->tb_free)
            be->tb_free(be, tb);
        if (trapped)
            return r->cpu->exception == ARM_EXCP_UDEF ? A64R_UNDEF : A64R_FAULT;
    }
    return env->pc == stop ? A64R_DONE : A64R_LOOP;
}

#endif
