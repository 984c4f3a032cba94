/* SPDX-License-Identifier: MIT */
/* Random user-level integer A64 sequences for the differential oracle. Encodings are built
   here from the field layouts of the Arm ARM (DDI 0487, C4.1), not with tern's decoder, and
   restricted to what has one architected result: SP stays 16-byte aligned and within 1 KiB
   of the middle of the data window (gen_sp), bases x27 (may be written back) and x28 (never
   written) inside the data window, indices set by a
   MOVZ/MOVN just before a register-offset access, forward branches only, literals inside the
   sequence, no writeback onto a transfer register. */
#ifndef TERN_A64_RISU_GEN_H
#define TERN_A64_RISU_GEN_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "risu.h"

typedef struct Gen {
    uint64_t s;
    RisuCase *c;
    int n;                     /* instructions so far */
    int target_n;              /* length of the sequence */
    int fix[RISU_MAX_INSNS];   /* branch kind at this index, 0 = none (filled in at the end) */
    unsigned xoff;             /* x28 + 16 * xoff: the address of the exclusives */
    bool lse;                  /* this sequence has CAS, LSE atomics and YIELD, no exclusives */
    int sp_budget;             /* bytes SP may still move (either way), summed over the ops */
    unsigned xsize;            /* size of every exclusive of the sequence (a store-exclusive of
                                  another size than its load-exclusive is unpredictable): log2
                                  of a single register, or 4 + log2 - 2 for pairs */
    bool no_target[RISU_MAX_INSNS];   /* the second of an ADR+BR or MOV+LDR (index) pair: no
                                         branch may skip the first */
} Gen;

enum { FIX_NONE, FIX_B26, FIX_B19, FIX_B14, FIX_ADR };

static unsigned g_rn(Gen *g, unsigned n) { return (unsigned)(risu_xorshift(&g->s) % n); }

static const uint64_t g_edge[] = {
    0, 1, 2, 3, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull,
    0xffffffff7fffffffull, 0x123456789abcdef0ull,
};

static uint64_t g_value(Gen *g)
{
    switch (g_rn(g, 4)) {
    case 0: return g_edge[g_rn(g, sizeof g_edge / sizeof g_edge[0])];
    case 1: return g_rn(g, 256);
    default: return risu_xorshift(&g->s);
    }
}

/* A destination: x0..x26, x29, x30 (x27/x28 hold the data bases). */
static unsigned g_dst(Gen *g)
{
    unsigned r = g_rn(g, 29);
    return r < 27 ? r : r + 2;
}
/* A source: any register, or XZR (31). */
static unsigned g_src(Gen *g) { return g_rn(g, 16) == 0 ? 31 : g_rn(g, 31); }

static void emit(Gen *g, uint32_t insn)
{
    if (g->n < g->target_n)
        g->c->insns[g->n++] = insn;
}

/* The logical immediate encoding (N, immr, imms) of a random run of ones in an element. */
static uint32_t g_bitmask(Gen *g, bool sf)
{
    unsigned lg = 1 + g_rn(g, sf ? 6 : 5), e = 1u << lg;
    unsigned ones = 1 + g_rn(g, e - 1), rot = g_rn(g, e);
    unsigned n = e == 64;
    unsigned imms = ((~(2 * e - 1)) & 0x3f) | (ones - 1);
    imms &= 0x3f;
    return (n << 22) | (rot << 16) | (imms << 10);
}

