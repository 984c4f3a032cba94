/* SPDX-License-Identifier: MIT */
/* x86-64 instruction encoder (Intel SDM vol. 2, ch. 2: legacy prefixes, REX, ModRM, SIB,
   displacement, immediate; VEX for the BMI2 shifts). Only the forms the JIT uses. */
#include "translate/x86_64/x86_emit.h"

#include <string.h>

#define F_BYTE_REG 1u   /* ModRM.reg names a byte register: spl/bpl/sil/dil need a REX */
#define F_BYTE_RM  2u   /* ModRM.rm (register form) names a byte register */

void x86_u32(X86Buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x86_byte(b, (uint8_t)(v >> (8 * i)));
}

void x86_u64(X86Buf *b, uint64_t v)
{
    x86_u32(b, (uint32_t)v);
    x86_u32(b, (uint32_t)(v >> 32));
}

static void emit_opc(X86Buf *b, unsigned opc)
{
    if (opc > 0xffff)
        x86_byte(b, (uint8_t)(opc >> 16));
    if (opc > 0xff)
        x86_byte(b, (uint8_t)(opc >> 8));
    x86_byte(b, (uint8_t)opc);
}

/* Prefixes + REX + opcode. reg/index/base may be negative (absent). */
static void emit_head(X86Buf *b, unsigned pfx, bool w, unsigned opc, int reg, int index,
                      int base, bool rm_is_reg, unsigned flags)
{
    if (pfx & 0xff00)
        x86_byte(b, (uint8_t)(pfx >> 8));
    if (pfx & 0xff)
        x86_byte(b, (uint8_t)pfx);
    unsigned rex = 0x40;
    if (w)
        rex |= 8;
    if (reg >= 0 && (reg & 8))
        rex |= 4;
    if (index >= 0 && (index & 8))
        rex |= 2;
    if (base >= 0 && (base & 8))
        rex |= 1;
    bool need = rex != 0x40;
    if ((flags & F_BYTE_REG) && reg >= 4 && reg < 8)
        need = true;
    if ((flags & F_BYTE_RM) && rm_is_reg && base >= 4 && base < 8)
        need = true;
    if (need)
        x86_byte(b, (uint8_t)rex);
    emit_opc(b, opc);
}

static void modrm_mem(X86Buf *b, int reg, X86Mem m)
{
    static const uint8_t ss[9] = { 0, 0, 1, 0, 2, 0, 0, 0, 3 };
    int r = reg & 7;
    if (m.base < 0) {   /* [index*scale + disp32] */
        x86_byte(b, (uint8_t)((r << 3) | 4));
        x86_byte(b, (uint8_t)((ss[m.scale] << 6) | (((m.index < 0) ? 4 : m.index) & 7) << 3 | 5));
        x86_u32(b, (uint32_t)m.disp);
        return;
    }
    int mod;
    if (m.disp == 0 && (m.base & 7) != 5)   /* rbp/r13 have no disp-less form */
        mod = 0;
    else if (x86_fits_i8(m.disp))
        mod = 1;
    else
        mod = 2;
    if (m.index < 0 && (m.base & 7) != 4) {
        x86_byte(b, (uint8_t)((mod << 6) | (r << 3) | (m.base & 7)));
    } else {            /* rsp/r12 as base, or an index: SIB byte (index 100 = none) */
        x86_byte(b, (uint8_t)((mod << 6) | (r << 3) | 4));
        int idx = m.index < 0 ? 4 : (m.index & 7);
        x86_byte(b, (uint8_t)((ss[m.scale] << 6) | (idx << 3) | (m.base & 7)));
    }
    if (mod == 1)
        x86_byte(b, (uint8_t)m.disp);
    else if (mod == 2)
        x86_u32(b, (uint32_t)m.disp);
}

