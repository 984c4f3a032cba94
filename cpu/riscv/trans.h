/* SPDX-License-Identifier: MIT */
/* Internal interface of the RISC-V front end: the per-instruction decoding state shared by
   translate.c (block loop), rvc.c (RVC expansion) and the trans_*.c decoders, plus the
   instruction field extractors (ISA manual vol. I, "Base Instruction Formats"). */
#ifndef TERN_RISCV_TRANS_H
#define TERN_RISCV_TRANS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/riscv/cpu.h"
#include "translate/ir.h"
#include "translate/tb.h"

typedef struct RVDisas {
    IrBlock *b;
    uint64_t pc;        /* of the current instruction */
    uint32_t insn;      /* 32-bit form (RVC already expanded) */
    uint32_t raw;       /* bits as fetched (16-bit ones zero-extended): tval if illegal */
    int len;            /* 2 or 4 */
    unsigned mmu_idx;   /* data accesses */
    unsigned fs;        /* mstatus.FS from the TB flags */
    unsigned frm;       /* frm from the TB flags: what rm = 7 (dynamic) means here */
    uint32_t ext;       /* the hart's extensions (RVCpuConfig.ext): disabled ones decode as
                           illegal instructions */
    bool fs_marked;     /* helper_fs_dirty already emitted in this block */
    bool ended;         /* the current instruction closed the block */
    bool no_retire;     /* ... and always traps (does not count as retired) */
} RVDisas;

static inline bool rvd_has(const RVDisas *d, unsigned ext) { return (d->ext >> ext) & 1; }

/* Field extraction. */
static inline unsigned rv_f_rd(uint32_t i) { return (i >> 7) & 31; }
static inline unsigned rv_f_rs1(uint32_t i) { return (i >> 15) & 31; }
static inline unsigned rv_f_rs2(uint32_t i) { return (i >> 20) & 31; }
static inline unsigned rv_f_rs3(uint32_t i) { return i >> 27; }
static inline unsigned rv_f_funct3(uint32_t i) { return (i >> 12) & 7; }
static inline unsigned rv_f_funct7(uint32_t i) { return i >> 25; }
static inline int64_t rv_imm_i(uint32_t i) { return (int32_t)i >> 20; }
/* The sign comes from an arithmetic shift of bit 31; the whole expression is then unsigned,
   hence the final cast back to int32_t. */
static inline int64_t rv_imm_s(uint32_t i) {
    return (int32_t)((uint32_t)((int32_t)(i & 0xfe000000u) >> 20) | ((i >> 7) & 31));
}
static inline int64_t rv_imm_b(uint32_t i) {
    return (int32_t)((uint32_t)((int32_t)(i & 0x80000000u) >> 19) | ((i & 0x80) << 4) |
                     ((i >> 20) & 0x7e0) | ((i >> 7) & 0x1e));
}
static inline int64_t rv_imm_u(uint32_t i) { return (int32_t)(i & 0xfffff000u); }
static inline int64_t rv_imm_j(uint32_t i) {
    return (int32_t)((uint32_t)((int32_t)(i & 0x80000000u) >> 11) | (i & 0xff000) |
                     ((i >> 9) & 0x800) | ((i >> 20) & 0x7fe));
}

/* translate.c: operand access and block endings. */
IrVal rvd_gpr(RVDisas *d, unsigned r);          /* source: x0 reads as constant 0 */
IrVal rvd_gpr_dst(RVDisas *d, unsigned r);      /* destination: x0 gets a dead temp */
IrVal rvd_const(RVDisas *d, int64_t v);
IrVal rvd_temp(RVDisas *d);
void rvd_exit_next(RVDisas *d);                 /* exit(pc + len), the block ends */
/* goto_ptr(pc + len): the block ends through the jump cache, which is checked against the
   execute TLB and the TB's validity, so it suits code after a TLB or code-page change. */
void rvd_goto_next(RVDisas *d);
void rvd_illegal(RVDisas *d);                   /* helper_illegal(raw), the block ends */

/* rvc.c: 32-bit equivalent of a compressed instruction, 0 if reserved/illegal. */
uint32_t rv_expand_rvc(uint16_t c);

/* Decoders: false = illegal encoding (nothing has been emitted then). */
bool rv_trans_lui(RVDisas *d);
bool rv_trans_auipc(RVDisas *d);
bool rv_trans_jal(RVDisas *d);
bool rv_trans_jalr(RVDisas *d);
bool rv_trans_branch(RVDisas *d);
bool rv_trans_load(RVDisas *d);
bool rv_trans_store(RVDisas *d);
bool rv_trans_misc_mem(RVDisas *d);
bool rv_trans_op_imm(RVDisas *d);
bool rv_trans_op(RVDisas *d);
bool rv_trans_op_imm32(RVDisas *d);
bool rv_trans_op32(RVDisas *d);
/* trans_rvm.c */
bool rv_trans_muldiv(RVDisas *d);
bool rv_trans_muldiv32(RVDisas *d);
/* trans_rvb.c: Zba/Zbb/Zbs encodings of the four integer opcodes */
bool rv_trans_bitmanip_op(RVDisas *d);
bool rv_trans_bitmanip_op32(RVDisas *d);
bool rv_trans_bitmanip_imm(RVDisas *d);
bool rv_trans_bitmanip_imm32(RVDisas *d);
/* trans_rva.c */
bool rv_trans_amo(RVDisas *d);
/* trans_rvf.c: F and D */
bool rv_trans_fp_load(RVDisas *d);
bool rv_trans_fp_store(RVDisas *d);
bool rv_trans_fp_op(RVDisas *d);
bool rv_trans_fp_fma(RVDisas *d);
bool rv_trans_fcsr(RVDisas *d);               /* fflags/frm/fcsr inline, false = use helper_csr */
/* trans_system.c */
bool rv_trans_system(RVDisas *d);

#endif