static void gen_dp_imm(Gen *g)
{
    bool sf = g_rn(g, 2);
    uint32_t s = (uint32_t)sf << 31;
    unsigned rd = g_dst(g), rn = g_rn(g, 31);
    switch (g_rn(g, 7)) {
    case 0: {   /* ADD/ADDS/SUB/SUBS (immediate); S forms may target XZR */
        unsigned op = g_rn(g, 2), set = g_rn(g, 2);
        if (set && g_rn(g, 4) == 0)
            rd = 31;
        emit(g, s | op << 30 | set << 29 | 0x11000000u | g_rn(g, 2) << 22 | g_rn(g, 4096) << 10 |
                rn << 5 | rd);
        break;
    }
    case 1: {   /* AND/ORR/EOR/ANDS (immediate) */
        unsigned opc = g_rn(g, 4);
        if (opc == 3 && g_rn(g, 4) == 0)
            rd = 31;
        emit(g, s | opc << 29 | 0x12000000u | g_bitmask(g, sf) | rn << 5 | rd);
        break;
    }
    case 2: {   /* MOVN/MOVZ/MOVK */
        static const unsigned opcs[3] = { 0, 2, 3 };
        emit(g, s | opcs[g_rn(g, 3)] << 29 | 0x12800000u | g_rn(g, sf ? 4 : 2) << 21 |
                g_rn(g, 65536) << 5 | rd);
        break;
    }
    case 3: {   /* SBFM/BFM/UBFM */
        unsigned w = sf ? 64 : 32;
        emit(g, s | g_rn(g, 3) << 29 | 0x13000000u | (unsigned)sf << 22 | g_rn(g, w) << 16 |
                g_rn(g, w) << 10 | g_src(g) << 5 | rd);
        break;
    }
    case 4:     /* EXTR */
        emit(g, s | 0x13800000u | (unsigned)sf << 22 | g_src(g) << 16 |
                    g_rn(g, sf ? 64 : 32) << 10 | g_src(g) << 5 | rd);
        break;
    case 5: {   /* ADR/ADRP: any offset (only the result is used) */
        uint32_t imm = g_rn(g, 1u << 21);
        emit(g, g_rn(g, 2) << 31 | (imm & 3) << 29 | 0x10000000u | (imm >> 2) << 5 | rd);
        break;
    }
    default: {  /* MOVZ of an edge value's low half, to make interesting operands */
        uint64_t v = g_value(g);
        emit(g, 0xd2800000u | (uint32_t)(v & 0xffff) << 5 | rd);
        break;
    }
    }
}

