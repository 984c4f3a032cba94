/* SPDX-License-Identifier: MIT */
/* A64 scalar floating point (Arm ARM DDI 0487, C4.1.96 "Data Processing -- Scalar Floating-
   Point and Advanced SIMD": conversions FP<->fixed-point and FP<->integer, FP data-processing
   with 1, 2 and 3 sources, compare, conditional compare, conditional select, immediate), the
   loads and stores of SIMD&FP registers (C4.1.88 with V = 1: literal, pair, single register in
   every addressing mode), and MRS/MSR of FPCR and FPSR. V registers live in ARMCPU.vreg as two
   64-bit halves accessed with ld_env/st_env; a scalar write zeroes the rest of the register.
   The arithmetic is in fp_helpers.c. */
#include <stddef.h>

#include "cpu/arm/fp.h"
#include "cpu/arm/trans.h"
#include "cpu/arm/trans_fp.h"

int64_t a64_voff(unsigned r, unsigned half)
{
    return (int64_t)offsetof(ARMCPU, vreg) + 16 * (int64_t)r + 8 * (int64_t)half;
}

IrVal a64_vld(A64Disas *d, unsigned r, unsigned half)
{
    IrVal t = a64_temp(d);
    ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE, a64_voff(r, half));
    return t;
}

void a64_vst(A64Disas *d, unsigned r, unsigned half, IrVal v)
{
    ir_emit(d->b, IR_st_env, IR_NONE, v, IR_NONE, a64_voff(r, half));
}

/* A scalar result: the low 64 bits, the rest of the register zeroed. */
void a64_vset_scalar(A64Disas *d, unsigned r, IrVal v)
{
    a64_vst(d, r, 0, v);
    a64_vst(d, r, 1, a64_const(d, 0));
}

/* NZCV from a value with the flags in bits 31:28 (as MSR NZCV). */
void a64_set_nzcv_val(A64Disas *d, IrVal x)
{
    IrVal one = a64_const(d, 1);
    IrVal n = a64_op2(d, IR_sar, a64_op2(d, IR_shl, x, a64_const(d, 32)), a64_const(d, 63));
    IrVal z =
        a64_op2(d, IR_xor, a64_op2(d, IR_and, a64_op2(d, IR_shr, x, a64_const(d, 30)), one), one);
    IrVal c = a64_op2(d, IR_and, a64_op2(d, IR_shr, x, a64_const(d, 29)), one);
    IrVal v = a64_op2(d, IR_sar, a64_op2(d, IR_shl, x, a64_const(d, 35)), a64_const(d, 63));
    ir_op1(d->b, IR_mov, ARM_G_NF, n);
    ir_op1(d->b, IR_mov, ARM_G_ZF, z);
    ir_op1(d->b, IR_mov, ARM_G_CF, c);
    ir_op1(d->b, IR_mov, ARM_G_VF, v);
}

static IrVal call4(A64Disas *d, IrHelper fn, const char *name, IrVal a, IrVal b, IrVal c, IrVal e)
{
    IrVal t = a64_temp(d);
    ir_call(d->b, fn, name, 0, t, a, b, c, e);
    return t;
}
#define CALL(d, fn, a, b, c, e) call4(d, (fn), #fn, a, b, c, e)

/* ---- MRS/MSR FPCR, FPSR (op0 = 3, op1 = 3, CRn = 4, CRm = 4, op2 = 0/1) ---- */

bool a64_trans_fp_sysreg(A64Disas *d)
{
    uint32_t i = d->insn;
    uint32_t base = i & 0xffffffc0u;
    if (base != 0xd53b4400u && base != 0xd51b4400u)
        return false;
    unsigned rt = a64_bits(i, 4, 0), fpsr = a64_bits(i, 5, 5);
    int64_t off = fpsr ? (int64_t)offsetof(ARMCPU, fpsr) : (int64_t)offsetof(ARMCPU, fpcr);
    if ((i >> 21) & 1) {                /* MRS */
        IrVal t = a64_temp(d);
        ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE, off);
        a64_set_x(d, rt, t, true);
    } else {
        IrVal v = a64_op2(d, IR_and, a64_x(d, rt),
                          a64_const(d, fpsr ? ARM_FPSR_MASK : ARM_FPCR_MASK));
        ir_emit(d->b, IR_st_env, IR_NONE, v, IR_NONE, off);
    }
    return true;
}

