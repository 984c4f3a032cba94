/* SPDX-License-Identifier: MIT */
/* A64 scalar floating point, exactly as the Arm ARM pseudocode (DDI 0487, J1 shared/functions/
   float: FPUnpack with FPCR.FZ, FPProcessNaN(s)(3) with FPCR.DN, FPRound with tininess before
   rounding, FPMax/FPMin/FPMaxNum/FPMinNum, FPCompare, FPToFixed, FixedToFP, FPRoundInt,
   FPConvert). NaN operands and input flushing are handled here; the rounding arithmetic is
   tern's integer soft-float (cpu/riscv/fpu_core.h and its rv_f* entry points, which only see
   non-NaN operands from here), with the Arm modifiers FPU_RM_TINY_BEFORE and FPU_RM_FTZ. */
#include "cpu/arm/cpu.h"
#include "cpu/arm/fp.h"
#include "cpu/riscv/fpu.h"
#include "cpu/riscv/fpu_core.h"

typedef struct Fmt { int eb, mb; uint64_t qbit, dnan; } Fmt;
static const Fmt fmts[2] = {
    { FPU_EB_S, FPU_MB_S, 1ull << 22, 0x7fc00000ull },
    { FPU_EB_D, FPU_MB_D, 1ull << 51, 0x7ff8000000000000ull },
};

static uint32_t fl_to_fpsr(uint32_t fl)
{
    return ((fl & RV_FFLAG_NV) ? ARM_FPSR_IOC : 0) | ((fl & RV_FFLAG_DZ) ? ARM_FPSR_DZC : 0) |
           ((fl & RV_FFLAG_OF) ? ARM_FPSR_OFC : 0) | ((fl & RV_FFLAG_UF) ? ARM_FPSR_UFC : 0) |
           ((fl & RV_FFLAG_NX) ? ARM_FPSR_IXC : 0);
}

/* FPCR.RMode -> the core's rounding mode with the Arm modifiers. */
static int arm_rm(const ARMCPU *cpu, int rounding)
{
    static const int map[5] = { RV_RM_RNE, RV_RM_RUP, RV_RM_RDN, RV_RM_RTZ, RV_RM_RMM };
    int rm = map[rounding];
    return rm | FPU_RM_TINY_BEFORE | ((cpu->fpcr & ARM_FPCR_FZ) ? FPU_RM_FTZ : 0);
}
static int fpcr_rm(const ARMCPU *cpu) { return arm_rm(cpu, (int)ARM_FPCR_RMODE(cpu->fpcr)); }

static uint64_t sign_bit(int sz) { return sz ? 1ull << 63 : 1ull << 31; }
static uint64_t mask(int sz) { return sz ? ~0ull : 0xffffffffull; }

/* FPUnpack's flush of denormal inputs (FPCR.FZ): a zero of the same sign, IDC. */
static uint64_t flush_in(ARMCPU *cpu, uint64_t v, int sz)
{
    const Fmt *f = &fmts[sz];
    v &= mask(sz);
    if ((cpu->fpcr & ARM_FPCR_FZ) && ((v >> f->mb) & ((1u << f->eb) - 1)) == 0 &&
        (v & ((1ull << f->mb) - 1)) != 0) {
        cpu->fpsr |= ARM_FPSR_IDC;
        return v & sign_bit(sz);
    }
    return v;
}

static bool is_nan(uint64_t v, int sz) { return fpu_is_nan(v, fmts[sz].eb, fmts[sz].mb); }
static bool is_snan(uint64_t v, int sz) { return fpu_is_snan(v, fmts[sz].eb, fmts[sz].mb); }
static bool is_inf(uint64_t v, int sz) { return (v & ~sign_bit(sz)) == FPU_INF(fmts[sz].eb, fmts[sz].mb); }
static bool is_zero(uint64_t v, int sz) { return (v & ~sign_bit(sz)) == 0; }

/* FPProcessNaN. */
static uint64_t process_nan(ARMCPU *cpu, uint64_t v, int sz)
{
    if (is_snan(v, sz)) {
        cpu->fpsr |= ARM_FPSR_IOC;
        v |= fmts[sz].qbit;
    }
    return (cpu->fpcr & ARM_FPCR_DN) ? fmts[sz].dnan : v;
}