static void gen_dp_reg(Gen *g)
{
    bool sf = g_rn(g, 2);
    uint32_t s = (uint32_t)sf << 31;
    unsigned rd = g_dst(g), rn = g_src(g), rm = g_src(g);
    unsigned w = sf ? 64 : 32;
    switch (g_rn(g, 12)) {
    case 0:     /* logical (shifted register) */
        emit(g, s | g_rn(g, 4) << 29 | 0x0a000000u | g_rn(g, 4) << 22 | g_rn(g, 2) << 21 |
                    rm << 16 | g_rn(g, w) << 10 | rn << 5 | rd);
        break;
    case 1:     /* add/subtract (shifted register) */
        emit(g, s | g_rn(g, 4) << 29 | 0x0b000000u | g_rn(g, 3) << 22 | rm << 16 |
                g_rn(g, w) << 10 | rn << 5 | (g_rn(g, 8) ? rd : 31));
        break;
    case 2: {   /* add/subtract (extended register): Rn and Rd (non-S) would be SP at 31 */
        unsigned set = g_rn(g, 2);
        emit(g, s | g_rn(g, 2) << 30 | set << 29 | 0x0b200000u | rm << 16 | g_rn(g, 8) << 13 |
                g_rn(g, 5) << 10 | g_rn(g, 31) << 5 | rd);
        break;
    }
    case 3:     /* ADC/ADCS/SBC/SBCS */
        emit(g, s | g_rn(g, 4) << 29 | 0x1a000000u | rm << 16 | rn << 5 | rd);
        break;
    case 4:     /* CCMN/CCMP (register or immediate) */
        emit(g, s | g_rn(g, 2) << 30 | 0x3a400000u | (g_rn(g, 2) ? rm : g_rn(g, 32)) << 16 |
                g_rn(g, 16) << 12 | g_rn(g, 2) << 11 | rn << 5 | g_rn(g, 16));
        break;
    case 5:     /* CSEL/CSINC/CSINV/CSNEG */
        emit(g, s | g_rn(g, 2) << 30 | 0x1a800000u | rm << 16 | g_rn(g, 16) << 12 |
                g_rn(g, 2) << 10 | rn << 5 | rd);
        break;
    case 6: {   /* RBIT, REV16, REV32/REV, REV, CLZ, CLS */
        unsigned opc = g_rn(g, 6);
        if (opc == 3 && !sf)
            opc = 2;
        emit(g, s | 0x5ac00000u | opc << 10 | rn << 5 | rd);
        break;
    }
    case 7: {   /* UDIV, SDIV, LSLV, LSRV, ASRV, RORV, CRC32B..X, CRC32CB..CX */
        static const unsigned opcs[8] = { 2, 3, 8, 9, 10, 11, 16, 20 };
        unsigned opc = opcs[g_rn(g, 8)];
        if (opc >= 16)
            opc |= sf ? 3 : g_rn(g, 3);
        emit(g, s | 0x1ac00000u | rm << 16 | opc << 10 | rn << 5 | rd);
        break;
    }
    case 8: {   /* MADD/MSUB, [SU]MADDL/[SU]MSUBL, [SU]MULH */
        static const unsigned op31s[5] = { 0, 1, 5, 2, 6 };
        unsigned op31 = sf ? op31s[g_rn(g, 5)] : 0;
        unsigned o0 = (op31 == 2 || op31 == 6) ? 0 : g_rn(g, 2);
        /* [SU]MULH's Ra should be 31; other values behave the same on QEMU */
        unsigned ra = (op31 == 2 || op31 == 6) && g_rn(g, 2) ? 31 : g_src(g);
        emit(g, s | 0x1b000000u | op31 << 21 | rm << 16 | o0 << 15 | ra << 10 | rn << 5 | rd);
        break;
    }
    case 9:     /* MRS Xt, NZCV / MSR NZCV, Xt */
        emit(g, g_rn(g, 2) ? 0xd53b4200u | rd : 0xd51b4200u | rn);
        break;
    case 10:    /* FEAT_FlagM(2): CFINV, AXFLAG, XAFLAG, RMIF, SETF8, SETF16 */
        switch (g_rn(g, 5)) {
        case 0: emit(g, 0xd500401fu); break;
        case 1: emit(g, 0xd500405fu); break;
        case 2: emit(g, 0xd500403fu); break;
        case 3: emit(g, 0xba000400u | g_rn(g, 64) << 15 | rn << 5 | g_rn(g, 16)); break;
        default: emit(g, 0x3a00080du | g_rn(g, 2) << 14 | rn << 5); break;
        }
        break;
    default: {  /* hints and barriers */
        /* NOP, YIELD, DMB ISH, ISB, DSB SY, CLREX, DSB ISH */
        static const uint32_t sys[] = { 0xd503201f, 0xd503203f, 0xd5033bbf, 0xd5033fdf,
                                        0xd5033f9f, 0xd503305f, 0xd5033b9f };
        uint32_t hint = sys[g_rn(g, sizeof sys / sizeof sys[0])];
        emit(g, hint == 0xd503203f && !g->lse ? 0xd503201fu : hint);   /* YIELD: gen_atomic */
        break;
    }
    }
}

/* A transfer register for a load that will not be a written-back base. */
static unsigned g_rt(Gen *g) { return g_dst(g); }

