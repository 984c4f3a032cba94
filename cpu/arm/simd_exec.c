/* SPDX-License-Identifier: MIT */
/* A64 Advanced SIMD data processing executed lane by lane on the ARMCPU (Arm ARM DDI 0487,
   C4.1.96: "Advanced SIMD copy", "modified immediate", "three same", "two-register
   miscellaneous", "across lanes", "shift by immediate", "permute", "extract", "table lookup";
   semantics from the instructions' pseudocode in C7.2). One helper call per instruction: the
   translator (trans_simd.c) asks arm_simd_exec(dry = true) whether an encoding is implemented
   and emits a call of arm_helper_simd for it. FP lanes go through fp_helpers.c. */
#include <string.h>

#include "cpu/arm/cpu.h"
#include "cpu/arm/fp.h"
#include "cpu/arm/simd.h"

typedef struct V128 { uint8_t b[16]; } V128;

static V128 vget(const ARMCPU *c, unsigned r)
{
    V128 v;
    memcpy(v.b, c->vreg[r], 16);
    return v;
}

static void vput(ARMCPU *c, unsigned r, const V128 *v, bool q)
{
    memcpy(c->vreg[r], v->b, 16);
    if (!q)
        c->vreg[r][1] = 0;
}

static uint64_t el(const V128 *v, unsigned esz, unsigned i)
{
    uint64_t x = 0;
    memcpy(&x, v->b + i * esz, esz);
    return x;
}

static void setel(V128 *v, unsigned esz, unsigned i, uint64_t x)
{
    memcpy(v->b + i * esz, &x, esz);
}

static int64_t sext(uint64_t x, unsigned bits)
{
    return bits >= 64 ? (int64_t)x : (int64_t)(x << (64 - bits)) >> (64 - bits);
}

static uint64_t emask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

static uint64_t xreg(const ARMCPU *c, unsigned r) { return r == 31 ? 0 : c->x[r]; }

/* ---- copy: DUP, INS, UMOV, SMOV ---- */
static bool simd_copy(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, op = (i >> 29) & 1, imm5 = (i >> 16) & 31, imm4 = (i >> 11) & 15;
    unsigned rn = (i >> 5) & 31, rd = i & 31;
    if ((imm5 & 15) == 0)
        return false;
    unsigned size = (unsigned)__builtin_ctz(imm5), esz = 1u << size, idx = imm5 >> (size + 1);
    unsigned n = (q ? 16 : 8) / esz;
    if (op) {                                   /* INS (element) */
        if (!q)
            return false;
        if (dry)
            return true;
        V128 s = vget(c, rn), d = vget(c, rd);
        setel(&d, esz, idx, el(&s, esz, imm4 >> size));
        vput(c, rd, &d, true);
        return true;
    }
    switch (imm4) {
    case 0: case 1: {                           /* DUP (element), DUP (general) */
        if (size == 3 && !q)
            return false;
        if (dry)
            return true;
        uint64_t x;
        if (imm4 == 0) {
            V128 s = vget(c, rn);
            x = el(&s, esz, idx);
        } else {
            x = xreg(c, rn);
        }
        V128 d;
        memset(&d, 0, sizeof d);
        for (unsigned k = 0; k < n; k++)
            setel(&d, esz, k, x);
        vput(c, rd, &d, q);
        return true;
    }
    case 3: {                                   /* INS (general) */
        if (!q)
            return false;
        if (dry)
            return true;
        V128 d = vget(c, rd);
        setel(&d, esz, idx, xreg(c, rn));
        vput(c, rd, &d, true);
        return true;
    }
    case 5: case 7: {                           /* SMOV, UMOV */
        bool sgn = imm4 == 5;
        if (sgn ? (size >= (q ? 3u : 2u)) : (q ? size != 3 : size == 3))
            return false;
        if (dry)
            return true;
        V128 s = vget(c, rn);
        uint64_t x = el(&s, esz, idx);
        if (sgn)
            x = (uint64_t)sext(x, 8 * esz);
        if (!q)
            x &= 0xffffffffull;
        if (rd != 31)
            c->x[rd] = x;
        return true;
    }
    default:
        return false;
    }
}