/* ---- loads and stores of SIMD&FP registers ---- */

/* Load (scale = log2 bytes, 0..4) into Vt at addr: the registers are written only after every
   access succeeded. */
static void vload(A64Disas *d, unsigned rt, IrVal addr, unsigned scale, IrVal *lo, IrVal *hi)
{
    *lo = a64_temp(d);
    ir_ld(d->b, *lo, addr, 0, IR_MEMOP(scale > 3 ? 3 : scale, 0, d->mmu_idx));
    *hi = IR_NONE;
    if (scale == 4) {
        *hi = a64_temp(d);
        ir_ld(d->b, *hi, addr, 8, IR_MEMOP(3, 0, d->mmu_idx));
    }
    (void)rt;
}

static void vload_commit(A64Disas *d, unsigned rt, IrVal lo, IrVal hi)
{
    a64_vst(d, rt, 0, lo);
    a64_vst(d, rt, 1, hi == IR_NONE ? a64_const(d, 0) : hi);
}

static void vstore(A64Disas *d, unsigned rt, IrVal addr, unsigned scale)
{
    ir_st(d->b, addr, 0, a64_vld(d, rt, 0), IR_MEMOP(scale > 3 ? 3 : scale, 0, d->mmu_idx));
    if (scale == 4)
        ir_st(d->b, addr, 8, a64_vld(d, rt, 1), IR_MEMOP(3, 0, d->mmu_idx));
}

static bool fp_ldst_literal(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 31, 30), rt = a64_bits(i, 4, 0);
    if (opc == 3)
        return false;
    IrVal addr = a64_const(d, (int64_t)d->pc + a64_sbits(i, 23, 5) * 4), lo, hi;
    vload(d, rt, addr, 2 + opc, &lo, &hi);
    vload_commit(d, rt, lo, hi);
    return true;
}

static bool fp_ldst_pair(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 31, 30), type = a64_bits(i, 24, 23), load = a64_bits(i, 22, 22);
    unsigned rt = a64_bits(i, 4, 0), rn = a64_bits(i, 9, 5), rt2 = a64_bits(i, 14, 10);
    if (opc == 3)
        return false;
    unsigned scale = 2 + opc;
    int64_t off = a64_sbits(i, 21, 15) * ((int64_t)1 << scale);
    IrVal base = a64_x_sp(d, rn);
    IrVal addr = type == 1 ? base : a64_op2(d, IR_add, base, a64_const(d, off));
    IrVal addr2 = a64_op2(d, IR_add, addr, a64_const(d, 1 << scale));
    if (load) {
        IrVal lo1, hi1, lo2, hi2;
        vload(d, rt, addr, scale, &lo1, &hi1);
        vload(d, rt2, addr2, scale, &lo2, &hi2);
        vload_commit(d, rt, lo1, hi1);
        vload_commit(d, rt2, lo2, hi2);
    } else {
        vstore(d, rt, addr, scale);
        vstore(d, rt2, addr2, scale);
    }
    if (type == 1 || type == 3)
        a64_set_x_sp(d, rn, type == 3 ? addr : a64_op2(d, IR_add, base, a64_const(d, off)), true);
    return true;
}