static void enc_rr(X86Buf *b, unsigned pfx, bool w, unsigned opc, int reg, int rm, unsigned flags)
{
    emit_head(b, pfx, w, opc, reg, -1, rm, true, flags);
    x86_byte(b, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

static void enc_rm(X86Buf *b, unsigned pfx, bool w, unsigned opc, int reg, X86Mem m, unsigned flags)
{
    emit_head(b, pfx, w, opc, reg, m.index, m.base, false, flags);
    modrm_mem(b, reg, m);
}

static unsigned sz_pfx(int sz) { return sz == 2 ? 0x66 : 0; }

void x86_mov_rr(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0x88 : 0x89, src, dst,
           sz == 1 ? F_BYTE_REG | F_BYTE_RM : 0);
}

void x86_mov_ri(X86Buf *b, X86Reg dst, uint64_t imm)
{
    if (imm <= 0xffffffffull) {             /* mov r32, imm32 zero-extends */
        emit_head(b, 0, false, 0xb8 + (dst & 7), -1, -1, dst, true, 0);
        x86_u32(b, (uint32_t)imm);
    } else if (x86_fits_i32((int64_t)imm)) { /* mov r/m64, simm32 */
        enc_rr(b, 0, true, 0xc7, 0, dst, 0);
        x86_u32(b, (uint32_t)imm);
    } else {
        emit_head(b, 0, true, 0xb8 + (dst & 7), -1, -1, dst, true, 0);
        x86_u64(b, imm);
    }
}

void x86_zero(X86Buf *b, X86Reg dst)
{
    enc_rr(b, 0, false, 0x31, dst, dst, 0);
}

void x86_mov_rm(X86Buf *b, int sz, X86Reg dst, X86Mem m)
{
    enc_rm(b, sz_pfx(sz), sz == 8, sz == 1 ? 0x8a : 0x8b, dst, m, sz == 1 ? F_BYTE_REG : 0);
}

void x86_mov_mr(X86Buf *b, int sz, X86Mem m, X86Reg src)
{
    enc_rm(b, sz_pfx(sz), sz == 8, sz == 1 ? 0x88 : 0x89, src, m, sz == 1 ? F_BYTE_REG : 0);
}

void x86_mov_mi(X86Buf *b, int sz, X86Mem m, int32_t imm)
{
    enc_rm(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xc6 : 0xc7, 0, m, 0);
    if (sz == 1)
        x86_byte(b, (uint8_t)imm);
    else if (sz == 2) {
        x86_byte(b, (uint8_t)imm);
        x86_byte(b, (uint8_t)(imm >> 8));
    } else
        x86_u32(b, (uint32_t)imm);
}

void x86_movzx_rr(X86Buf *b, int srcsz, X86Reg dst, X86Reg src)
{
    if (srcsz == 4)
        x86_mov_rr(b, 4, dst, src);
    else
        enc_rr(b, 0, false, srcsz == 1 ? 0x0fb6 : 0x0fb7, dst, src, F_BYTE_RM);
}

void x86_movsx_rr(X86Buf *b, int srcsz, X86Reg dst, X86Reg src)
{
    unsigned opc = srcsz == 1 ? 0x0fbe : srcsz == 2 ? 0x0fbf : 0x63;
    enc_rr(b, 0, true, opc, dst, src, F_BYTE_RM);
}

void x86_movzx_rm(X86Buf *b, int srcsz, X86Reg dst, X86Mem m)
{
    if (srcsz >= 4)
        x86_mov_rm(b, srcsz, dst, m);
    else
        enc_rm(b, 0, false, srcsz == 1 ? 0x0fb6 : 0x0fb7, dst, m, 0);
}

void x86_movsx_rm(X86Buf *b, int srcsz, X86Reg dst, X86Mem m)
{
    if (srcsz == 8) {
        x86_mov_rm(b, 8, dst, m);
        return;
    }
    unsigned opc = srcsz == 1 ? 0x0fbe : srcsz == 2 ? 0x0fbf : 0x63;
    enc_rm(b, 0, true, opc, dst, m, 0);
}

void x86_lea(X86Buf *b, int sz, X86Reg dst, X86Mem m)
{
    enc_rm(b, 0, sz == 8, 0x8d, dst, m, 0);
}

void x86_alu_rr(X86Buf *b, int sz, X86Alu op, X86Reg dst, X86Reg src)
{
    enc_rr(b, sz_pfx(sz), sz == 8, (sz == 1 ? 0x00 : 0x01) + 8u * op, src, dst,
           sz == 1 ? F_BYTE_REG | F_BYTE_RM : 0);
}

static void alu_imm_tail(X86Buf *b, int sz, int32_t imm)
{
    if (sz == 1 || (sz != 1 && x86_fits_i8(imm)))
        x86_byte(b, (uint8_t)imm);
    else if (sz == 2) {
        x86_byte(b, (uint8_t)imm);
        x86_byte(b, (uint8_t)(imm >> 8));
    } else
        x86_u32(b, (uint32_t)imm);
}

static unsigned alu_imm_opc(int sz, int32_t imm)
{
    return sz == 1 ? 0x80 : x86_fits_i8(imm) ? 0x83 : 0x81;
}

void x86_alu_ri(X86Buf *b, int sz, X86Alu op, X86Reg dst, int32_t imm)
{
    enc_rr(b, sz_pfx(sz), sz == 8, alu_imm_opc(sz, imm), op, dst, sz == 1 ? F_BYTE_RM : 0);
    alu_imm_tail(b, sz, imm);
}

void x86_alu_rm(X86Buf *b, int sz, X86Alu op, X86Reg dst, X86Mem m)
{
    enc_rm(b, sz_pfx(sz), sz == 8, (sz == 1 ? 0x02 : 0x03) + 8u * op, dst, m,
           sz == 1 ? F_BYTE_REG : 0);
}

void x86_alu_mr(X86Buf *b, int sz, X86Alu op, X86Mem m, X86Reg src)
{
    enc_rm(b, sz_pfx(sz), sz == 8, (sz == 1 ? 0x00 : 0x01) + 8u * op, src, m,
           sz == 1 ? F_BYTE_REG : 0);
}

void x86_alu_mi(X86Buf *b, int sz, X86Alu op, X86Mem m, int32_t imm)
{
    enc_rm(b, sz_pfx(sz), sz == 8, alu_imm_opc(sz, imm), op, m, 0);
    alu_imm_tail(b, sz, imm);
}

void x86_test_rr(X86Buf *b, int sz, X86Reg a, X86Reg c)
{
    enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0x84 : 0x85, c, a,
           sz == 1 ? F_BYTE_REG | F_BYTE_RM : 0);
}