/* ---- modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate) ---- */
static bool simd_modimm(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, op = (i >> 29) & 1, cmode = (i >> 12) & 15, o2 = (i >> 11) & 1;
    unsigned imm8 = ((i >> 16) & 7) << 5 | ((i >> 5) & 31), rd = i & 31;
    uint64_t imm = 0;
    if (o2)
        return false;
    if (cmode == 15 && op && !q)
        return false;
    if (dry)
        return true;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: {
        uint64_t e = (uint64_t)imm8 << (8 * (cmode >> 1));
        imm = e | e << 32;
        break;
    }
    case 4: case 5: {
        uint64_t e = (uint64_t)imm8 << (8 * ((cmode >> 1) & 1));
        imm = e * 0x0001000100010001ull;
        break;
    }
    case 6: {
        uint64_t e = (cmode & 1) ? ((uint64_t)imm8 << 16 | 0xffff) : ((uint64_t)imm8 << 8 | 0xff);
        imm = e | e << 32;
        break;
    }
    default:
        if (cmode == 14) {
            if (!op) {
                imm = imm8 * 0x0101010101010101ull;
            } else {
                for (int k = 0; k < 8; k++)
                    if ((imm8 >> k) & 1)
                        imm |= 0xffull << (8 * k);
            }
        } else {                                /* cmode 1111: FMOV single (op 0), double */
            uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, rest = imm8 & 0x3f;
            if (!op) {
                uint64_t e = sign << 31 | (b6 ^ 1) << 30 | (b6 ? 0x1full : 0) << 25 | rest << 19;
                imm = e | e << 32;
            } else {
                imm = sign << 63 | (b6 ^ 1) << 62 | (b6 ? 0xffull : 0) << 54 | rest << 48;
            }
            op = 0;
        }
        break;
    }
    bool orr_bic = (cmode < 12 && (cmode & 1));
    uint64_t lo = c->vreg[rd][0], hi = c->vreg[rd][1];
    uint64_t r;
    if (orr_bic) {
        r = op ? (lo & ~imm) : (lo | imm);
        c->vreg[rd][0] = r;
        c->vreg[rd][1] = q ? (op ? (hi & ~imm) : (hi | imm)) : 0;
    } else {
        if (op && cmode != 14)
            imm = ~imm;
        c->vreg[rd][0] = imm;
        c->vreg[rd][1] = q ? imm : 0;
    }
    return true;
}

/* ---- three same ---- */
static bool simd_3same_fp(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, a = (i >> 23) & 1, sz = (i >> 22) & 1;
    unsigned opc = (i >> 11) & 31, rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    unsigned key = u << 6 | a << 5 | opc;
    bool ok;
    switch (key) {
    case 0x18: case 0x19: case 0x1a: case 0x1c: case 0x1e: case 0x1f:
    case 0x38: case 0x39: case 0x3a: case 0x3e: case 0x3f:
    case 0x5b: case 0x5c: case 0x5f: case 0x7c:
        ok = true;
        break;
    default:
        ok = false;
    }
    if (!ok || (sz && !q))
        return false;
    if (dry)
        return true;
    unsigned esz = sz ? 8 : 4, n = (q ? 16 : 8) / esz;
    V128 vn = vget(c, rn), vm = vget(c, rm), vd = vget(c, rd), r;
    memset(&r, 0, sizeof r);
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = el(&vn, esz, k), y = el(&vm, esz, k), z = el(&vd, esz, k), res;
        switch (key) {
        case 0x18: res = arm_helper_fp2(c, x, y, AFP_MAXNM, sz); break;
        case 0x19: res = arm_helper_fmadd(c, x, y, z, sz); break;
        case 0x1a: res = arm_helper_fp2(c, x, y, AFP_ADD, sz); break;
        case 0x1c: res = arm_helper_fcmp(c, x, y, sz, 0) == 0x6u << 28 ? ~0ull : 0; break;
        case 0x1e: res = arm_helper_fp2(c, x, y, AFP_MAX, sz); break;
        case 0x1f: res = arm_helper_fp2(c, x, y, AFP_RECPS, sz); break;
        case 0x38: res = arm_helper_fp2(c, x, y, AFP_MINNM, sz); break;
        case 0x39: res = arm_helper_fmadd(c, x, y, z, sz | 2); break;
        case 0x3a: res = arm_helper_fp2(c, x, y, AFP_SUB, sz); break;
        case 0x3e: res = arm_helper_fp2(c, x, y, AFP_MIN, sz); break;
        case 0x3f: res = arm_helper_fp2(c, x, y, AFP_RSQRTS, sz); break;
        case 0x5b: res = arm_helper_fp2(c, x, y, AFP_MUL, sz); break;
        case 0x5f: res = arm_helper_fp2(c, x, y, AFP_DIV, sz); break;
        case 0x5c: {                        /* FCMGE */
            uint64_t f = arm_helper_fcmp(c, x, y, sz | 2, 0) >> 28;
            res = (f == 6 || f == 2) ? ~0ull : 0;
            break;
        }
        default: {                          /* 0x7c FCMGT */
            uint64_t f = arm_helper_fcmp(c, x, y, sz | 2, 0) >> 28;
            res = f == 2 ? ~0ull : 0;
            break;
        }
        }
        setel(&r, esz, k, res);
    }
    vput(c, rd, &r, q);
    return true;
}