/* FPProcessNaNs over n operands: the first signaling NaN, else the first quiet one. */
static bool process_nans(ARMCPU *cpu, const uint64_t *ops, int n, int sz, uint64_t *res)
{
    for (int i = 0; i < n; i++)
        if (is_snan(ops[i], sz)) {
            *res = process_nan(cpu, ops[i], sz);
            return true;
        }
    for (int i = 0; i < n; i++)
        if (is_nan(ops[i], sz)) {
            *res = process_nan(cpu, ops[i], sz);
            return true;
        }
    return false;
}

static uint64_t box(uint64_t v, int sz) { return sz ? v : (v | 0xffffffff00000000ull); }

/* Ordered comparison of non-NaN values: -1, 0, 1. */
static int fcmp_ord(uint64_t a, uint64_t b, int sz)
{
    uint64_t s = sign_bit(sz);
    if (is_zero(a, sz) && is_zero(b, sz))
        return 0;
    if (a == b)
        return 0;
    int sa = (a & s) != 0, sb = (b & s) != 0;
    if (sa != sb)
        return sa ? -1 : 1;
    bool lt = (a & ~s) < (b & ~s);
    return (lt ^ sa) ? -1 : 1;
}

static uint64_t fp_minmax(ARMCPU *cpu, uint64_t a, uint64_t b, int sz, bool max, bool num)
{
    uint64_t s = sign_bit(sz), inf = FPU_INF(fmts[sz].eb, fmts[sz].mb);
    if (num) {
        bool qa = is_nan(a, sz) && !is_snan(a, sz), qb = is_nan(b, sz) && !is_snan(b, sz);
        if (qa && !qb)
            a = max ? (s | inf) : inf;
        else if (!qa && qb)
            b = max ? (s | inf) : inf;
    }
    uint64_t ops[2] = { a, b }, r;
    if (process_nans(cpu, ops, 2, sz, &r))
        return r;
    if (is_zero(a, sz) && is_zero(b, sz))
        return max ? (a & b) : (a | b);
    int c = fcmp_ord(a, b, sz);
    return (max ? c > 0 : c < 0) ? a : b;
}

/* FPRecipStepFused (2 - n*m) and FPRSqrtStepFused ((3 - n*m) / 2), fused: the product is
   exact (128 bits, as in the core's FMA), the constant is added and the result rounded once
   (the halving only lowers the exponent before that rounding). */
static uint64_t fp_step(ARMCPU *cpu, uint64_t a, uint64_t b, int sz, bool rsqrt)
{
    const Fmt *f = &fmts[sz];
    uint64_t ops[2] = { a ^ sign_bit(sz), b }, r;
    if (process_nans(cpu, ops, 2, sz, &r))
        return r;
    fpu_unp x = fpu_unpack(ops[0], f->eb, f->mb), y = fpu_unpack(b, f->eb, f->mb);
    const uint64_t one = (uint64_t)FPU_BIAS(f->eb) << f->mb;
    const uint64_t kval = rsqrt ? one | (1ull << (f->mb - 1)) : one + (1ull << f->mb);
    if ((x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF))
        return kval;                     /* 1.5 or 2.0 */
    if (x.cls == FPC_INF || y.cls == FPC_INF)
        return ((x.sign ^ y.sign) ? sign_bit(sz) : 0) | FPU_INF(f->eb, f->mb);
    if (x.cls == FPC_ZERO || y.cls == FPC_ZERO)
        return kval;
    int ps = x.sign ^ y.sign;
    fpu_u128 p = (fpu_u128)x.sig * y.sig;
    int32_t pe = x.exp + y.exp, e;
    if ((uint64_t)(p >> 64) >> 63) {
        p >>= 2;
        pe++;
    } else {
        p >>= 1;
    }
    /* 2.0 or 3.0 with its leading bit at 125: value = k * 2^(1 - 125). */
    fpu_u128 k = rsqrt ? (fpu_u128)3 << 124 : (fpu_u128)1 << 125, big, small, sum;
    int sign;
    const int32_t ke = 1;
    if (pe > ke || (pe == ke && p >= k)) {
        big = p; small = fpu_jam128(k, pe - ke); e = pe; sign = ps;
    } else {
        big = k; small = fpu_jam128(p, ke - pe); e = ke; sign = 0;
    }
    if (ps == 0) {
        sum = big + small;
    } else {
        sum = big - small;
        if (sum == 0)
            return ARM_FPCR_RMODE(cpu->fpcr) == 2 ? sign_bit(sz) : 0;
    }
    int lz = fpu_clz128(sum);
    sum <<= lz;
    uint32_t fl = 0;
    r = fpu_round_pack(sign, e + 2 - lz - (rsqrt ? 1 : 0),
                       (uint64_t)(sum >> 64) | ((uint64_t)sum != 0), fpcr_rm(cpu), &fl, f->eb,
                       f->mb);
    cpu->fpsr |= fl_to_fpsr(fl);
    return r;
}

