/* SPDX-License-Identifier: MIT */
/* Exclusives and LSE atomics (Arm ARM DDI 0487, B2.9 "Synchronization and semaphores",
   C6.2 LDXR/STXR, LDADD..., SWP, CAS). RAM accesses are host atomics on the softmmu host
   pointer, so CPUs running in parallel threads stay coherent; MMIO falls back to a
   non-atomic load/op/store. The exclusive monitor is an address and the value LDXR read: STXR
   succeeds when the address and size match and memory still holds that value (a
   compare-and-swap, as QEMU does; a different size fails, which the Arm ARM permits). Unaligned
   exclusives and atomics raise the alignment fault. */
#include <stdbool.h>

#include "cpu/arm/atomic.h"
#include "cpu/arm/cpu.h"
#include "translate/ir.h"
#include "translate/softmmu.h"

static uint64_t size_mask(unsigned lg) { return lg == 3 ? ~0ull : (1ull << (8u << lg)) - 1; }

static void check_align(ARMCPU *cpu, uint64_t addr, unsigned lg)
{
    if (addr & ((1u << lg) - 1)) {
        cpu->exception = ARM_EXCP_ALIGN;
        cpu->syndrome = addr;
        cpu_loop_exit(&cpu->c);
    }
}

static uint64_t host_load(void *p, unsigned lg)
{
    switch (lg) {
    case 0: return __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST);
    case 1: return __atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST);
    case 2: return __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    }
}

/* Compare-and-swap at p: true if *p was expect (then it is val); *old = the value seen. */
static bool host_cas(void *p, unsigned lg, uint64_t expect, uint64_t val, uint64_t *old)
{
    bool ok;
    switch (lg) {
    case 0: { uint8_t e = (uint8_t)expect;
        ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    case 1: { uint16_t e = (uint16_t)expect;
        ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    case 2: { uint32_t e = (uint32_t)expect;
        ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    default: { uint64_t e = expect;
        ok = __atomic_compare_exchange_n((uint64_t *)p, &e, val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *old = e; break; }
    }
    return ok;
}

static int64_t sext(uint64_t v, unsigned lg)
{
    unsigned sh = 64 - (8u << lg);
    return (int64_t)(v << sh) >> sh;
}

static uint64_t lse_apply(unsigned op, uint64_t old, uint64_t src, unsigned lg)
{
    switch (op) {
    case ARM_LSE_ADD: return old + src;
    case ARM_LSE_CLR: return old & ~src;
    case ARM_LSE_EOR: return old ^ src;
    case ARM_LSE_SET: return old | src;
    case ARM_LSE_SMAX: return sext(old, lg) > sext(src, lg) ? old : src;
    case ARM_LSE_SMIN: return sext(old, lg) < sext(src, lg) ? old : src;
    case ARM_LSE_UMAX: return old > src ? old : src;
    case ARM_LSE_UMIN: return old < src ? old : src;
    default: return src;   /* SWP */
    }
}

uint64_t arm_helper_ldxr(void *env, uint64_t addr, uint64_t arg, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    unsigned lg = (unsigned)arg & 3;
    int mmu = (int)(arg >> 8);
    (void)c, (void)d;
    check_align(cpu, addr, lg);
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_READ, mmu, 1u << lg);
    uint64_t v = p ? host_load(p, lg)
                   : softmmu_load(&cpu->c, addr, IR_MEMOP(lg, 0, mmu)) & size_mask(lg);
    cpu->excl_addr = addr;
    cpu->excl_val = v;
    cpu->excl_size = lg;
    return v;
}

uint64_t arm_helper_stxr(void *env, uint64_t addr, uint64_t val, uint64_t arg, uint64_t d)
{
    ARMCPU *cpu = env;
    unsigned lg = (unsigned)arg & 3;
    int mmu = (int)(arg >> 8);
    (void)d;
    check_align(cpu, addr, lg);
    /* Translate first: a store-exclusive to a bad address faults even when it would fail. */
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 1u << lg);
    bool armed = cpu->excl_addr == addr && cpu->excl_size == lg;
    uint64_t expect = cpu->excl_val, old;
    cpu->excl_addr = ARM_EXCL_NONE;
    if (!armed)
        return 1;
    val &= size_mask(lg);
    if (p)
        return host_cas(p, lg, expect, val, &old) ? 0 : 1;
    unsigned memop = IR_MEMOP(lg, 0, mmu);
    if ((softmmu_load(&cpu->c, addr, memop) & size_mask(lg)) != expect)
        return 1;
    softmmu_store(&cpu->c, addr, val, memop);
    return 0;
}

uint64_t arm_helper_lse(void *env, uint64_t addr, uint64_t src, uint64_t arg, uint64_t d)
{
    ARMCPU *cpu = env;
    unsigned op = (unsigned)arg & 0xf, lg = (unsigned)(arg >> 4) & 3;
    int mmu = (int)(arg >> 8);
    (void)d;
    check_align(cpu, addr, lg);
    src &= size_mask(lg);
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 1u << lg);
    if (p) {
        uint64_t old = host_load(p, lg);
        while (!host_cas(p, lg, old, lse_apply(op, old, src, lg) & size_mask(lg), &old)) {
        }
        return old;
    }
    unsigned memop = IR_MEMOP(lg, 0, mmu);
    uint64_t old = softmmu_load(&cpu->c, addr, memop) & size_mask(lg);
    softmmu_store(&cpu->c, addr, lse_apply(op, old, src, lg) & size_mask(lg), memop);
    return old;
}

uint64_t arm_helper_cas(void *env, uint64_t addr, uint64_t expect, uint64_t val, uint64_t arg)
{
    ARMCPU *cpu = env;
    unsigned lg = (unsigned)arg & 3;
    int mmu = (int)(arg >> 8);
    check_align(cpu, addr, lg);
    expect &= size_mask(lg);
    val &= size_mask(lg);
    void *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 1u << lg);
    uint64_t old;
    if (p) {
        host_cas(p, lg, expect, val, &old);
        return old;
    }
    unsigned memop = IR_MEMOP(lg, 0, mmu);
    old = softmmu_load(&cpu->c, addr, memop) & size_mask(lg);
    if (old == expect)
        softmmu_store(&cpu->c, addr, val, memop);
    return old;
}
