/* SPDX-License-Identifier: MIT */
/* F and D extensions (ISA manual vol. I, "F" and "D" chapters): arithmetic, conversions and
   comparisons call the fpu_helpers.c wrappers; loads/stores, moves and sign injection are
   plain IR with NaN boxing of singles. FS=Off makes every FP instruction illegal; the first FP
   state write of a block whose FS is not Dirty marks it Dirty (helper_fs_dirty). */
#include "cpu/riscv/fpu.h"
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

/* The rounding mode an instruction uses: its rm field, or for rm = 7 (dynamic) frm, which the
   TB flags fix for the block; -1 if reserved (illegal instruction). With the mode resolved
   here, the helpers never trap. */
static int eff_rm(const RVDisas *d, unsigned rm)
{
    if (rm == 7)
        rm = d->frm;
    return rm <= 4 ? (int)rm : -1;
}

static IrVal mode_const(RVDisas *d, int rm)
{
    return rvd_const(d, (int64_t)RVFH_MODE((unsigned)rm, d->raw));
}

/* fflags as the guard of an inline fast path (translate/ir.h: bit 0 is NX). */
static IrVal fflags_val(RVDisas *d)
{
    _Static_assert(RV_FFLAG_NX == 1, "IR_FAST guards test bit 0");
    IrVal t = rvd_temp(d);
    ir_emit(d->b, IR_ld_env, t, IR_NONE, IR_NONE, (int64_t)offsetof(RVCPU, fflags));
    return t;
}