uint64_t arm_helper_fp2(void *env, uint64_t a, uint64_t b, uint64_t op, uint64_t szv)
{
    ARMCPU *cpu = env;
    int sz = (int)szv;
    a = flush_in(cpu, a, sz);
    b = flush_in(cpu, b, sz);
    switch (op) {
    case AFP_MAX: return fp_minmax(cpu, a, b, sz, true, false);
    case AFP_MIN: return fp_minmax(cpu, a, b, sz, false, false);
    case AFP_MAXNM: return fp_minmax(cpu, a, b, sz, true, true);
    case AFP_MINNM: return fp_minmax(cpu, a, b, sz, false, true);
    case AFP_RECPS: return fp_step(cpu, a, b, sz, false);
    case AFP_RSQRTS: return fp_step(cpu, a, b, sz, true);
    default: break;
    }
    uint64_t ops[2] = { a, b }, r;
    if (process_nans(cpu, ops, 2, sz, &r))
        return op == AFP_NMUL ? r ^ sign_bit(sz) : r;
    uint32_t fl = 0;
    int rm = fpcr_rm(cpu);
    if (sz) {
        switch (op) {
        case AFP_ADD: r = rv_fadd_d(a, b, rm, &fl); break;
        case AFP_SUB: r = rv_fsub_d(a, b, rm, &fl); break;
        case AFP_DIV: r = rv_fdiv_d(a, b, rm, &fl); break;
        default: r = rv_fmul_d(a, b, rm, &fl); break;
        }
    } else {
        a = box(a, 0), b = box(b, 0);
        switch (op) {
        case AFP_ADD: r = rv_fadd_s(a, b, rm, &fl); break;
        case AFP_SUB: r = rv_fsub_s(a, b, rm, &fl); break;
        case AFP_DIV: r = rv_fdiv_s(a, b, rm, &fl); break;
        default: r = rv_fmul_s(a, b, rm, &fl); break;
        }
    }
    cpu->fpsr |= fl_to_fpsr(fl);
    r &= mask(sz);
    return op == AFP_NMUL ? r ^ sign_bit(sz) : r;
}

uint64_t arm_helper_fmadd(void *env, uint64_t n, uint64_t m, uint64_t a, uint64_t sz_k)
{
    ARMCPU *cpu = env;
    int sz = (int)(sz_k & 1);
    n = flush_in(cpu, n, sz);
    m = flush_in(cpu, m, sz);
    a = flush_in(cpu, a, sz);
    if (sz_k & 2)
        n ^= sign_bit(sz);
    if (sz_k & 4)
        a ^= sign_bit(sz);
    uint64_t ops[3] = { a, n, m }, r;
    bool done = process_nans(cpu, ops, 3, sz, &r);
    if (is_nan(a, sz) && !is_snan(a, sz) &&
        ((is_inf(n, sz) && is_zero(m, sz)) || (is_zero(n, sz) && is_inf(m, sz)))) {
        cpu->fpsr |= ARM_FPSR_IOC;
        return fmts[sz].dnan;
    }
    if (done)
        return r;
    uint32_t fl = 0;
    int rm = fpcr_rm(cpu);
    r = sz ? rv_fmadd_d(n, m, a, rm, &fl) : rv_fmadd_s(box(n, 0), box(m, 0), box(a, 0), rm, &fl);
    cpu->fpsr |= fl_to_fpsr(fl);
    return r & mask(sz);
}