static bool simd_3same(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, size = (i >> 22) & 3, opc = (i >> 11) & 31;
    unsigned rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    if (opc >= 0x18)
        return simd_3same_fp(c, i, dry);
    if (opc == 3) {                             /* AND BIC ORR ORN EOR BSL BIT BIF */
        if (dry)
            return true;
        for (unsigned h = 0; h < 2; h++) {
            uint64_t n = c->vreg[rn][h], m = c->vreg[rm][h], d = c->vreg[rd][h], r;
            switch (u << 2 | size) {
            case 0: r = n & m; break;
            case 1: r = n & ~m; break;
            case 2: r = n | m; break;
            case 3: r = n | ~m; break;
            case 4: r = n ^ m; break;
            case 5: r = (d & n) | (~d & m); break;          /* BSL */
            case 6: r = (m & n) | (~m & d); break;          /* BIT */
            default: r = (~m & n) | (m & d); break;         /* BIF */
            }
            c->vreg[rd][h] = h && !q ? 0 : r;
        }
        return true;
    }
    unsigned key = u << 5 | opc;
    switch (key) {
    case 0x10: case 0x30: case 0x11: case 0x31: case 0x06: case 0x26: case 0x07: case 0x27:
    case 0x17:
        if (size == 3 && !q)
            return false;
        break;
    case 0x0c: case 0x2c: case 0x0d: case 0x2d: case 0x13: case 0x12: case 0x32:
    case 0x14: case 0x34: case 0x15: case 0x35:
        if (size == 3)
            return false;
        break;
    default:
        return false;
    }
    if (dry)
        return true;
    unsigned esz = 1u << size, bits = 8 * esz, n = (q ? 16 : 8) / esz;
    V128 vn = vget(c, rn), vm = vget(c, rm), vd = vget(c, rd), r;
    memset(&r, 0, sizeof r);
    const uint64_t mk = emask(bits);
    for (unsigned k = 0; k < n; k++) {
        uint64_t x, y;
        bool pairwise = key == 0x17 || key == 0x14 || key == 0x34 || key == 0x15 || key == 0x35;
        if (pairwise) {                         /* pairs of the concatenation n:m */
            unsigned j = 2 * k;
            x = j < n ? el(&vn, esz, j) : el(&vm, esz, j - n);
            y = j + 1 < n ? el(&vn, esz, j + 1) : el(&vm, esz, j + 1 - n);
        } else {
            x = el(&vn, esz, k);
            y = el(&vm, esz, k);
        }
        int64_t sx = sext(x, bits), sy = sext(y, bits);
        uint64_t res;
        switch (key) {
        case 0x10: case 0x17: res = x + y; break;
        case 0x30: res = x - y; break;
        case 0x11: res = (x & y) ? mk : 0; break;          /* CMTST */
        case 0x31: res = x == y ? mk : 0; break;           /* CMEQ */
        case 0x06: res = sx > sy ? mk : 0; break;          /* CMGT */
        case 0x26: res = x > y ? mk : 0; break;            /* CMHI */
        case 0x07: res = sx >= sy ? mk : 0; break;         /* CMGE */
        case 0x27: res = x >= y ? mk : 0; break;           /* CMHS */
        case 0x0c: case 0x14: res = sx > sy ? x : y; break; /* SMAX, SMAXP */
        case 0x2c: case 0x34: res = x > y ? x : y; break;   /* UMAX, UMAXP */
        case 0x0d: case 0x15: res = sx < sy ? x : y; break; /* SMIN, SMINP */
        case 0x2d: case 0x35: res = x < y ? x : y; break;   /* UMIN, UMINP */
        case 0x13: res = x * y; break;                     /* MUL */
        case 0x12: res = el(&vd, esz, k) + x * y; break;   /* MLA */
        default: res = el(&vd, esz, k) - x * y; break;     /* MLS */
        }
        setel(&r, esz, k, res & mk);
    }
    vput(c, rd, &r, q);
    return true;
}

