/* SPDX-License-Identifier: MIT */
/* A64 "Loads and Stores" (Arm ARM DDI 0487, C4.1.88) of the general-purpose registers: load
   literal, load/store pair (offset, pre- and post-index, no-allocate, LDPSW), and load/store
   register with unsigned offset, unscaled offset, pre- and post-index, unprivileged, and
   register offset (extended/shifted), including the sign-extending loads and PRFM. Every
   access is an ir_ld/ir_st (the backends' inline TLB fast path). Exclusives (single
   registers and pairs), load-acquire/store-release and the LSE atomics (LDADD..LDUMIN, SWP, CAS)
   and CASP call the helpers of atomic.c. Not yet: SIMD&FP registers, MTE tags,
   SP alignment checks, the alignment check of LDAR/STLR. */
#include <stddef.h>

#include "cpu/arm/atomic.h"
#include "cpu/arm/trans.h"

static IrVal extend_reg(A64Disas *d, IrVal m, unsigned option, unsigned shift)
{
    static const uint8_t ext[8] = { IR_ext8u, IR_ext16u, IR_ext32u, IR_mov,
                                    IR_ext8s, IR_ext16s, IR_ext32s, IR_mov };
    IrVal v = (option & 3) == 3 ? m : a64_op1(d, (IrOpc)ext[option], m);
    return shift ? a64_op2(d, IR_shl, v, a64_const(d, shift)) : v;
}

enum { WB_NONE, WB_PRE, WB_POST };

static bool trans_lse(A64Disas *d);

/* One register load or store: size (log2), opc (bits 23:22) of the load/store register
   encodings, at base + off (or base for post-index), base register rn updated by wb. */
static bool ldst_one(A64Disas *d, unsigned size, unsigned opc, unsigned rt, unsigned rn,
                     IrVal base, IrVal off, int wb, unsigned mmu)
{
    bool load = opc != 0, sign = opc >= 2;
    bool sf = true;
    if (opc == 2 && size == 3)          /* PRFM / PRFUM: a hint, no access */
        return wb == WB_NONE;
    if (opc == 3 && size >= 2)
        return false;
    if (opc == 3)
        sf = false;                     /* sign-extend to 32 bits, zero the top */
    IrVal addr = wb == WB_POST ? base : a64_op2(d, IR_add, base, off);
    if (load) {
        IrVal t = a64_temp(d);
        ir_ld(d->b, t, addr, 0, IR_MEMOP(size, sign, mmu));
        if (wb != WB_NONE)
            a64_set_x_sp(d, rn, wb == WB_PRE ? addr : a64_op2(d, IR_add, base, off), true);
        a64_set_x(d, rt, t, sf);
    } else {
        ir_st(d->b, addr, 0, a64_x(d, rt), IR_MEMOP(size, 0, mmu));
        if (wb != WB_NONE)
            a64_set_x_sp(d, rn, wb == WB_PRE ? addr : a64_op2(d, IR_add, base, off), true);
    }
    return true;
}

static bool trans_literal(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 31, 30), rt = a64_bits(i, 4, 0);
    if ((i >> 26) & 1)
        return false;                   /* SIMD&FP */
    if (opc == 3)                       /* PRFM (literal) */
        return true;
    IrVal addr = a64_const(d, (int64_t)(d->pc + (uint64_t)(a64_sbits(i, 23, 5) * 4)));
    IrVal t = a64_temp(d);
    ir_ld(d->b, t, addr, 0, IR_MEMOP(opc == 1 ? 3 : 2, opc == 2, d->mmu_idx));
    a64_set_x(d, rt, t, true);
    return true;
}

static bool trans_pair(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned opc = a64_bits(i, 31, 30), type = a64_bits(i, 24, 23);
    bool load = (i >> 22) & 1;
    unsigned rt = a64_bits(i, 4, 0), rt2 = a64_bits(i, 14, 10), rn = a64_bits(i, 9, 5);
    if (((i >> 26) & 1) || opc == 3 || (opc == 1 && (!load || type == 0)))
        return false;                   /* SIMD&FP, STGP */
    unsigned size = opc == 2 ? 3 : 2;
    bool sign = opc == 1;
    int64_t off = a64_sbits(i, 21, 15) * (1 << size);
    int wb = type == 1 ? WB_POST : type == 3 ? WB_PRE : WB_NONE;
    IrVal base = a64_x_sp(d, rn);
    IrVal addr = wb == WB_POST ? base : a64_op2(d, IR_add, base, a64_const(d, off));
    unsigned mop = IR_MEMOP(size, sign, d->mmu_idx);
    IrVal t1 = IR_NONE, t2 = IR_NONE;
    if (load) {
        t1 = a64_temp(d);
        t2 = a64_temp(d);
        ir_ld(d->b, t1, addr, 0, mop);
        ir_ld(d->b, t2, addr, 1 << size, mop);
    } else {
        IrVal v1 = a64_x(d, rt), v2 = a64_x(d, rt2);
        ir_st(d->b, addr, 0, v1, mop);
        ir_st(d->b, addr, 1 << size, v2, mop);
    }
    if (wb != WB_NONE)
        a64_set_x_sp(d, rn, wb == WB_PRE ? addr : a64_op2(d, IR_add, base, a64_const(d, off)),
                     true);
    if (load) {
        a64_set_x(d, rt, t1, sign || size == 3);
        a64_set_x(d, rt2, t2, sign || size == 3);
    }
    return true;
}

