/* SPDX-License-Identifier: MIT */
/* Zba, Zbb and Zbs (ISA manual vol. I, "B Extension for Bit Manipulation", RV64 encodings):
   the OP, OP-32, OP-IMM and OP-IMM-32 encodings the base decoder does not own, as plain IR. */
#include "cpu/riscv/trans.h"

/* An encoding of a disabled extension is illegal (the caller raises). */
#define NEED(e) do { if (!rvd_has(d, RV_EXT_##e)) return false; } while (0)

static IrVal emit2(RVDisas *d, IrOpc op, IrVal a, IrVal c)
{
    IrVal t = rvd_temp(d);
    ir_op2(d->b, op, t, a, c);
    return t;
}

static IrVal emit1(RVDisas *d, IrOpc op, IrVal a)
{
    IrVal t = rvd_temp(d);
    ir_op1(d->b, op, t, a);
    return t;
}

/* A 32-bit value copied into both halves: a 64-bit rotate of it rotates the low word. */
static IrVal dup32(RVDisas *d, IrVal a)
{
    IrVal z = emit1(d, IR_ext32u, a);
    return emit2(d, IR_or, z, emit2(d, IR_shl, z, rvd_const(d, 32)));
}

bool rv_trans_bitmanip_op(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned key = (rv_f_funct7(i) << 3) | rv_f_funct3(i);
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i)), s2 = rvd_gpr(d, rv_f_rs2(i));
    IrVal rd = rvd_gpr_dst(d, rv_f_rd(i));
    unsigned f7 = rv_f_funct7(i);
    if (f7 == 0x20 || f7 == 0x05 || f7 == 0x30)
        NEED(ZBB);                      /* xnor orn andn min[u] max[u] rol ror */
    else if (f7 == 0x24 || f7 == 0x34 || f7 == 0x14)
        NEED(ZBS);                      /* bclr bext binv bset */
    else if (f7 == 0x10)
        NEED(ZBA);                      /* sh1add sh2add sh3add */

    switch (key) {
    case 0x10 << 3 | 2: ir_op2(b, IR_add, rd, emit2(d, IR_shl, s1, rvd_const(d, 1)), s2); break;
    case 0x10 << 3 | 4: ir_op2(b, IR_add, rd, emit2(d, IR_shl, s1, rvd_const(d, 2)), s2); break;
    case 0x10 << 3 | 6: ir_op2(b, IR_add, rd, emit2(d, IR_shl, s1, rvd_const(d, 3)), s2); break;
    case 0x20 << 3 | 4: ir_op1(b, IR_not, rd, emit2(d, IR_xor, s1, s2)); break;     /* xnor */
    case 0x20 << 3 | 6: ir_op2(b, IR_or, rd, s1, emit1(d, IR_not, s2)); break;      /* orn */
    case 0x20 << 3 | 7: ir_op2(b, IR_andn, rd, s1, s2); break;
    case 0x05 << 3 | 4: ir_movcond(b, IR_LT, rd, s1, s2, s1, s2); break;           /* min */
    case 0x05 << 3 | 5: ir_movcond(b, IR_LTU, rd, s1, s2, s1, s2); break;          /* minu */
    case 0x05 << 3 | 6: ir_movcond(b, IR_GT, rd, s1, s2, s1, s2); break;           /* max */
    case 0x05 << 3 | 7: ir_movcond(b, IR_GTU, rd, s1, s2, s1, s2); break;          /* maxu */
    case 0x30 << 3 | 1: ir_op2(b, IR_rotl, rd, s1, s2); break;
    case 0x30 << 3 | 5: ir_op2(b, IR_rotr, rd, s1, s2); break;
    case 0x24 << 3 | 1: ir_op2(b, IR_andn, rd, s1, emit2(d, IR_shl, rvd_const(d, 1), s2)); break;
    case 0x24 << 3 | 5: ir_op2(b, IR_and, rd, emit2(d, IR_shr, s1, s2), rvd_const(d, 1)); break;
    case 0x34 << 3 | 1: ir_op2(b, IR_xor, rd, s1, emit2(d, IR_shl, rvd_const(d, 1), s2)); break;
    case 0x14 << 3 | 1: ir_op2(b, IR_or, rd, s1, emit2(d, IR_shl, rvd_const(d, 1), s2)); break;
    default: return false;
    }
    return true;
}

bool rv_trans_bitmanip_op32(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned f7 = rv_f_funct7(i), f3 = rv_f_funct3(i), rs2 = rv_f_rs2(i);
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i)), s2 = rvd_gpr(d, rs2);

    bool zba = (f7 == 0x04 && f3 == 0) || (f7 == 0x10 && (f3 == 2 || f3 == 4 || f3 == 6));
    if (!rvd_has(d, zba ? RV_EXT_ZBA : RV_EXT_ZBB))
        return false;
    if (f7 == 0x04 && f3 == 0) {                                  /* add.uw */
        ir_op2(b, IR_add, rvd_gpr_dst(d, rv_f_rd(i)), emit1(d, IR_ext32u, s1), s2);
    } else if (f7 == 0x04 && f3 == 4 && rs2 == 0) {               /* zext.h */
        ir_op1(b, IR_ext16u, rvd_gpr_dst(d, rv_f_rd(i)), s1);
    } else if (f7 == 0x10 && (f3 == 2 || f3 == 4 || f3 == 6)) {   /* shNadd.uw */
        IrVal sh = emit2(d, IR_shl, emit1(d, IR_ext32u, s1), rvd_const(d, f3 >> 1));
        ir_op2(b, IR_add, rvd_gpr_dst(d, rv_f_rd(i)), sh, s2);
    } else if (f7 == 0x30 && (f3 == 1 || f3 == 5)) {              /* rolw, rorw */
        IrVal cnt = emit2(d, IR_and, s2, rvd_const(d, 31));
        IrVal r = emit2(d, f3 == 1 ? IR_rotl : IR_rotr, dup32(d, s1), cnt);
        ir_op1(b, IR_ext32s, rvd_gpr_dst(d, rv_f_rd(i)), r);
    } else {
        return false;
    }
    return true;
}