void x86_test_ri(X86Buf *b, int sz, X86Reg a, int32_t imm)
{
    enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xf6 : 0xf7, 0, a, sz == 1 ? F_BYTE_RM : 0);
    if (sz == 1)
        x86_byte(b, (uint8_t)imm);
    else if (sz == 2) {
        x86_byte(b, (uint8_t)imm);
        x86_byte(b, (uint8_t)(imm >> 8));
    } else
        x86_u32(b, (uint32_t)imm);
}

void x86_imul_rr(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, sz_pfx(sz), sz == 8, 0x0faf, dst, src, 0);
}

void x86_imul_rri(X86Buf *b, int sz, X86Reg dst, X86Reg src, int32_t imm)
{
    bool i8 = x86_fits_i8(imm);
    enc_rr(b, sz_pfx(sz), sz == 8, i8 ? 0x6b : 0x69, dst, src, 0);
    if (i8)
        x86_byte(b, (uint8_t)imm);
    else
        x86_u32(b, (uint32_t)imm);
}

void x86_unary(X86Buf *b, int sz, X86Unary op, X86Reg r)
{
    enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xf6 : 0xf7, op, r, sz == 1 ? F_BYTE_RM : 0);
}

void x86_cqo(X86Buf *b)
{
    x86_byte(b, 0x48);
    x86_byte(b, 0x99);
}

void x86_cdq(X86Buf *b)
{
    x86_byte(b, 0x99);
}

void x86_shift_ri(X86Buf *b, int sz, X86Shift op, X86Reg r, uint8_t imm)
{
    unsigned fl = sz == 1 ? F_BYTE_RM : 0;
    if (imm == 1) {
        enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xd0 : 0xd1, op, r, fl);
    } else {
        enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xc0 : 0xc1, op, r, fl);
        x86_byte(b, imm);
    }
}

void x86_shift_cl(X86Buf *b, int sz, X86Shift op, X86Reg r)
{
    enc_rr(b, sz_pfx(sz), sz == 8, sz == 1 ? 0xd2 : 0xd3, op, r, sz == 1 ? F_BYTE_RM : 0);
}