static bool fp_ldst_reg(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned size = a64_bits(i, 31, 30), opc = a64_bits(i, 23, 22);
    unsigned rt = a64_bits(i, 4, 0), rn = a64_bits(i, 9, 5);
    unsigned scale = size;
    if (opc & 2) {
        if (size != 0)
            return false;
        scale = 4;
    }
    bool load = opc & 1;
    IrVal base = a64_x_sp(d, rn), addr;
    int wb = 0;          /* 1 pre, 2 post */
    int64_t off = 0;
    if ((i >> 24) & 1) {
        addr = a64_op2(d, IR_add, base, a64_const(d, (int64_t)a64_bits(i, 21, 10) << scale));
    } else if (!((i >> 21) & 1)) {
        unsigned form = a64_bits(i, 11, 10);
        off = a64_sbits(i, 20, 12);
        if (form == 2)
            return false;               /* unprivileged: no SIMD&FP forms */
        wb = form == 3 ? 1 : form == 1 ? 2 : 0;
        addr = wb == 2 ? base : a64_op2(d, IR_add, base, a64_const(d, off));
    } else {
        if (a64_bits(i, 11, 10) != 2)
            return false;
        unsigned option = a64_bits(i, 15, 13), s = a64_bits(i, 12, 12);
        if (!(option & 2))
            return false;
        static const uint8_t ext[8] = { 0, 0, IR_ext32u, IR_mov, 0, 0, IR_ext32s, IR_mov };
        IrVal m = a64_x(d, a64_bits(i, 20, 16));
        IrVal v = option == 3 || option == 7 ? m : a64_op1(d, (IrOpc)ext[option], m);
        if (s && scale)
            v = a64_op2(d, IR_shl, v, a64_const(d, scale));
        addr = a64_op2(d, IR_add, base, v);
    }
    if (load) {
        IrVal lo, hi;
        vload(d, rt, addr, scale, &lo, &hi);
        if (wb)
            a64_set_x_sp(d, rn, wb == 1 ? addr : a64_op2(d, IR_add, base, a64_const(d, off)),
                         true);
        vload_commit(d, rt, lo, hi);
    } else {
        vstore(d, rt, addr, scale);
        if (wb)
            a64_set_x_sp(d, rn, wb == 1 ? addr : a64_op2(d, IR_add, base, a64_const(d, off)),
                         true);
    }
    return true;
}

bool a64_trans_fp_ldst(A64Disas *d)
{
    uint32_t i = d->insn;
    switch (a64_bits(i, 29, 27)) {
    case 3:
        return a64_bits(i, 25, 24) == 0 && fp_ldst_literal(d);
    case 5:
        return a64_bits(i, 25, 25) == 0 && fp_ldst_pair(d);
    case 7:
        return fp_ldst_reg(d);
    case 1:
        return a64_trans_simd_ldst(d);
    default:
        return false;
    }
}

/* ---- scalar FP data processing ---- */

/* ptype (bits 23:22) -> sz (0 single, 1 double), -1 if not implemented (half) or reserved. */
static int fp_sz(uint32_t i)
{
    unsigned t = a64_bits(i, 23, 22);
    return t == 0 ? 0 : t == 1 ? 1 : -1;
}

static IrVal fp_src(A64Disas *d, unsigned r, int sz)
{
    IrVal v = a64_vld(d, r, 0);
    return sz ? v : a64_op1(d, IR_ext32u, v);
}

/* VFPExpandImm. */
static uint64_t vfp_expand_imm(unsigned imm8, int sz)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, frac = imm8 & 15, e54 = (imm8 >> 4) & 3;
    if (sz) {
        uint64_t exp = ((b6 ^ 1) << 10) | ((b6 ? 0xffull : 0) << 2) | e54;
        return sign << 63 | exp << 52 | frac << 48;
    }
    uint64_t exp = ((b6 ^ 1) << 7) | ((b6 ? 0x1full : 0) << 2) | e54;
    return sign << 31 | exp << 23 | frac << 19;
}

static bool fp_conv_int(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned sf = a64_bits(i, 31, 31), rmode = a64_bits(i, 20, 19), opc = a64_bits(i, 18, 16);
    unsigned rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0), ptype = a64_bits(i, 23, 22);
    if (a64_bits(i, 29, 29))
        return false;
    if (opc >= 6) {                     /* FMOV general <-> FP */
        bool to_fp = opc == 7;
        if (ptype == 2 && sf && rmode == 1) {               /* the top half, D[1] */
            if (to_fp)
                a64_vst(d, rd, 1, a64_x(d, rn));
            else
                a64_set_x(d, rd, a64_vld(d, rn, 1), true);
            return true;
        }
        if (rmode != 0 || ptype != sf)   /* W<->S (0, 0) and X<->D (1, 1); half: not yet */
            return false;
        if (to_fp)
            a64_vset_scalar(d, rd, sf ? a64_x(d, rn) : a64_op1(d, IR_ext32u, a64_x(d, rn)));
        else
            a64_set_x(d, rd, a64_vld(d, rn, 0), sf);
        return true;
    }
    int sz = fp_sz(i);
    if (sz < 0)
        return false;
    IrVal z = a64_const(d, 0);
    if (opc == 2 || opc == 3) {          /* SCVTF, UCVTF */
        if (rmode != 0)
            return false;
        unsigned k = (unsigned)sz | (opc & 1) << 1 | sf << 2;
        a64_vset_scalar(d, rd, CALL(d, arm_helper_cvt_from_int, a64_x(d, rn), a64_const(d, k), z, z));
        return true;
    }
    unsigned rounding;
    if (opc <= 1)
        rounding = (unsigned[]){ 0, 1, 2, 3 }[rmode];    /* N, P, M, Z */
    else if (rmode == 0)
        rounding = 4;                    /* FCVTAS/FCVTAU: ties away */
    else
        return false;
    unsigned k = (unsigned)sz | (opc & 1) << 1 | sf << 2 | rounding << 3;
    a64_set_x(d, rd, CALL(d, arm_helper_fcvt_to_int, fp_src(d, rn, sz), a64_const(d, k), z, z),
              true);
    return true;
}