/* ---- three different: [SU]ADDL, [SU]ADDW, [SU]SUBL, [SU]SUBW, ADDHN, SUBHN, [SU]MLAL,
   [SU]MLSL, [SU]MULL and their "2" forms (Q: the upper halves of the narrow operands) ---- */
static bool simd_3diff(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, size = (i >> 22) & 3, opc = (i >> 12) & 15;
    unsigned rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    if (size == 3 || !(opc <= 4 || opc == 6 || opc == 8 || opc == 10 || opc == 12))
        return false;
    if ((opc == 4 || opc == 6) && u)
        return false;                           /* RADDHN/RSUBHN: not yet */
    if (dry)
        return true;
    unsigned esz = 1u << size, bits = 8 * esz, n = 8 / esz, part = q ? n : 0;
    V128 vn = vget(c, rn), vm = vget(c, rm), vd = vget(c, rd), r;
    memset(&r, 0, sizeof r);
    const uint64_t wmk = emask(2 * bits);
    for (unsigned k = 0; k < n; k++) {
        bool wide_n = opc == 1 || opc == 3 || opc == 4 || opc == 6;
        bool wide_m = opc == 4 || opc == 6;
        uint64_t x = wide_n ? el(&vn, 2 * esz, k) : el(&vn, esz, k + part);
        uint64_t y = wide_m ? el(&vm, 2 * esz, k) : el(&vm, esz, k + part);
        if (!wide_n)
            x = u ? x : (uint64_t)sext(x, bits);
        if (!wide_m)
            y = u ? y : (uint64_t)sext(y, bits);
        uint64_t acc = el(&vd, 2 * esz, k), res;
        switch (opc) {
        case 0: case 1: res = x + y; break;
        case 2: case 3: res = x - y; break;
        case 4: res = ((x + y) & wmk) >> bits; break;
        case 6: res = ((x - y) & wmk) >> bits; break;
        case 8: res = acc + x * y; break;
        case 10: res = acc - x * y; break;
        default: res = x * y; break;
        }
        if (opc == 4 || opc == 6)
            setel(&r, esz, k, res & emask(bits));
        else
            setel(&r, 2 * esz, k, res & wmk);
    }
    if (opc == 4 || opc == 6) {                 /* narrow: the lower or upper half of Vd */
        V128 d = vd;
        memcpy(d.b + (q ? 8 : 0), r.b, 8);
        if (!q)
            memset(d.b + 8, 0, 8);
        vput(c, rd, &d, true);
    } else {
        vput(c, rd, &r, true);
    }
    return true;
}

