/* SPDX-License-Identifier: MIT */
/* A64 "Data Processing -- Register" (Arm ARM DDI 0487, C4.1.95): logical and add/subtract
   with shifted or extended register, add/subtract with carry, conditional compare and
   select, data processing with one, two and three sources. Division uses the IR's A64-style
   ops divz/divuz (x / 0 = 0). */
#include "cpu/arm/trans.h"

/* Rm shifted by type (LSL, LSR, ASR, ROR) and amount, for a datasize of 64 or 32. */
static IrVal shift_reg(A64Disas *d, IrVal m, unsigned type, unsigned amount, bool sf)
{
    if (amount == 0)
        return m;
    IrVal k = a64_const(d, amount);
    switch (type) {
    case 0: return a64_op2(d, IR_shl, m, k);
    case 1: return a64_op2(d, IR_shr, sf ? m : a64_op1(d, IR_ext32u, m), k);
    case 2: return a64_op2(d, IR_sar, sf ? m : a64_op1(d, IR_ext32s, m), k);
    default:
        if (sf)
            return a64_op2(d, IR_rotr, m, k);
        IrVal z = a64_op1(d, IR_ext32u, m);
        return a64_op2(d, IR_or, a64_op2(d, IR_shr, z, k),
                       a64_op2(d, IR_shl, z, a64_const(d, 32 - amount)));
    }
}

/* ExtendReg: Rm extended by option (UXTB..SXTX) then shifted left by shift (0..4). */
static IrVal extend_reg(A64Disas *d, IrVal m, unsigned option, unsigned shift)
{
    static const uint8_t ext[8] = { IR_ext8u, IR_ext16u, IR_ext32u, IR_mov,
                                    IR_ext8s, IR_ext16s, IR_ext32s, IR_mov };
    IrVal v = (option & 3) == 3 ? m : a64_op1(d, (IrOpc)ext[option], m);
    return shift ? a64_op2(d, IR_shl, v, a64_const(d, shift)) : v;
}

static bool trans_logic_shifted(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 30, 29), type = a64_bits(i, 23, 22), imm6 = a64_bits(i, 15, 10);
    bool invert = (i >> 21) & 1;
    unsigned rd = a64_bits(i, 4, 0);
    if (!sf && imm6 >= 32)
        return false;
    IrVal m = shift_reg(d, a64_x(d, a64_bits(i, 20, 16)), type, imm6, sf);
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), r;
    switch (opc) {
    case 0: case 3: r = invert ? a64_op2(d, IR_andn, n, m) : a64_op2(d, IR_and, n, m); break;
    case 1: r = a64_op2(d, IR_or, n, invert ? a64_op1(d, IR_not, m) : m); break;
    default: r = a64_op2(d, IR_xor, n, invert ? a64_op1(d, IR_not, m) : m); break;
    }
    if (opc == 3)
        a64_logic_flags(d, r, sf);
    a64_set_x(d, rd, r, sf);
    return true;
}

static bool trans_addsub_shifted(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, sub = (i >> 30) & 1, set = (i >> 29) & 1;
    unsigned type = a64_bits(i, 23, 22), imm6 = a64_bits(i, 15, 10);
    if (type == 3 || (!sf && imm6 >= 32))
        return false;
    IrVal m = shift_reg(d, a64_x(d, a64_bits(i, 20, 16)), type, imm6, sf);
    IrVal n = a64_x(d, a64_bits(i, 9, 5));
    IrVal r = sub ? a64_sub_flags(d, n, m, sf, set) : a64_add_flags(d, n, m, sf, set);
    a64_set_x(d, a64_bits(i, 4, 0), r, sf);
    return true;
}

static bool trans_addsub_ext(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, sub = (i >> 30) & 1, set = (i >> 29) & 1;
    unsigned opt = a64_bits(i, 23, 22), imm3 = a64_bits(i, 12, 10), rd = a64_bits(i, 4, 0);
    if (opt != 0 || imm3 > 4)
        return false;
    IrVal m = extend_reg(d, a64_x(d, a64_bits(i, 20, 16)), a64_bits(i, 15, 13), imm3);
    IrVal n = a64_x_sp(d, a64_bits(i, 9, 5));
    IrVal r = sub ? a64_sub_flags(d, n, m, sf, set) : a64_add_flags(d, n, m, sf, set);
    if (set)
        a64_set_x(d, rd, r, sf);
    else
        a64_set_x_sp(d, rd, r, sf);
    return true;
}