static bool trans_ldst_reg(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned size = a64_bits(i, 31, 30), opc = a64_bits(i, 23, 22);
    unsigned rt = a64_bits(i, 4, 0), rn = a64_bits(i, 9, 5);
    if ((i >> 26) & 1)
        return false;                   /* SIMD&FP */
    IrVal base = a64_x_sp(d, rn);
    if ((i >> 24) & 1)                  /* unsigned offset, scaled */
        return ldst_one(d, size, opc, rt, rn, base,
                        a64_const(d, (int64_t)a64_bits(i, 21, 10) << size), WB_NONE, d->mmu_idx);
    if (!((i >> 21) & 1)) {             /* 9-bit signed offset forms */
        IrVal off = a64_const(d, a64_sbits(i, 20, 12));
        switch (a64_bits(i, 11, 10)) {
        case 0: return ldst_one(d, size, opc, rt, rn, base, off, WB_NONE, d->mmu_idx);
        case 1: return ldst_one(d, size, opc, rt, rn, base, off, WB_POST, d->mmu_idx);
        case 3: return ldst_one(d, size, opc, rt, rn, base, off, WB_PRE, d->mmu_idx);
        default:                        /* LDTR/STTR: as EL0 */
            if (opc == 2 && size == 3)
                return false;
            return ldst_one(d, size, opc, rt, rn, base, off, WB_NONE, ARM_MMU_EL0);
        }
    }
    if (a64_bits(i, 11, 10) == 0)
        return trans_lse(d);
    if (a64_bits(i, 11, 10) != 2)
        return false;                   /* LDRAA/LDRAB */
    unsigned option = a64_bits(i, 15, 13);
    if (!(option & 2))
        return false;
    IrVal off = extend_reg(d, a64_x(d, a64_bits(i, 20, 16)), option, ((i >> 12) & 1) ? size : 0);
    return ldst_one(d, size, opc, rt, rn, base, off, WB_NONE, d->mmu_idx);
}