/* ---- two-register miscellaneous ---- */
static bool simd_2misc(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, size = (i >> 22) & 3, opc = (i >> 12) & 31;
    unsigned rn = (i >> 5) & 31, rd = i & 31;
    unsigned key = u << 5 | opc;
    bool fp = false;
    switch (key) {
    case 0x05: case 0x25:                       /* CNT, NOT/RBIT */
        if (key == 0x05 ? size != 0 : size > 1)
            return false;
        break;
    case 0x00: if (size == 3) return false; break;                 /* REV64 */
    case 0x20: if (size >= 2) return false; break;                 /* REV32 */
    case 0x01: if (size != 0) return false; break;                 /* REV16 */
    case 0x08: case 0x28: case 0x09: case 0x29: case 0x0a: case 0x0b: case 0x2b:
        if (size == 3 && !q)
            return false;
        break;
    case 0x12:                                  /* XTN, XTN2 */
        if (size == 3)
            return false;
        break;
    case 0x0f: case 0x2f: case 0x3f: case 0x1d: case 0x3d: case 0x1b: case 0x3b:
        /* FABS FNEG FSQRT (size 1x), SCVTF UCVTF (size 0x), FCVTZS FCVTZU (size 1x) */
        fp = true;
        if (((key == 0x1d || key == 0x3d) ? (size >> 1) != 0 : (size >> 1) != 1) ||
            ((size & 1) && !q))
            return false;
        break;
    default:
        return false;
    }
    if (dry)
        return true;
    V128 vn = vget(c, rn), r;
    memset(&r, 0, sizeof r);
    if (key == 0x12) {                          /* XTN: narrow to the lower or upper half */
        unsigned esz = 1u << size, n = 8 / esz;
        V128 d = vget(c, rd);
        for (unsigned k = 0; k < n; k++)
            setel(&d, esz, k + (q ? n : 0), el(&vn, 2 * esz, k));
        if (!q)
            memset(d.b + 8, 0, 8);
        vput(c, rd, &d, true);
        return true;
    }
    if (fp) {
        unsigned sz = size & 1, esz = sz ? 8 : 4, n = (q ? 16 : 8) / esz;
        uint64_t sb = sz ? 1ull << 63 : 1ull << 31;
        for (unsigned k = 0; k < n; k++) {
            uint64_t x = el(&vn, esz, k), res;
            switch (key) {
            case 0x0f: res = x & ~sb; break;
            case 0x2f: res = x ^ sb; break;
            case 0x3f: res = arm_helper_fp1(c, x, AFP_SQRT, sz, 0); break;
            case 0x1d: case 0x3d:
                res = arm_helper_cvt_from_int(c, x, sz | (key == 0x3d) << 1 | sz << 2, 0, 0);
                break;
            default:
                res = arm_helper_fcvt_to_int(c, x, sz | (key == 0x3b) << 1 | sz << 2 | 3u << 3,
                                             0, 0);
                break;
            }
            setel(&r, esz, k, res);
        }
        vput(c, rd, &r, q);
        return true;
    }
    unsigned esz = 1u << size, bits = 8 * esz, n = (q ? 16 : 8) / esz;
    const uint64_t mk = emask(bits);
    if (key == 0x05 || key == 0x25 || key == 0x00 || key == 0x20 || key == 0x01) {
        unsigned bytes = q ? 16 : 8;
        unsigned cont = key == 0x00 ? 8 : key == 0x20 ? 4 : 2;
        for (unsigned k = 0; k < bytes; k++) {
            uint8_t x = vn.b[k];
            switch (key) {
            case 0x05: r.b[k] = (uint8_t)__builtin_popcount(x); break;
            case 0x25:
                if (size == 0) {
                    r.b[k] = (uint8_t)~x;
                } else {
                    uint8_t y = 0;
                    for (int t = 0; t < 8; t++)
                        y |= (uint8_t)(((x >> t) & 1) << (7 - t));
                    r.b[k] = y;
                }
                break;
            default: {                          /* REV: reverse esz-byte units in containers */
                unsigned base = k - k % cont, off = k % cont;
                unsigned unit = off / esz, inunit = off % esz;
                unsigned dst = base + (cont / esz - 1 - unit) * esz + inunit;
                r.b[dst] = x;
                break;
            }
            }
        }
        vput(c, rd, &r, q);
        return true;
    }
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = el(&vn, esz, k);
        int64_t sx = sext(x, bits);
        uint64_t res;
        switch (key) {
        case 0x08: res = sx > 0 ? mk : 0; break;            /* CMGT #0 */
        case 0x28: res = sx >= 0 ? mk : 0; break;           /* CMGE #0 */
        case 0x09: res = x == 0 ? mk : 0; break;            /* CMEQ #0 */
        case 0x29: res = sx <= 0 ? mk : 0; break;           /* CMLE #0 */
        case 0x0a: res = sx < 0 ? mk : 0; break;            /* CMLT #0 */
        case 0x0b: res = sx < 0 ? 0 - x : x; break;         /* ABS */
        default: res = 0 - x; break;                        /* NEG */
        }
        setel(&r, esz, k, res & mk);
    }
    vput(c, rd, &r, q);
    return true;
}

