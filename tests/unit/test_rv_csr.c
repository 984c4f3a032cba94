/* SPDX-License-Identifier: MIT */
/* Unit tests of the RISC-V CSRs, traps and interrupts (cpu/riscv/csr.c, trap.c, cpu.c):
   WARL fields, sstatus/sie/sip views, privilege and read-only checks through helper_csr,
   counter gating, Sstc, PMP CSR rules, trap entry with delegation, xRET, and interrupt
   selection (privileged spec v1.12 ch. 2, 3.1, 3.3, 3.7, 4.1). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/helpers.h"
#include "cpu/riscv/priv.h"

static int n_pass, n_fail;
#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (cond) {                                                                         \
            n_pass++;                                                                       \
        } else {                                                                            \
            n_fail++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
        }                                                                                   \
    } while (0)

static RVCPU *cpu;
static uint64_t fake_mtime;

static uint64_t read_fake_mtime(void *opaque)
{
    (void)opaque;
    return fake_mtime;
}

static void fresh_cpu(void)
{
    cpu->read_mtime = read_fake_mtime;
    rv_cpu_init(cpu, 0, NULL);
    rv_cpu_reset(cpu, 0x80000000);
    fake_mtime = 1000;
}

/* Zicsr encodings: funct3 1..3 = csrrw/s/c, 5..7 = the immediate forms */
enum { RW = 1, RS = 2, RC = 3, RWI = 5, RSI = 6, RCI = 7 };
static uint32_t csr_insn(int f3, int csr, int rd, int rs1)
{
    return (uint32_t)csr << 20 | (uint32_t)rs1 << 15 | (uint32_t)f3 << 12 | (uint32_t)rd << 7 |
           0x73;
}

/* Run helper_csr; returns true if it trapped (the trap state is then in the CSRs). */
static bool csr_traps(uint32_t insn, uint64_t src, uint64_t *out)
{
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        uint64_t v = helper_csr(cpu, insn, src, 0, 0);
        if (out)
            *out = v;
        return false;
    }
    return true;
}

/* Access in the current privilege; on a trap, check it is an illegal instruction with
   mtval = insn and restore the privilege. */
static bool illegal(int f3, int csr, int rs1, uint64_t src)
{
    uint64_t priv = cpu->priv;
    uint32_t insn = csr_insn(f3, csr, 5, rs1);
    if (!csr_traps(insn, src, NULL))
        return false;
    bool ok = cpu->mcause == RV_EXC_ILLEGAL && cpu->mtval == insn;
    cpu->priv = priv;
    return ok;
}

static uint64_t rd(int csr)
{
    uint64_t v = 0xdeadbeef;
    if (csr_traps(csr_insn(RS, csr, 5, 0), 0, &v)) {
        fprintf(stderr, "unexpected trap reading csr %#x\n", csr);
        n_fail++;
    }
    return v;
}

static void wr(int csr, uint64_t v)
{
    if (csr_traps(csr_insn(RW, csr, 0, 6), v, NULL)) {
        fprintf(stderr, "unexpected trap writing csr %#x\n", csr);
        n_fail++;
    }
}

static void set(int csr, uint64_t v)
{
    if (csr_traps(csr_insn(RS, csr, 0, 6), v, NULL))
        n_fail++;
}

static void clr(int csr, uint64_t v)
{
    if (csr_traps(csr_insn(RC, csr, 0, 6), v, NULL))
        n_fail++;
}

#define MSTATUS 0x300
#define SSTATUS 0x100
#define MIP(i) RV_MIP(i)

static void test_ids_and_misa(void)
{
    fresh_cpu();
    uint64_t misa = rd(0x301);
    CHECK(misa >> 62 == 2);
    const char *ext = "IMAFDCSU";
    for (const char *p = ext; *p; p++)
        CHECK(misa & (1ull << (*p - 'A')));
    CHECK(!(misa & (1ull << ('V' - 'A'))) && !(misa & (1ull << ('H' - 'A'))));
    wr(0x301, 0);                               /* writes are ignored */
    CHECK(rd(0x301) == misa);
    CHECK(rd(0xf11) == 0 && rd(0xf12) == 0 && rd(0xf13) == 0);
    cpu->mhartid = 3;
    CHECK(rd(0xf14) == 3);
    /* read-only CSRs: writes are illegal, csrrs with x0 is fine */
    CHECK(illegal(RW, 0xf14, 0, 0));
    CHECK(illegal(RSI, 0xf11, 1, 1));
    CHECK(!illegal(RS, 0xf14, 0, 123));
    CHECK(illegal(RW, 0xc00, 6, 0));          /* cycle is read-only */
    /* unknown CSR numbers */
    CHECK(illegal(RS, 0x0ff, 0, 0));
    CHECK(illegal(RW, 0x7c0, 6, 0));
    CHECK(illegal(RS, 0x3a1, 0, 0));          /* pmpcfg1 does not exist on RV64 */
    CHECK(illegal(RS, 0xb01, 0, 0));          /* hole between mcycle and minstret */
}

