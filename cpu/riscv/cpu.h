/* SPDX-License-Identifier: MIT */
/* RV64 hart state: integer and FP registers, machine/supervisor CSRs (privileged spec 1.12),
   reservation for LR/SC, timer compare values. CPUCommon comes first (see translate/guest.h). */
#ifndef TERN_RISCV_CPU_H
#define TERN_RISCV_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/riscv/models.h"
#include "translate/guest.h"

enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/* MMU indexes used by loads/stores (IR memop) and TLBs. S-mode data accesses with
   mstatus.SUM set use their own index, so that Linux toggling SUM around every user access
   (copy_{to,from}_user) switches TLBs instead of flushing one. Fetches use RV_MMU_S. */
enum { RV_MMU_U = 0, RV_MMU_S = 1, RV_MMU_S_SUM = 2, RV_MMU_M = 3 };

/* TB flags layout (CpuClass.tb_flags), decided by cpu.c and read by the front end. */
#define RV_TBF_PRIV_MASK   0x3u        /* current privilege */
#define RV_TBF_MMU_SHIFT   2           /* data MMU index (MPRV applied), 2 bits */
#define RV_TBF_MMU_MASK    (0x3u << RV_TBF_MMU_SHIFT)
#define RV_TBF_FS_SHIFT    4           /* mstatus.FS, 2 bits: 0 = off (FP illegal), 3 = dirty */
#define RV_TBF_FS_MASK     (0x3u << RV_TBF_FS_SHIFT)
#define RV_TBF_FRM_SHIFT   6           /* frm, 3 bits: the dynamic rounding mode is static */
#define RV_TBF_FRM_MASK    (0x7u << RV_TBF_FRM_SHIFT)

typedef struct RVCPU {
    CPUCommon c;                     /* must be first */
    RVCpuConfig cfg;                 /* the -cpu model: extensions, paging modes, PMP, IDs */
    uint64_t x[32];                  /* x[0] stays 0 */
    uint64_t f[32];                  /* NaN-boxed singles */
    uint64_t fflags;                 /* accrued exceptions, bits 4:0 */
    uint64_t frm;                    /* dynamic rounding mode, bits 2:0 */
    uint64_t priv;                   /* PRV_* */

    /* Machine CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mtvec, mscratch, mepc, mcause, mtval;
    uint64_t mcounteren, mcountinhibit, menvcfg, mhartid;
    uint64_t mip;                    /* software-writable bits (SSIP, STIP, SEIP) */
    volatile uint64_t mip_ext;       /* device-driven bits (MEIP, SEIP, MSIP); atomic access */
    uint64_t pmpcfg[2];              /* pmpcfg0, pmpcfg2 (RV64) */
    uint64_t pmpaddr[16];
    /* The entries that match something, decoded, in priority order (rv_pmp_update) */
    struct { uint64_t lo, hi; uint8_t cfg; } pmp_rule[16];
    int pmp_n;
    uint64_t mcycle_base, minstret_base;
    /* Supervisor CSRs */
    uint64_t stvec, sscratch, sepc, scause, stval, scounteren, senvcfg, satp, stimecmp;
    /* LR/SC reservation */
    uint64_t res_addr;               /* UINT64_MAX: no reservation */
    uint64_t res_val;
    uint64_t csr_flags_changed;      /* helper_csr_status: the write changed the TB flags */
    /* mtime source (10 MHz ticks): the board's timer device (rv_cpu_set_time_source) */
    uint64_t (*read_mtime)(void *opaque);
    void *mtime_opaque;
} RVCPU;

static inline RVCPU *rv_cpu(CPUCommon *env) { return (RVCPU *)env; }

/* IR globals of the front end (translate.c): x1..x31 are values 0..30, f0..f31 are 31..62. */
#define RV_N_GLOBALS 63
extern const IrGlobalDesc rv_ir_globals[RV_N_GLOBALS];
static inline IrVal rv_gpr_val(int i) { return (IrVal)(i - 1); }   /* i in 1..31 */
static inline IrVal rv_fpr_val(int i) { return (IrVal)(31 + i); }  /* i in 0..31 */

/* cpu.c */
extern const CpuClass riscv64_cpu_class;   /* cpu_class.c */
/* A hart of the default model (rv64); rv_cpu_set_config gives it another and resets it. */
void rv_cpu_init(RVCPU *cpu, int hartid, struct MemMap *mem);
void rv_cpu_set_config(RVCPU *cpu, const RVCpuConfig *cfg);
void rv_cpu_reset(RVCPU *cpu, uint64_t pc);
uint64_t rv_cpu_mtime(RVCPU *cpu);
/* Input lines: devices raise/lower mip bits (MEIP, SEIP, MSIP, MTIP); thread-safe, kicks the
   hart. CpuClass.set_irq, which boards hand out as IrqLines (cpu_irq_line). */
void rv_cpu_set_irq(RVCPU *cpu, int mip_bit, int level);
/* Where time (the time CSR, Sstc's comparison) comes from; NULL = the host clock. */
void rv_cpu_set_time_source(RVCPU *cpu, uint64_t (*read)(void *opaque), void *opaque);
/* The host timer slot (CPU_TIMER_CPU0..1) of Sstc's stimecmp. */
#define RV_TIMER_STIMECMP CPU_TIMER_CPU1

/* trap.c: raise exception `cause` with tval at env->pc (does not return). */
_Noreturn void rv_raise_exception(RVCPU *cpu, uint64_t cause, uint64_t tval);

/* translate.c: the front end (CpuClass.translate). */
void rv_translate(CPUCommon *env, struct TranslateCtx *ctx, IrBlock *b);
/* disas.c: one instruction as text; returns its length (2 or 4) or 0. */
int rv_disas(uint64_t pc, uint32_t insn, char *buf, size_t n);

/* Exception causes */
enum {
    RV_EXC_INSN_MISALIGNED = 0, RV_EXC_INSN_ACCESS = 1, RV_EXC_ILLEGAL = 2, RV_EXC_BREAKPOINT = 3,
    RV_EXC_LOAD_MISALIGNED = 4, RV_EXC_LOAD_ACCESS = 5, RV_EXC_STORE_MISALIGNED = 6,
    RV_EXC_STORE_ACCESS = 7, RV_EXC_ECALL_U = 8, RV_EXC_ECALL_S = 9, RV_EXC_ECALL_M = 11,
    RV_EXC_INSN_PAGE = 12, RV_EXC_LOAD_PAGE = 13, RV_EXC_STORE_PAGE = 15,
};
/* Interrupt numbers (mip/mie bits) */
enum { RV_IRQ_SSI = 1, RV_IRQ_MSI = 3, RV_IRQ_STI = 5, RV_IRQ_MTI = 7, RV_IRQ_SEI = 9,
       RV_IRQ_MEI = 11 };

#endif
