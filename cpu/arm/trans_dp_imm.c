/* SPDX-License-Identifier: MIT */
/* A64 "Data Processing -- Immediate" (Arm ARM DDI 0487, C4.1.86): PC-relative addressing,
   add/subtract (immediate), logical (immediate), move wide, bitfield and extract. */
#include "cpu/arm/trans.h"

static bool trans_pcrel(A64Disas *d)
{
    uint32_t i = d->insn;
    int64_t imm = a64_sbits(i, 23, 5) * 4 + a64_bits(i, 30, 29);
    uint64_t v = (i >> 31) ? (d->pc & ~0xfffull) + ((uint64_t)imm << 12) : d->pc + (uint64_t)imm;
    a64_set_x(d, a64_bits(i, 4, 0), a64_const(d, (int64_t)v), true);
    return true;
}

static bool trans_addsub_imm(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, sub = (i >> 30) & 1, set = (i >> 29) & 1;
    uint64_t imm = (uint64_t)a64_bits(i, 21, 10) << (((i >> 22) & 1) ? 12 : 0);
    unsigned rd = a64_bits(i, 4, 0);
    IrVal n = a64_x_sp(d, a64_bits(i, 9, 5)), c = a64_const(d, (int64_t)imm);
    IrVal r = sub ? a64_sub_flags(d, n, c, sf, set) : a64_add_flags(d, n, c, sf, set);
    if (set)
        a64_set_x(d, rd, r, sf);
    else
        a64_set_x_sp(d, rd, r, sf);
    return true;
}

static bool trans_logic_imm(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 30, 29), nbit = (i >> 22) & 1, rd = a64_bits(i, 4, 0);
    uint64_t imm, tmask;
    if ((!sf && nbit) ||
        !a64_decode_bit_masks(nbit, a64_bits(i, 15, 10), a64_bits(i, 21, 16), true, sf ? 64 : 32,
                              &imm, &tmask))
        return false;
    static const uint8_t ops[4] = { IR_and, IR_or, IR_xor, IR_and };
    IrVal r = a64_op2(d, (IrOpc)ops[opc], a64_x(d, a64_bits(i, 9, 5)), a64_const(d, (int64_t)imm));
    if (opc == 3) {
        a64_logic_flags(d, r, sf);
        a64_set_x(d, rd, r, sf);
    } else {
        a64_set_x_sp(d, rd, r, sf);
    }
    return true;
}

static bool trans_movw(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 30, 29), hw = a64_bits(i, 22, 21), rd = a64_bits(i, 4, 0);
    if (opc == 1 || (!sf && hw >= 2))
        return false;
    unsigned pos = hw * 16;
    uint64_t imm = (uint64_t)a64_bits(i, 20, 5) << pos;
    if (opc == 0)           /* MOVN */
        a64_set_x(d, rd, a64_const(d, (int64_t)~imm), sf);
    else if (opc == 2)      /* MOVZ */
        a64_set_x(d, rd, a64_const(d, (int64_t)imm), sf);
    else {                  /* MOVK */
        IrVal keep = a64_op2(d, IR_and, a64_x(d, rd), a64_const(d, (int64_t)~(0xffffull << pos)));
        a64_set_x(d, rd, a64_op2(d, IR_or, keep, a64_const(d, (int64_t)imm)), sf);
    }
    return true;
}

/* ROR(x, r) of the low datasize bits of x (the high bits of the result are garbage for 32). */
static IrVal ror_n(A64Disas *d, IrVal x, unsigned r, bool sf)
{
    if (r == 0)
        return x;
    if (sf)
        return a64_op2(d, IR_rotr, x, a64_const(d, r));
    IrVal z = a64_op1(d, IR_ext32u, x);
    return a64_op2(d, IR_or, a64_op2(d, IR_shr, z, a64_const(d, r)),
                   a64_op2(d, IR_shl, z, a64_const(d, 32 - r)));
}

static bool trans_bitfield(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 30, 29), nbit = (i >> 22) & 1;
    unsigned immr = a64_bits(i, 21, 16), imms = a64_bits(i, 15, 10);
    unsigned rd = a64_bits(i, 4, 0), rn = a64_bits(i, 9, 5);
    uint64_t wmask, tmask;
    if (opc == 3 || nbit != (unsigned)sf || (!sf && (immr >= 32 || imms >= 32)) ||
        !a64_decode_bit_masks(nbit, imms, immr, false, sf ? 64 : 32, &wmask, &tmask))
        return false;
    IrVal src = a64_x(d, rn);
    IrVal bot = a64_op2(d, IR_and, ror_n(d, src, immr, sf), a64_const(d, (int64_t)wmask));
    IrVal res;
    if (opc == 2) {         /* UBFM */
        res = a64_op2(d, IR_and, bot, a64_const(d, (int64_t)tmask));
    } else if (opc == 0) {  /* SBFM: bits above the field are copies of src<imms> */
        IrVal top = a64_op2(d, IR_sar, a64_op2(d, IR_shl, src, a64_const(d, 63 - imms)),
                            a64_const(d, 63));
        res = a64_op2(d, IR_or, a64_op2(d, IR_andn, top, a64_const(d, (int64_t)tmask)),
                      a64_op2(d, IR_and, bot, a64_const(d, (int64_t)tmask)));
    } else {                /* BFM */
        IrVal dst = a64_x(d, rd);
        IrVal b2 = a64_op2(d, IR_or, a64_op2(d, IR_andn, dst, a64_const(d, (int64_t)wmask)), bot);
        res = a64_op2(d, IR_or, a64_op2(d, IR_andn, dst, a64_const(d, (int64_t)tmask)),
                      a64_op2(d, IR_and, b2, a64_const(d, (int64_t)tmask)));
    }
    a64_set_x(d, rd, res, sf);
    return true;
}

static bool trans_extract(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned op21 = a64_bits(i, 30, 29), nbit = (i >> 22) & 1, o0 = (i >> 21) & 1;
    unsigned lsb = a64_bits(i, 15, 10), rd = a64_bits(i, 4, 0);
    if (op21 != 0 || o0 != 0 || nbit != (unsigned)sf || (!sf && lsb >= 32))
        return false;
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), m = a64_x(d, a64_bits(i, 20, 16));
    if (lsb == 0) {
        a64_set_x(d, rd, m, sf);
        return true;
    }
    IrVal lo = sf ? m : a64_op1(d, IR_ext32u, m);
    IrVal r = a64_op2(d, IR_or, a64_op2(d, IR_shr, lo, a64_const(d, lsb)),
                      a64_op2(d, IR_shl, n, a64_const(d, (sf ? 64 : 32) - lsb)));
    a64_set_x(d, rd, r, sf);
    return true;
}

bool a64_trans_dp_imm(A64Disas *d)
{
    switch (a64_bits(d->insn, 25, 23)) {
    case 0: case 1: return trans_pcrel(d);
    case 2: return trans_addsub_imm(d);
    case 4: return trans_logic_imm(d);
    case 5: return trans_movw(d);
    case 6: return trans_bitfield(d);
    case 7: return trans_extract(d);
    default: return false;   /* 3: add/subtract with tags (MTE) */
    }
}