static void test_mstatus(void)
{
    fresh_cpu();
    uint64_t s = rd(MSTATUS);
    CHECK(((s >> 32) & 3) == 2 && ((s >> 34) & 3) == 2);
    CHECK((s & (RV_MSTATUS_MIE | RV_MSTATUS_MPRV)) == 0);
    clr(MSTATUS, RV_MSTATUS_UXL | RV_MSTATUS_SXL);
    CHECK((rd(MSTATUS) & (RV_MSTATUS_UXL | RV_MSTATUS_SXL)) == RV_MSTATUS_XL64);

    /* MPP: U, S, M legal; 2 keeps the previous value */
    for (uint64_t m = 0; m < 4; m++) {
        clr(MSTATUS, RV_MSTATUS_MPP);
        set(MSTATUS, 1ull << RV_MSTATUS_MPP_SHIFT);      /* S */
        clr(MSTATUS, RV_MSTATUS_MPP);
        set(MSTATUS, m << RV_MSTATUS_MPP_SHIFT);
        uint64_t got = (rd(MSTATUS) & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT;
        CHECK(got == (m == 2 ? 0 : m));      /* clr left U (0), the write of 2 keeps it */
    }
    wr(MSTATUS, 1ull << RV_MSTATUS_MPP_SHIFT);
    wr(MSTATUS, 2ull << RV_MSTATUS_MPP_SHIFT);
    CHECK(((rd(MSTATUS) & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT) == 1);

    /* SD follows FS; SD itself is read-only; VS/XS/UBE are 0 */
    wr(MSTATUS, RV_MSTATUS_SD | (1ull << 13) | (3ull << 9) | (3ull << 15) | (1ull << 6));
    s = rd(MSTATUS);
    CHECK((s & (RV_MSTATUS_SD | RV_MSTATUS_FS)) == (1ull << 13));
    CHECK((s & ((3ull << 9) | (3ull << 15) | (1ull << 6))) == 0);
    wr(MSTATUS, RV_MSTATUS_FS);
    CHECK((rd(MSTATUS) & RV_MSTATUS_SD) && (rd(SSTATUS) & RV_MSTATUS_SD));

    /* writing an FP CSR makes FS dirty */
    wr(MSTATUS, 2ull << 13);
    wr(0x001, 0x1f);
    CHECK((cpu->mstatus & RV_MSTATUS_FS) == RV_MSTATUS_FS && (cpu->mstatus & RV_MSTATUS_SD));
    /* fflags/frm/fcsr share state */
    wr(0x002, 5);
    CHECK(rd(0x003) == ((5 << 5) | 0x1f));
    wr(0x003, 0xff);
    CHECK(rd(0x001) == 0x1f && rd(0x002) == 7);
    /* FS off: FP CSRs are illegal */
    clr(MSTATUS, RV_MSTATUS_FS);
    CHECK(illegal(RS, 0x001, 0, 0));
    CHECK(illegal(RS, 0x003, 0, 0));
    CHECK(illegal(RW, 0x002, 6, 0));
    /* helper_fs_dirty */
    helper_fs_dirty(cpu, 0, 0, 0, 0);
    CHECK((cpu->mstatus & (RV_MSTATUS_FS | RV_MSTATUS_SD)) == (RV_MSTATUS_FS | RV_MSTATUS_SD));

    /* sstatus is a restricted view */
    wr(MSTATUS, ~0ull);
    s = rd(SSTATUS);
    CHECK((s & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPP | RV_MSTATUS_MPRV |
                RV_MSTATUS_TVM | RV_MSTATUS_TW | RV_MSTATUS_TSR | RV_MSTATUS_SXL)) == 0);
    CHECK((s & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_SUM |
                RV_MSTATUS_MXR)) == (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP |
                                     RV_MSTATUS_SUM | RV_MSTATUS_MXR));
    CHECK((s & RV_MSTATUS_UXL) == (2ull << 32));
    wr(SSTATUS, 0);
    s = rd(MSTATUS);
    CHECK((s & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPRV | RV_MSTATUS_TVM |
                RV_MSTATUS_TW | RV_MSTATUS_TSR)) == (RV_MSTATUS_MIE | RV_MSTATUS_MPIE |
                RV_MSTATUS_MPRV | RV_MSTATUS_TVM | RV_MSTATUS_TW | RV_MSTATUS_TSR));
    CHECK((s & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_SUM |
                RV_MSTATUS_MXR | RV_MSTATUS_FS)) == 0);
}