/* FEAT_FlagM: RMIF (rotate, mask insert into flags), SETF8, SETF16. */
static bool trans_flagm(A64Disas *d)
{
    uint32_t i = d->insn;
    IrVal n = a64_x(d, a64_bits(i, 9, 5));
    if ((i & 0xffe07c10) == 0xba000400) {   /* RMIF Xn, #imm6, #mask */
        IrVal t = a64_op2(d, IR_rotr, n, a64_const(d, a64_bits(i, 20, 15)));
        unsigned mask = a64_bits(i, 3, 0);
        IrVal one = a64_const(d, 1);
        if (mask & 8)
            ir_op2(d->b, IR_sar, ARM_G_NF, a64_op2(d, IR_shl, t, a64_const(d, 60)),
                   a64_const(d, 63));
        if (mask & 4)
            ir_op2(d->b, IR_xor, ARM_G_ZF,
                   a64_op2(d, IR_and, a64_op2(d, IR_shr, t, a64_const(d, 2)), one), one);
        if (mask & 2)
            ir_op2(d->b, IR_and, ARM_G_CF, a64_op2(d, IR_shr, t, one), one);
        if (mask & 1)
            ir_op2(d->b, IR_shl, ARM_G_VF, t, a64_const(d, 63));
        return true;
    }
    if ((i & 0xffffbc1f) == 0x3a00080d) {   /* SETF8, SETF16 Wn */
        unsigned w = ((i >> 14) & 1) ? 16 : 8;
        IrVal top = a64_const(d, 64 - w);
        IrVal v = a64_op2(d, IR_xor, n, a64_op2(d, IR_shr, n, a64_const(d, 1)));
        ir_op2(d->b, IR_and, ARM_G_ZF, n, a64_const(d, (1 << w) - 1));
        ir_op2(d->b, IR_shl, ARM_G_NF, n, top);
        ir_op2(d->b, IR_shl, ARM_G_VF, v, top);
        return true;
    }
    return false;
}

static bool trans_adc(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, sub = (i >> 30) & 1, set = (i >> 29) & 1;
    if (a64_bits(i, 15, 10) != 0)
        return trans_flagm(d);
    IrVal m = a64_x(d, a64_bits(i, 20, 16));
    if (sub)   /* SBC: Rn + NOT(Rm) + C */
        m = a64_op1(d, IR_not, m);
    a64_set_x(d, a64_bits(i, 4, 0), a64_adc_flags(d, a64_x(d, a64_bits(i, 9, 5)), m, sf, set), sf);
    return true;
}

static bool trans_ccmp(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, sub = (i >> 30) & 1;
    if (!((i >> 29) & 1) || ((i >> 10) & 1) || ((i >> 4) & 1))
        return false;
    unsigned rm_imm = a64_bits(i, 20, 16), nzcv = a64_bits(i, 3, 0);
    A64Cond c = a64_cond(d, a64_bits(i, 15, 12));
    IrVal holds = a64_temp(d);
    ir_setcond(d->b, c.c, holds, c.x, c.y);
    /* The condition is read before the comparison overwrites the flags; where it failed the
       flags become #nzcv instead. */
    const IrVal g[4] = { ARM_G_NF, ARM_G_ZF, ARM_G_CF, ARM_G_VF };
    IrVal n = a64_x(d, a64_bits(i, 9, 5));
    IrVal m = ((i >> 11) & 1) ? a64_const(d, rm_imm) : a64_x(d, rm_imm);
    if (sub)
        a64_sub_flags(d, n, m, sf, true);
    else
        a64_add_flags(d, n, m, sf, true);
    const int64_t imm[4] = { (nzcv & 8) ? -1 : 0, (nzcv & 4) ? 0 : 1, (nzcv >> 1) & 1,
                             (nzcv & 1) ? -1 : 0 };
    for (int k = 0; k < 4; k++)
        ir_movcond(d->b, IR_NE, g[k], holds, a64_const(d, 0), g[k], a64_const(d, imm[k]));
    return true;
}