/* FPRoundInt. */
static uint64_t fp_round_int(ARMCPU *cpu, uint64_t a, int sz, int rounding, bool exact)
{
    const Fmt *f = &fmts[sz];
    if (is_nan(a, sz))
        return process_nan(cpu, a, sz);
    fpu_unp u = fpu_unpack(a, f->eb, f->mb);
    if (u.cls != FPC_FINITE || u.exp >= f->mb)
        return a;
    int rm = arm_rm(cpu, rounding);
    uint64_t q, rem;
    int sh = 63 - u.exp;
    uint64_t sig = u.sig;
    if (sh > 63) {
        sig = fpu_jam64(sig, sh - 63);
        sh = 63;
    }
    q = sig >> sh;
    rem = sig & ((1ull << sh) - 1);
    q += (uint64_t)fpu_round_inc(rm, u.sign, q, rem, 1ull << (sh - 1));
    if (rem && exact)
        cpu->fpsr |= ARM_FPSR_IXC;
    uint64_t s = u.sign ? sign_bit(sz) : 0;
    if (q == 0)
        return s;
    int lz = fpu_clz64(q);
    uint32_t fl = 0;
    return fpu_round_pack(u.sign, 63 - lz, q << lz, RV_RM_RNE, &fl, f->eb, f->mb);
}

/* FPConvert between single and double (to = target format). */
static uint64_t fp_convert(ARMCPU *cpu, uint64_t a, int from, int to)
{
    const Fmt *f = &fmts[from], *t = &fmts[to];
    uint64_t s = (a & sign_bit(from)) ? sign_bit(to) : 0;
    if (is_nan(a, from)) {
        if (is_snan(a, from))
            cpu->fpsr |= ARM_FPSR_IOC;
        if (cpu->fpcr & ARM_FPCR_DN)
            return t->dnan;
        uint64_t frac = a & ((1ull << f->mb) - 1);
        frac = t->mb > f->mb ? frac << (t->mb - f->mb) : frac >> (f->mb - t->mb);
        return s | FPU_INF(t->eb, t->mb) | t->qbit | frac;
    }
    fpu_unp u = fpu_unpack(a, f->eb, f->mb);
    if (u.cls == FPC_INF)
        return s | FPU_INF(t->eb, t->mb);
    if (u.cls == FPC_ZERO)
        return s;
    uint32_t fl = 0;
    uint64_t r = fpu_round_pack(u.sign, u.exp, u.sig, fpcr_rm(cpu), &fl, t->eb, t->mb);
    cpu->fpsr |= fl_to_fpsr(fl);
    return r;
}

uint64_t arm_helper_fp1(void *env, uint64_t a, uint64_t op, uint64_t szv, uint64_t arg)
{
    ARMCPU *cpu = env;
    int sz = (int)szv;
    a = flush_in(cpu, a, sz);
    switch (op) {
    case AFP_SQRT: {
        if (is_nan(a, sz))
            return process_nan(cpu, a, sz);
        uint32_t fl = 0;
        int rm = fpcr_rm(cpu);
        uint64_t r = sz ? rv_fsqrt_d(a, rm, &fl) : rv_fsqrt_s(box(a, 0), rm, &fl);
        cpu->fpsr |= fl_to_fpsr(fl);
        return r & mask(sz);
    }
    case AFP_FRINT: {
        int rounding = arg >= 5 ? (int)ARM_FPCR_RMODE(cpu->fpcr) : (int)arg;
        return fp_round_int(cpu, a, sz, rounding, arg == 5);
    }
    case AFP_CVT_SD: return fp_convert(cpu, a, 0, 1);
    case AFP_CVT_DS: return fp_convert(cpu, a, 1, 0);
    case AFP_RECPX: {
        const Fmt *f = &fmts[sz];
        if (is_nan(a, sz))
            return process_nan(cpu, a, sz);
        uint64_t s = a & sign_bit(sz);
        uint64_t e = (a >> f->mb) & ((1u << f->eb) - 1);
        uint64_t emax = (1u << f->eb) - 1;
        if (e == 0)
            return s | ((emax - 1) << f->mb);
        return s | ((~e & emax) << f->mb);
    }
    }
    return 0;
}