static void test_interrupt_csrs(void)
{
    fresh_cpu();
    wr(0x303, ~0ull);
    CHECK(rd(0x303) == RV_S_INTS);             /* only S interrupts delegate */
    wr(0x302, ~0ull);
    uint64_t med = rd(0x302);
    CHECK(!(med & (1ull << RV_EXC_ECALL_M)));
    CHECK(med & (1ull << RV_EXC_ECALL_U) && med & (1ull << RV_EXC_STORE_PAGE) &&
          med & (1ull << RV_EXC_ILLEGAL) && med & (1ull << RV_EXC_BREAKPOINT));
    CHECK(!(med >> 16));
    wr(0x302, 0);

    wr(0x304, ~0ull);
    CHECK(rd(0x304) == (RV_S_INTS | RV_M_INTS));
    /* sie: mie restricted to delegated bits */
    wr(0x303, 0);
    CHECK(rd(0x104) == 0);
    wr(0x104, 0);
    CHECK(rd(0x304) == (RV_S_INTS | RV_M_INTS));
    wr(0x303, MIP(RV_IRQ_STI));
    CHECK(rd(0x104) == MIP(RV_IRQ_STI));
    clr(0x104, ~0ull);
    CHECK(rd(0x304) == (RV_S_INTS | RV_M_INTS) - MIP(RV_IRQ_STI));
    wr(0x304, 0);
    wr(0x303, 0);

    /* mip: S bits writable by M, M bits read-only */
    set(0x344, ~0ull);
    CHECK((rd(0x344) & (RV_S_INTS | RV_M_INTS)) == RV_S_INTS);
    CHECK((rd(0x144) & RV_S_INTS) == 0);      /* nothing delegated */
    wr(0x303, MIP(RV_IRQ_SSI) | MIP(RV_IRQ_SEI));
    CHECK(rd(0x144) == (MIP(RV_IRQ_SSI) | MIP(RV_IRQ_SEI)));
    clr(0x144, ~0ull);                         /* only SSIP is writable in sip */
    CHECK((rd(0x344) & RV_S_INTS) == (MIP(RV_IRQ_STI) | MIP(RV_IRQ_SEI)));
    wr(0x344, 0);
    wr(0x303, 0);

    /* the external SEIP line is visible in mip but not latched by csrrs */
    rv_cpu_set_irq(cpu, RV_IRQ_SEI, 1);
    CHECK(rd(0x344) & MIP(RV_IRQ_SEI));
    set(0x344, MIP(RV_IRQ_SSI));
    rv_cpu_set_irq(cpu, RV_IRQ_SEI, 0);
    CHECK((rd(0x344) & RV_S_INTS) == MIP(RV_IRQ_SSI));
    /* device lines */
    rv_cpu_set_irq(cpu, RV_IRQ_MEI, 1);
    rv_cpu_set_irq(cpu, RV_IRQ_MSI, 1);
    CHECK((rd(0x344) & RV_M_INTS) == (MIP(RV_IRQ_MEI) | MIP(RV_IRQ_MSI)));
    clr(0x344, ~0ull);                         /* cannot clear device lines */
    CHECK((rd(0x344) & RV_M_INTS) == (MIP(RV_IRQ_MEI) | MIP(RV_IRQ_MSI)));
    rv_cpu_set_irq(cpu, RV_IRQ_MEI, 0);
    rv_cpu_set_irq(cpu, RV_IRQ_MSI, 0);
    CHECK((rd(0x344) & RV_M_INTS) == 0);
    /* MTIP is an input line (the CLINT's comparison), read-only in mip, and kicks the hart */
    CHECK(!(rd(0x344) & MIP(RV_IRQ_MTI)));
    cpu->c.exit_request = 0;
    rv_cpu_set_irq(cpu, RV_IRQ_MTI, 1);
    CHECK((rd(0x344) & MIP(RV_IRQ_MTI)) && cpu->c.exit_request);
    clr(0x344, MIP(RV_IRQ_MTI));
    CHECK(rd(0x344) & MIP(RV_IRQ_MTI));
    rv_cpu_set_irq(cpu, RV_IRQ_MTI, 0);
    CHECK(!(rd(0x344) & MIP(RV_IRQ_MTI)));
}

static void test_sstc(void)
{
    fresh_cpu();
    fake_mtime = 100;
    /* without STCE: stimecmp illegal below M, STIP software-writable */
    cpu->priv = PRV_S;
    CHECK(illegal(RW, 0x306, 6, 2));          /* mcounteren is M-only */
    cpu->priv = PRV_M;
    wr(0x306, 2);                              /* TM */
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0x14d, 0, 0));
    cpu->priv = PRV_M;
    wr(0x14d, 50);
    CHECK(rd(0x14d) == 50);
    CHECK(!(rd(0x344) & MIP(RV_IRQ_STI)));    /* STCE off: no comparison */
    set(0x344, MIP(RV_IRQ_STI));
    CHECK(rd(0x344) & MIP(RV_IRQ_STI));
    /* a software STIP left set is hidden once STCE hands STIP to the comparator */
    wr(0x14d, 500);
    wr(0x30a, RV_MENVCFG_STCE);
    CHECK(!(rd(0x344) & MIP(RV_IRQ_STI)));
    wr(0x30a, 0);
    clr(0x344, MIP(RV_IRQ_STI));
    wr(0x14d, 50);

    wr(0x30a, ~0ull);
    CHECK(rd(0x30a) == (RV_MENVCFG_STCE | RV_MENVCFG_FIOM));
    CHECK(rd(0x344) & MIP(RV_IRQ_STI));       /* 100 >= 50 */
    clr(0x344, MIP(RV_IRQ_STI));              /* read-only now */
    CHECK(rd(0x344) & MIP(RV_IRQ_STI));
    cpu->priv = PRV_S;
    wr(0x14d, 200);                            /* legal in S with STCE and TM */
    CHECK(!(rd(0x144) & MIP(RV_IRQ_STI)) && !(cpu->mip & MIP(RV_IRQ_STI)));
    cpu->priv = PRV_M;
    CHECK(!(rd(0x344) & MIP(RV_IRQ_STI)));
    set(0x344, MIP(RV_IRQ_STI));               /* not writable with STCE */
    CHECK(!(rd(0x344) & MIP(RV_IRQ_STI)));
    fake_mtime = 200;
    CHECK(rd(0x344) & MIP(RV_IRQ_STI));
    wr(0x306, 0);
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0x14d, 0, 0));           /* TM closed */
    cpu->priv = PRV_M;
    /* timer slot 1 armed for a future stimecmp (far enough ahead that the timer thread
       cannot fire and disarm it before the check, on a slow machine too) */
    wr(0x14d, 200 + 1000000000ull);
    rv_cpu_arm_timers(cpu);
    CHECK(cpu->c.timer_deadline[1] != UINT64_MAX);
    wr(0x14d, UINT64_MAX);
    rv_cpu_arm_timers(cpu);
    CHECK(cpu->c.timer_deadline[1] == UINT64_MAX);
    /* senvcfg: FIOM only */
    wr(0x10a, ~0ull);
    CHECK(rd(0x10a) == 1);
}