static bool trans_csel(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned op = (i >> 30) & 1, o2 = a64_bits(i, 11, 10);
    if (((i >> 29) & 1) || o2 > 1)
        return false;
    A64Cond c = a64_cond(d, a64_bits(i, 15, 12));
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), m = a64_x(d, a64_bits(i, 20, 16));
    if (op)
        m = o2 ? a64_op1(d, IR_neg, m) : a64_op1(d, IR_not, m);   /* CSNEG, CSINV */
    else if (o2)
        m = a64_op2(d, IR_add, m, a64_const(d, 1));                 /* CSINC */
    IrVal r = a64_temp(d);
    ir_movcond(d->b, c.c, r, c.x, c.y, n, m);
    a64_set_x(d, a64_bits(i, 4, 0), r, sf);
    return true;
}

/* RBIT of 64 bits: bytes reversed, then the bits of each byte (nibbles, pairs, bits). */
static IrVal rbit64(A64Disas *d, IrVal x)
{
    static const uint64_t masks[3] = { 0x0f0f0f0f0f0f0f0full, 0x3333333333333333ull,
                                       0x5555555555555555ull };
    IrVal v = a64_op1(d, IR_bswap, x);
    for (int k = 0, sh = 4; k < 3; k++, sh >>= 1) {
        IrVal mk = a64_const(d, (int64_t)masks[k]), s = a64_const(d, sh);
        IrVal lo = a64_op2(d, IR_shl, a64_op2(d, IR_and, v, mk), s);
        v = a64_op2(d, IR_or, lo, a64_op2(d, IR_and, a64_op2(d, IR_shr, v, s), mk));
    }
    return v;
}

static bool trans_dp_1src(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 15, 10);
    if (((i >> 29) & 1) || a64_bits(i, 20, 16) != 0 || opc > 5 || (opc == 3 && !sf))
        return false;
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), r;
    switch (opc) {
    case 0:     /* RBIT */
        r = rbit64(d, n);
        if (!sf)
            r = a64_op2(d, IR_shr, r, a64_const(d, 32));
        break;
    case 1: {   /* REV16 */
        IrVal mk = a64_const(d, 0x00ff00ff00ff00ffll), k8 = a64_const(d, 8);
        r = a64_op2(d, IR_or, a64_op2(d, IR_and, a64_op2(d, IR_shr, n, k8), mk),
                    a64_op2(d, IR_shl, a64_op2(d, IR_and, n, mk), k8));
        break;
    }
    case 2:     /* REV32 (64-bit), REV (32-bit) */
        r = a64_op1(d, IR_bswap, n);
        r = sf ? a64_op2(d, IR_rotl, r, a64_const(d, 32)) : a64_op2(d, IR_shr, r, a64_const(d, 32));
        break;
    case 3:     /* REV (64-bit) */
        r = a64_op1(d, IR_bswap, n);
        break;
    case 4:     /* CLZ */
        r = sf ? a64_op1(d, IR_clz, n)
               : a64_op2(d, IR_sub, a64_op1(d, IR_clz, a64_op1(d, IR_ext32u, n)), a64_const(d, 32));
        break;
    default: {  /* CLS: leading zeros of x ^ (x >> 1), less the sign bit */
        IrVal s = sf ? n : a64_op1(d, IR_ext32s, n);
        IrVal y = a64_op2(d, IR_xor, s, a64_op2(d, IR_sar, s, a64_const(d, 1)));
        r = a64_op2(d, IR_sub, a64_op1(d, IR_clz, y), a64_const(d, sf ? 1 : 33));
        break;
    }
    }
    a64_set_x(d, a64_bits(i, 4, 0), r, sf);
    return true;
}

