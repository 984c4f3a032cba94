/* SPDX-License-Identifier: MIT */
/* F and D extensions (ISA manual vol. I, "F" and "D" chapters): arithmetic, conversions and
   comparisons call the fpu_helpers.c wrappers; loads/stores, moves and sign injection are
   plain IR with NaN boxing of singles. FS=Off makes every FP instruction illegal; the first FP
   state write of a block whose FS is not Dirty marks it Dirty (helper_fs_dirty). */
#include "cpu/riscv/fpu_helpers.h"
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"

#define BOX_HI ((int64_t)0xffffffff00000000ull)
#define BOXED_QNAN_S ((int64_t)0xffffffff7fc00000ull)   /* boxed canonical NaN */

typedef struct FpHelper {
    IrHelper fn;
    const char *name;
} FpHelper;
#define FH(x) { rvfh_##x, "rvfh_" #x }
#define FH_SD(x) { FH(x##_s), FH(x##_d) }

static void fp_mark_dirty(RVDisas *d)
{
    if (d->fs == 3 || d->fs_marked)
        return;
    IrVal z = rvd_const(d, 0);
    IR_CALL(d->b, helper_fs_dirty, 0, IR_NONE, z, z, z, z);
    d->fs_marked = true;
}

static IrVal fpr(unsigned r)
{
    return rv_fpr_val((int)r);
}

/* Call flags for the rounding mode field, or -1 if it is reserved. */
static int rm_flags(unsigned rm)
{
    if (rm == 5 || rm == 6)
        return -1;
    return rm == 7 ? (int)IR_CALL_TRAPS : 0;
}

static IrVal mode_const(RVDisas *d, unsigned rm)
{
    return rvd_const(d, (int64_t)RVFH_MODE(rm, d->raw));
}

bool rv_trans_fp_load(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    if (d->fs == 0 || (f3 != 2 && f3 != 3))
        return false;
    fp_mark_dirty(d);
    IrVal base = rvd_gpr(d, rv_f_rs1(i)), rd = fpr(rv_f_rd(i));
    if (f3 == 3) {
        ir_ld(d->b, rd, base, rv_imm_i(i), IR_MEMOP(3, 0, d->mmu_idx));
    } else {
        IrVal t = rvd_temp(d);
        ir_ld(d->b, t, base, rv_imm_i(i), IR_MEMOP(2, 0, d->mmu_idx));
        ir_op2(d->b, IR_or, rd, t, rvd_const(d, BOX_HI));
    }
    return true;
}

bool rv_trans_fp_store(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    if (d->fs == 0 || (f3 != 2 && f3 != 3))
        return false;
    ir_st(d->b, rvd_gpr(d, rv_f_rs1(i)), rv_imm_s(i), fpr(rv_f_rs2(i)),
          IR_MEMOP(f3, 0, d->mmu_idx));
    return true;
}

bool rv_trans_fp_fma(RVDisas *d)
{
    static const FpHelper fns[4][2] = {
        FH_SD(fmadd), FH_SD(fmsub), FH_SD(fnmsub), FH_SD(fnmadd),
    };
    static const FpHelper fns_fma[4][2] = {
        FH_SD(fmadd_fma), FH_SD(fmsub_fma), FH_SD(fnmsub_fma), FH_SD(fnmadd_fma),
    };
    static int host_fma_cached = -1;   /* harts may translate concurrently */
    int host_fma = __atomic_load_n(&host_fma_cached, __ATOMIC_RELAXED);
    if (host_fma < 0) {
        host_fma = rvfh_host_fma();
        __atomic_store_n(&host_fma_cached, host_fma, __ATOMIC_RELAXED);
    }
    uint32_t i = d->insn;
    unsigned fmt = (i >> 25) & 3, rm = rv_f_funct3(i);
    int fl = rm_flags(rm);
    if (d->fs == 0 || fmt > 1 || fl < 0)
        return false;
    fp_mark_dirty(d);
    const FpHelper *h = host_fma ? &fns_fma[(i >> 2) & 3][fmt] : &fns[(i >> 2) & 3][fmt];
    ir_call(d->b, h->fn, h->name, (unsigned)fl, fpr(rv_f_rd(i)), fpr(rv_f_rs1(i)),
            fpr(rv_f_rs2(i)), fpr(rv_f_rs3(i)), mode_const(d, rm));
    return true;
}