static void gen_ldst(Gen *g)
{
    unsigned size = g_rn(g, 4), rt = g_rt(g);
    unsigned opc;           /* 0 store, 1 load, 2 load signed 64, 3 load signed 32 */
    unsigned k = g_rn(g, 6);
    if (k < 2)
        opc = 0;
    else if (k < 4 || size == 3)
        opc = 1;
    else
        opc = size == 2 ? 2 : 2 + g_rn(g, 2);
    if (opc == 0 && g_rn(g, 6) == 0)
        rt = 31;            /* store XZR */
    uint32_t base_bits = size << 30 | opc << 22 | rt;
    switch (g_rn(g, 7)) {
    case 0: case 1:   /* unsigned offset, scaled: within the lower half of the window */
        emit(g, base_bits | 0x39000000u | g_rn(g, 0x400u >> size) << 10 | (27 + g_rn(g, 2)) << 5);
        break;
    case 2:           /* unscaled, or unprivileged */
        emit(g, base_bits | 0x38000000u | (g_rn(g, 512) << 12) | (g_rn(g, 2) ? 0 : 2) << 10 |
                (27 + g_rn(g, 2)) << 5);
        break;
    case 3: {         /* pre/post-index on x27, small steps */
        uint32_t imm9 = (uint32_t)(g_rn(g, 129) - 64) & 0x1ff;
        if (rt == 27)
            rt = 0;
        emit(g, (base_bits & ~31u) | rt | 0x38000000u | imm9 << 12 | (g_rn(g, 2) ? 1 : 3) << 10 |
                    27u << 5);
        break;
    }
    case 4: {         /* register offset: the index set just before */
        unsigned idx = g_dst(g), option;
        if (idx == rt)
            idx = rt == 0 ? 1 : 0;
        unsigned sh = g_rn(g, 2);
        switch (g_rn(g, 3)) {
        case 0:       /* UXTW: a small positive index */
            option = 2;
            emit(g, 0x52800000u | g_rn(g, 64) << 5 | idx);
            break;
        case 1:       /* SXTW: a small negative one in the W register */
            option = 6;
            emit(g, 0x12800000u | g_rn(g, 64) << 5 | idx);
            break;
        default:      /* LSL / SXTX: a small index of either sign */
            option = g_rn(g, 2) ? 3 : 7;
            emit(g, (g_rn(g, 2) ? 0x92800000u : 0xd2800000u) | g_rn(g, 64) << 5 | idx);
            break;
        }
        if (g->n < g->target_n)
            g->no_target[g->n] = true;
        emit(g, base_bits | 0x38200800u | idx << 16 | option << 13 | sh << 12 | 28u << 5);
        break;
    }
    case 5: {         /* pairs: LDP/STP (32/64), LDPSW, offset/pre/post/no-allocate */
        unsigned popc = g_rn(g, 3), load = g_rn(g, 2), type = g_rn(g, 4);
        if (popc == 1 && (!load || type == 0))
            popc = 2;
        unsigned sz = popc == 2 ? 8 : 4;
        unsigned rt2 = g_dst(g), rn = 28;
        if (type == 1 || type == 3)
            rn = 27;
        if (rt == 27 || rt == 31)
            rt = 1;
        if (rt2 == 27 || rt2 == rt)
            rt2 = rt == 2 ? 3 : 2;
        int imm7 = (int)g_rn(g, 33) - 16;
        (void)sz;
        emit(g, popc << 30 | 0x28000000u | type << 23 | load << 22 | ((uint32_t)imm7 & 0x7f) << 15 |
                rt2 << 10 | rn << 5 | rt);
        break;
    }
    default: {        /* load literal: a word of this sequence (8 bytes: not the last word) */
        unsigned lopc = g_rn(g, 4);
        int here = g->n, to = (int)g_rn(g, (unsigned)g->target_n - 1);
        emit(g, lopc << 30 | 0x18000000u | ((uint32_t)(to - here) & 0x7ffff) << 5 | rt);
        break;
    }
    }
}

/* Exclusives, acquire/release and LSE atomics on an aligned address xA = x28 + off set just
   before (the pair is one unit: no branch lands on the access). */