static bool trans_dp_2src(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31;
    unsigned opc = a64_bits(i, 15, 10);
    if ((i >> 29) & 1)
        return false;
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), m = a64_x(d, a64_bits(i, 20, 16)), r;
    switch (opc) {
    case 2: case 3:     /* UDIV, SDIV: the 32-bit forms on extended operands */
        if (!sf) {
            IrOpc e = opc == 2 ? IR_ext32u : IR_ext32s;
            n = a64_op1(d, e, n);
            m = a64_op1(d, e, m);
        }
        r = a64_op2(d, opc == 2 ? IR_divuz : IR_divz, n, m);
        break;
    case 8: case 9: case 10: case 11: {   /* LSLV, LSRV, ASRV, RORV: amount mod datasize */
        IrVal k = a64_op2(d, IR_and, m, a64_const(d, sf ? 63 : 31));
        unsigned type = opc - 8;
        if (sf) {
            static const uint8_t ops[4] = { IR_shl, IR_shr, IR_sar, IR_rotr };
            r = a64_op2(d, (IrOpc)ops[type], n, k);
        } else if (type == 0) {
            r = a64_op2(d, IR_shl, n, k);
        } else if (type == 1) {
            r = a64_op2(d, IR_shr, a64_op1(d, IR_ext32u, n), k);
        } else if (type == 2) {
            r = a64_op2(d, IR_sar, a64_op1(d, IR_ext32s, n), k);
        } else {   /* a 32-bit value in both halves rotates as its low word */
            IrVal z = a64_op1(d, IR_ext32u, n);
            r = a64_op2(d, IR_rotr, a64_op2(d, IR_or, z, a64_op2(d, IR_shl, z, a64_const(d, 32))),
                        k);
        }
        break;
    }
    case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23: {   /* CRC32[C] */
        unsigned sz = opc & 3;
        if ((sz == 3) != sf)
            return false;
        r = a64_temp(d);
        IR_CALL(d->b, arm_helper_crc32, 0, r, n, m, a64_const(d, 1 << sz),
                a64_const(d, (opc >> 2) & 1));
        a64_set_x(d, a64_bits(i, 4, 0), r, false);
        return true;
    }
    default:
        return false;   /* PACGA, SUBP, IRG, GMI...: not implemented */
    }
    a64_set_x(d, a64_bits(i, 4, 0), r, sf);
    return true;
}

static bool trans_dp_3src(A64Disas *d)
{
    uint32_t i = d->insn;
    bool sf = i >> 31, o0 = (i >> 15) & 1;
    unsigned op54 = a64_bits(i, 30, 29), op31 = a64_bits(i, 23, 21);
    unsigned ra = a64_bits(i, 14, 10);
    if (op54 != 0 || (op31 != 0 && !sf))
        return false;
    IrVal n = a64_x(d, a64_bits(i, 9, 5)), m = a64_x(d, a64_bits(i, 20, 16)), p;
    switch (op31) {
    case 0:             /* MADD, MSUB */
        p = a64_op2(d, IR_mul, n, m);
        break;
    case 1: case 5:     /* SMADDL/SMSUBL, UMADDL/UMSUBL */
        p = a64_op2(d, IR_mul, a64_op1(d, op31 == 1 ? IR_ext32s : IR_ext32u, n),
                    a64_op1(d, op31 == 1 ? IR_ext32s : IR_ext32u, m));
        break;
    case 2: case 6:     /* SMULH, UMULH (Ra should be 31; other values act the same, as in QEMU) */
        if (o0)
            return false;
        a64_set_x(d, a64_bits(i, 4, 0), a64_op2(d, op31 == 2 ? IR_mulh : IR_mulhu, n, m), true);
        return true;
    default:
        return false;
    }
    IrVal r = a64_op2(d, o0 ? IR_sub : IR_add, a64_x(d, ra), p);
    a64_set_x(d, a64_bits(i, 4, 0), r, sf);
    return true;
}

bool a64_trans_dp_reg(A64Disas *d)
{
    uint32_t i = d->insn;
    unsigned op0 = (i >> 30) & 1, op1 = (i >> 28) & 1, op2 = a64_bits(i, 24, 21);
    if (!op1) {
        if (!(op2 & 8))
            return trans_logic_shifted(d);
        return (op2 & 1) ? trans_addsub_ext(d) : trans_addsub_shifted(d);
    }
    if (op2 & 8)
        return trans_dp_3src(d);
    switch (op2) {
    case 0: return trans_adc(d);
    case 2: return trans_ccmp(d);
    case 4: return trans_csel(d);
    case 6: return op0 ? trans_dp_1src(d) : trans_dp_2src(d);
    default: return false;   /* rotate/evaluate into flags (FEAT_FlagM) */
    }
}
