/* SPDX-License-Identifier: MIT */
/* Random A64 floating-point instructions and SIMD&FP register values for the differential
   oracle (included by risu_gen.h): scalar FP data processing of singles and doubles,
   conversions to and from integers and fixed point, compares, selects, FMOV, MRS/MSR of FPCR
   (RMode, FZ, DN, AHP) and FPSR, and the SIMD&FP loads and stores (LDR/STR B/H/S/D/Q in every
   addressing mode, LDP/STP S/D/Q, LDR literal), with the same address rules as the integer
   ones. Operand values favour NaNs (quiet and signaling, with payloads), infinities, zeros,
   denormals, the limits of the integer conversions and halfway cases. Encodings from the Arm
   ARM (DDI 0487, C4.1.96 and C4.1.88). */
#ifndef TERN_A64_RISU_GEN_FP_H
#define TERN_A64_RISU_GEN_FP_H

static const uint32_t g_fs[] = {
    0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
    0x7f800001u, 0xffc12345u, 0x7fa00000u, 0xff812345u, 0x00000001u, 0x807fffffu, 0x00800000u,
    0x80800000u, 0x7f7fffffu, 0x4f000000u, 0x5f000000u, 0xcf000000u, 0x4f800000u, 0x3f000000u,
    0x3fc00000u, 0x40400000u, 0x4b000000u, 0x00800001u, 0x3f400000u, 0xbf200000u, 0x4effffffu,
    0x5f7fffffu, 0xdf000000u, 0x00400000u, 0x34000000u,
};
static const uint64_t g_fd[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff0000000000001ull, 0xfff8123456789abcull, 0x7ff4000000000000ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x0010000000000000ull,
    0x7fefffffffffffffull, 0x41e0000000000000ull, 0x43e0000000000000ull,
    0xc1e0000000000000ull, 0x41f0000000000000ull, 0x3fe0000000000000ull,
    0x3ff8000000000000ull, 0x4008000000000000ull, 0x4330000000000000ull,
    0x0010000000000001ull, 0x41dfffffffc00000ull, 0xc1e0000000200000ull, 0x43f0000000000000ull,
    0x3810000000000000ull, 0x36a0000000000000ull, 0x47efffffe0000000ull, 0x3fe8000000000000ull,
    0x0008000000000000ull, 0xbfe0000000000001ull,
};

static uint64_t g_fp_half(Gen *g)
{
    switch (g_rn(g, 6)) {
    case 0: case 1:
        return g_fd[g_rn(g, sizeof g_fd / sizeof g_fd[0])];
    case 2: case 3:
        return (uint64_t)g_fs[g_rn(g, sizeof g_fs / sizeof g_fs[0])] |
               (uint64_t)g_fs[g_rn(g, sizeof g_fs / sizeof g_fs[0])] << 32;
    case 4: {   /* a random value near 1.0 (single in the low half, double in the whole) */
        uint64_t r = risu_xorshift(&g->s);
        return g_rn(g, 2) ? (0x3f000000u | (r & 0x00ffffffu)) | (r & 0x8000000000000000ull)
                          : ((r & 0x001fffffffffffffull) | 0x3fe0000000000000ull);
    }
    default:
        return risu_xorshift(&g->s);
    }
}

/* FPCR values with the bits both sides implement: RMode, FZ, DN, AHP. */
static uint64_t g_fpcr(Gen *g) { return (uint64_t)g_rn(g, 32) << 22; }

static unsigned g_v(Gen *g) { return g_rn(g, 32); }

static void gen_fp_ldst(Gen *g)
{
    unsigned rt = g_v(g);
    switch (g_rn(g, 6)) {
    case 0: case 1: {   /* LDR/STR (unsigned offset), B/H/S/D/Q */
        unsigned scale = g_rn(g, 5), load = g_rn(g, 2);
        unsigned size = scale == 4 ? 0 : scale, opc = (scale == 4 ? 2 : 0) | load;
        emit(g, size << 30 | 0x3d000000u | opc << 22 | g_rn(g, 0x400u >> scale) << 10 |
                    (27 + g_rn(g, 2)) << 5 | rt);
        break;
    }
    case 2: {           /* unscaled, pre/post-index (x27, small steps) */
        unsigned scale = g_rn(g, 5), load = g_rn(g, 2), form = g_rn(g, 3);
        unsigned size = scale == 4 ? 0 : scale, opc = (scale == 4 ? 2 : 0) | load;
        uint32_t imm9 = (uint32_t)(g_rn(g, 129) - 64) & 0x1ff;
        static const unsigned forms[3] = { 0, 1, 3 };
        emit(g, size << 30 | 0x3c000000u | opc << 22 | imm9 << 12 | forms[form] << 10 |
                    (form ? 27u : 27 + g_rn(g, 2)) << 5 | rt);
        break;
    }
    case 3: {           /* register offset, the index set just before */
        unsigned scale = g_rn(g, 5), load = g_rn(g, 2);
        unsigned size = scale == 4 ? 0 : scale, opc = (scale == 4 ? 2 : 0) | load;
        unsigned idx = g_dst(g), option = g_rn(g, 2) ? 3 : 2;
        emit(g, 0xd2800000u | g_rn(g, 64) << 5 | idx);
        if (g->n < g->target_n)
            g->no_target[g->n] = true;
        emit(g, size << 30 | 0x3c200800u | opc << 22 | idx << 16 | option << 13 |
                    g_rn(g, 2) << 12 | 28u << 5 | rt);
        break;
    }
    case 4: {           /* LDP/STP S/D/Q, every addressing form */
        unsigned opc = g_rn(g, 3), load = g_rn(g, 2), type = g_rn(g, 4);
        unsigned rt2 = g_v(g), rn = (type == 1 || type == 3) ? 27 : 28;
        if (rt2 == rt)
            rt2 = (rt + 1) & 31;
        int imm7 = (int)g_rn(g, 33) - 16;
        emit(g, opc << 30 | 0x2c000000u | type << 23 | load << 22 | ((uint32_t)imm7 & 0x7f) << 15 |
                    rt2 << 10 | rn << 5 | rt);
        break;
    }
    default: {          /* LDR literal S/D/Q: words of this sequence */
        unsigned opc = g_rn(g, 3);
        int here = g->n, to = (int)g_rn(g, (unsigned)g->target_n - 3);
        emit(g, opc << 30 | 0x1c000000u | ((uint32_t)(to - here) & 0x7ffff) << 5 | rt);
        break;
    }
    }
}