static void test_misc_warl(void)
{
    fresh_cpu();
    /* tvec: direct and vectored kept, reserved modes keep the old mode */
    wr(0x305, 0x80000101);
    CHECK(rd(0x305) == 0x80000101);
    wr(0x305, 0x80000202);
    CHECK((rd(0x305) & 3) == 1 && (rd(0x305) & ~3ull) == 0x80000200);
    wr(0x105, 0x80000400);
    wr(0x105, 0x80000403);
    CHECK(rd(0x105) == 0x80000400);
    /* xepc bit 0 is always zero */
    wr(0x341, 0x80000003);
    CHECK(rd(0x341) == 0x80000002);
    wr(0x141, ~0ull);
    CHECK(rd(0x141) == ~1ull);
    /* scratch and cause/tval hold 64 bits */
    wr(0x340, 0x0123456789abcdefull);
    wr(0x140, 0xfedcba9876543210ull);
    CHECK(rd(0x340) == 0x0123456789abcdefull && rd(0x140) == 0xfedcba9876543210ull);
    /* csrrw returns the old value, csrrs/csrrc set and clear */
    uint64_t old = 0;
    CHECK(!csr_traps(csr_insn(RW, 0x340, 5, 6), 7, &old));
    CHECK(old == 0x0123456789abcdefull && rd(0x340) == 7);
    CHECK(!csr_traps(csr_insn(RSI, 0x340, 5, 8), 8, &old));
    CHECK(old == 7 && rd(0x340) == 15);
    CHECK(!csr_traps(csr_insn(RCI, 0x340, 5, 3), 3, &old));
    CHECK(rd(0x340) == 12);
    /* csrrs with rs1 = x0 never writes even a nonzero source value */
    CHECK(!csr_traps(csr_insn(RS, 0x340, 5, 0), 0xff, &old));
    CHECK(rd(0x340) == 12);
    /* counteren are 32 bits */
    wr(0x306, ~0ull);
    CHECK(rd(0x306) == 0xffffffffull);
    /* mhpmcounter/mhpmevent/mcountinhibit read 0 and ignore writes */
    wr(0xb03, 55);
    wr(0x323, 55);
    wr(0x320, 5);
    CHECK(rd(0xb03) == 0 && rd(0x323) == 0 && rd(0x33f) == 0 && rd(0x320) == 0);
    CHECK(rd(0xf15) == 0);
}