/* Load/store exclusive, load-acquire/store-release, compare and swap (C4.1.88.3 ff.). */
static bool trans_exclusive(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned size = a64_bits(i, 31, 30), rs = a64_bits(i, 20, 16), rt = a64_bits(i, 4, 0);
    bool o2 = (i >> 23) & 1, load = (i >> 22) & 1, o1 = (i >> 21) & 1;
    IrVal addr = a64_x_sp(d, a64_bits(i, 9, 5)), z = a64_const(d, 0);
    IrVal arg = a64_const(d, size | d->mmu_idx << 8);
    if (!o2 && !o1) {                   /* LDXR, LDAXR, STXR, STLXR */
        IrVal t = a64_temp(d);
        if (load) {
            IR_CALL(d->b, arm_helper_ldxr, IR_CALL_TRAPS, t, addr, arg, z, z);
            a64_set_x(d, rt, t, true);
        } else {
            IR_CALL(d->b, arm_helper_stxr, IR_CALL_TRAPS, t, addr, a64_x(d, rt), arg, z);
            a64_set_x(d, rs, t, false);
        }
        return true;
    }
    if (o2 && !o1) {                    /* LDAR, LDLAR, STLR, STLLR: ordered plain accesses */
        if (load) {
            IrVal t = a64_temp(d);
            ir_ld(d->b, t, addr, 0, IR_MEMOP(size, 0, d->mmu_idx));
            a64_set_x(d, rt, t, true);
        } else {
            ir_st(d->b, addr, 0, a64_x(d, rt), IR_MEMOP(size, 0, d->mmu_idx));
        }
        return true;
    }
    if (o2 && o1 && a64_bits(i, 14, 10) == 31) {   /* CAS, CASA, CASL, CASAL */
        IrVal t = a64_temp(d);
        IR_CALL(d->b, arm_helper_cas, IR_CALL_TRAPS, t, addr, a64_x(d, rs), a64_x(d, rt), arg);
        a64_set_x(d, rs, t, true);
        return true;
    }
    if (!o2 && o1 && (size & 2)) {      /* LDXP, LDAXP, STXP, STLXP */
        IrVal pa = a64_const(d, size | d->mmu_idx << 8), t = a64_temp(d);
        unsigned rt2 = a64_bits(i, 14, 10);
        if (load) {
            IR_CALL(d->b, arm_helper_ldxp, IR_CALL_TRAPS, t, addr, pa, z, z);
            IrVal t2 = a64_temp(d);
            if (size == 3) {
                ir_emit(d->b, IR_ld_env, t2, IR_NONE, IR_NONE,
                        (int64_t)offsetof(ARMCPU, helper_hi));
            } else {
                ir_op2(d->b, IR_shr, t2, t, a64_const(d, 32));
            }
            a64_set_x(d, rt, t, size == 3);
            a64_set_x(d, rt2, t2, true);
        } else {
            IR_CALL(d->b, arm_helper_stxp, IR_CALL_TRAPS, t, addr, a64_x(d, rt), a64_x(d, rt2), pa);
            a64_set_x(d, rs, t, false);
        }
        return true;
    }
    if (!o2 && o1 && a64_bits(i, 14, 10) == 31) {   /* CASP, CASPA, CASPL, CASPAL */
        if ((rs & 1) || (rt & 1))
            return false;
        IrVal t = a64_temp(d), hi = a64_temp(d);
        if (size == 0) {                /* 32-bit registers: one 64-bit compare-and-swap */
            IrVal cmp = a64_op2(d, IR_or, a64_op1(d, IR_ext32u, a64_x(d, rs)),
                                a64_op2(d, IR_shl, a64_x(d, rs + 1), a64_const(d, 32)));
            IrVal val = a64_op2(d, IR_or, a64_op1(d, IR_ext32u, a64_x(d, rt)),
                                a64_op2(d, IR_shl, a64_x(d, rt + 1), a64_const(d, 32)));
            IR_CALL(d->b, arm_helper_cas, IR_CALL_TRAPS, t, addr, cmp, val,
                    a64_const(d, 3 | d->mmu_idx << 8));
            ir_op2(d->b, IR_shr, hi, t, a64_const(d, 32));
        } else {
            ir_emit(d->b, IR_st_env, IR_NONE, a64_x(d, rt + 1), IR_NONE,
                    (int64_t)offsetof(ARMCPU, helper_hi));
            ir_emit(d->b, IR_st_env, IR_NONE, a64_const(d, d->mmu_idx << 8), IR_NONE,
                    (int64_t)offsetof(ARMCPU, helper_arg));
            IR_CALL(d->b, arm_helper_casp, IR_CALL_TRAPS, t, addr, a64_x(d, rs), a64_x(d, rs + 1),
                    a64_x(d, rt));
            ir_emit(d->b, IR_ld_env, hi, IR_NONE, IR_NONE, (int64_t)offsetof(ARMCPU, helper_hi));
        }
        a64_set_x(d, rs, t, size == 1);
        a64_set_x(d, rs + 1, hi, size == 1);
        return true;
    }
    return false;
}

/* Atomic memory operations (FEAT_LSE): LDADD..LDUMIN, SWP, and LDAPR. */
static bool trans_lse(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned size = a64_bits(i, 31, 30), o3 = (i >> 15) & 1, opc = a64_bits(i, 14, 12);
    unsigned rs = a64_bits(i, 20, 16), rt = a64_bits(i, 4, 0);
    IrVal addr = a64_x_sp(d, a64_bits(i, 9, 5)), t = a64_temp(d);
    if (o3 && opc == 4) {               /* LDAPR */
        if (rs != 31 || a64_bits(i, 23, 22) != 2)
            return false;
        ir_ld(d->b, t, addr, 0, IR_MEMOP(size, 0, d->mmu_idx));
        a64_set_x(d, rt, t, true);
        return true;
    }
    if (o3 && opc != 0)
        return false;
    unsigned op = o3 ? ARM_LSE_SWP : opc;
    IR_CALL(d->b, arm_helper_lse, IR_CALL_TRAPS, t, addr, a64_x(d, rs),
            a64_const(d, op | size << 4 | d->mmu_idx << 8), a64_const(d, 0));
    a64_set_x(d, rt, t, true);
    return true;
}

bool a64_trans_ldst(A64Disas *d)
{
    uint32_t i = d->insn;
    if ((i & 0x3f000000) == 0x08000000)
        return trans_exclusive(d);
    if ((i & 0x3b000000) == 0x18000000)
        return trans_literal(d);
    if ((i & 0x3a000000) == 0x28000000)
        return trans_pair(d);
    if ((i & 0x3a000000) == 0x38000000)
        return trans_ldst_reg(d);
    return false;                       /* exclusives, acquire/release, SIMD structures */
}