static void gen_fp(Gen *g)
{
    unsigned pt = g_rn(g, 2), rd = g_v(g), rn = g_v(g), rm = g_v(g);
    uint32_t p = pt << 22;
    switch (g_rn(g, 14)) {
    case 0: case 1:     /* FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL */
        emit(g, 0x1e200800u | p | rm << 16 | g_rn(g, 9) << 12 | rn << 5 | rd);
        break;
    case 2: {           /* FMOV FABS FNEG FSQRT FCVT FRINT{N,P,M,Z,A,X,I} */
        static const unsigned ops[] = { 0, 1, 2, 3, 3, 4, 8, 9, 10, 11, 12, 14, 15 };
        unsigned op = ops[g_rn(g, sizeof ops / sizeof ops[0])];
        if (op == 4)
            op = pt ? 4 : 5;
        emit(g, 0x1e204000u | p | op << 15 | rn << 5 | rd);
        break;
    }
    case 3: case 4:     /* FMADD FMSUB FNMADD FNMSUB */
        emit(g, 0x1f000000u | p | g_rn(g, 2) << 21 | rm << 16 | g_rn(g, 2) << 15 |
                    g_v(g) << 10 | rn << 5 | rd);
        break;
    case 5:             /* FCMP FCMPE, with #0.0 */
        emit(g, 0x1e202000u | p | rm << 16 | rn << 5 | g_rn(g, 4) << 3);
        break;
    case 6:             /* FCCMP FCCMPE */
        emit(g, 0x1e200400u | p | rm << 16 | g_rn(g, 16) << 12 | rn << 5 | g_rn(g, 2) << 4 |
                    g_rn(g, 16));
        break;
    case 7:             /* FCSEL, FMOV (immediate) */
        if (g_rn(g, 2))
            emit(g, 0x1e200c00u | p | rm << 16 | g_rn(g, 16) << 12 | rn << 5 | rd);
        else
            emit(g, 0x1e201000u | p | g_rn(g, 256) << 13 | rd);
        break;
    case 8: case 9: {   /* FP -> integer: FCVT{N,P,M,Z}{S,U}, FCVTA{S,U} */
        unsigned sf = g_rn(g, 2), opc = g_rn(g, 2), rmode = g_rn(g, 4);
        if (g_rn(g, 3) == 0)
            opc |= 4, rmode = 0;
        emit(g, sf << 31 | 0x1e200000u | p | rmode << 19 | opc << 16 | rn << 5 | g_dst(g));
        break;
    }
    case 10: {          /* SCVTF UCVTF, integer or fixed point */
        unsigned sf = g_rn(g, 2), opc = 2 + g_rn(g, 2);
        if (g_rn(g, 2))
            emit(g, sf << 31 | 0x1e200000u | p | opc << 16 | g_src(g) << 5 | rd);
        else
            emit(g, sf << 31 | 0x1e000000u | p | opc << 16 |
                        (sf ? g_rn(g, 64) : 32 + g_rn(g, 32)) << 10 | g_src(g) << 5 | rd);
        break;
    }
    case 11: {          /* FCVTZS FCVTZU (fixed point) */
        unsigned sf = g_rn(g, 2);
        emit(g, sf << 31 | 0x1e180000u | p | g_rn(g, 2) << 16 |
                    (sf ? g_rn(g, 64) : 32 + g_rn(g, 32)) << 10 | rn << 5 | g_dst(g));
        break;
    }
    case 12: {          /* FMOV general <-> S, D, D[1] */
        unsigned k = g_rn(g, 3), to_fp = g_rn(g, 2);
        static const uint32_t forms[3] = { 0x1e260000u, 0x9e660000u, 0x9eae0000u };
        uint32_t insn = forms[k] | to_fp << 16;
        emit(g, insn | (to_fp ? g_src(g) << 5 | rd : rn << 5 | g_dst(g)));
        break;
    }
    default:            /* MRS FPCR/FPSR, MSR FPSR, MSR FPCR (a valid value set just before) */
        switch (g_rn(g, 4)) {
        case 0: emit(g, 0xd53b4400u | g_rn(g, 2) << 5 | g_dst(g)); break;
        case 1: emit(g, 0xd51b4420u | g_src(g)); break;
        default: {
            unsigned r = g_dst(g);
            emit(g, 0xd2a00000u | (uint32_t)(g_fpcr(g) >> 16) << 5 | r);
            if (g->n < g->target_n)
                g->no_target[g->n] = true;
            emit(g, 0xd51b4400u | r);
            break;
        }
        }
        break;
    }
}

#endif