static bool fp_conv_fixed(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned sf = a64_bits(i, 31, 31), rmode = a64_bits(i, 20, 19), opc = a64_bits(i, 18, 16);
    unsigned scale = a64_bits(i, 15, 10), rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0);
    int sz = fp_sz(i);
    if (a64_bits(i, 29, 29) || sz < 0 || (!sf && scale < 32))
        return false;
    IrVal fb = a64_const(d, 64 - scale), z = a64_const(d, 0);
    if (rmode == 0 && (opc == 2 || opc == 3)) {
        unsigned k = (unsigned)sz | (opc & 1) << 1 | sf << 2;
        a64_vset_scalar(d, rd, CALL(d, arm_helper_cvt_from_int, a64_x(d, rn), a64_const(d, k), fb, z));
        return true;
    }
    if (rmode == 3 && opc <= 1) {
        unsigned k = (unsigned)sz | (opc & 1) << 1 | sf << 2 | 3u << 3;
        a64_set_x(d, rd, CALL(d, arm_helper_fcvt_to_int, fp_src(d, rn, sz), a64_const(d, k), fb, z),
                  true);
        return true;
    }
    return false;
}

static bool fp_dp1(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 20, 15), rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0);
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29))
        return false;
    IrVal a = fp_src(d, rn, sz), z = a64_const(d, 0), r;
    uint64_t sbit = sz ? 1ull << 63 : 1ull << 31;
    switch (opc) {
    case 0: r = a; break;                                                       /* FMOV */
    case 1: r = a64_op2(d, IR_and, a, a64_const(d, (int64_t)~sbit)); break;     /* FABS */
    case 2: r = a64_op2(d, IR_xor, a, a64_const(d, (int64_t)sbit)); break;      /* FNEG */
    case 3: r = CALL(d, arm_helper_fp1, a, a64_const(d, AFP_SQRT), a64_const(d, sz), z); break;
    case 4: case 5: {                                                           /* FCVT */
        if ((int)(opc & 1) == sz)
            return false;
        r = CALL(d, arm_helper_fp1, a, a64_const(d, sz ? AFP_CVT_DS : AFP_CVT_SD),
                 a64_const(d, sz), z);
        break;
    }
    case 8: case 9: case 10: case 11: case 12: case 14: case 15: {             /* FRINT* */
        static const int rounding[8] = { 0, 1, 2, 3, 4, -1, 5, 6 };
        r = CALL(d, arm_helper_fp1, a, a64_const(d, AFP_FRINT), a64_const(d, sz),
                 a64_const(d, rounding[opc - 8]));
        break;
    }
    default:
        return false;
    }
    if (!sz && (opc == 1 || opc == 2))
        r = a64_op1(d, IR_ext32u, r);
    a64_vset_scalar(d, rd, r);
    return true;
}

static bool fp_dp2(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 15, 12), rm = a64_bits(i, 20, 16);
    unsigned rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0);
    int sz = fp_sz(i);
    static const int8_t ops[9] = { AFP_MUL, AFP_DIV, AFP_ADD, AFP_SUB, AFP_MAX, AFP_MIN,
                                   AFP_MAXNM, AFP_MINNM, AFP_NMUL };
    if (sz < 0 || opc > 8 || a64_bits(i, 31, 29))
        return false;
    a64_vset_scalar(d, rd, CALL(d, arm_helper_fp2, fp_src(d, rn, sz), fp_src(d, rm, sz),
                                a64_const(d, ops[opc]), a64_const(d, sz)));
    return true;
}