uint64_t arm_helper_fcmp(void *env, uint64_t a, uint64_t b, uint64_t k, uint64_t holds)
{
    ARMCPU *cpu = env;
    int sz = (int)(k & 1);
    bool e = (k >> 1) & 1;
    if (((k >> 2) & 1) && !holds)
        return ((k >> 4) & 15) << 28;
    a = flush_in(cpu, a, sz);
    b = flush_in(cpu, b, sz);
    if (is_nan(a, sz) || is_nan(b, sz)) {
        if (e || is_snan(a, sz) || is_snan(b, sz))
            cpu->fpsr |= ARM_FPSR_IOC;
        return 0x3u << 28;
    }
    int c = fcmp_ord(a, b, sz);
    return c == 0 ? 0x6u << 28 : c < 0 ? 0x8u << 28 : 0x2u << 28;
}

uint64_t arm_helper_fcvt_to_int(void *env, uint64_t a, uint64_t k, uint64_t fbits, uint64_t unused)
{
    ARMCPU *cpu = env;
    (void)unused;
    int sz = (int)(k & 1), uns = (int)((k >> 1) & 1), to64 = (int)((k >> 2) & 1);
    int rounding = (int)(k >> 3);
    if (rounding >= 5)
        rounding = (int)ARM_FPCR_RMODE(cpu->fpcr);
    const Fmt *f = &fmts[sz];
    a = flush_in(cpu, a, sz);
    const int bits = to64 ? 64 : 32;
    const uint64_t umax = to64 ? UINT64_MAX : 0xffffffffull;
    const uint64_t pmax = uns ? umax : umax >> 1, nmax = uns ? 0 : (umax >> 1) + 1;
    if (is_nan(a, sz)) {
        cpu->fpsr |= ARM_FPSR_IOC;
        return 0;
    }
    fpu_unp u = fpu_unpack(a, f->eb, f->mb);
    if (u.cls == FPC_ZERO)
        return 0;
    uint64_t q = 0, rem = 0;
    if (u.cls == FPC_INF || u.exp + (int32_t)fbits >= 64)
        goto sat;
    {
        int32_t ex = u.exp + (int32_t)fbits;
        if (ex == 63) {
            q = u.sig;
        } else {
            uint64_t sig = u.sig;
            int sh = 63 - ex;
            if (sh > 63) {
                sig = fpu_jam64(sig, sh - 63);
                sh = 63;
            }
            q = sig >> sh;
            rem = sig & ((1ull << sh) - 1);
            q += (uint64_t)fpu_round_inc(arm_rm(cpu, rounding), u.sign, q, rem, 1ull << (sh - 1));
            if (q == 0 && sh == 63 && (u.sig >> 63) && ex >= 0)
                goto sat;   /* the increment wrapped 2^64 - 1 */
        }
    }
    if (u.sign ? q > nmax : q > pmax)
        goto sat;
    if (rem)
        cpu->fpsr |= ARM_FPSR_IXC;
    (void)bits;
    return (u.sign ? 0 - q : q) & umax;
sat:
    cpu->fpsr |= ARM_FPSR_IOC;
    return (u.sign ? 0 - nmax : pmax) & umax;
}

uint64_t arm_helper_cvt_from_int(void *env, uint64_t x, uint64_t k, uint64_t fbits, uint64_t unused)
{
    ARMCPU *cpu = env;
    (void)unused;
    int sz = (int)(k & 1), uns = (int)((k >> 1) & 1), from64 = (int)((k >> 2) & 1);
    const Fmt *f = &fmts[sz];
    int sign = 0;
    uint64_t mag;
    if (!from64)
        x = uns ? (uint32_t)x : (uint64_t)(int64_t)(int32_t)x;
    if (!uns && (int64_t)x < 0) {
        sign = 1;
        mag = 0 - x;
    } else {
        mag = x;
    }
    if (mag == 0)
        return 0;
    int lz = fpu_clz64(mag);
    uint32_t fl = 0;
    uint64_t r = fpu_round_pack(sign, 63 - lz - (int32_t)fbits, mag << lz, fpcr_rm(cpu), &fl,
                                f->eb, f->mb);
    cpu->fpsr |= fl_to_fpsr(fl);
    return r;
}
