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
    0x5f7fffffu, 0xdf000000u, 0x00400000u, 0x34000000u, 0x3f7fffffu, 0x3f800001u, 0x007fffffu, 0x3f7ffffeu,
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
    0x0008000000000000ull, 0xbfe0000000000001ull, 0x3fefffffffffffffull, 0x3ff0000000000001ull,
    0x000fffffffffffffull,
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

/* Advanced SIMD: the groups of simd_exec.c, with only allocated encodings. */
static void gen_simd(Gen *g)
{
    unsigned q = g_rn(g, 2), rd = g_v(g), rn = g_v(g), rm = g_v(g), size = g_rn(g, 4);
    uint32_t regs = rm << 16 | rn << 5 | rd;
    switch (g_rn(g, 14)) {
    case 13: {          /* three different: ADDL ADDW SUBL SUBW ADDHN SUBHN MLAL MLSL MULL */
        static const uint8_t ops[] = { 0, 1, 2, 3, 4, 6, 8, 10, 12 };
        unsigned op = ops[g_rn(g, sizeof ops)], u = (op == 4 || op == 6) ? 0 : g_rn(g, 2);
        emit(g, 0x0e200000u | q << 30 | u << 29 | (size % 3) << 22 | op << 12 | regs);
        break;
    }
    case 12: {          /* LD1/ST1 (multiple structures, 1-4 registers): x28, or x27 post-index */
        static const uint8_t opcodes[4] = { 7, 10, 6, 2 };
        unsigned post = g_rn(g, 2), load = g_rn(g, 2);
        emit(g, 0x0c000000u | q << 30 | post << 23 | load << 22 | (post ? 31u : 0u) << 16 |
                    (uint32_t)opcodes[g_rn(g, 4)] << 12 | size << 10 | (post ? 27u : 28u) << 5 |
                    rd);
        break;
    }
    case 0: {           /* three same, integer */
        static const uint8_t keys[] = { 0x10, 0x30, 0x11, 0x31, 0x06, 0x26, 0x07, 0x27,
                                        0x0c, 0x2c, 0x0d, 0x2d, 0x13, 0x12, 0x32, 0x17,
                                        0x14, 0x34, 0x15, 0x35 };
        unsigned key = keys[g_rn(g, sizeof keys)];
        if (key >= 0x0c && key != 0x10 && key != 0x30 && key != 0x11 && key != 0x31 &&
            key != 0x26 && key != 0x27 && key != 0x17 && size == 3)
            size = 2;
        if (size == 3)
            q = 1;
        emit(g, 0x0e200400u | q << 30 | (key >> 5) << 29 | size << 22 | (key & 31) << 11 | regs);
        break;
    }
    case 1:             /* three same, logical */
        emit(g, 0x0e201c00u | q << 30 | g_rn(g, 2) << 29 | size << 22 | regs);
        break;
    case 2: {           /* three same, FP */
        static const uint8_t keys[] = { 0x18, 0x19, 0x1a, 0x1c, 0x1e, 0x1f, 0x38, 0x39, 0x3a,
                                        0x3e, 0x3f, 0x5b, 0x5c, 0x5f, 0x7c };
        unsigned key = keys[g_rn(g, sizeof keys)], sz = g_rn(g, 2);
        if (sz)
            q = 1;
        emit(g, 0x0e200400u | q << 30 | (key >> 6) << 29 | ((key >> 5) & 1) << 23 | sz << 22 |
                    (key & 31) << 11 | regs);
        break;
    }
    case 3: {           /* two-register miscellaneous */
        static const uint8_t keys[] = { 0x05, 0x25, 0x00, 0x20, 0x01, 0x08, 0x28, 0x09, 0x29,
                                        0x0a, 0x0b, 0x2b, 0x12, 0x0f, 0x2f, 0x3f, 0x1d, 0x3d,
                                        0x1b, 0x3b };
        unsigned key = keys[g_rn(g, sizeof keys)];
        switch (key) {
        case 0x05: case 0x01: size = 0; break;
        case 0x25: size &= 1; break;
        case 0x00: case 0x12: if (size == 3) size = 2; break;
        case 0x20: size &= 1; break;
        case 0x1d: case 0x3d: size &= 1; break;
        case 0x0f: case 0x2f: case 0x3f: case 0x1b: case 0x3b: size |= 2; break;
        default: break;
        }
        if ((key == 0x08 || key == 0x28 || key == 0x09 || key == 0x29 || key == 0x0a ||
             key == 0x0b || key == 0x2b) && size == 3)
            q = 1;
        if ((key & 0x0f) >= 0x0b && key != 0x0b && key != 0x2b && key != 0x12 && (size & 1))
            q = 1;
        emit(g, 0x0e200800u | q << 30 | (key >> 5) << 29 | size << 22 | (key & 31) << 12 |
                    rn << 5 | rd);
        break;
    }
    case 4: {           /* across lanes */
        static const uint8_t keys[] = { 0x1b, 0x0a, 0x2a, 0x1a, 0x3a, 0x03, 0x23 };
        unsigned key = keys[g_rn(g, sizeof keys)];
        size = g_rn(g, 3);
        if (size == 2)
            q = 1;
        emit(g, 0x0e300800u | q << 30 | (key >> 5) << 29 | size << 22 | (key & 31) << 12 |
                    rn << 5 | rd);
        break;
    }
    case 5: {           /* copy: DUP (element, general), INS (general, element), UMOV, SMOV */
        unsigned sz = g_rn(g, 4), imm5 = (g_rn(g, 32) << (sz + 1) | 1u << sz) & 31;
        switch (g_rn(g, 6)) {
        case 0: if (sz == 3) q = 1; emit(g, 0x0e000400u | q << 30 | imm5 << 16 | rn << 5 | rd); break;
        case 1: if (sz == 3) q = 1; emit(g, 0x0e000c00u | q << 30 | imm5 << 16 | g_src(g) << 5 | rd); break;
        case 2: emit(g, 0x4e001c00u | imm5 << 16 | g_src(g) << 5 | rd); break;
        case 3: emit(g, 0x6e000400u | imm5 << 16 | (g_rn(g, 16) & (15u << sz) & 15) << 11 | rn << 5 | rd); break;
        case 4: {       /* UMOV: W for B/H/S, X for D */
            unsigned uq = sz == 3;
            emit(g, 0x0e003c00u | uq << 30 | imm5 << 16 | rn << 5 | g_dst(g));
            break;
        }
        default: {      /* SMOV: W for B/H, X for B/H/S */
            unsigned s2 = g_rn(g, 2) ? sz % 3 : sz % 2, sq = s2 == 2 ? 1 : g_rn(g, 2);
            unsigned i5 = (g_rn(g, 32) << (s2 + 1) | 1u << s2) & 31;
            emit(g, 0x0e002c00u | sq << 30 | i5 << 16 | rn << 5 | g_dst(g));
            break;
        }
        }
        break;
    }
    case 6: {           /* modified immediate */
        unsigned op = g_rn(g, 2), cmode = g_rn(g, 16), imm8 = g_rn(g, 256);
        if (cmode == 15 && op)
            q = 1;
        emit(g, 0x0f000400u | q << 30 | op << 29 | (imm8 >> 5) << 16 | cmode << 12 |
                    (imm8 & 31) << 5 | rd);
        break;
    }
    case 7: {           /* shift by immediate */
        static const uint8_t keys[] = { 0x00, 0x20, 0x02, 0x22, 0x0a, 0x10, 0x14, 0x34 };
        unsigned key = keys[g_rn(g, sizeof keys)], h = g_rn(g, 4);
        if (key >= 0x10 && h == 3)
            h = 2;
        if (h == 3)
            q = 1;
        unsigned immhb = (8u << h) + g_rn(g, 8u << h);     /* immh:immb with top bit h */
        emit(g, 0x0f000400u | q << 30 | (key >> 5) << 29 | immhb << 16 | (key & 31) << 11 |
                    rn << 5 | rd);
        break;
    }
    case 8: {           /* UZP1/2 TRN1/2 ZIP1/2 */
        static const uint8_t ops[] = { 1, 2, 3, 5, 6, 7 };
        if (size == 3)
            q = 1;
        emit(g, 0x0e000800u | q << 30 | size << 22 | (uint32_t)ops[g_rn(g, 6)] << 12 | regs);
        break;
    }
    case 9:             /* EXT */
        emit(g, 0x2e000000u | q << 30 | g_rn(g, q ? 16 : 8) << 11 | regs);
        break;
    default:            /* TBL/TBX with 1-4 table registers; indices from a byte MOVI */
        if (g_rn(g, 2))
            emit(g, 0x0f00e400u | q << 30 | (g_rn(g, 8) << 16) | g_rn(g, 32) << 5 | rm);
        emit(g, 0x0e000000u | q << 30 | rm << 16 | g_rn(g, 4) << 13 | g_rn(g, 2) << 12 |
                    rn << 5 | rd);
        break;
    }
}

#endif