static bool fp_dp3(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned o1 = a64_bits(i, 21, 21), o0 = a64_bits(i, 15, 15);
    unsigned rm = a64_bits(i, 20, 16), ra = a64_bits(i, 14, 10);
    unsigned rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0);
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29))
        return false;
    /* FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m: negate n (2) and a (4). */
    unsigned k = (unsigned)sz | (o0 != o1 ? 2u : 0u) | (o1 ? 4u : 0u);
    a64_vset_scalar(d, rd, CALL(d, arm_helper_fmadd, fp_src(d, rn, sz), fp_src(d, rm, sz),
                                fp_src(d, ra, sz), a64_const(d, k)));
    return true;
}

static bool fp_compare(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc2 = a64_bits(i, 4, 0), rm = a64_bits(i, 20, 16), rn = a64_bits(i, 9, 5);
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29) || a64_bits(i, 15, 14) || (opc2 & 7))
        return false;
    IrVal b = (opc2 & 8) ? a64_const(d, 0) : fp_src(d, rm, sz);
    unsigned k = (unsigned)sz | ((opc2 >> 4) & 1) << 1;
    a64_set_nzcv_val(d, CALL(d, arm_helper_fcmp, fp_src(d, rn, sz), b, a64_const(d, k),
                             a64_const(d, 0)));
    return true;
}

static IrVal cond_value(A64Disas *d, unsigned cond)
{
    if ((cond >> 1) == 7)
        return a64_const(d, 1);
    A64Cond c = a64_cond(d, cond);
    IrVal t = a64_temp(d);
    ir_setcond(d->b, c.c, t, c.x, c.y);
    return t;
}

static bool fp_ccmp(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned rm = a64_bits(i, 20, 16), rn = a64_bits(i, 9, 5), cond = a64_bits(i, 15, 12);
    unsigned e = a64_bits(i, 4, 4), nzcv = a64_bits(i, 3, 0);
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29))
        return false;
    unsigned k = (unsigned)sz | e << 1 | 4u | nzcv << 4;
    IrVal holds = cond_value(d, cond);
    a64_set_nzcv_val(d, CALL(d, arm_helper_fcmp, fp_src(d, rn, sz), fp_src(d, rm, sz),
                             a64_const(d, k), holds));
    return true;
}

static bool fp_csel(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned rm = a64_bits(i, 20, 16), rn = a64_bits(i, 9, 5), rd = a64_bits(i, 4, 0);
    unsigned cond = a64_bits(i, 15, 12);
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29))
        return false;
    IrVal n = fp_src(d, rn, sz), m = fp_src(d, rm, sz), r = a64_temp(d);
    IrVal z = a64_const(d, 0);
    ir_movcond(d->b, IR_NE, r, cond_value(d, cond), z, n, m);
    a64_vset_scalar(d, rd, r);
    return true;
}

static bool fp_imm(A64Disas *d)
{
    uint32_t i = d->insn;
    int sz = fp_sz(i);
    if (sz < 0 || a64_bits(i, 31, 29) || a64_bits(i, 9, 5))
        return false;
    a64_vset_scalar(d, a64_bits(i, 4, 0), a64_const(d, (int64_t)vfp_expand_imm(a64_bits(i, 20, 13), sz)));
    return true;
}

bool a64_trans_fp(A64Disas *d)
{
    uint32_t i = d->insn;
    if (!((i >> 28) & 1) || ((i >> 30) & 1))
        return a64_trans_simd(d);       /* Advanced SIMD (vector and scalar) */
    if ((i >> 24) & 1)
        return fp_dp3(d);
    if (!((i >> 21) & 1))
        return fp_conv_fixed(d);
    if (a64_bits(i, 15, 10) == 0)
        return fp_conv_int(d);
    if (a64_bits(i, 14, 10) == 0x10)
        return fp_dp1(d);
    if (a64_bits(i, 13, 10) == 0x8)
        return fp_compare(d);
    if (a64_bits(i, 12, 10) == 0x4)
        return fp_imm(d);
    switch (a64_bits(i, 11, 10)) {
    case 1: return fp_ccmp(d);
    case 2: return fp_dp2(d);
    case 3: return fp_csel(d);
    default: return false;
    }
}
