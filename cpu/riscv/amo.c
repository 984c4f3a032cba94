/* SPDX-License-Identifier: MIT */
/* LR/SC and AMO helpers (ISA manual vol. I, "A Extension for Atomic Instructions"; Zaamo,
   Zalrsc). RAM accesses are host atomics on the softmmu host pointer, so harts running in
   parallel threads stay coherent; MMIO falls back to a non-atomic load/op/store. SC succeeds
   when the reservation address matches and memory still holds the value LR read (CAS). */
#include <stdint.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/helpers.h"
#include "translate/ir.h"
#include "translate/softmmu.h"

enum {
    AMO_ADD = 0x00, AMO_SWAP = 0x01, AMO_XOR = 0x04, AMO_OR = 0x08, AMO_AND = 0x0c,
    AMO_MIN = 0x10, AMO_MAX = 0x14, AMO_MINU = 0x18, AMO_MAXU = 0x1c,
};

/* The new memory value of an AMO; values are already truncated to the access size and
   signed comparisons of .w use the low 32 bits. */
static uint64_t amo_apply(unsigned op, uint64_t old, uint64_t src, unsigned lg)
{
    int64_t so = lg == 2 ? (int32_t)old : (int64_t)old;
    int64_t ss = lg == 2 ? (int32_t)src : (int64_t)src;
    switch (op) {
    case AMO_ADD: return old + src;
    case AMO_SWAP: return src;
    case AMO_XOR: return old ^ src;
    case AMO_OR: return old | src;
    case AMO_AND: return old & src;
    case AMO_MIN: return so < ss ? old : src;
    case AMO_MAX: return so > ss ? old : src;
    case AMO_MINU: return old < src ? old : src;
    default: return old > src ? old : src;
    }
}

static uint32_t amo_host32(uint32_t *p, unsigned op, uint32_t src)
{
    switch (op) {
    case AMO_ADD: return __atomic_fetch_add(p, src, __ATOMIC_SEQ_CST);
    case AMO_SWAP: return __atomic_exchange_n(p, src, __ATOMIC_SEQ_CST);
    case AMO_XOR: return __atomic_fetch_xor(p, src, __ATOMIC_SEQ_CST);
    case AMO_OR: return __atomic_fetch_or(p, src, __ATOMIC_SEQ_CST);
    case AMO_AND: return __atomic_fetch_and(p, src, __ATOMIC_SEQ_CST);
    default: {
        uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(p, &old, (uint32_t)amo_apply(op, old, src, 2), false,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
        }
        return old;
    }
    }
}

static uint64_t amo_host64(uint64_t *p, unsigned op, uint64_t src)
{
    switch (op) {
    case AMO_ADD: return __atomic_fetch_add(p, src, __ATOMIC_SEQ_CST);
    case AMO_SWAP: return __atomic_exchange_n(p, src, __ATOMIC_SEQ_CST);
    case AMO_XOR: return __atomic_fetch_xor(p, src, __ATOMIC_SEQ_CST);
    case AMO_OR: return __atomic_fetch_or(p, src, __ATOMIC_SEQ_CST);
    case AMO_AND: return __atomic_fetch_and(p, src, __ATOMIC_SEQ_CST);
    default: {
        uint64_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(p, &old, amo_apply(op, old, src, 3), false,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
        }
        return old;
    }
    }
}

static uint64_t amo_result(uint64_t v, unsigned lg)
{
    return lg == 2 ? (uint64_t)(int64_t)(int32_t)v : v;
}

static void amo_check_align(RVCPU *cpu, uint64_t addr, unsigned lg, uint64_t cause)
{
    if (addr & ((1u << lg) - 1))
        rv_raise_exception(cpu, cause, addr);
}

RV_HELPER(helper_amo)
{
    RVCPU *cpu = env;
    uint64_t addr = a;
    unsigned op = (unsigned)(c >> 8) & 0x1f, lg = (unsigned)c & 3;
    int mmu = (int)d;

    amo_check_align(cpu, addr, lg, RV_EXC_STORE_MISALIGNED);
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 1u << lg);
    if (p)
        return lg == 2 ? amo_result(amo_host32(p, op, (uint32_t)b), 2) : amo_host64(p, op, b);

    unsigned memop = IR_MEMOP(lg, 0, mmu);
    uint64_t mask = lg == 2 ? UINT32_MAX : UINT64_MAX;
    uint64_t old = softmmu_load(&cpu->c, addr, memop) & mask;
    softmmu_store(&cpu->c, addr, amo_apply(op, old, b & mask, lg) & mask, memop);
    return amo_result(old, lg);
}

RV_HELPER(helper_fence)
{
    (void)env, (void)a, (void)b, (void)c, (void)d;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return 0;
}

RV_HELPER(helper_lr)
{
    RVCPU *cpu = env;
    uint64_t addr = a;
    unsigned lg = (unsigned)b & 3;
    int mmu = (int)c;
    uint64_t val;
    (void)d;

    amo_check_align(cpu, addr, lg, RV_EXC_LOAD_MISALIGNED);
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_READ, mmu, 1u << lg);
    if (p)
        val = lg == 2 ? __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST)
                      : __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    else
        val = softmmu_load(&cpu->c, addr, IR_MEMOP(lg, 0, mmu)) &
              (lg == 2 ? UINT32_MAX : UINT64_MAX);
    cpu->res_addr = addr;
    cpu->res_val = val;
    return amo_result(val, lg);
}

RV_HELPER(helper_sc)
{
    RVCPU *cpu = env;
    uint64_t addr = a, val = b;
    unsigned lg = (unsigned)c & 3;
    int mmu = (int)d;

    amo_check_align(cpu, addr, lg, RV_EXC_STORE_MISALIGNED);
    /* Translate first so that an SC to a bad address faults even when it would fail. */
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 1u << lg);
    bool reserved = cpu->res_addr == addr;
    uint64_t expect = cpu->res_val;
    cpu->res_addr = UINT64_MAX;
    if (!reserved)
        return 1;
    if (p) {
        bool ok;
        if (lg == 2) {
            uint32_t e = (uint32_t)expect;
            ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)val, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        } else {
            ok = __atomic_compare_exchange_n((uint64_t *)p, &expect, val, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        }
        return ok ? 0 : 1;
    }
    unsigned memop = IR_MEMOP(lg, 0, mmu);
    uint64_t mask = lg == 2 ? UINT32_MAX : UINT64_MAX;
    if ((softmmu_load(&cpu->c, addr, memop) & mask) != expect)
        return 1;
    softmmu_store(&cpu->c, addr, val & mask, memop);
    return 0;
}