/* Three-byte VEX (C4): map 0F38 (mmmmm=2) or 0F3A (3), pp: 0 none, 1 66, 2 F3, 3 F2. */
static void vex_rr(X86Buf *b, unsigned map, unsigned pp, bool w, int vvvv, unsigned opc,
                   int reg, int rm)
{
    x86_byte(b, 0xc4);
    x86_byte(b, (uint8_t)(((reg & 8) ? 0 : 0x80) | 0x40 | ((rm & 8) ? 0 : 0x20) | map));
    x86_byte(b, (uint8_t)((w ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp));
    x86_byte(b, (uint8_t)opc);
    x86_byte(b, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

void x86_shlx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt)
{
    vex_rr(b, 2, 1, sz == 8, cnt, 0xf7, dst, src);
}

void x86_shrx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt)
{
    vex_rr(b, 2, 3, sz == 8, cnt, 0xf7, dst, src);
}

void x86_sarx(X86Buf *b, int sz, X86Reg dst, X86Reg src, X86Reg cnt)
{
    vex_rr(b, 2, 2, sz == 8, cnt, 0xf7, dst, src);
}

void x86_rorx(X86Buf *b, int sz, X86Reg dst, X86Reg src, uint8_t imm)
{
    vex_rr(b, 3, 3, sz == 8, 0, 0xf0, dst, src);
    x86_byte(b, imm);
}

void x86_andn(X86Buf *b, int sz, X86Reg dst, X86Reg src1, X86Reg src2)
{
    vex_rr(b, 2, 0, sz == 8, src1, 0xf2, dst, src2);
}

void x86_setcc(X86Buf *b, X86Cond cc, X86Reg r8)
{
    enc_rr(b, 0, false, 0x0f90 + cc, 0, r8, F_BYTE_RM);
}

void x86_cmov(X86Buf *b, int sz, X86Cond cc, X86Reg dst, X86Reg src)
{
    enc_rr(b, sz_pfx(sz), sz == 8, 0x0f40 + cc, dst, src, 0);
}

void x86_lzcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, 0xf3, sz == 8, 0x0fbd, dst, src, 0);
}

void x86_tzcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, 0xf3, sz == 8, 0x0fbc, dst, src, 0);
}

void x86_popcnt(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, 0xf3, sz == 8, 0x0fb8, dst, src, 0);
}

void x86_sse_sd(X86Buf *b, X86SseOp op, int xdst, int xsrc)
{
    enc_rr(b, 0xf2, false, 0x0f00u + (unsigned)op, xdst, xsrc, 0);
}

void x86_ucomisd(X86Buf *b, int xa, int xb)
{
    enc_rr(b, 0x66, false, 0x0f2e, xa, xb, 0);
}

void x86_xorps(X86Buf *b, int xdst, int xsrc)
{
    enc_rr(b, 0, false, 0x0f57, xdst, xsrc, 0);
}

void x86_movq_xr(X86Buf *b, int xdst, X86Reg src)
{
    enc_rr(b, 0x66, true, 0x0f6e, xdst, src, 0);
}

void x86_movq_rx(X86Buf *b, X86Reg dst, int xsrc)
{
    enc_rr(b, 0x66, true, 0x0f7e, xsrc, dst, 0);
}

void x86_cvtsi2sd(X86Buf *b, int xdst, X86Reg src)
{
    enc_rr(b, 0xf2, true, 0x0f2a, xdst, src, 0);
}

void x86_cvttsd2si(X86Buf *b, X86Reg dst, int xsrc)
{
    enc_rr(b, 0xf2, true, 0x0f2c, dst, xsrc, 0);
}

void x86_bsr(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, 0, sz == 8, 0x0fbd, dst, src, 0);
}

void x86_bsf(X86Buf *b, int sz, X86Reg dst, X86Reg src)
{
    enc_rr(b, 0, sz == 8, 0x0fbc, dst, src, 0);
}

void x86_bswap(X86Buf *b, int sz, X86Reg r)
{
    emit_head(b, 0, sz == 8, 0x0fc8 + (r & 7), -1, -1, r, true, 0);
}

size_t x86_jcc_rel32(X86Buf *b, X86Cond cc)
{
    x86_byte(b, 0x0f);
    x86_byte(b, (uint8_t)(0x80 + cc));
    size_t at = (size_t)(b->ptr - b->start);
    x86_u32(b, 0);
    return at;
}