static void gen_atomic(Gen *g)
{
    if (g->n >= g->target_n - 1)
        return;
    unsigned size = g_rn(g, 4), ra = g_dst(g), rt = g_dst(g), rs = g_dst(g);
    if (rt == ra)
        rt = ra == 0 ? 1 : 0;
    while (rs == ra || rs == rt)
        rs = (rs + 1) % 27;
    /* ADD xA, x28, #off: 16-byte aligned, for the 64-bit exclusive pairs; the exclusives of a
       sequence share one address, so that store-exclusives can succeed */
    /* QEMU (linux-user) clears the monitor whenever it leaves translated code, which its CAS
       and LSE atomics and YIELD may do: architecturally a spurious STXR failure is allowed,
       and a sequence does either exclusives or those (see g.lse). */
    unsigned kind = g->lse ? 2 + g_rn(g, 5) : g_rn(g, 3);
    unsigned off = kind < 2 ? g->xoff : g_rn(g, 0x100);
    emit(g, 0x91000000u | (off << 4) << 10 | 28u << 5 | ra);
    g->no_target[g->n] = true;
    uint32_t sz = size << 30, n = ra << 5;
    switch (kind) {
    case 0: { /* LDXR, LDAXR, LDXP, LDAXP (two different registers) */
        unsigned rt2 = rt == 1 ? 2 : 1;
        if (g->xsize < 4)
            emit(g, g->xsize << 30 | 0x085f7c00u | g_rn(g, 2) << 15 | n | rt);
        else
            emit(g, (g->xsize - 2) << 30 | 0x087f0000u | g_rn(g, 2) << 15 | rt2 << 10 | n | rt);
        break;
    }
    case 1: { /* STXR, STLXR, STXP, STLXP: Ws differs from the other registers */
        unsigned rt2 = g_src(g);
        if (rt2 == rs)
            rt2 = 31;
        if (g->xsize < 4)
            emit(g, g->xsize << 30 | 0x08007c00u | rs << 16 | g_rn(g, 2) << 15 | n | rt);
        else
            emit(g, (g->xsize - 2) << 30 | 0x08200000u | rs << 16 | g_rn(g, 2) << 15 |
                    rt2 << 10 | n | rt);
        break;
    }
    case 2:   /* LDAR, LDLAR, STLR, STLLR */
        emit(g, sz | 0x089f7c00u | g_rn(g, 2) << 22 | g_rn(g, 2) << 15 | n | rt);
        break;
    case 3:   /* CAS, CASA, CASL, CASAL */
        emit(g, sz | 0x08a07c00u | g_rn(g, 2) << 22 | rs << 16 | g_rn(g, 2) << 15 | n | rt);
        break;
    case 6: { /* CASP, CASPA, CASPL, CASPAL: even register pairs apart from xA */
        unsigned ps = 2 * g_rn(g, 13), pt = 2 * g_rn(g, 13);
        if (ps == (ra & ~1u))
            ps = ps == 0 ? 2 : ps - 2;
        if (pt == (ra & ~1u))
            pt = pt == 24 ? 22 : pt + 2;
        unsigned sz64 = g_rn(g, 2);
        if (g_rn(g, 2) && g->n < g->target_n - 1) {   /* LDP the compare pair: CASP succeeds */
            emit(g, (sz64 ? 0xa9400000u : 0x29400000u) | (ps + 1) << 10 | n | ps);
            g->no_target[g->n] = true;
        }
        emit(g, sz64 << 30 | 0x08207c00u | g_rn(g, 2) << 22 | ps << 16 | g_rn(g, 2) << 15 | n |
                pt);
        break;
    }
    case 4: { /* LDAPR */
        emit(g, sz | 0x38bfc000u | n | rt);
        break;
    }
    default: {   /* LDADD..LDUMIN, SWP with any A/R; Rt = XZR is the ST<op> alias */
        unsigned o3 = g_rn(g, 5) == 0, opc = o3 ? 0 : g_rn(g, 8);
        emit(g, sz | 0x38200000u | g_rn(g, 4) << 22 | rs << 16 | o3 << 15 | opc << 12 | n |
                (g_rn(g, 8) ? rt : 31));
        break;
    }
    }
}