static void test_pmp_csrs(void)
{
    fresh_cpu();
    /* bits 6:5 reserved; R=0 W=1 is not stored */
    wr(0x3a0, 0x6f);
    CHECK(rd(0x3a0) == 0x0f);
    wr(0x3a0, 0x0f | (uint64_t)0x02 << 8 | (uint64_t)0x0b << 16);  /* entry 1: W only */
    CHECK(rd(0x3a0) == (0x0f | (uint64_t)0x0b << 16));
    wr(0x3a0, 0x0f | (uint64_t)0x03 << 8);
    CHECK(rd(0x3a0) == (0x0f | (uint64_t)0x03 << 8));
    wr(0x3a0, 0x0f | (uint64_t)0x06 << 8);  /* W|X without R: ignored, entry 1 keeps RW */
    CHECK(((rd(0x3a0) >> 8) & 0xff) == 0x03);
    /* pmpaddr: 54 bits */
    wr(0x3b5, ~0ull);
    CHECK(rd(0x3b5) == RV_PMPADDR_MASK);
    /* unimplemented entries 16..63 read 0 */
    wr(0x3c0, 123);
    CHECK(rd(0x3c0) == 0 && rd(0x3a4) == 0);
    /* locked: entry 2 (TOR) locks its cfg, its pmpaddr and pmpaddr1 */
    wr(0x3b1, 0x100);
    wr(0x3b2, 0x200);
    wr(0x3a2, 0x55);                              /* pmpcfg2: entries 8..15 */
    CHECK(rd(0x3a2) == 0x15);
    uint64_t cfg = rd(0x3a0);
    cfg = (cfg & ~(0xffull << 16)) | (uint64_t)(RV_PMP_L | RV_PMP_TOR << 3 | RV_PMP_R) << 16;
    wr(0x3a0, cfg);
    CHECK(rd(0x3a0) == cfg);
    wr(0x3a0, 0);
    CHECK(((rd(0x3a0) >> 16) & 0xff) == (RV_PMP_L | RV_PMP_TOR << 3 | RV_PMP_R));
    CHECK((rd(0x3a0) & 0xffff) == 0);             /* unlocked entries still written */
    wr(0x3b2, 0x300);
    wr(0x3b1, 0x300);
    CHECK(rd(0x3b2) == 0x200 && rd(0x3b1) == 0x100);
    wr(0x3b3, 0x400);
    CHECK(rd(0x3b3) == 0x400);
    /* PMP CSRs are M-only */
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0x3a0, 0, 0));
    CHECK(illegal(RW, 0x3b0, 6, 0));
}

static void test_privilege_checks(void)
{
    fresh_cpu();
    /* S cannot touch M CSRs; U cannot touch S CSRs */
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0x300, 0, 0));
    CHECK(illegal(RW, 0x340, 6, 0));
    CHECK(illegal(RS, 0xf14, 0, 0));
    CHECK(!illegal(RS, 0x100, 0, 0));
    CHECK(!illegal(RW, 0x140, 6, 1));
    CHECK(!illegal(RS, 0x180, 0, 0));
    cpu->priv = PRV_U;
    CHECK(illegal(RS, 0x100, 0, 0));
    CHECK(illegal(RS, 0x180, 0, 0));
    CHECK(illegal(RW, 0x140, 6, 0));
    cpu->priv = PRV_M;
    set(MSTATUS, 1ull << 13);
    cpu->priv = PRV_U;
    CHECK(!illegal(RS, 0x003, 0, 0));          /* FP CSRs are user-level */

    /* TVM: satp illegal in S, fine in M */
    cpu->priv = PRV_M;
    set(MSTATUS, RV_MSTATUS_TVM);
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0x180, 0, 0));
    cpu->priv = PRV_M;
    CHECK(!illegal(RS, 0x180, 0, 0));
    clr(MSTATUS, RV_MSTATUS_TVM);

    /* the illegal-instruction trap records the instruction and the return state */
    cpu->priv = PRV_U;
    cpu->c.pc = 0x4000;
    cpu->mtvec = 0x80000100;
    uint32_t insn = csr_insn(RS, 0x300, 7, 0);
    CHECK(csr_traps(insn, 0, NULL));
    CHECK(cpu->mcause == RV_EXC_ILLEGAL && cpu->mtval == insn && cpu->mepc == 0x4000);
    CHECK(cpu->priv == PRV_M && cpu->c.pc == 0x80000100);
    CHECK((cpu->mstatus & RV_MSTATUS_MPP) == 0);
}

static void test_counters(void)
{
    fresh_cpu();
    cpu->c.insn_count = 500;
    fake_mtime = 777;
    CHECK(rd(0xc00) == 500 && rd(0xc02) == 500 && rd(0xb00) == 500 && rd(0xb02) == 500);
    CHECK(rd(0xc01) == 777);
    wr(0xb00, 10000);
    cpu->c.insn_count = 600;
    CHECK(rd(0xc00) == 10100 && rd(0xb00) == 10100);
    wr(0xb02, 0);
    cpu->c.insn_count = 650;
    CHECK(rd(0xc02) == 50);
    CHECK(rd(0xc03) == 0 && rd(0xc1f) == 0);

    /* gating: nothing enabled */
    wr(0x306, 0);
    wr(0x106, 0);
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0xc00, 0, 0));
    CHECK(illegal(RS, 0xc01, 0, 0));
    CHECK(illegal(RS, 0xc02, 0, 0));
    CHECK(illegal(RS, 0xc03, 0, 0));
    cpu->priv = PRV_M;
    wr(0x106, ~0ull);                           /* scounteren cannot open what M closed */
    cpu->priv = PRV_U;
    CHECK(illegal(RS, 0xc00, 0, 0));
    cpu->priv = PRV_M;
    wr(0x306, 0xd);                             /* CY, IR, HPM3 */
    wr(0x106, 4);                               /* IR */
    cpu->priv = PRV_S;
    CHECK(!illegal(RS, 0xc00, 0, 0));
    CHECK(!illegal(RS, 0xc02, 0, 0));
    CHECK(!illegal(RS, 0xc03, 0, 0));
    CHECK(illegal(RS, 0xc01, 0, 0));           /* TM not set */
    CHECK(illegal(RS, 0xc04, 0, 0));
    cpu->priv = PRV_U;
    CHECK(!illegal(RS, 0xc02, 0, 0));
    CHECK(illegal(RS, 0xc00, 0, 0));
    CHECK(illegal(RS, 0xc03, 0, 0));
    /* M-level counters are not reachable from S */
    cpu->priv = PRV_S;
    CHECK(illegal(RS, 0xb00, 0, 0));
}