/* ---- across lanes: ADDV, [SU]MAXV, [SU]MINV, [SU]ADDLV ---- */
static bool simd_across(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, size = (i >> 22) & 3, opc = (i >> 12) & 31;
    unsigned rn = (i >> 5) & 31, rd = i & 31, key = u << 5 | opc;
    if (key != 0x1b && key != 0x0a && key != 0x2a && key != 0x1a && key != 0x3a &&
        key != 0x03 && key != 0x23)
        return false;
    if (size == 3 || (size == 2 && !q))
        return false;
    if (dry)
        return true;
    unsigned esz = 1u << size, bits = 8 * esz, n = (q ? 16 : 8) / esz;
    V128 vn = vget(c, rn);
    uint64_t acc = el(&vn, esz, 0);
    int64_t sacc = sext(acc, bits);
    if (key == 0x03)
        acc = (uint64_t)sacc;
    for (unsigned k = 1; k < n; k++) {
        uint64_t x = el(&vn, esz, k);
        int64_t sx = sext(x, bits);
        switch (key) {
        case 0x1b: case 0x23: acc += x; break;
        case 0x03: acc += (uint64_t)sx; break;
        case 0x0a: if (sx > sacc) sacc = sx, acc = x; break;
        case 0x2a: if (x > acc) acc = x; break;
        case 0x1a: if (sx < sacc) sacc = sx, acc = x; break;
        default: if (x < acc) acc = x; break;
        }
    }
    bool wide = key == 0x03 || key == 0x23;
    c->vreg[rd][0] = acc & emask(wide ? 2 * bits : bits);
    c->vreg[rd][1] = 0;
    return true;
}

/* ---- shift by immediate ---- */
static bool simd_shift(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, u = (i >> 29) & 1, immh = (i >> 19) & 15, immb = (i >> 16) & 7;
    unsigned opc = (i >> 11) & 31, rn = (i >> 5) & 31, rd = i & 31, key = u << 5 | opc;
    unsigned h = 31 - (unsigned)__builtin_clz(immh), bits = 8u << h, esz = bits / 8;
    unsigned immhb = immh << 3 | immb;
    bool narrow = key == 0x10, widen = key == 0x14 || key == 0x34;
    switch (key) {
    case 0x00: case 0x20: case 0x02: case 0x22: case 0x0a:
        if (h == 3 && !q)
            return false;
        break;
    case 0x10: case 0x14: case 0x34:
        if (h == 3)
            return false;
        break;
    default:
        return false;
    }
    if (dry)
        return true;
    V128 vn = vget(c, rn), vd = vget(c, rd), r;
    memset(&r, 0, sizeof r);
    const uint64_t mk = emask(bits);
    if (narrow || widen) {
        /* SHRN: 2*bits lanes to bits lanes (upper half for Q); [SU]SHLL: the reverse. */
        unsigned n = 8 / esz;
        if (narrow) {
            unsigned sh = 2 * bits - immhb;
            r = vd;
            if (!q)
                memset(r.b + 8, 0, 8);
            for (unsigned k = 0; k < n; k++)
                setel(&r, esz, k + (q ? n : 0), (el(&vn, 2 * esz, k) >> sh) & mk);
            vput(c, rd, &r, true);
        } else {
            unsigned sh = immhb - bits;
            for (unsigned k = 0; k < n; k++) {
                uint64_t x = el(&vn, esz, k + (q ? n : 0));
                if (key == 0x14)
                    x = (uint64_t)sext(x, bits);
                setel(&r, 2 * esz, k, (x << sh) & emask(2 * bits));
            }
            vput(c, rd, &r, true);
        }
        return true;
    }
    unsigned n = (q ? 16 : 8) / esz;
    for (unsigned k = 0; k < n; k++) {
        uint64_t x = el(&vn, esz, k), res;
        if (key == 0x0a) {
            unsigned sh = immhb - bits;
            res = x << sh;
        } else {
            unsigned sh = 2 * bits - immhb;     /* 1..bits */
            if (u)
                res = sh >= 64 ? 0 : x >> sh;
            else
                res = (uint64_t)(sext(x, bits) >> (sh >= 64 ? 63 : sh));
            if (opc == 2)
                res += el(&vd, esz, k);
        }
        setel(&r, esz, k, res & mk);
    }
    vput(c, rd, &r, q);
    return true;
}