bool rv_trans_fp_load(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i);
    if (d->fs == 0 || (f3 != 2 && f3 != 3) || (f3 == 3 && !rvd_has(d, RV_EXT_D)))
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
    if (d->fs == 0 || (f3 != 2 && f3 != 3) || (f3 == 3 && !rvd_has(d, RV_EXT_D)))
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
    unsigned fmt = (i >> 25) & 3;
    int rm = eff_rm(d, rv_f_funct3(i));
    if (d->fs == 0 || fmt > 1 || rm < 0 || (fmt == 1 && !rvd_has(d, RV_EXT_D)))
        return false;
    fp_mark_dirty(d);
    const FpHelper *h = host_fma ? &fns_fma[(i >> 2) & 3][fmt] : &fns[(i >> 2) & 3][fmt];
    ir_call(d->b, h->fn, h->name, 0, fpr(rv_f_rd(i)), fpr(rv_f_rs1(i)),
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

/* A helper with a rounding mode; guard: fflags for a fast path that needs it (IR_NONE: 0). */
static IrOp *call_rm(RVDisas *d, const FpHelper *h, IrVal out, IrVal a, IrVal bv, int rm,
                     int fast, IrVal guard)
{
    IrVal z = rvd_const(d, 0);
    if (guard == IR_NONE)
        guard = z;
    IrOp *op;
    if (bv == IR_NONE)
        op = ir_call(d->b, h->fn, h->name, 0, out, a, mode_const(d, rm), guard, z);
    else
        op = ir_call(d->b, h->fn, h->name, 0, out, a, bv, mode_const(d, rm), guard);
    op->imm = out == IR_NONE ? IR_FAST_NONE : fast;
    return op;
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
    static const int fast_arith[4] = { IR_FAST_ADD_D, IR_FAST_SUB_D, IR_FAST_MUL_D,
                                       IR_FAST_DIV_D };
    static const int fast_cmp[3] = { IR_FAST_LE_D, IR_FAST_LT_D, IR_FAST_EQ_D };
    static const int fast_from_int[4] = { IR_FAST_CVT_D_W, IR_FAST_CVT_D_WU, IR_FAST_CVT_D_L,
                                          IR_FAST_CVT_D_LU };
    unsigned fmt = (i >> 25) & 3, funct5 = i >> 27, rm = rv_f_funct3(i);
    unsigned rd = rv_f_rd(i), rs1 = rv_f_rs1(i), rs2 = rv_f_rs2(i);
    int erm = eff_rm(d, rm);
    bool rne_d = fmt == 1 && erm == RV_RM_RNE;
    IrBlock *b = d->b;
    IrVal z;

    if (d->fs == 0 || fmt > 1 || (fmt == 1 && !rvd_has(d, RV_EXT_D)))
        return false;
    if (funct5 == 0x08 && rs2 == 1 && !rvd_has(d, RV_EXT_D))
        return false;                                           /* fcvt.s.d */
    switch (funct5) {
    case 0x00: case 0x01: case 0x02: case 0x03:
        if (erm < 0)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &arith[funct5][fmt], fpr(rd), fpr(rs1), fpr(rs2), erm,
                rne_d ? fast_arith[funct5] : IR_FAST_NONE, rne_d ? fflags_val(d) : IR_NONE);
        return true;
    case 0x0b:
        if (erm < 0 || rs2 != 0)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &sqrt_h[fmt], fpr(rd), fpr(rs1), IR_NONE, erm,
                rne_d ? IR_FAST_SQRT_D : IR_FAST_NONE, rne_d ? fflags_val(d) : IR_NONE);
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
        if (erm < 0 || rs2 != (fmt ^ 1))
            return false;
        fp_mark_dirty(d);
        call_rm(d, &cvt_fp[fmt], fpr(rd), fpr(rs1), IR_NONE, erm, IR_FAST_NONE, IR_NONE);
        return true;
    case 0x14:
        if (rm > 2)
            return false;
        fp_mark_dirty(d);                                        /* may set NV */
        z = rvd_const(d, 0);
        ir_call(b, cmp[rm][fmt].fn, cmp[rm][fmt].name, 0, rd ? rv_gpr_val((int)rd) : IR_NONE,
                fpr(rs1), fpr(rs2), z, z)->imm = rd && fmt == 1 ? fast_cmp[rm] : IR_FAST_NONE;
        return true;
    case 0x18:
        if (erm < 0 || rs2 > 3)
            return false;
        fp_mark_dirty(d);                                        /* may set NV/NX */
        {
            /* fcvt.w.d / fcvt.l.d in RTZ: the C cast */
            bool fast = rd && fmt == 1 && erm == RV_RM_RTZ && (rs2 == 0 || rs2 == 2);
            call_rm(d, &to_int[rs2][fmt], rd ? rv_gpr_val((int)rd) : IR_NONE, fpr(rs1), IR_NONE,
                    erm, !fast ? IR_FAST_NONE : rs2 ? IR_FAST_CVT_L_D : IR_FAST_CVT_W_D,
                    fast ? fflags_val(d) : IR_NONE);
        }
        return true;
    case 0x1a:
        if (erm < 0 || rs2 > 3)
            return false;
        fp_mark_dirty(d);
        call_rm(d, &from_int[rs2][fmt], fpr(rd), rvd_gpr(d, rs1), IR_NONE, erm,
                fmt == 1 ? fast_from_int[rs2] : IR_FAST_NONE, IR_NONE);
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

/* fflags, frm and fcsr (Zicsr on the F chapter's "fcsr" registers) as plain IR: with FS not
   Off, known from the TB flags, they cannot trap. A write of frm ends the block (TB flags). FS=Off leaves them to helper_csr, which raises illegal instruction. */
bool rv_trans_fcsr(RVDisas *d)
{
    uint32_t i = d->insn;
    unsigned f3 = rv_f_funct3(i), rs1 = rv_f_rs1(i), rd = rv_f_rd(i), csr = i >> 20;
    const int64_t off_fl = (int64_t)offsetof(RVCPU, fflags);
    const int64_t off_rm = (int64_t)offsetof(RVCPU, frm);
    IrBlock *b = d->b;
    if (d->fs == 0 || csr < 1 || csr > 3)
        return false;
    bool writes = (f3 & 3) == 1 || rs1 != 0;
    IrVal old = rvd_temp(d), fl = rvd_temp(d), rm = rvd_temp(d);
    if (csr & 1)
        ir_emit(b, IR_ld_env, fl, IR_NONE, IR_NONE, off_fl);
    if (csr & 2)
        ir_emit(b, IR_ld_env, rm, IR_NONE, IR_NONE, off_rm);
    if (csr == 1) {
        ir_op2(b, IR_and, old, fl, rvd_const(d, 0x1f));
    } else if (csr == 2) {
        ir_op2(b, IR_and, old, rm, rvd_const(d, 7));
    } else {
        IrVal t = rvd_temp(d), u = rvd_temp(d), v = rvd_temp(d);
        ir_op2(b, IR_and, t, rm, rvd_const(d, 7));
        ir_op2(b, IR_shl, u, t, rvd_const(d, 5));
        ir_op2(b, IR_and, v, fl, rvd_const(d, 0x1f));
        ir_op2(b, IR_or, old, u, v);
    }
    if (writes) {
        IrVal src = (f3 & 4) ? rvd_const(d, rs1) : rvd_gpr(d, rs1), nv = rvd_temp(d);
        if ((f3 & 3) == 1)
            ir_op1(b, IR_mov, nv, src);
        else
            ir_op2(b, (f3 & 3) == 2 ? IR_or : IR_andn, nv, old, src);
        fp_mark_dirty(d);
        if (csr & 1) {
            IrVal t = rvd_temp(d);
            ir_op2(b, IR_and, t, nv, rvd_const(d, 0x1f));
            ir_emit(b, IR_st_env, IR_NONE, t, IR_NONE, off_fl);
        }
        if (csr & 2) {
            IrVal t = rvd_temp(d), u = rvd_temp(d);
            ir_op2(b, IR_shr, t, nv, rvd_const(d, csr == 3 ? 5 : 0));
            ir_op2(b, IR_and, u, t, rvd_const(d, 7));
            ir_emit(b, IR_st_env, IR_NONE, u, IR_NONE, off_rm);
        }
    }
    if (rd)
        ir_op1(b, IR_mov, rv_gpr_val((int)rd), old);
    if (writes && (csr & 2))
        rvd_exit_next(d);       /* frm is part of the TB flags */
    return true;
}
