/* SPDX-License-Identifier: MIT */
/* A small x86-64 instruction encoder for the JIT: REX, ModRM/SIB, disp8/disp32, imm8/32/64,
   the integer instructions the backend needs and a few BMI1/BMI2/ABM ones. Follows the Intel
   SDM vol. 2 (chapter 2, instruction format; chapter 3-5, opcode tables). Every emitter writes
   into an X86Buf; writing past its end sets overflow instead of touching memory. */
#ifndef TERN_X86_EMIT_H
#define TERN_X86_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum X86Reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1
} X86Reg;

/* Condition codes, numbered as in the Jcc/SETcc/CMOVcc opcodes. */
typedef enum X86Cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G
} X86Cond;
static inline X86Cond x86_cc_invert(X86Cond c) { return (X86Cond)(c ^ 1); }

/* Group-1 ALU ops (the /digit of opcodes 80/81/83, and opcode 00+8*op). */
typedef enum X86Alu {
    X86_ADD = 0, X86_OR = 1, X86_ADC = 2, X86_SBB = 3, X86_AND = 4, X86_SUB = 5, X86_XOR = 6,
    X86_CMP = 7
} X86Alu;

/* Group-2 shift/rotate ops (/digit of C1/D3). */
typedef enum X86Shift { X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7 } X86Shift;

/* Group-3 unary ops (/digit of F7). */
typedef enum X86Unary {
    X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5, X86_DIV = 6, X86_IDIV = 7
} X86Unary;

/* [base + index*scale + disp]; base or index may be X86_NOREG (index never RSP). */
typedef struct X86Mem {
    int8_t base, index;
    uint8_t scale;      /* 1, 2, 4, 8 */
    int32_t disp;
} X86Mem;
static inline X86Mem x86_mem(X86Reg base, int32_t disp) {
    X86Mem m = { (int8_t)base, (int8_t)X86_NOREG, 1, disp };
    return m;
}
static inline X86Mem x86_mem_idx(X86Reg base, X86Reg index, unsigned scale, int32_t disp) {
    X86Mem m = { (int8_t)base, (int8_t)index, (uint8_t)scale, disp };
    return m;
}

typedef struct X86Buf {
    uint8_t *start, *ptr, *end;
    bool overflow;
} X86Buf;

static inline void x86_buf_init(X86Buf *b, uint8_t *start, uint8_t *end) {
    b->start = b->ptr = start;
    b->end = end;
    b->overflow = false;
}
static inline void x86_byte(X86Buf *b, uint8_t v) {
    if (b->ptr < b->end)
        *b->ptr++ = v;
    else
        b->overflow = true;
}
void x86_u32(X86Buf *b, uint32_t v);
void x86_u64(X86Buf *b, uint64_t v);
static inline bool x86_fits_i32(int64_t v) { return v == (int32_t)v; }
static inline bool x86_fits_i8(int64_t v) { return v == (int8_t)v; }

/* Operand sizes are in bytes (1, 2, 4, 8). Register-register forms: dst, src. */
void x86_mov_rr(X86Buf *b, int sz, X86Reg dst, X86Reg src);
/* Shortest mov of a 64-bit constant; never touches flags. */
void x86_mov_ri(X86Buf *b, X86Reg dst, uint64_t imm);
/* dst = 0 with xor (clobbers flags). */
void x86_zero(X86Buf *b, X86Reg dst);
void x86_mov_rm(X86Buf *b, int sz, X86Reg dst, X86Mem m);       /* load, 4/8 */
void x86_mov_mr(X86Buf *b, int sz, X86Mem m, X86Reg src);       /* store, 1/2/4/8 */
void x86_mov_mi(X86Buf *b, int sz, X86Mem m, int32_t imm);      /* store imm (sext for 8) */
void x86_movzx_rr(X86Buf *b, int srcsz, X86Reg dst, X86Reg src); /* srcsz 1, 2; 4 = mov r32 */
void x86_movsx_rr(X86Buf *b, int srcsz, X86Reg dst, X86Reg src); /* to 64 bits; 1, 2, 4 */
void x86_movzx_rm(X86Buf *b, int srcsz, X86Reg dst, X86Mem m);  /* 1, 2, 4, 8 */
void x86_movsx_rm(X86Buf *b, int srcsz, X86Reg dst, X86Mem m);  /* 1, 2, 4, 8 */
void x86_lea(X86Buf *b, int sz, X86Reg dst, X86Mem m);