/* A change of SP by a multiple of 16 within the budget, or 0. */
static int g_sp_step(Gen *g)
{
    int step = 16 * (1 + (int)g_rn(g, 4));
    if (step > g->sp_budget)
        return 0;
    g->sp_budget -= step;
    return g_rn(g, 2) ? step : -step;
}

/* Instructions that read or write SP. */
static void gen_sp(Gen *g)
{
    unsigned rd = g_dst(g), rt = g_dst(g);
    unsigned size = g_rn(g, 4), opc = g_rn(g, 2);   /* STR or LDR (zero-extending) */
    switch (g_rn(g, 6)) {
    case 0: {   /* ADD/SUB SP, SP, #16k */
        int step = g_sp_step(g);
        if (step)
            emit(g, (step > 0 ? 0x910003ffu : 0xd10003ffu) | (uint32_t)abs(step) << 10);
        break;
    }
    case 1: {   /* ADD/ADDS/SUB/SUBS Xd, SP, #imm (CMP/CMN SP when S and Xd = XZR) */
        unsigned opS = g_rn(g, 4);
        emit(g, g_rn(g, 2) << 31 | opS << 29 | 0x11000000u | g_rn(g, 2) << 22 |
                g_rn(g, 4096) << 10 | 31u << 5 | ((opS & 1) && !g_rn(g, 4) ? 31 : rd));
        break;
    }
    case 2:     /* ADD/SUB(S) (extended register) from SP */
        emit(g, g_rn(g, 2) << 31 | g_rn(g, 4) << 29 | 0x0b200000u | g_src(g) << 16 |
                g_rn(g, 8) << 13 | g_rn(g, 5) << 10 | 31u << 5 | rd);
        break;
    case 3:     /* LDR/STR [SP, #imm], scaled */
        emit(g, size << 30 | 0x39000000u | opc << 22 | g_rn(g, 0x400u >> size) << 10 | 31u << 5 |
                rt);
        break;
    case 4: {   /* LDR/STR [SP, #imm]! and [SP], #imm */
        int step = g_sp_step(g);
        if (step)
            emit(g, size << 30 | 0x38000000u | opc << 22 | ((uint32_t)step & 0x1ff) << 12 |
                    (g_rn(g, 2) ? 1u : 3u) << 10 | 31u << 5 | rt);
        break;
    }
    default: {  /* LDP/STP of X registers on SP: offset, pre- or post-index */
        unsigned type = 1 + g_rn(g, 3), load = g_rn(g, 2), rt2 = g_dst(g);
        int off = type == 2 ? 8 * ((int)g_rn(g, 33) - 16) : g_sp_step(g);
        if (type != 2 && !off)
            break;
        if (load && rt2 == rt)
            rt2 = rt == 2 ? 3 : 2;
        emit(g, 2u << 30 | 0x28000000u | type << 23 | load << 22 |
                ((uint32_t)(off / 8) & 0x7f) << 15 | rt2 << 10 | 31u << 5 | rt);
        break;
    }
    }
}