/* A single operand as seen by sign injection: improperly boxed values read as the canonical
   NaN (ISA manual, "NaN Boxing of Narrower Values"). */
static IrVal unbox_s(RVDisas *d, IrVal v)
{
    IrVal t = rvd_temp(d), hi = rvd_const(d, BOX_HI);
    ir_movcond(d->b, IR_GEU, t, v, hi, v, rvd_const(d, BOXED_QNAN_S));
    return t;
}

static bool trans_fsgnj(RVDisas *d, bool dbl)
{
    uint32_t i = d->insn;
    unsigned op = rv_f_funct3(i), rs1 = rv_f_rs1(i), rs2 = rv_f_rs2(i);
    if (op > 2)
        return false;
    fp_mark_dirty(d);
    IrBlock *b = d->b;
    IrVal rd = fpr(rv_f_rd(i));
    if (op == 0 && rs1 == rs2) {                                 /* fmv.s, fmv.d */
        if (dbl)
            ir_op1(b, IR_mov, rd, fpr(rs1));
        else
            ir_movcond(b, IR_GEU, rd, fpr(rs1), rvd_const(d, BOX_HI), fpr(rs1),
                       rvd_const(d, BOXED_QNAN_S));
        return true;
    }
    IrVal x = dbl ? fpr(rs1) : unbox_s(d, fpr(rs1));
    IrVal y = rs1 == rs2 ? x : dbl ? fpr(rs2) : unbox_s(d, fpr(rs2));
    IrVal sign = rvd_const(d, dbl ? INT64_MIN : INT64_C(0x80000000));
    IrVal s = rvd_temp(d);
    if (op == 2) {                                               /* fsgnjx */
        ir_op2(b, IR_and, s, y, sign);
        ir_op2(b, IR_xor, rd, x, s);
        return true;
    }
    IrVal mag = rvd_temp(d);
    ir_op2(b, IR_andn, mag, x, sign);
    if (op == 0)
        ir_op2(b, IR_and, s, y, sign);
    else
        ir_op2(b, IR_andn, s, sign, y);
    ir_op2(b, IR_or, rd, mag, s);
    return true;
}

static void call_rm(RVDisas *d, const FpHelper *h, int fl, IrVal out, IrVal a, IrVal bv,
                    unsigned rm)
{
    IrVal z = rvd_const(d, 0);
    if (bv == IR_NONE)
        ir_call(d->b, h->fn, h->name, (unsigned)fl, out, a, mode_const(d, rm), z, z);
    else
        ir_call(d->b, h->fn, h->name, (unsigned)fl, out, a, bv, mode_const(d, rm), z);
}