/* orc.b: 0xff in every byte that is nonzero. Bit 7 of each byte of t is set iff the byte is
   nonzero (adding 0x7f carries out of any nonzero low 7 bits); spread it over the byte. */
static void emit_orc_b(RVDisas *d, IrVal rd, IrVal s1)
{
    const int64_t lo7 = 0x7f7f7f7f7f7f7f7fll;
    IrVal t = emit2(d, IR_add, emit2(d, IR_and, s1, rvd_const(d, lo7)), rvd_const(d, lo7));
    t = emit2(d, IR_andn, emit2(d, IR_or, t, s1), rvd_const(d, lo7));
    ir_op2(d->b, IR_mul, rd, emit2(d, IR_shr, t, rvd_const(d, 7)), rvd_const(d, 0xff));
}

bool rv_trans_bitmanip_imm(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned f3 = rv_f_funct3(i), funct6 = i >> 26, funct12 = i >> 20, shamt = funct12 & 63;
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i));
    IrVal rd = rvd_gpr_dst(d, rv_f_rd(i));
    int64_t bit = (int64_t)(1ull << shamt);
    /* Zbs: bclri binvi bseti bexti (funct6 0x12, 0x1a, 0x0a); the rest is Zbb. */
    bool zbs = funct6 == 0x12 || (f3 == 1 && (funct6 == 0x1a || funct6 == 0x0a));
    if (!rvd_has(d, zbs ? RV_EXT_ZBS : RV_EXT_ZBB))
        return false;

    if (f3 == 1) {
        switch (funct12) {
        case 0x600: ir_op1(b, IR_clz, rd, s1); return true;
        case 0x601: ir_op1(b, IR_ctz, rd, s1); return true;
        case 0x602: ir_op1(b, IR_cpop, rd, s1); return true;
        case 0x604: ir_op1(b, IR_ext8s, rd, s1); return true;
        case 0x605: ir_op1(b, IR_ext16s, rd, s1); return true;
        default: break;
        }
        switch (funct6) {
        case 0x12: ir_op2(b, IR_and, rd, s1, rvd_const(d, ~bit)); return true;  /* bclri */
        case 0x1a: ir_op2(b, IR_xor, rd, s1, rvd_const(d, bit)); return true;   /* binvi */
        case 0x0a: ir_op2(b, IR_or, rd, s1, rvd_const(d, bit)); return true;    /* bseti */
        default: return false;
        }
    }
    /* funct3 5 */
    if (funct12 == 0x287) {
        emit_orc_b(d, rd, s1);
        return true;
    }
    if (funct12 == 0x6b8) {
        ir_op1(b, IR_bswap, rd, s1);                                            /* rev8 */
        return true;
    }
    switch (funct6) {
    case 0x18: ir_op2(b, IR_rotr, rd, s1, rvd_const(d, shamt)); return true;     /* rori */
    case 0x12:                                                                  /* bexti */
        ir_op2(b, IR_and, rd, emit2(d, IR_shr, s1, rvd_const(d, shamt)), rvd_const(d, 1));
        return true;
    default: return false;
    }
}

bool rv_trans_bitmanip_imm32(RVDisas *d)
{
    uint32_t i = d->insn;
    IrBlock *b = d->b;
    unsigned f3 = rv_f_funct3(i), funct12 = i >> 20;
    IrVal s1 = rvd_gpr(d, rv_f_rs1(i));
    if (!rvd_has(d, f3 == 1 && (i >> 26) == 0x02 ? RV_EXT_ZBA : RV_EXT_ZBB))
        return false;

    if (f3 == 1 && (i >> 26) == 0x02) {                                         /* slli.uw */
        ir_op2(b, IR_shl, rvd_gpr_dst(d, rv_f_rd(i)), emit1(d, IR_ext32u, s1),
               rvd_const(d, funct12 & 63));
    } else if (f3 == 1 && funct12 == 0x600) {                                    /* clzw */
        ir_op2(b, IR_sub, rvd_gpr_dst(d, rv_f_rd(i)), emit1(d, IR_clz, emit1(d, IR_ext32u, s1)),
               rvd_const(d, 32));
    } else if (f3 == 1 && funct12 == 0x601) {                                    /* ctzw */
        ir_op1(b, IR_ctz, rvd_gpr_dst(d, rv_f_rd(i)),
               emit2(d, IR_or, s1, rvd_const(d, 1ll << 32)));
    } else if (f3 == 1 && funct12 == 0x602) {                                    /* cpopw */
        ir_op1(b, IR_cpop, rvd_gpr_dst(d, rv_f_rd(i)), emit1(d, IR_ext32u, s1));
    } else if (f3 == 5 && rv_f_funct7(i) == 0x30) {                              /* roriw */
        IrVal r = emit2(d, IR_rotr, dup32(d, s1), rvd_const(d, funct12 & 31));
        ir_op1(b, IR_ext32s, rvd_gpr_dst(d, rv_f_rd(i)), r);
    } else {
        return false;
    }
    return true;
}