static bool run_helper(RV_HELPER((*fn)), uint64_t a, uint64_t b, uint64_t c, uint64_t *ret)
{
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        uint64_t r = fn(cpu, a, b, c, 0);
        if (ret)
            *ret = r;
        return false;
    }
    return true;
}

static void test_traps_and_xret(void)
{
    fresh_cpu();
    cpu->mtvec = 0x80000100;
    cpu->stvec = 0x80000200;

    /* ecall from each mode */
    static const struct { uint64_t priv, cause; } ec[] = {
        { PRV_U, RV_EXC_ECALL_U }, { PRV_S, RV_EXC_ECALL_S }, { PRV_M, RV_EXC_ECALL_M } };
    for (int i = 0; i < 3; i++) {
        cpu->priv = ec[i].priv;
        cpu->c.pc = 0x1000 + (uint64_t)i * 4;
        cpu->mstatus |= RV_MSTATUS_MIE;
        CHECK(run_helper(helper_ecall, 0, 0, 0, NULL));
        CHECK(cpu->mcause == ec[i].cause && cpu->mepc == 0x1000 + (uint64_t)i * 4);
        CHECK(cpu->mtval == 0 && cpu->priv == PRV_M && cpu->c.pc == 0x80000100);
        CHECK(((cpu->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT) == ec[i].priv);
        CHECK((cpu->mstatus & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE)) == RV_MSTATUS_MPIE);
    }

    /* delegation: U ecall to S, M stays untouched */
    cpu->medeleg = (1ull << RV_EXC_ECALL_U) | (1ull << RV_EXC_ILLEGAL);
    cpu->mcause = 0;
    cpu->priv = PRV_U;
    cpu->c.pc = 0x2000;
    cpu->mstatus |= RV_MSTATUS_SIE;
    CHECK(run_helper(helper_ecall, 0, 0, 0, NULL));
    CHECK(cpu->priv == PRV_S && cpu->scause == RV_EXC_ECALL_U && cpu->sepc == 0x2000);
    CHECK(cpu->c.pc == 0x80000200 && cpu->mcause == 0);
    CHECK((cpu->mstatus & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP)) ==
          RV_MSTATUS_SPIE);
    /* from S: SPP = S */
    cpu->c.pc = 0x2100;
    CHECK(run_helper(helper_illegal, 0xffffffff, 0, 0, NULL));
    CHECK(cpu->priv == PRV_S && cpu->scause == RV_EXC_ILLEGAL && cpu->stval == 0xffffffff);
    CHECK(cpu->mstatus & RV_MSTATUS_SPP);
    /* in M, a delegated exception still goes to M */
    cpu->priv = PRV_M;
    cpu->c.pc = 0x2200;
    CHECK(run_helper(helper_illegal, 0x13, 0, 0, NULL));
    CHECK(cpu->priv == PRV_M && cpu->mcause == RV_EXC_ILLEGAL && cpu->mepc == 0x2200);
    /* helper_raise: breakpoint with tval */
    cpu->c.pc = 0x2300;
    CHECK(run_helper(helper_raise, RV_EXC_BREAKPOINT, 0x2300, 0, NULL));
    CHECK(cpu->mcause == RV_EXC_BREAKPOINT && cpu->mtval == 0x2300);
    cpu->medeleg = 0;

    /* mret to S: MIE = MPIE, MPIE = 1, MPP = U, MPRV cleared */
    uint64_t ret;
    cpu->priv = PRV_M;
    cpu->mepc = 0x3000;
    cpu->mstatus = (cpu->mstatus & ~(RV_MSTATUS_MPP | RV_MSTATUS_MIE)) | RV_MSTATUS_MPIE |
                   (1ull << RV_MSTATUS_MPP_SHIFT) | RV_MSTATUS_MPRV;
    CHECK(!run_helper(helper_mret, 0, 0, 0, &ret));
    CHECK(ret == 0x3000 && cpu->priv == PRV_S);
    CHECK((cpu->mstatus & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPP |
                           RV_MSTATUS_MPRV)) == (RV_MSTATUS_MIE | RV_MSTATUS_MPIE));
    /* mret from S is illegal */
    cpu->mtval = 0;
    CHECK(run_helper(helper_mret, 0, 0, 0, NULL));
    CHECK(cpu->mcause == RV_EXC_ILLEGAL && cpu->mtval == RV_INSN_MRET && cpu->priv == PRV_M);
    /* mret to M keeps MPRV */
    cpu->mstatus |= RV_MSTATUS_MPRV | RV_MSTATUS_MPP;
    CHECK(!run_helper(helper_mret, 0, 0, 0, &ret));
    CHECK(cpu->priv == PRV_M && (cpu->mstatus & RV_MSTATUS_MPRV));
    CHECK((cpu->mstatus & RV_MSTATUS_MPP) == 0);

    /* sret from S to U */
    cpu->priv = PRV_S;
    cpu->sepc = 0x4000;
    cpu->mstatus = (cpu->mstatus & ~(RV_MSTATUS_SPP | RV_MSTATUS_SIE)) | RV_MSTATUS_SPIE |
                   RV_MSTATUS_MPRV;
    CHECK(!run_helper(helper_sret, 0, 0, 0, &ret));
    CHECK(ret == 0x4000 && cpu->priv == PRV_U);
    CHECK((cpu->mstatus & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP |
                           RV_MSTATUS_MPRV)) == (RV_MSTATUS_SIE | RV_MSTATUS_SPIE));
    /* sret from U is illegal; from S with TSR too; from M TSR does not apply */
    CHECK(run_helper(helper_sret, 0, 0, 0, NULL));
    CHECK(cpu->mcause == RV_EXC_ILLEGAL && cpu->mtval == RV_INSN_SRET);
    cpu->mstatus |= RV_MSTATUS_TSR | RV_MSTATUS_SPP;
    cpu->priv = PRV_S;
    CHECK(run_helper(helper_sret, 0, 0, 0, NULL));
    CHECK(cpu->priv == PRV_M);
    CHECK(!run_helper(helper_sret, 0, 0, 0, &ret));
    CHECK(cpu->priv == PRV_S);
    cpu->mstatus &= ~RV_MSTATUS_TSR;

    /* wfi: U always illegal, S illegal with TW, otherwise halts if nothing pending */
    uint32_t wfi = 0x10500073;
    cpu->priv = PRV_U;
    CHECK(run_helper(helper_wfi, wfi, 0, 0, NULL));
    CHECK(cpu->mcause == RV_EXC_ILLEGAL && cpu->mtval == wfi);
    cpu->priv = PRV_S;
    cpu->mstatus |= RV_MSTATUS_TW;
    CHECK(run_helper(helper_wfi, wfi, 0, 0, NULL));
    cpu->mstatus &= ~RV_MSTATUS_TW;
    cpu->priv = PRV_S;
    cpu->c.halted = 0;
    cpu->mie = 0;
    CHECK(!run_helper(helper_wfi, wfi, 0, 0, NULL));
    CHECK(cpu->c.halted == 1);
    /* a locally enabled pending interrupt prevents halting even when globally disabled */
    cpu->c.halted = 0;
    cpu->priv = PRV_M;
    cpu->mstatus &= ~RV_MSTATUS_MIE;
    cpu->mip = MIP(RV_IRQ_SSI);
    cpu->mie = MIP(RV_IRQ_SSI);
    CHECK(!run_helper(helper_wfi, wfi, 0, 0, NULL));
    CHECK(cpu->c.halted == 0);
    CHECK(riscv64_cpu_class.has_work(&cpu->c));
    cpu->mie = 0;
    CHECK(!riscv64_cpu_class.has_work(&cpu->c));
    cpu->mip = 0;

    /* sfence.vma: illegal in U, and in S with TVM */
    cpu->priv = PRV_U;
    CHECK(run_helper(helper_sfence_vma, 0, 0, 0x12000073, NULL));
    CHECK(cpu->mtval == 0x12000073);
    cpu->priv = PRV_S;
    cpu->mstatus |= RV_MSTATUS_TVM;
    CHECK(run_helper(helper_sfence_vma, 0, 0, 0x12000073, NULL));
    cpu->mstatus &= ~RV_MSTATUS_TVM;
    cpu->priv = PRV_S;
    cpu->c.tlb[0][0].tag_r = 0;
    tlb_mark_used(&cpu->c, 0, 0);
    CHECK(!run_helper(helper_sfence_vma, 0, 0, 0x12000073, NULL));
    CHECK(cpu->c.tlb[0][0].tag_r != 0);       /* full flush */
}