bool rv_trans_fp_op(RVDisas *d)
{
    static const FpHelper arith[4][2] = { FH_SD(fadd), FH_SD(fsub), FH_SD(fmul), FH_SD(fdiv) };
    static const FpHelper sqrt_h[2] = FH_SD(fsqrt);
    static const FpHelper minmax[2][2] = { FH_SD(fmin), FH_SD(fmax) };
    static const FpHelper cmp[3][2] = { FH_SD(fle), FH_SD(flt), FH_SD(feq) };
    static const FpHelper to_int[4][2] = { FH_SD(fcvt_w), FH_SD(fcvt_wu), FH_SD(fcvt_l),
                                           FH_SD(fcvt_lu) };
    static const FpHelper from_int[4][2] = {
        { FH(fcvt_s_w), FH(fcvt_d_w) }, { FH(fcvt_s_wu), FH(fcvt_d_wu) },
        { FH(fcvt_s_l), FH(fcvt_d_l) }, { FH(fcvt_s_lu), FH(fcvt_d_lu) },
    };
    static const FpHelper cvt_fp[2] = { FH(fcvt_s_d), FH(fcvt_d_s) };
    static const FpHelper fclass[2] = FH_SD(fclass);

    uint32_t i = d->insn;
    unsigned fmt = (i >> 25) & 3, funct5 = i >> 27, rm = rv_f_funct3(i);
    unsigned rd = rv_f_rd(i), rs1 = rv_f_rs1(i), rs2 = rv_f_rs2(i);
    int fl = rm_flags(rm);
    IrBlock *b = d->b;
    IrVal z;

    if (d->fs == 0 || fmt > 1)
        return false;
    switch (funct5) {
    case 0x00: case 0x01: case 0x02: case 0x03:
        if (fl < 0)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &arith[funct5][fmt], fl, fpr(rd), fpr(rs1), fpr(rs2), rm);
        return true;
    case 0x0b:
        if (fl < 0 || rs2 != 0)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &sqrt_h[fmt], fl, fpr(rd), fpr(rs1), IR_NONE, rm);
        return true;
    case 0x04:
        return trans_fsgnj(d, fmt == 1);
    case 0x05:
        if (rm > 1)
            return false;
        fp_mark_dirty(d);
        z = rvd_const(d, 0);
        ir_call(b, minmax[rm][fmt].fn, minmax[rm][fmt].name, 0, fpr(rd), fpr(rs1), fpr(rs2), z, z);
        return true;
    case 0x08:
        /* fcvt.s.d (fmt S, rs2 = D) or fcvt.d.s (fmt D, rs2 = S) */
        if (fl < 0 || rs2 != (fmt ^ 1))
            return false;
        fp_mark_dirty(d);
        call_rm(d, &cvt_fp[fmt], fl, fpr(rd), fpr(rs1), IR_NONE, rm);
        return true;
    case 0x14:
        if (rm > 2)
            return false;
        fp_mark_dirty(d);                                        /* may set NV */
        z = rvd_const(d, 0);
        ir_call(b, cmp[rm][fmt].fn, cmp[rm][fmt].name, 0, rd ? rv_gpr_val((int)rd) : IR_NONE,
                fpr(rs1), fpr(rs2), z, z);
        return true;
    case 0x18:
        if (fl < 0 || rs2 > 3)
            return false;
        fp_mark_dirty(d);                                        /* may set NV/NX */
        call_rm(d, &to_int[rs2][fmt], fl, rd ? rv_gpr_val((int)rd) : IR_NONE, fpr(rs1), IR_NONE,
                rm);
        return true;
    case 0x1a:
        if (fl < 0 || rs2 > 3)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &from_int[rs2][fmt], fl, fpr(rd), rvd_gpr(d, rs1), IR_NONE, rm);
        return true;
    case 0x1c:
        if (rs2 != 0 || rm > 1)
            return false;
        if (rm == 1) {
            z = rvd_const(d, 0);
            ir_call(b, fclass[fmt].fn, fclass[fmt].name, 0, rvd_gpr_dst(d, rd), fpr(rs1), z, z, z);
        } else {
            ir_op1(b, fmt ? IR_mov : IR_ext32s, rvd_gpr_dst(d, rd), fpr(rs1));   /* fmv.x.w/d */
        }
        return true;
    case 0x1e:
        if (rs2 != 0 || rm != 0)
            return false;
        fp_mark_dirty(d);
        if (fmt)
            ir_op1(b, IR_mov, fpr(rd), rvd_gpr(d, rs1));                        /* fmv.d.x */
        else
            ir_op2(b, IR_or, fpr(rd), rvd_gpr(d, rs1), rvd_const(d, BOX_HI));   /* fmv.w.x */
        return true;
    default:
        return false;
    }
}
