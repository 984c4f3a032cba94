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
        arm_raise_recorded(cpu);
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

/* 128-bit compare-and-swap at p (16-byte aligned): lock cmpxchg16b on x86-64 hosts. */
static bool host_cas128(uint64_t *p, uint64_t elo, uint64_t ehi, uint64_t nlo, uint64_t nhi)
{
#if defined(__x86_64__)
    bool ok;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(ok), "+m"(*(volatile unsigned __int128 *)p), "+a"(elo), "+d"(ehi)
                     : "b"(nlo), "c"(nhi)
                     : "memory");
    return ok;
#else
    if (p[0] != elo || p[1] != ehi)   /* not atomic against other host threads */
        return false;
    p[0] = nlo;
    p[1] = nhi;
    return true;
#endif
}

uint64_t arm_helper_ldxp(void *env, uint64_t addr, uint64_t arg, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    unsigned lg = (unsigned)arg & 3;   /* of each register: 2 or 3 */
    int mmu = (int)(arg >> 8);
    (void)c, (void)d;
    check_align(cpu, addr, lg + 1);
    uint64_t lo, hi = 0;
    if (lg == 2) {
        void *p = softmmu_host_ptr(&cpu->c, addr, MMU_READ, mmu, 8);
        lo = p ? host_load(p, 3) : softmmu_load(&cpu->c, addr, IR_MEMOP(3, 0, mmu));
    } else {
        /* The two halves are read one after the other: STXP's 128-bit compare catches a
           write in between. */
        uint64_t *p = softmmu_host_ptr(&cpu->c, addr, MMU_READ, mmu, 8);
        lo = p ? host_load(p, 3) : softmmu_load(&cpu->c, addr, IR_MEMOP(3, 0, mmu));
        hi = p ? host_load(p + 1, 3) : softmmu_load(&cpu->c, addr + 8, IR_MEMOP(3, 0, mmu));
    }
    cpu->excl_addr = addr;
    cpu->excl_size = lg | ARM_EXCL_PAIR;
    cpu->excl_val = lo;
    cpu->excl_val2 = hi;
    cpu->helper_hi = hi;
    return lo;
}

uint64_t arm_helper_stxp(void *env, uint64_t addr, uint64_t lo, uint64_t hi, uint64_t arg)
{
    ARMCPU *cpu = env;
    unsigned lg = (unsigned)arg & 3;
    int mmu = (int)(arg >> 8);
    check_align(cpu, addr, lg + 1);
    uint64_t *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 8);
    bool armed = cpu->excl_addr == addr && cpu->excl_size == (lg | ARM_EXCL_PAIR);
    cpu->excl_addr = ARM_EXCL_NONE;
    if (!armed)
        return 1;
    uint64_t old;
    if (lg == 2) {
        uint64_t v = (lo & 0xffffffffull) | hi << 32;
        if (p)
            return host_cas(p, 3, cpu->excl_val, v, &old) ? 0 : 1;
        if (softmmu_load(&cpu->c, addr, IR_MEMOP(3, 0, mmu)) != cpu->excl_val)
            return 1;
        softmmu_store(&cpu->c, addr, v, IR_MEMOP(3, 0, mmu));
        return 0;
    }
    if (p)
        return host_cas128(p, cpu->excl_val, cpu->excl_val2, lo, hi) ? 0 : 1;
    unsigned memop = IR_MEMOP(3, 0, mmu);
    if (softmmu_load(&cpu->c, addr, memop) != cpu->excl_val ||
        softmmu_load(&cpu->c, addr + 8, memop) != cpu->excl_val2)
        return 1;
    softmmu_store(&cpu->c, addr, lo, memop);
    softmmu_store(&cpu->c, addr + 8, hi, memop);
    return 0;
}

uint64_t arm_helper_casp(void *env, uint64_t addr, uint64_t clo, uint64_t chi, uint64_t nlo)
{
    ARMCPU *cpu = env;
    uint64_t nhi = cpu->helper_hi;
    int mmu = (int)(cpu->helper_arg >> 8);
    check_align(cpu, addr, 4);
    uint64_t *p = softmmu_host_ptr(&cpu->c, addr, MMU_WRITE, mmu, 8);
    uint64_t olo, ohi;
    if (p) {
#if defined(__x86_64__)
        /* cmpxchg16b leaves what memory held in the expected operands */
        olo = clo, ohi = chi;
        __asm__ volatile("lock cmpxchg16b %0"
                         : "+m"(*(volatile unsigned __int128 *)p), "+a"(olo), "+d"(ohi)
                         : "b"(nlo), "c"(nhi)
                         : "memory", "cc");
#else
        olo = p[0], ohi = p[1];
        if (olo == clo && ohi == chi)
            host_cas128(p, clo, chi, nlo, nhi);
#endif
    } else {
        unsigned memop = IR_MEMOP(3, 0, mmu);
        olo = softmmu_load(&cpu->c, addr, memop);
        ohi = softmmu_load(&cpu->c, addr + 8, memop);
        if (olo == clo && ohi == chi) {
            softmmu_store(&cpu->c, addr, nlo, memop);
            softmmu_store(&cpu->c, addr + 8, nhi, memop);
        }
    }
    cpu->helper_hi = ohi;
    return olo;
}