static void gen_branch(Gen *g)
{
    int here = g->n;
    if (here >= g->target_n - 1)
        return;
    unsigned k = g_rn(g, 9);
    uint32_t insn;
    int fix;
    switch (k) {
    case 0: insn = 0x14000000u; fix = FIX_B26; break;                         /* B */
    case 1: insn = 0x94000000u; fix = FIX_B26; break;                         /* BL */
    case 2: case 3: insn = 0x54000000u | g_rn(g, 16); fix = FIX_B19; break;    /* B.cond */
    case 4: insn = (uint32_t)g_rn(g, 2) << 31 | 0x34000000u | g_rn(g, 2) << 24 | g_src(g);
            fix = FIX_B19; break;                                             /* CBZ/CBNZ */
    case 5: { unsigned bit = g_rn(g, 64);                                     /* TBZ/TBNZ */
            insn = (bit >> 5) << 31 | 0x36000000u | g_rn(g, 2) << 24 | (bit & 31) << 19 | g_src(g);
            fix = FIX_B14; break; }
    default: {                                                                /* BR/BLR/RET */
        if (here >= g->target_n - 2)
            return;
        unsigned r = g_dst(g), opc = g_rn(g, 3);
        if (opc == 2 && g_rn(g, 2))
            r = 30;
        g->fix[here] = FIX_ADR;
        emit(g, 0x10000000u | r);
        g->no_target[g->n] = true;
        emit(g, 0xd61f0000u | opc << 21 | r << 5);
        return;
    }
    }
    g->fix[here] = fix;
    emit(g, insn);
}

/* Resolve the branches: each goes forward, to a later instruction or to the end. */
static void g_fixup(Gen *g)
{
    for (int i = 0; i < g->n; i++) {
        if (!g->fix[i])
            continue;
        int lo = g->fix[i] == FIX_ADR ? i + 2 : i + 1;
        int to = lo + (int)g_rn(g, (unsigned)(g->n - lo + 1));
        while (to < g->n && g->no_target[to])
            to++;
        uint32_t off = (uint32_t)(to - i);
        uint32_t *p = &g->c->insns[i];
        switch (g->fix[i]) {
        case FIX_B26: *p |= off & 0x3ffffff; break;
        case FIX_B19: *p |= (off & 0x7ffff) << 5; break;
        case FIX_B14: *p |= (off & 0x3fff) << 5; break;
        default: {    /* ADR: byte offset */
            uint32_t b = off * 4;
            *p |= (b & 3) << 29 | ((b >> 2) & 0x7ffff) << 5;
            break;
        }
        }
    }
}

#include "risu_gen_fp.h"

static void risu_generate(RisuCase *c, uint64_t seed)
{
    Gen g;
    memset(&g, 0, sizeof g);
    memset(c, 0, sizeof *c);
    g.s = seed * 0x9e3779b97f4a7c15ull + 1;
    g.c = c;
    g.target_n = 4 + (int)g_rn(&g, RISU_MAX_INSNS - 4);
    g.xsize = g_rn(&g, 6);
    g.xoff = g_rn(&g, 0x100);
    g.lse = g_rn(&g, 2);
    for (int r = 0; r < 31; r++)
        c->x[r] = g_value(&g);
    c->x[27] = c->x[28] = RISU_BASE_REG_VAL;
    c->sp = RISU_BASE_REG_VAL;
    g.sp_budget = 0x400;
    c->nzcv = (uint64_t)g_rn(&g, 16) << 28;
    c->mem_seed = risu_xorshift(&g.s);
    for (int r = 0; r < 32; r++)
        for (int h = 0; h < 2; h++)
            c->v[r][h] = g_fp_half(&g);
    c->fpcr = g_fpcr(&g);
    c->fpsr = g_rn(&g, 4) ? 0 : (g_rn(&g, 256) & 0x9f);
    while (g.n < g.target_n) {
        unsigned k = g_rn(&g, 21);
        if (k >= 12) {
            if (k >= 18)
                gen_simd(&g);
            else if (k < 16)
                gen_fp(&g);
            else
                gen_fp_ldst(&g);
            continue;
        }
        if (k < 3)
            gen_dp_imm(&g);
        else if (k < 6)
            gen_dp_reg(&g);
        else if (k < 8)
            gen_ldst(&g);
        else if (k < 9)
            gen_atomic(&g);
        else if (k < 10)
            gen_sp(&g);
        else
            gen_branch(&g);
    }
    c->n_insns = (uint32_t)g.n;
    g_fixup(&g);
}

#endif