/* ---- permute, extract, table lookup ---- */
static bool simd_permute(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, size = (i >> 22) & 3, opc = (i >> 12) & 7;
    unsigned rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    if (opc == 0 || opc == 4 || (size == 3 && !q))
        return false;
    if (dry)
        return true;
    unsigned esz = 1u << size, n = (q ? 16 : 8) / esz, part = opc >> 2;
    V128 vn = vget(c, rn), vm = vget(c, rm), r;
    memset(&r, 0, sizeof r);
    for (unsigned k = 0; k < n; k++) {
        uint64_t x;
        switch (opc & 3) {
        case 1: {                               /* UZP */
            unsigned j = 2 * k + part;
            x = j < n ? el(&vn, esz, j) : el(&vm, esz, j - n);
            break;
        }
        case 2:                                 /* TRN */
            x = (k & 1) ? el(&vm, esz, (k & ~1u) + part) : el(&vn, esz, k + part);
            break;
        default: {                              /* ZIP */
            unsigned j = part * n / 2 + k / 2;
            x = (k & 1) ? el(&vm, esz, j) : el(&vn, esz, j);
            break;
        }
        }
        setel(&r, esz, k, x);
    }
    vput(c, rd, &r, q);
    return true;
}

static bool simd_ext(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, imm4 = (i >> 11) & 15;
    unsigned rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    if (!q && (imm4 & 8))
        return false;
    if (dry)
        return true;
    unsigned bytes = q ? 16 : 8;
    V128 vn = vget(c, rn), vm = vget(c, rm), r;
    memset(&r, 0, sizeof r);
    for (unsigned k = 0; k < bytes; k++) {
        unsigned j = imm4 + k;
        r.b[k] = j < bytes ? vn.b[j] : vm.b[j - bytes];
    }
    vput(c, rd, &r, q);
    return true;
}

static bool simd_tbl(ARMCPU *c, uint32_t i, bool dry)
{
    unsigned q = (i >> 30) & 1, len = (i >> 13) & 3, tbx = (i >> 12) & 1;
    unsigned rm = (i >> 16) & 31, rn = (i >> 5) & 31, rd = i & 31;
    if (dry)
        return true;
    uint8_t table[64];
    for (unsigned t = 0; t <= len; t++)
        memcpy(table + 16 * t, c->vreg[(rn + t) & 31], 16);
    V128 idx = vget(c, rm), r = vget(c, rd);
    unsigned bytes = q ? 16 : 8;
    for (unsigned k = 0; k < bytes; k++) {
        unsigned x = idx.b[k];
        if (x < 16 * (len + 1))
            r.b[k] = table[x];
        else if (!tbx)
            r.b[k] = 0;
    }
    vput(c, rd, &r, q);
    return true;
}

bool arm_simd_exec(ARMCPU *c, uint32_t i, bool dry)
{
    if ((i & 0x9f200400u) == 0x0e200400u)
        return simd_3same(c, i, dry);
    if ((i & 0x9f3e0c00u) == 0x0e200800u)
        return simd_2misc(c, i, dry);
    if ((i & 0x9f200c00u) == 0x0e200000u)
        return simd_3diff(c, i, dry);
    if ((i & 0x9f3e0c00u) == 0x0e300800u)
        return simd_across(c, i, dry);
    if ((i & 0x9fe08400u) == 0x0e000400u)
        return simd_copy(c, i, dry);
    if ((i & 0x9ff80400u) == 0x0f000400u)
        return simd_modimm(c, i, dry);
    if ((i & 0x9f800400u) == 0x0f000400u)
        return simd_shift(c, i, dry);
    if ((i & 0xbf208c00u) == 0x0e000800u)
        return simd_permute(c, i, dry);
    if ((i & 0xbfe08400u) == 0x2e000000u)
        return simd_ext(c, i, dry);
    if ((i & 0xbfe08c00u) == 0x0e000000u)
        return simd_tbl(c, i, dry);
    return false;
}

uint64_t arm_helper_simd(void *env, uint64_t insn, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b, (void)c, (void)d;
    arm_simd_exec(env, (uint32_t)insn, false);
    return 0;
}