static void test_interrupts(void)
{
    fresh_cpu();
    const CpuClass *ops = &riscv64_cpu_class;
    cpu->mtvec = 0x80000100;
    cpu->stvec = 0x80000201;                    /* vectored */
    cpu->c.pc = 0x5000;

    /* M-level SSI (not delegated) in M with MIE = 0: not taken */
    wr(0x344, MIP(RV_IRQ_SSI));
    wr(0x304, MIP(RV_IRQ_SSI));
    CHECK(!ops->handle_interrupt(&cpu->c));
    CHECK(cpu->c.pc == 0x5000);
    set(MSTATUS, RV_MSTATUS_MIE);
    CHECK(ops->handle_interrupt(&cpu->c));
    CHECK(cpu->mcause == (RV_CAUSE_INTR | RV_IRQ_SSI) && cpu->mepc == 0x5000);
    CHECK(cpu->c.pc == 0x80000100 && cpu->priv == PRV_M);
    CHECK(!(cpu->mstatus & RV_MSTATUS_MIE) && (cpu->mstatus & RV_MSTATUS_MPIE));
    /* in U the M-level interrupt is taken regardless of MIE */
    cpu->priv = PRV_U;
    cpu->c.pc = 0x5100;
    CHECK(ops->handle_interrupt(&cpu->c));
    CHECK(cpu->priv == PRV_M && cpu->mepc == 0x5100);

    /* delegated SSI: never taken in M, taken in U, in S only with SIE; vectored stvec */
    wr(0x303, MIP(RV_IRQ_SSI));
    set(MSTATUS, RV_MSTATUS_MIE);
    CHECK(!ops->handle_interrupt(&cpu->c));
    cpu->priv = PRV_S;
    clr(SSTATUS, RV_MSTATUS_SIE);
    CHECK(!ops->handle_interrupt(&cpu->c));
    set(SSTATUS, RV_MSTATUS_SIE);
    cpu->c.pc = 0x5200;
    CHECK(ops->handle_interrupt(&cpu->c));
    CHECK(cpu->priv == PRV_S && cpu->scause == (RV_CAUSE_INTR | RV_IRQ_SSI));
    CHECK(cpu->sepc == 0x5200 && cpu->c.pc == 0x80000200 + 4 * RV_IRQ_SSI);
    CHECK((cpu->mstatus & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP)) ==
          (RV_MSTATUS_SPIE | RV_MSTATUS_SPP));
    cpu->priv = PRV_U;
    CHECK(ops->handle_interrupt(&cpu->c));
    CHECK(cpu->priv == PRV_S && !(cpu->mstatus & RV_MSTATUS_SPP));
    /* vectored mode does not apply to exceptions */
    cpu->priv = PRV_U;
    cpu->medeleg = 1ull << RV_EXC_ECALL_U;
    CHECK(run_helper(helper_ecall, 0, 0, 0, NULL));
    CHECK(cpu->c.pc == 0x80000200);
    cpu->medeleg = 0;

    /* priority among M-level: MEI > MSI > MTI > SEI > SSI > STI */
    fresh_cpu();
    cpu->mtvec = 0x80000100;
    wr(0x304, RV_S_INTS | RV_M_INTS);
    set(MSTATUS, RV_MSTATUS_MIE);
    wr(0x344, RV_S_INTS);
    rv_cpu_set_irq(cpu, RV_IRQ_MTI, 1);
    rv_cpu_set_irq(cpu, RV_IRQ_MSI, 1);
    rv_cpu_set_irq(cpu, RV_IRQ_MEI, 1);
    static const int order[] = { RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI, RV_IRQ_SEI, RV_IRQ_SSI,
                                 RV_IRQ_STI };
    for (int i = 0; i < 6; i++) {
        cpu->priv = PRV_U;
        CHECK(ops->handle_interrupt(&cpu->c));
        CHECK(cpu->mcause == (RV_CAUSE_INTR | (uint64_t)order[i]));
        /* retire the one just taken */
        if (order[i] == RV_IRQ_MEI || order[i] == RV_IRQ_MSI || order[i] == RV_IRQ_MTI)
            rv_cpu_set_irq(cpu, order[i], 0);
        else
            cpu->mip &= ~MIP(order[i]);
    }
    cpu->priv = PRV_U;
    CHECK(!ops->handle_interrupt(&cpu->c));

    /* M-level interrupts go before S-level ones even when the S one has a higher number */
    cpu->priv = PRV_M;
    wr(0x303, MIP(RV_IRQ_SEI));
    wr(0x344, MIP(RV_IRQ_SEI) | MIP(RV_IRQ_SSI));
    cpu->priv = PRV_U;
    CHECK(ops->handle_interrupt(&cpu->c));
    CHECK(cpu->mcause == (RV_CAUSE_INTR | RV_IRQ_SSI) && cpu->priv == PRV_M);
    /* masked by mie: nothing */
    cpu->priv = PRV_M;
    wr(0x304, 0);
    cpu->priv = PRV_U;
    CHECK(!ops->handle_interrupt(&cpu->c));

    /* the hart owns no machine-timer slot any more: MTIP is the CLINT's line */
    fake_mtime = 100;
    CHECK(!ops->handle_interrupt(&cpu->c));
    CHECK(cpu->c.timer_deadline[0] == UINT64_MAX);
}

static void test_dump(void)
{
    fresh_cpu();
    cpu->x[10] = 0x1122334455667788ull;
    char buf[8192];
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    if (!f) {
        n_fail++;
        return;
    }
    riscv64_cpu_class.dump_state(&cpu->c, f);
    fclose(f);
    buf[sizeof(buf) - 1] = 0;
    CHECK(strstr(buf, "a0") && strstr(buf, "1122334455667788"));
    CHECK(strstr(buf, "mstatus") && strstr(buf, "80000000"));
}

int main(void)
{
    cpu = calloc(1, sizeof(*cpu));
    if (!cpu)
        return 1;
    test_ids_and_misa();
    test_mstatus();
    test_interrupt_csrs();
    test_sstc();
    test_misc_warl();
    test_pmp_csrs();
    test_privilege_checks();
    test_counters();
    test_traps_and_xret();
    test_interrupts();
    test_dump();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    return n_fail ? 1 : 0;
}