void x86_alu_rr(X86Buf *b, int sz, X86Alu op, X86Reg dst, X86Reg src);
void x86_alu_ri(X86Buf *b, int sz, X86Alu op, X86Reg dst, int32_t imm);
void x86_alu_rm(X86Buf *b, int sz, X86Alu op, X86Reg dst, X86Mem m);
void x86_alu_mr(X86Buf *b, int sz, X86Alu op, X86Mem m, X86Reg src);
void x86_alu_mi(X86Buf *b, int sz, X86Alu op, X86Mem m, int32_t imm);
void x86_test_rr(X86Buf *b, int sz, X86Reg a, X86Reg c);
void x86_test_ri(X86Buf *b, int sz, X86Reg a, int32_t imm);
void x86_imul_rr(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_imul_rri(X86Buf *b, int sz, X86Reg dst, X86Reg src, int32_t imm);
void x86_unary(X86Buf *b, int sz, X86Unary op, X86Reg r);
void x86_cqo(X86Buf *b);
void x86_cdq(X86Buf *b);
void x86_shift_ri(X86Buf *b, int sz, X86Shift op, X86Reg r, uint8_t imm);
void x86_shift_cl(X86Buf *b, int sz, X86Shift op, X86Reg r);
/* BMI2: dst = src shifted by cnt (mod operand width); rorx by immediate. */
void x86_shlx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt);
void x86_shrx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt);
void x86_sarx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt);
void x86_rorx(X86Buf *b, int sz, X86Reg dst, X86Reg src, uint8_t imm);
/* BMI1: dst = ~src1 & src2. */
void x86_andn(X86Buf *b, int sz, X86Reg dst, X86Reg src1, X86Reg src2);
void x86_setcc(X86Buf *b, X86Cond cc, X86Reg r8);
void x86_cmov(X86Buf *b, int sz, X86Cond cc, X86Reg dst, X86Reg src);
void x86_lzcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_tzcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_popcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_bsr(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_bsf(X86Buf *b, int sz, X86Reg dst, X86Reg src);
void x86_bswap(X86Buf *b, int sz, X86Reg r);

/* SSE2 scalar double (xmm registers are numbered 0..15; the JIT uses xmm0/xmm1 only). */
typedef enum X86SseOp {
    X86_SQRTSD = 0x51, X86_ADDSD = 0x58, X86_MULSD = 0x59, X86_SUBSD = 0x5c, X86_DIVSD = 0x5e
} X86SseOp;
void x86_sse_sd(X86Buf *b, X86SseOp op, int xdst, int xsrc);   /* xdst = xdst op xsrc */
void x86_ucomisd(X86Buf *b, int xa, int xb);                   /* flags = compare(xa, xb) */
void x86_xorps(X86Buf *b, int xdst, int xsrc);
void x86_movq_xr(X86Buf *b, int xdst, X86Reg src);              /* movq xmm, r64 */
void x86_movq_rx(X86Buf *b, X86Reg dst, int xsrc);              /* movq r64, xmm */
void x86_cvtsi2sd(X86Buf *b, int xdst, X86Reg src);             /* from int64 */
void x86_cvttsd2si(X86Buf *b, X86Reg dst, int xsrc);            /* to int64, truncating */

/* Branches. The *_rel32/rel8 forms emit a zero displacement and return the offset (from
   b->start) of the displacement field, to be fixed with x86_patch_rel32/8. */
size_t x86_jcc_rel32(X86Buf *b, X86Cond cc);
size_t x86_jmp_rel32(X86Buf *b);
size_t x86_call_rel32(X86Buf *b);
size_t x86_jcc_rel8(X86Buf *b, X86Cond cc);
size_t x86_jmp_rel8(X86Buf *b);
void x86_patch_rel32(X86Buf *b, size_t at, const uint8_t *target);
void x86_patch_rel8(X86Buf *b, size_t at, const uint8_t *target);
/* Direct branch/call to a known target (rel32; must be within +-2 GiB for call/jmp). */
void x86_jcc_to(X86Buf *b, X86Cond cc, const uint8_t *target);
void x86_jmp_to(X86Buf *b, const uint8_t *target);
bool x86_call_to(X86Buf *b, const void *target);  /* false (nothing emitted) if out of range */
void x86_call_r(X86Buf *b, X86Reg r);
void x86_jmp_r(X86Buf *b, X86Reg r);
void x86_jmp_m(X86Buf *b, X86Mem m);
void x86_push(X86Buf *b, X86Reg r);
void x86_pop(X86Buf *b, X86Reg r);
void x86_ret(X86Buf *b);
void x86_mfence(X86Buf *b);
void x86_nops(X86Buf *b, int n);   /* n bytes of padding (multi-byte NOPs) */

#endif