size_t x86_jmp_rel32(X86Buf *b)
{
    x86_byte(b, 0xe9);
    size_t at = (size_t)(b->ptr - b->start);
    x86_u32(b, 0);
    return at;
}

size_t x86_call_rel32(X86Buf *b)
{
    x86_byte(b, 0xe8);
    size_t at = (size_t)(b->ptr - b->start);
    x86_u32(b, 0);
    return at;
}

size_t x86_jcc_rel8(X86Buf *b, X86Cond cc)
{
    x86_byte(b, (uint8_t)(0x70 + cc));
    size_t at = (size_t)(b->ptr - b->start);
    x86_byte(b, 0);
    return at;
}

size_t x86_jmp_rel8(X86Buf *b)
{
    x86_byte(b, 0xeb);
    size_t at = (size_t)(b->ptr - b->start);
    x86_byte(b, 0);
    return at;
}

void x86_patch_rel32(X86Buf *b, size_t at, const uint8_t *target)
{
    if (b->overflow || b->start + at + 4 > b->end)
        return;
    int32_t rel = (int32_t)(target - (b->start + at + 4));
    memcpy(b->start + at, &rel, 4);
}

void x86_patch_rel8(X86Buf *b, size_t at, const uint8_t *target)
{
    if (b->overflow || b->start + at + 1 > b->end)
        return;
    ptrdiff_t rel = target - (b->start + at + 1);
    /* Callers only use rel8 across short fixed sequences; a wrong guess is a backend bug. */
    if (rel < -128 || rel > 127)
        __builtin_trap();
    b->start[at] = (uint8_t)(int8_t)rel;
}

void x86_jcc_to(X86Buf *b, X86Cond cc, const uint8_t *target)
{
    ptrdiff_t rel8 = target - (b->ptr + 2);
    if (rel8 >= -128 && rel8 <= 127) {
        x86_byte(b, (uint8_t)(0x70 + cc));
        x86_byte(b, (uint8_t)(int8_t)rel8);
        return;
    }
    size_t at = x86_jcc_rel32(b, cc);
    x86_patch_rel32(b, at, target);
}

void x86_jmp_to(X86Buf *b, const uint8_t *target)
{
    ptrdiff_t rel8 = target - (b->ptr + 2);
    if (rel8 >= -128 && rel8 <= 127) {
        x86_byte(b, 0xeb);
        x86_byte(b, (uint8_t)(int8_t)rel8);
        return;
    }
    size_t at = x86_jmp_rel32(b);
    x86_patch_rel32(b, at, target);
}

bool x86_call_to(X86Buf *b, const void *target)
{
    ptrdiff_t rel = (const uint8_t *)target - (b->ptr + 5);
    if (rel != (int32_t)rel)
        return false;
    size_t at = x86_call_rel32(b);
    x86_patch_rel32(b, at, target);
    return true;
}

void x86_call_r(X86Buf *b, X86Reg r)
{
    enc_rr(b, 0, false, 0xff, 2, r, 0);
}

void x86_jmp_r(X86Buf *b, X86Reg r)
{
    enc_rr(b, 0, false, 0xff, 4, r, 0);
}

void x86_jmp_m(X86Buf *b, X86Mem m)
{
    enc_rm(b, 0, false, 0xff, 4, m, 0);
}

void x86_push(X86Buf *b, X86Reg r)
{
    emit_head(b, 0, false, 0x50 + (r & 7), -1, -1, r, true, 0);
}

void x86_pop(X86Buf *b, X86Reg r)
{
    emit_head(b, 0, false, 0x58 + (r & 7), -1, -1, r, true, 0);
}

void x86_ret(X86Buf *b)
{
    x86_byte(b, 0xc3);
}

void x86_mfence(X86Buf *b)
{
    x86_byte(b, 0x0f);
    x86_byte(b, 0xae);
    x86_byte(b, 0xf0);
}

void x86_nops(X86Buf *b, int n)
{
    static const uint8_t nop[9][9] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0) {
        int k = n > 8 ? 8 : n;
        for (int i = 0; i < k; i++)
            x86_byte(b, nop[k][i]);
        n -= k;
    }
}
