/* SPDX-License-Identifier: MIT */
/* Unit tests of the A64 front end (cpu/arm/): hand-written A64 sequences (encodings from
   Debian's aarch64-linux-gnu-as, with the source as comments) are translated to IR and run by
   the IR interpreter and by the x86-64 JIT (tests/unit/a64_runner.h); both must end in the same
   state, which is checked against values computed here from the Arm ARM's pseudocode
   (AddWithCarry, ConditionHolds, DecodeBitMasks, ...) with plain C and 128-bit arithmetic. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/arm/trans.h"
#include "tests/unit/a64_runner.h"

static int failures, checks;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                    \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)
#define CHECK_EQ(a, b) do { uint64_t a_ = (a), b_ = (b); \
    CHECK(a_ == b_, "%s = %#" PRIx64 ", expected %#" PRIx64, #a, a_, b_); } while (0)

/* ---------------------------------------------------------------- sequences */

static const uint32_t c_addsub_imm[] = {
    0x91048c41, /* add x1, x2, #0x123 */
    0x91400443, /* add x3, x2, #1, lsl #12 */
    0x51000444, /* sub w4, w2, #1 */
    0x910043e5, /* add x5, sp, #16 */
    0x910083ff, /* add sp, sp, #32 */
    0xd17ffc46, /* sub x6, x2, #0xfff, lsl #12 */
};
static const uint32_t c_flags[] = {
    0xab030041, /* adds x1, x2, x3 */
    0xd53b420a, /* mrs x10, nzcv */
    0x6b0600a4, /* subs w4, w5, w6 */
    0xd53b420b, /* mrs x11, nzcv */
    0xba030047, /* adcs x7, x2, x3 */
    0xd53b420c, /* mrs x12, nzcv */
    0x7a0600a8, /* sbcs w8, w5, w6 */
    0xd53b420d, /* mrs x13, nzcv */
    0xb100045f, /* cmn x2, #1 */
    0xd53b420e, /* mrs x14, nzcv */
    0x1a0600af, /* adc w15, w5, w6 */
    0xda030050, /* sbc x16, x2, x3 */
    0xeb030051, /* subs x17, x2, x3 */
    0xd53b4212, /* mrs x18, nzcv */
    0x2b0600b3, /* adds w19, w5, w6 */
    0xd53b4214, /* mrs x20, nzcv */
    0xd51b4215, /* msr nzcv, x21 */
    0xd53b4216, /* mrs x22, nzcv */
    0x3a0600b7, /* adcs w23, w5, w6 */
    0xd53b4218, /* mrs x24, nzcv */
};
static const uint32_t c_logic_imm[] = {
    0x92089c41, /* and x1, x2, #0xff00ff00ff00ff00 */
    0x321e0c43, /* orr w3, w2, #0x3c */
    0xd200f044, /* eor x4, x2, #0x5555555555555555 */
    0xf2410045, /* ands x5, x2, #0x8000000000000000 */
    0xd53b420a, /* mrs x10, nzcv */
    0x7200005f, /* tst w2, #1 */
    0xd53b420b, /* mrs x11, nzcv */
    0xb27ff7e6, /* orr x6, xzr, #0x7ffffffffffffffe */
    0x121f7847, /* and w7, w2, #0xfffffffe */
    0xd2431c48, /* eor x8, x2, #0xe00000000000001f */
    0xb27c0c5f, /* orr sp, x2, #0xf0 */
};
static const uint32_t c_movw[] = {
    0xd2e24681, /* movz x1, #0x1234, lsl #48 */
    0x128000a2, /* movn w2, #0x5 */
    0xf2b7dde3, /* movk x3, #0xbeef, lsl #16 */
    0x92800004, /* movn x4, #0 */
    0x52bfffe5, /* movz w5, #0xffff, lsl #16 */
    0x72824686, /* movk w6, #0x1234 */
    0x92d00007, /* movn x7, #0x8000, lsl #32 */
    0x10000008, /* adr x8, . */
    0x90000009, /* adrp x9, . */
    0x100091aa, /* adr x10, .+0x1234 */
    0xb0ffffeb, /* adrp x11, .-0x3000 (hand-encoded: the assembler leaves a relocation) */
};
static const uint32_t c_bitfield[] = {
    0xd3442c41, /* ubfx x1, x2, #4, #8 */
    0x937cfc43, /* sbfx x3, x2, #60, #4 */
    0xb3783c44, /* bfi x4, x2, #8, #16 */
    0x531d7045, /* lsl w5, w2, #3 */
    0x9347fc46, /* asr x6, x2, #7 */
    0x93407c47, /* sxtw x7, w2 */
    0x53001c48, /* uxtb w8, w2 */
    0x33000c49, /* bfxil w9, w2, #0, #4 */
    0x531f7c4a, /* lsr w10, w2, #31 */
    0x937d104b, /* sbfiz x11, x2, #3, #5 */
    0x93cd304c, /* extr x12, x2, x13, #12 */
    0x138d1c4e, /* extr w14, w2, w13, #7 */
    0x93c2344f, /* ror x15, x2, #13 */
    0x13003c50, /* sxth w16, w2 */
    0xb37c0c51, /* bfm x17, x2, #60, #3 */
    0x131c0c52, /* sbfm w18, w2, #28, #3 */
    0xd340fc53, /* ubfm x19, x2, #0, #63 */
};
static const uint32_t c_shifted[] = {
    0x8b031041, /* add x1, x2, x3, lsl #4 */
    0x4b830c44, /* sub w4, w2, w3, asr #3 */
    0xaac34445, /* orr x5, x2, x3, ror #17 */
    0x0a631446, /* bic w6, w2, w3, lsr #5 */
    0xca230047, /* eon x7, x2, x3 */
    0x2a230448, /* orn w8, w2, w3, lsl #1 */
    0xaa2303e9, /* mvn x9, x3 */
    0x8b23c84a, /* add x10, x2, w3, sxtw #2 */
    0xcb2307eb, /* sub x11, sp, w3, uxtb #1 */
    0x0b23204c, /* add w12, w2, w3, uxth */
    0x4b030bee, /* neg w14, w3, lsl #2 */
    0x0ac3244f, /* and w15, w2, w3, ror #9 */
    0xea83fc50, /* ands x16, x2, x3, asr #63 */
    0xd53b4211, /* mrs x17, nzcv */
    0x8b23eff2, /* add x18, sp, x3, sxtx #3 */
    0xeb238053, /* subs x19, x2, w3, sxtb */
    0xd53b4214, /* mrs x20, nzcv */
    0x4a437c55, /* eor w21, w2, w3, lsr #31 */
    0x8b23505f, /* add sp, x2, w3, uxtw #4 */
};
static const uint32_t c_csel[] = {
    0xeb03005f, /* cmp x2, x3 */
    0x9a83b041, /* csel x1, x2, x3, lt */
    0x9a830444, /* csinc x4, x2, x3, eq */
    0x5a838045, /* csinv w5, w2, w3, hi */
    0xda83a446, /* csneg x6, x2, x3, ge */
    0x9a9fd7e7, /* cset x7, gt */
    0x5a9f83e8, /* csetm w8, ls */
    0x9a825449, /* cinc x9, x2, mi */
    0x9a83604a, /* csel x10, x2, x3, vs */
    0x9a83204b, /* csel x11, x2, x3, cs */
    0x9a83504c, /* csel x12, x2, x3, pl */
    0x9a83d04d, /* csel x13, x2, x3, le */
    0x9a83704e, /* csel x14, x2, x3, vc */
    0x9a83304f, /* csel x15, x2, x3, cc */
    0x9a83e050, /* csel x16, x2, x3, al */
    0x9a83f051, /* csel x17, x2, x3, nv */
    0xfa431044, /* ccmp x2, x3, #4, ne */
    0xd53b4212, /* mrs x18, nzcv */
    0x3a45084a, /* ccmn w2, #5, #0xa, eq */
    0xd53b4213, /* mrs x19, nzcv */
    0x7a43804f, /* ccmp w2, w3, #0xf, hi */
    0xd53b4214, /* mrs x20, nzcv */
};
static const uint32_t c_dp[] = {
    0xdac00041, /* rbit x1, x2 */
    0x5ac00040, /* rbit w0, w2 */
    0xdac00444, /* rev16 x4, x2 */
    0xdac00845, /* rev32 x5, x2 */
    0xdac00c46, /* rev x6, x2 */
    0x5ac00847, /* rev w7, w2 */
    0xdac01048, /* clz x8, x2 */
    0x5ac01049, /* clz w9, w2 */
    0xdac0144a, /* cls x10, x2 */
    0x5ac0144b, /* cls w11, w2 */
    0x9ac3084c, /* udiv x12, x2, x3 */
    0x1ac30c4d, /* sdiv w13, w2, w3 */
    0x9ac3204e, /* lslv x14, x2, x3 */
    0x1ac3244f, /* lsrv w15, w2, w3 */
    0x1ac32850, /* asrv w16, w2, w3 */
    0x9ac32c51, /* rorv x17, x2, x3 */
    0x1ac32c52, /* rorv w18, w2, w3 */
    0x9b035053, /* madd x19, x2, x3, x20 */
    0x1b03d055, /* msub w21, w2, w3, w20 */
    0x9b235056, /* smaddl x22, w2, w3, x20 */
    0x9ba3d057, /* umsubl x23, w2, w3, x20 */
    0x9b437c58, /* smulh x24, x2, x3 */
    0x9bc37c59, /* umulh x25, x2, x3 */
    0x9ac30c5a, /* sdiv x26, x2, x3 */
    0x1ac3085b, /* udiv w27, w2, w3 */
    0x9ac3285c, /* asrv x28, x2, x3 */
    0x5ac0045d, /* rev16 w29, w2 */
};
static const uint32_t c_branch[] = {
    0xb4000042, /* cbz x2, 1f */
    0xd2800021, /* mov x1, #1 */
    0x35000043, /* cbnz w3, 2f */
    0xd2800084, /* mov x4, #4 */
    0xb6400042, /* tbz x2, #40, 3f */
    0xd28000a5, /* mov x5, #5 */
    0x37180043, /* tbnz w3, #3, 4f */
    0xd28000c6, /* mov x6, #6 */
    0x5400004b, /* b.lt 5f */
    0xd28000e7, /* mov x7, #7 */
    0x94000002, /* bl 6f */
    0xd2800108, /* mov x8, #8 */
    0x10000069, /* adr x9, 7f */
    0xd61f0120, /* br x9 */
    0xd280014a, /* mov x10, #10 */
    0x1000007e, /* adr x30, 8f */
    0xd65f03c0, /* ret */
    0xd280016b, /* mov x11, #11 */
    0x1000004c, /* adr x12, 9f */
    0xd63f0180, /* blr x12 */
    0x5400004e, /* b.al 10f */
    0xd28001ad, /* mov x13, #13 */
    0xb5000042, /* cbnz x2, 11f */
    0xd28001ce, /* mov x14, #14 */
    0xb7f80043, /* tbnz x3, #63, 12f */
    0xd28001ef, /* mov x15, #15 */
    0xd503201f, /* nop */
};
static const uint32_t c_ldst[] = {
    0xf9400041, /* ldr x1, [x2] */
    0xb9400843, /* ldr w3, [x2, #8] */
    0x39400c44, /* ldrb w4, [x2, #3] */
    0x39820445, /* ldrsb x5, [x2, #0x81] */
    0x79c00446, /* ldrsh w6, [x2, #2] */
    0xb9800447, /* ldrsw x7, [x2, #4] */
    0xf85fd048, /* ldur x8, [x2, #-3] */
    0xf8410e89, /* ldr x9, [x20, #16]! */
    0xf85f868a, /* ldr x10, [x20], #-8 */
    0xf90006a1, /* str x1, [x21, #8] */
    0x390006a4, /* strb w4, [x21, #1] */
    0x790006a6, /* strh w6, [x21, #2] */
    0xb90006a3, /* str w3, [x21, #4] */
    0xf81f92a7, /* stur x7, [x21, #-7] */
    0xa9020ea1, /* stp x1, x3, [x21, #32] */
    0x29be16a4, /* stp w4, w5, [x21, #-16]! */
    0xa941344c, /* ldp x12, x13, [x2, #16] */
    0x69413c4e, /* ldpsw x14, x15, [x2, #8] */
    0xa8c146d0, /* ldp x16, x17, [x22], #16 */
    0xf8777852, /* ldr x18, [x2, x23, lsl #3] */
    0x3878c853, /* ldrb w19, [x2, w24, sxtw] */
    0xb878d859, /* ldr w25, [x2, w24, sxtw #2] */
    0x580001ba, /* ldr x26, 1f */
    0x1800019b, /* ldr w27, 1f */
    0x9800017c, /* ldrsw x28, 1f */
    0xf9800040, /* prfm pldl1keep, [x2] */
    0xf840885d, /* ldtr x29, [x2, #8] */
    0xf9001abf, /* str xzr, [x21, #48] */
    0xf94007fe, /* ldr x30, [sp, #8] */
    0x297f004b, /* ldp w11, w0, [x2, #-8] */
    0x781feec1, /* strh w1, [x22, #-2]! */
    0x7981fc57, /* ldrsh x23, [x2, #0xfe] */
    0x39c24058, /* ldrsb w24, [x2, #0x90] */
    0xa8040aa1, /* stnp x1, x2, [x21, #64] */
    0x14000003, /* b 2f */
    0x89abcdef, /* .word 0x89abcdef */
    0x01234567, /* .word 0x01234567 */
    0xd503201f, /* nop */
};
static const uint32_t c_atomic[] = {
    0xc85f7c41, /* ldxr x1, [x2] */
    0xc8037c44, /* stxr w3, x4, [x2] */
    0xc8057c46, /* stxr w5, x6, [x2] */
    0x885ffc47, /* ldaxr w7, [x2] */
    0xd5033f5f, /* clrex */
    0x8808fc49, /* stlxr w8, w9, [x2] */
    0xc8dffc4a, /* ldar x10, [x2] */
    0x889ffd8b, /* stlr w11, [x12] */
    0xf82d018e, /* ldadd x13, x14, [x12] */
    0xb82f1190, /* ldclr w15, w16, [x12] */
    0x38318192, /* swpb w17, w18, [x12] */
    0x78334194, /* ldsmaxh w19, w20, [x12] */
    0xf8357196, /* ldumin x21, x22, [x12] */
    0xc8b77c58, /* cas x23, x24, [x2] */
    0x08b97d9a, /* casb w25, w26, [x12] */
    0xf8bfc05b, /* ldapr x27, [x2] */
    0xb82d019f, /* stadd w13, [x12] */
    0x085f7c5c, /* ldxrb w28, [x2] */
    0x481d7c5e, /* stxrh w29, w30, [x2] */
};
static const uint32_t c_misc[] = {
    0x9ac34c41, /* crc32x w1, w2, x3 */
    0x1ac44021, /* crc32b w1, w1, w4 */
    0x2a2103e1, /* mvn w1, w1 */
    0x9ac35c45, /* crc32cx w5, w2, x3 */
    0x1ac450a5, /* crc32cb w5, w5, w4 */
    0x2a2503e5, /* mvn w5, w5 */
    0x1ac44446, /* crc32h w6, w2, w4 */
    0x1ac35847, /* crc32cw w7, w2, w3 */
    0xd51bd048, /* msr tpidr_el0, x8 */
    0xd53bd049, /* mrs x9, tpidr_el0 */
    0xd53bd06a, /* mrs x10, tpidrro_el0 */
    0xd500401f, /* cfinv */
    0xd53b420b, /* mrs x11, nzcv */
    0xd500401f, /* cfinv */
    0xd53b420c, /* mrs x12, nzcv */
};
static const uint32_t c_xpair[] = {
    0xc87f0861, /* ldxp x1, x2, [x3] */
    0xc8241865, /* stxp w4, x5, x6, [x3] */
    0x887fa067, /* ldaxp w7, w8, [x3] */
    0x8829ac6a, /* stlxp w9, w10, w11, [x3] */
    0xc82c1865, /* stxp w12, x5, x6, [x3] */
    0xc87f386d, /* ldxp x13, x14, [x3] */
};
static const uint32_t c_casp[] = {
    0x48207c82, /* casp x0, x1, x2, x3, [x4] */
    0x48267c88, /* casp x6, x7, x8, x9, [x4] */
    0x086afc8c, /* caspal w10, w11, w12, w13, [x4] */
    0xa9403c8e, /* ldp x14, x15, [x4] */
};

/* ---------------------------------------------------------------- running */

typedef struct ArchState {
    uint64_t x[31], sp, nzcv, pc, icount;
    int end;
} ArchState;

static A64Runner R;
static ArchState in;           /* initial state of the next run */
static ArchState out;          /* state after the run (both backends agreed) */
static uint8_t data_init[A64R_DATA_SIZE], data_out[A64R_DATA_SIZE];

#define SEQ(a) (a), (int)(sizeof(a) / sizeof((a)[0]))

static void get_state(ArchState *s)
{
    memcpy(s->x, R.cpu->x, sizeof s->x);
    s->sp = R.cpu->sp;
    s->nzcv = arm_get_nzcv(R.cpu);
    s->pc = R.cpu->c.pc;
    s->icount = R.cpu->c.insn_count;
}

/* Run code (stopping at its end) from `in` on every backend; the backends must agree. */
static void run(const char *name, const uint32_t *code, int n, int max_insns)
{
    uint64_t stop = A64R_CODE_BASE + 4 * (uint64_t)n;
    a64r_load_code(&R, A64R_CODE_BASE, code, n);
    int runs = 0;
    for (int k = 0; k < 2; k++) {
        if (!R.be[k])
            continue;
        memcpy(R.cpu->x, in.x, sizeof in.x);
        R.cpu->sp = in.sp;
        arm_set_nzcv(R.cpu, in.nzcv);
        R.cpu->c.pc = A64R_CODE_BASE;
        R.cpu->c.insn_count = 0;
        memcpy(R.data, data_init, A64R_DATA_SIZE);
        ArchState s;
        memset(&s, 0, sizeof s);
        s.end = a64r_run(&R, k, stop, 1000, ARM_MMU_EL1, max_insns);
        get_state(&s);
        if (runs == 0) {
            out = s;
            memcpy(data_out, R.data, A64R_DATA_SIZE);
        } else {
            CHECK(memcmp(&s, &out, sizeof s) == 0, "%s: JIT and interpreter disagree", name);
            CHECK(memcmp(R.data, data_out, A64R_DATA_SIZE) == 0, "%s: memory differs", name);
            for (int r = 0; r < 31; r++)
                if (s.x[r] != out.x[r])
                    printf("  x%d: jit %#" PRIx64 " interp %#" PRIx64 "\n", r, s.x[r], out.x[r]);
            if (s.nzcv != out.nzcv || s.pc != out.pc || s.sp != out.sp)
                printf("  nzcv %#" PRIx64 "/%#" PRIx64 " pc %#" PRIx64 "/%#" PRIx64 "\n",
                       s.nzcv, out.nzcv, s.pc, out.pc);
        }
        runs++;
    }
    CHECK(out.end == (code[n - 1] == 0 ? A64R_UNDEF : A64R_DONE) || out.end == A64R_UNDEF ||
          out.end == A64R_FAULT, "%s: ended with %d", name, out.end);
}

static void run_ok(const char *name, const uint32_t *code, int n)
{
    run(name, code, n, 512);
    CHECK(out.end == A64R_DONE, "%s: ended with %d at pc %#" PRIx64, name, out.end, out.pc);
    CHECK_EQ(out.pc, A64R_CODE_BASE + 4 * (uint64_t)n);
}

/* ---------------------------------------------------------------- reference semantics */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

static const uint64_t edge[] = {
    0, 1, 2, 5, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull, 0xffffffff7fffffffull,
    0x00000000fffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
};
#define N_EDGE (sizeof edge / sizeof edge[0])
static uint64_t pick(void)
{
    return rnd() % 3 ? edge[rnd() % N_EDGE] : rnd();
}

static uint64_t mask_of(int bits) { return bits == 64 ? ~0ull : 0xffffffffull; }
static int64_t sx(uint64_t v, int bits) { return bits == 64 ? (int64_t)v : (int32_t)v; }

/* AddWithCarry (Arm ARM J1): the result and NZCV as bits 31:28. */
static uint64_t awc(uint64_t x, uint64_t y, unsigned c, int bits, uint64_t *nzcv)
{
    x &= mask_of(bits);
    y &= mask_of(bits);
    unsigned __int128 us = (unsigned __int128)x + y + c;
    __int128 ss = (__int128)sx(x, bits) + sx(y, bits) + c;
    uint64_t r = (uint64_t)us & mask_of(bits);
    unsigned n = (unsigned)(r >> (bits - 1)) & 1, z = r == 0;
    unsigned cf = (unsigned __int128)r != us, v = (__int128)sx(r, bits) != ss;
    *nzcv = (uint64_t)(n << 3 | z << 2 | cf << 1 | v) << 28;
    return r;
}

static bool cond_holds(unsigned cond, uint64_t nzcv)
{
    bool n = (nzcv >> 31) & 1, z = (nzcv >> 30) & 1, c = (nzcv >> 29) & 1, v = (nzcv >> 28) & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = true; break;
    }
    return (cond & 1) && cond != 15 ? !r : r;
}

static uint64_t ror(uint64_t x, unsigned r, int bits)
{
    x &= mask_of(bits);
    r %= (unsigned)bits;
    return r ? ((x >> r) | (x << (bits - r))) & mask_of(bits) : x;
}

static uint64_t logic_nzcv(uint64_t r, int bits)
{
    r &= mask_of(bits);
    return (uint64_t)(((r >> (bits - 1)) & 1) << 3 | (r == 0) << 2) << 28;
}

/* ---------------------------------------------------------------- tests */

static void test_addsub_imm(void)
{
    memset(&in, 0, sizeof in);
    in.x[2] = 0x100000000ull;
    in.sp = 0x1000;
    run_ok("addsub_imm", SEQ(c_addsub_imm));
    CHECK_EQ(out.x[1], 0x100000123ull);
    CHECK_EQ(out.x[3], 0x100001000ull);
    CHECK_EQ(out.x[4], 0xffffffffull);
    CHECK_EQ(out.x[5], 0x1010);
    CHECK_EQ(out.sp, 0x1020);
    CHECK_EQ(out.x[6], 0x100000000ull - 0xfff000ull);
    CHECK_EQ(out.icount, 6 + 1);   /* and the final b . */
}

static void test_flags(void)
{
    for (int it = 0; it < 300; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = pick(), b = pick(), c = pick(), e = pick();
        in.x[2] = a, in.x[3] = b, in.x[5] = c, in.x[6] = e;
        in.x[21] = rnd() & 0xf0000000u;
        in.nzcv = (rnd() & 0xf) << 28;
        run_ok("flags", SEQ(c_flags));
        uint64_t f, g, r;
        r = awc(a, b, 0, 64, &f);
        CHECK(out.x[1] == r && out.x[10] == f,
              "adds %#" PRIx64 " + %#" PRIx64 ": %#" PRIx64 " nzcv %#" PRIx64 ", expected %#" PRIx64
              " %#" PRIx64,
              a, b, out.x[1], out.x[10], r, f);
        r = awc(c, ~e, 1, 32, &g);
        CHECK(out.x[4] == r && out.x[11] == g,
              "subs w %#" PRIx64 " - %#" PRIx64 ": %#" PRIx64 " nzcv %#" PRIx64
              ", expected %#" PRIx64 " %#" PRIx64,
              c, e, out.x[4], out.x[11], r, g);
        r = awc(a, b, (g >> 29) & 1, 64, &f);
        CHECK(out.x[7] == r && out.x[12] == f, "adcs %#" PRIx64 " %#" PRIx64, a, b);
        r = awc(c, ~e, (f >> 29) & 1, 32, &g);
        CHECK(out.x[8] == r && out.x[13] == g, "sbcs w %#" PRIx64 " %#" PRIx64, c, e);
        awc(a, 1, 0, 64, &f);
        CHECK_EQ(out.x[14], f);
        CHECK_EQ(out.x[15], awc(c, e, (f >> 29) & 1, 32, &g));
        CHECK_EQ(out.x[16], awc(a, ~b, (f >> 29) & 1, 64, &g));
        r = awc(a, ~b, 1, 64, &f);
        CHECK(out.x[17] == r && out.x[18] == f, "subs x %#" PRIx64 " - %#" PRIx64, a, b);
        r = awc(c, e, 0, 32, &f);
        CHECK(out.x[19] == r && out.x[20] == f, "adds w %#" PRIx64 " + %#" PRIx64, c, e);
        CHECK_EQ(out.x[22], in.x[21]);
        r = awc(c, e, (in.x[21] >> 29) & 1, 32, &f);
        CHECK(out.x[23] == r && out.x[24] == f, "adcs w %#" PRIx64 " %#" PRIx64, c, e);
        CHECK_EQ(out.nzcv, f);
    }
}

static void test_logic_imm(void)
{
    memset(&in, 0, sizeof in);
    in.x[2] = 0x8123456789abcdefull;
    run_ok("logic_imm", SEQ(c_logic_imm));
    uint64_t a = in.x[2];
    CHECK_EQ(out.x[1], a & 0xff00ff00ff00ff00ull);
    CHECK_EQ(out.x[3], (a | 0x3c) & 0xffffffffull);
    CHECK_EQ(out.x[4], a ^ 0x5555555555555555ull);
    CHECK_EQ(out.x[5], 0x8000000000000000ull);
    CHECK_EQ(out.x[10], 0x80000000ull);          /* N */
    CHECK_EQ(out.x[11], 0x00000000ull);          /* bit 0 of w2 is set: not Z */
    CHECK_EQ(out.x[6], 0x7ffffffffffffffeull);
    CHECK_EQ(out.x[7], a & 0xfffffffeull);
    CHECK_EQ(out.x[8], a ^ 0xe00000000000001full);
    CHECK_EQ(out.sp, a | 0xf0);
}

/* Every (N, imms, immr) against the definition: a valid logical immediate is a run of 1..e-1
   ones rotated within an element of e = 2..64 bits, replicated; there are 5334 of them, each
   with one encoding whose immr is below e. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_bit_masks(void)
{
    static uint64_t vals[2 * 64 * 64];
    int valid = 0;
    bool ok = true;
    for (unsigned n = 0; n < 2; n++)
        for (unsigned imms = 0; imms < 64; imms++)
            for (unsigned immr = 0; immr < 64; immr++) {
                uint64_t w, t;
                bool got = a64_decode_bit_masks(n, imms, immr, true, 64, &w, &t);
                /* The definition: element size from the highest set bit of N:NOT(imms). */
                unsigned e = 0;
                for (unsigned k = 6; k >= 1; k--)
                    if (((n << 6) | (~imms & 0x3f)) & (1u << k)) {
                        e = 1u << k;
                        break;
                    }
                unsigned ones = e ? (imms & (e - 1)) + 1 : 0;
                bool want = e && ones < e;
                if (got != want) {
                    ok = false;
                    continue;
                }
                if (!got)
                    continue;
                vals[valid++] = w;
                uint64_t elem = ones >= 64 ? ~0ull : (1ull << ones) - 1;
                elem = ror(elem, immr & (e - 1), (int)e);
                uint64_t v = 0;
                for (unsigned p = 0; p < 64; p += e)
                    v |= elem << p;
                if (v != w)
                    ok = false;
                if (n == 0 && e <= 32) {   /* the same encoding for 32 bits */
                    uint64_t w32, t32;
                    if (!a64_decode_bit_masks(n, imms, immr, true, 32, &w32, &t32) ||
                        w32 != (v & 0xffffffffull))
                        ok = false;
                }
            }
    CHECK(ok, "DecodeBitMasks disagrees with the definition");
    /* immr bits above the element size do not count: several encodings, one value */
    qsort(vals, (size_t)valid, sizeof vals[0], cmp_u64);
    int distinct = valid > 0;
    for (int k = 1; k < valid; k++)
        distinct += vals[k] != vals[k - 1];
    CHECK(distinct == 5334, "%d distinct logical immediates, expected 5334", distinct);
    uint64_t w, t;
    CHECK(!a64_decode_bit_masks(1, 0, 0, true, 32, &w, &t), "N=1 is reserved for 32 bits");
    /* UBFM x, x, #4, #11 (UBFX #4, #8): wmask = ROR(ones(12), 4), tmask = ones(8). */
    CHECK(a64_decode_bit_masks(1, 11, 4, false, 64, &w, &t) && w == 0xf0000000000000ffull &&
          t == 0xff, "bitfield masks %#" PRIx64 " %#" PRIx64, w, t);
}

static void test_movw(void)
{
    memset(&in, 0, sizeof in);
    in.x[3] = 0x1111222233334444ull;
    in.x[6] = 0xaaaabbbbccccddddull;
    run_ok("movw", SEQ(c_movw));
    CHECK_EQ(out.x[1], 0x1234000000000000ull);
    CHECK_EQ(out.x[2], 0xfffffffaull);
    CHECK_EQ(out.x[3], 0x11112222beef4444ull);
    CHECK_EQ(out.x[4], ~0ull);
    CHECK_EQ(out.x[5], 0xffff0000ull);
    CHECK_EQ(out.x[6], 0xcccc1234ull);
    CHECK_EQ(out.x[7], ~0x800000000000ull);
    uint64_t pc8 = A64R_CODE_BASE + 7 * 4;
    CHECK_EQ(out.x[8], pc8);
    CHECK_EQ(out.x[9], (pc8 + 4) & ~0xfffull);
    CHECK_EQ(out.x[10], pc8 + 8 + 0x1234);
    CHECK_EQ(out.x[11], ((pc8 + 12) & ~0xfffull) - 0x3000);
}

static uint64_t ubfx(uint64_t v, unsigned lsb, unsigned w) {
    return (v >> lsb) & ((1ull << w) - 1);
}
static uint64_t sbfx(uint64_t v, unsigned lsb, unsigned w)
{
    return (uint64_t)((int64_t)(v << (64 - lsb - w)) >> (64 - w));
}

static void test_bitfield(void)
{
    for (int it = 0; it < 100; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = pick(), x4 = pick(), x9 = pick(), x13 = pick(), x17 = pick();
        in.x[2] = a, in.x[4] = x4, in.x[9] = x9, in.x[13] = x13, in.x[17] = x17;
        run_ok("bitfield", SEQ(c_bitfield));
        uint32_t w = (uint32_t)a;
        CHECK_EQ(out.x[1], ubfx(a, 4, 8));
        CHECK_EQ(out.x[3], sbfx(a, 60, 4));
        CHECK_EQ(out.x[4], (x4 & ~0xffff00ull) | ((a & 0xffff) << 8));
        CHECK_EQ(out.x[5], (uint32_t)(w << 3));
        CHECK_EQ(out.x[6], (uint64_t)((int64_t)a >> 7));
        CHECK_EQ(out.x[7], (uint64_t)(int64_t)(int32_t)w);
        CHECK_EQ(out.x[8], w & 0xff);
        CHECK_EQ(out.x[9], ((uint32_t)x9 & ~0xfu) | (w & 0xf));
        CHECK_EQ(out.x[10], w >> 31);
        CHECK_EQ(out.x[11], sbfx(a, 0, 5) << 3);
        CHECK_EQ(out.x[12], (x13 >> 12) | (a << 52));
        CHECK_EQ(out.x[14], (uint32_t)(((uint32_t)x13 >> 7) | (w << 25)));
        CHECK_EQ(out.x[15], ror(a, 13, 64));
        CHECK_EQ(out.x[16], (uint32_t)(int32_t)(int16_t)w);
        /* BFM x17, x2, #60, #3 = BFI x17, x2, #4, #4 */
        CHECK_EQ(out.x[17], (x17 & ~0xf0ull) | ((a & 0xf) << 4));
        /* SBFM w18, w2, #28, #3 = SBFIZ w18, w2, #4, #4 */
        CHECK_EQ(out.x[18], (uint32_t)(sbfx(w, 0, 4) << 4));
        CHECK_EQ(out.x[19], a);
    }
}

static uint64_t ext(uint64_t v, unsigned option, unsigned sh)
{
    static const int bits[4] = { 8, 16, 32, 64 };
    int b = bits[option & 3];
    uint64_t r = b == 64 ? v : (option & 4) ? (uint64_t)((int64_t)(v << (64 - b)) >> (64 - b))
                                            : v & ((1ull << b) - 1);
    return r << sh;
}

static void test_shifted(void)
{
    for (int it = 0; it < 100; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = pick(), b = pick(), sp = pick() & ~15ull;
        in.x[2] = a, in.x[3] = b, in.sp = sp;
        run_ok("shifted", SEQ(c_shifted));
        uint32_t wa = (uint32_t)a, wb = (uint32_t)b;
        uint64_t f;
        CHECK_EQ(out.x[1], a + (b << 4));
        CHECK_EQ(out.x[4], (uint32_t)(wa - (uint32_t)((int32_t)wb >> 3)));
        CHECK_EQ(out.x[5], a | ror(b, 17, 64));
        CHECK_EQ(out.x[6], wa & ~(wb >> 5));
        CHECK_EQ(out.x[7], a ^ ~b);
        CHECK_EQ(out.x[8], (uint32_t)(wa | ~(wb << 1)));
        CHECK_EQ(out.x[9], ~b);
        CHECK_EQ(out.x[10], a + ext(b, 6, 2));
        CHECK_EQ(out.x[11], sp - ext(b, 0, 1));
        CHECK_EQ(out.x[12], (uint32_t)(wa + (wb & 0xffff)));
        CHECK_EQ(out.x[14], (uint32_t)-(wb << 2));
        CHECK_EQ(out.x[15], wa & (uint32_t)ror(wb, 9, 32));
        uint64_t r16 = a & (uint64_t)((int64_t)b >> 63);
        CHECK_EQ(out.x[16], r16);
        CHECK_EQ(out.x[17], logic_nzcv(r16, 64));
        CHECK_EQ(out.x[18], sp + (b << 3));
        uint64_t r = awc(a, ~ext(b, 4, 0), 1, 64, &f);
        CHECK(out.x[19] == r && out.x[20] == f, "subs sxtb %#" PRIx64 " %#" PRIx64, a, b);
        CHECK_EQ(out.x[21], wa ^ (wb >> 31));
        CHECK_EQ(out.sp, a + ((uint64_t)wb << 4));
    }
}

static void test_csel(void)
{
    for (int it = 0; it < 300; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = pick(), b = rnd() % 4 ? pick() : a;
        in.x[2] = a, in.x[3] = b;
        run_ok("csel", SEQ(c_csel));
        uint64_t f, g;
        awc(a, ~b, 1, 64, &f);
        uint32_t wa = (uint32_t)a, wb = (uint32_t)b;
        CHECK_EQ(out.x[1], cond_holds(11, f) ? a : b);
        CHECK_EQ(out.x[4], cond_holds(0, f) ? a : b + 1);
        CHECK_EQ(out.x[5], cond_holds(8, f) ? wa : (uint32_t)~wb);
        CHECK_EQ(out.x[6], cond_holds(10, f) ? a : -b);
        CHECK_EQ(out.x[7], cond_holds(12, f));
        CHECK_EQ(out.x[8], cond_holds(9, f) ? 0xffffffffull : 0);
        CHECK_EQ(out.x[9], cond_holds(4, f) ? a + 1 : a);
        static const int cs[8] = { 6, 2, 5, 13, 7, 3, 14, 15 };
        for (int k = 0; k < 8; k++)
            CHECK(out.x[10 + k] == (cond_holds((unsigned)cs[k], f) ? a : b),
                  "csel cond %d nzcv %#" PRIx64, cs[k], f);
        /* ccmp x2, x3, #4, ne */
        g = cond_holds(1, f) ? f : 0x40000000;
        if (cond_holds(1, f))
            awc(a, ~b, 1, 64, &g);
        CHECK_EQ(out.x[18], g);
        /* ccmn w2, #5, #0xa, eq */
        f = g;
        if (cond_holds(0, f))
            awc(wa, 5, 0, 32, &g);
        else
            g = 0xa0000000;
        CHECK_EQ(out.x[19], g);
        /* ccmp w2, w3, #0xf, hi */
        f = g;
        if (cond_holds(8, f))
            awc(wa, ~wb, 1, 32, &g);
        else
            g = 0xf0000000;
        CHECK_EQ(out.x[20], g);
    }
}

static uint64_t rbit(uint64_t v, int bits)
{
    uint64_t r = 0;
    for (int k = 0; k < bits; k++)
        if ((v >> k) & 1)
            r |= 1ull << (bits - 1 - k);
    return r;
}
static uint64_t clz(uint64_t v, int bits)
{
    int n = 0;
    for (int k = bits - 1; k >= 0 && !((v >> k) & 1); k--)
        n++;
    return (uint64_t)n;
}
static uint64_t cls(uint64_t v, int bits)
{
    int n = 0, s = (int)((v >> (bits - 1)) & 1);
    for (int k = bits - 2; k >= 0 && (int)((v >> k) & 1) == s; k--)
        n++;
    return (uint64_t)n;
}
static uint64_t bswap_bytes(uint64_t v, int from, int len)   /* reverse bytes [from, from+len) */
{
    uint64_t r = v;
    for (int k = 0; k < len; k++) {
        uint64_t byte = (v >> (8 * (from + k))) & 0xff;
        r &= ~(0xffull << (8 * (from + len - 1 - k)));
        r |= byte << (8 * (from + len - 1 - k));
    }
    return r;
}

static void test_dp(void)
{
    for (int it = 0; it < 300; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = pick(), b = rnd() % 8 ? pick() : 0, c = pick();
        if (rnd() % 8 == 0)
            b = ~0ull;
        in.x[2] = a, in.x[3] = b, in.x[20] = c;
        run_ok("dp", SEQ(c_dp));
        uint32_t wa = (uint32_t)a, wb = (uint32_t)b;
        CHECK_EQ(out.x[1], rbit(a, 64));
        CHECK_EQ(out.x[0], rbit(wa, 32));
        uint64_t r16 = a;
        for (int k = 0; k < 8; k += 2)
            r16 = bswap_bytes(r16, k, 2);
        CHECK_EQ(out.x[4], r16);
        CHECK_EQ(out.x[5], bswap_bytes(bswap_bytes(a, 0, 4), 4, 4));
        CHECK_EQ(out.x[6], bswap_bytes(a, 0, 8));
        CHECK_EQ(out.x[7], bswap_bytes(wa, 0, 4));
        CHECK_EQ(out.x[8], clz(a, 64));
        CHECK_EQ(out.x[9], clz(wa, 32));
        CHECK_EQ(out.x[10], cls(a, 64));
        CHECK_EQ(out.x[11], cls(wa, 32));
        CHECK_EQ(out.x[12], b ? a / b : 0);
        int32_t sa = (int32_t)wa, sb = (int32_t)wb;
        uint32_t q = sb == 0 ? 0 : (sa == INT32_MIN && sb == -1) ? (uint32_t)INT32_MIN
                                                                  : (uint32_t)(sa / sb);
        CHECK_EQ(out.x[13], q);
        CHECK_EQ(out.x[14], a << (b & 63));
        CHECK_EQ(out.x[15], wa >> (wb & 31));
        CHECK_EQ(out.x[16], (uint32_t)(sa >> (wb & 31)));
        CHECK_EQ(out.x[17], ror(a, b & 63, 64));
        CHECK_EQ(out.x[18], ror(wa, wb & 31, 32));
        CHECK_EQ(out.x[19], c + a * b);
        CHECK_EQ(out.x[21], (uint32_t)((uint32_t)c - wa * wb));
        CHECK_EQ(out.x[22], c + (uint64_t)((int64_t)sa * sb));
        CHECK_EQ(out.x[23], c - (uint64_t)wa * wb);
        CHECK_EQ(out.x[24], (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64));
        CHECK_EQ(out.x[25], (uint64_t)(((unsigned __int128)a * b) >> 64));
        int64_t s64 = (int64_t)a, d64 = (int64_t)b;
        CHECK_EQ(out.x[26], d64 == 0                          ? 0
                            : (s64 == INT64_MIN && d64 == -1) ? a
                                                              : (uint64_t)(s64 / d64));
        CHECK_EQ(out.x[27], wb ? wa / wb : 0);
        CHECK_EQ(out.x[28], (uint64_t)(s64 >> (b & 63)));
        CHECK_EQ(out.x[29], bswap_bytes(bswap_bytes(wa, 0, 2), 2, 2));
    }
}

static int index_of(const uint32_t *code, int n, uint32_t insn)
{
    for (int k = 0; k < n; k++)
        if (code[k] == insn)
            return k;
    return -1;
}

static void test_branch(void)
{
    for (int it = 0; it < 64; it++) {
        memset(&in, 0, sizeof in);
        uint64_t a = (it & 1) ? 0 : (it & 2) ? 1ull << 40 : 0x100000000ull;
        uint64_t b = (it & 4) ? 8 : (it & 8) ? 0x8000000100000000ull : 0;
        in.x[2] = a, in.x[3] = b;
        in.nzcv = (uint64_t)(it >> 4) << 30;   /* N, Z: lt iff N != V */
        for (int k = 4; k <= 15; k++)
            in.x[k] = 0;
        in.x[1] = 0;
        /* the block size changes where blocks end, not the outcome */
        run("branch", SEQ(c_branch), 1 + it % 3);
        CHECK(out.end == A64R_DONE, "branch: end %d", out.end);
        uint64_t end = A64R_CODE_BASE + sizeof c_branch;
        CHECK_EQ(out.pc, end);
        CHECK_EQ(out.x[1], a == 0 ? 0 : 1);
        CHECK_EQ(out.x[4], (uint32_t)b != 0 ? 0 : 4);
        CHECK_EQ(out.x[5], (a >> 40) & 1 ? 5 : 0);
        CHECK_EQ(out.x[6], (b >> 3) & 1 ? 0 : 6);
        CHECK_EQ(out.x[7], cond_holds(11, in.nzcv) ? 0 : 7);
        CHECK_EQ(out.x[8], 0);
        CHECK_EQ(out.x[10], 0);
        CHECK_EQ(out.x[11], 0);
        CHECK_EQ(out.x[30],
                 A64R_CODE_BASE + 4 * (uint64_t)(index_of(SEQ(c_branch), 0xd63f0180) + 1));
        CHECK_EQ(out.x[13], 0);
        CHECK_EQ(out.x[14], a ? 0 : 14);
        CHECK_EQ(out.x[15], (b >> 63) ? 0 : 15);
    }
}

static uint64_t rd_data(uint64_t addr, unsigned size, const uint8_t *mem)
{
    uint64_t v = 0;
    memcpy(&v, mem + (addr - A64R_DATA_BASE), size);
    return v;
}
static uint64_t sext(uint64_t v, unsigned bytes)
{
    unsigned sh = 64 - 8 * bytes;
    return (uint64_t)((int64_t)(v << sh) >> sh);
}

static void test_ldst(void)
{
    const uint64_t B = A64R_DATA_BASE + 0x100, W = A64R_DATA_BASE + 0x800;
    const uint64_t X20 = A64R_DATA_BASE + 0x400, X22 = A64R_DATA_BASE + 0x600;
    const uint64_t SP = A64R_DATA_BASE + 0x200;
    memset(&in, 0, sizeof in);
    in.x[2] = B, in.x[20] = X20, in.x[21] = W, in.x[22] = X22, in.x[23] = 5;
    in.x[24] = (uint32_t)-3;
    in.sp = SP;
    run_ok("ldst", SEQ(c_ldst));
    const uint8_t *m = data_init;
    CHECK_EQ(out.x[1], rd_data(B, 8, m));
    CHECK_EQ(out.x[3], rd_data(B + 8, 4, m));
    CHECK_EQ(out.x[4], rd_data(B + 3, 1, m));
    CHECK_EQ(out.x[5], sext(rd_data(B + 0x81, 1, m), 1));
    CHECK_EQ(out.x[6], (uint32_t)sext(rd_data(B + 2, 2, m), 2));
    CHECK_EQ(out.x[7], sext(rd_data(B + 4, 4, m), 4));
    CHECK_EQ(out.x[8], rd_data(B - 3, 8, m));
    CHECK_EQ(out.x[9], rd_data(X20 + 16, 8, m));
    CHECK_EQ(out.x[10], rd_data(X20 + 16, 8, m));
    CHECK_EQ(out.x[20], X20 + 8);
    CHECK_EQ(out.x[12], rd_data(B + 16, 8, m));
    CHECK_EQ(out.x[13], rd_data(B + 24, 8, m));
    CHECK_EQ(out.x[14], sext(rd_data(B + 8, 4, m), 4));
    CHECK_EQ(out.x[15], sext(rd_data(B + 12, 4, m), 4));
    CHECK_EQ(out.x[16], rd_data(X22, 8, m));
    CHECK_EQ(out.x[17], rd_data(X22 + 8, 8, m));
    CHECK_EQ(out.x[18], rd_data(B + 40, 8, m));
    CHECK_EQ(out.x[19], rd_data(B - 3, 1, m));
    CHECK_EQ(out.x[25], rd_data(B - 12, 4, m));
    CHECK_EQ(out.x[26], 0x0123456789abcdefull);
    CHECK_EQ(out.x[27], 0x89abcdefull);
    CHECK_EQ(out.x[28], 0xffffffff89abcdefull);
    CHECK_EQ(out.x[29], rd_data(B + 8, 8, m));
    CHECK_EQ(out.x[30], rd_data(SP + 8, 8, m));
    CHECK_EQ(out.x[11], rd_data(B - 8, 4, m));
    CHECK_EQ(out.x[0], rd_data(B - 4, 4, m));
    CHECK_EQ(out.x[23], sext(rd_data(B + 0xfe, 2, m), 2));
    CHECK_EQ(out.x[24], (uint32_t)sext(rd_data(B + 0x90, 1, m), 1));
    CHECK_EQ(out.x[22], X22 + 16 - 2);
    CHECK_EQ(out.x[21], W - 16);
    /* stores, in order */
    uint8_t e[A64R_DATA_SIZE];
    memcpy(e, data_init, sizeof e);
#define ST(addr, v, n)                                                                             \
    do {                                                                                           \
        uint64_t v_ = (v);                                                                         \
        memcpy(e + ((addr)-A64R_DATA_BASE), &v_, n);                                               \
    } while (0)
    ST(W + 8, out.x[1], 8);
    ST(W + 1, out.x[4], 1);
    ST(W + 2, out.x[6], 2);
    ST(W + 4, out.x[3], 4);
    ST(W - 7, out.x[7], 8);
    ST(W + 32, out.x[1], 8);
    ST(W + 40, out.x[3], 8);
    ST(W - 16, out.x[4], 4);
    ST(W - 12, out.x[5], 4);
    ST(W - 16 + 48, 0, 8);
    ST(X22 + 16 - 2, out.x[1], 2);
    ST(W - 16 + 64, out.x[1], 8);
    ST(W - 16 + 72, B, 8);
#undef ST
    CHECK(memcmp(e, data_out, sizeof e) == 0, "ldst: memory after the stores");
    for (size_t k = 0; k < sizeof e; k++)
        if (e[k] != data_out[k]) {
            printf("  first difference at %#zx: %#x, expected %#x\n", k, data_out[k], e[k]);
            break;
        }
}

static void test_atomic(void)
{
    const uint64_t B = A64R_DATA_BASE + 0x300, C = B + 16;
    for (int it = 0; it < 64; it++) {
        memset(&in, 0, sizeof in);
        for (int r = 0; r < 31; r++)
            in.x[r] = pick();
        in.x[2] = B, in.x[12] = C;
        uint8_t m[32];
        memcpy(m, data_init + (B - A64R_DATA_BASE), sizeof m);
        in.x[23] = (it & 1) ? in.x[4] : in.x[4] ^ 1;  /* CAS x succeeds or fails */
        if (it & 2) {   /* LDSMAXH and LDUMIN keep the byte SWPB wrote: CASB succeeds */
            in.x[19] = 0x8000;
            in.x[21] = ~0ull;
            in.x[25] = in.x[17] & 0xff;
        }
        run_ok("atomic", SEQ(c_atomic));
        const uint64_t *x = in.x;
        uint64_t v, old;
#define LD(off, n) (v = 0, memcpy(&v, m + (off), n), v)
#define ST(off, val, n) do { uint64_t t_ = (val); memcpy(m + (off), &t_, n); } while (0)
        CHECK_EQ(out.x[1], LD(0, 8));
        ST(0, x[4], 8);
        CHECK_EQ(out.x[3], 0);
        CHECK_EQ(out.x[5], 1);
        CHECK_EQ(out.x[7], (uint32_t)x[4]);
        CHECK_EQ(out.x[8], 1);
        CHECK_EQ(out.x[10], x[4]);
        ST(16, x[11], 4);
        old = LD(16, 8);
        CHECK_EQ(out.x[14], old);
        ST(16, old + x[13], 8);
        old = LD(16, 4);
        CHECK_EQ(out.x[16], old);
        ST(16, old & ~(uint32_t)x[15], 4);
        CHECK_EQ(out.x[18], LD(16, 1));
        ST(16, x[17], 1);
        old = LD(16, 2);
        CHECK_EQ(out.x[20], old);
        ST(16, (int16_t)old > (int16_t)x[19] ? old : x[19], 2);
        old = LD(16, 8);
        CHECK_EQ(out.x[22], old);
        ST(16, old < x[21] ? old : x[21], 8);
        old = LD(0, 8);
        CHECK_EQ(out.x[23], old);
        if (old == x[23])
            ST(0, x[24], 8);
        CHECK(((it & 1) != 0) == (old == x[23]), "cas outcome");
        old = LD(16, 1);
        CHECK_EQ(out.x[25], old);
        CHECK(!(it & 2) || old == (x[25] & 0xff), "casb outcome");
        if (old == (x[25] & 0xff))
            ST(16, x[26], 1);
        CHECK_EQ(out.x[27], LD(0, 8));
        ST(16, LD(16, 4) + x[13], 4);
        CHECK_EQ(out.x[28], LD(0, 1));
        CHECK_EQ(out.x[29], 1);              /* stxrh after ldxrb: another size fails */
        CHECK(memcmp(m, data_out + (B - A64R_DATA_BASE), sizeof m) == 0, "atomic: memory");
#undef LD
#undef ST
    }
}

static void test_xpair(void)
{
    const uint64_t A = A64R_DATA_BASE + 0x500;
    memset(&in, 0, sizeof in);
    in.x[3] = A;
    in.x[5] = 0x1111111122222222ull, in.x[6] = 0x3333333344444444ull;
    in.x[10] = 0xaaaaaaaa5555aaaaull, in.x[11] = 0xbbbbbbbb6666bbbbull;
    run_ok("xpair", SEQ(c_xpair));
    uint64_t lo, hi;
    memcpy(&lo, data_init + 0x500, 8);
    memcpy(&hi, data_init + 0x508, 8);
    CHECK_EQ(out.x[1], lo);
    CHECK_EQ(out.x[2], hi);
    CHECK_EQ(out.x[4], 0);                          /* stored */
    CHECK_EQ(out.x[7], (uint32_t)in.x[5]);
    CHECK_EQ(out.x[8], in.x[5] >> 32);
    CHECK_EQ(out.x[9], 0);                          /* a 32-bit pair: one doubleword */
    CHECK_EQ(out.x[12], 1);                         /* the monitor is open again */
    CHECK_EQ(out.x[13], (uint64_t)(uint32_t)in.x[10] | (uint64_t)(uint32_t)in.x[11] << 32);
    CHECK_EQ(out.x[14], in.x[6]);
}

static void test_casp(void)
{
    const uint64_t A = A64R_DATA_BASE + 0x600;
    uint64_t lo, hi;
    memcpy(&lo, data_init + 0x600, 8);
    memcpy(&hi, data_init + 0x608, 8);
    memset(&in, 0, sizeof in);
    in.x[0] = lo, in.x[1] = hi;                     /* matches: swapped in */
    in.x[2] = 0x0123456789abcdefull, in.x[3] = 0xfedcba9876543210ull;
    in.x[4] = A;
    in.x[6] = lo, in.x[7] = ~hi;                    /* does not match */
    in.x[8] = 1, in.x[9] = 2;
    in.x[10] = 0x89abcdef, in.x[11] = 0x01234567;   /* the low doubleword, as two words */
    in.x[12] = 0x5555, in.x[13] = 0x6666;
    run_ok("casp", SEQ(c_casp));
    CHECK_EQ(out.x[0], lo);
    CHECK_EQ(out.x[1], hi);
    CHECK_EQ(out.x[6], in.x[2]);
    CHECK_EQ(out.x[7], in.x[3]);
    CHECK_EQ(out.x[10], 0x89abcdef);
    CHECK_EQ(out.x[11], 0x01234567);
    CHECK_EQ(out.x[14], 0x0000666600005555ull);
    CHECK_EQ(out.x[15], in.x[3]);
}

/* Bitwise CRC-32 (reflected) for the reference. */
static uint32_t crc_ref(uint32_t crc, uint64_t v, int bytes, uint32_t poly)
{
    for (int i = 0; i < bytes; i++)
        for (int k = 0; k < 8; k++) {
            unsigned bit = (unsigned)(v >> (8 * i + k)) & 1;
            crc = ((crc ^ bit) & 1) ? (crc >> 1) ^ poly : crc >> 1;
        }
    return crc;
}

static void test_misc(void)
{
    memset(&in, 0, sizeof in);
    in.x[2] = 0xffffffff;
    memcpy(&in.x[3], "12345678", 8);
    in.x[4] = '9';
    in.x[8] = 0x1234567890abcdefull;
    in.nzcv = 0x20000000;   /* C */
    R.cpu->tpidrro_el0 = 0x7777;
    run_ok("misc", SEQ(c_misc));
    CHECK_EQ(out.x[1], 0xcbf43926);          /* the CRC-32 check value of "123456789" */
    CHECK_EQ(out.x[5], 0xe3069283);          /* CRC-32C's */
    CHECK_EQ(out.x[6], crc_ref(0xffffffff, '9', 2, 0xedb88320));
    CHECK_EQ(out.x[7], crc_ref(0xffffffff, in.x[3], 4, 0x82f63b78));
    CHECK_EQ(out.x[9], in.x[8]);
    CHECK_EQ(out.x[10], 0x7777);
    CHECK_EQ(out.x[11], 0);
    CHECK_EQ(out.x[12], 0x20000000);
}

/* Random words, mostly in the groups the front end decodes, each run alone from random
   registers on both backends: nothing may crash or produce invalid IR, and the interpreter
   and the JIT must agree (registers, NZCV, pc, memory, how the run ended). */
static void test_fuzz(void)
{
    static const uint32_t groups[] = { 0x10000000, 0x12000000, 0x0a000000, 0x1a000000,
                                       0x08000000, 0x18000000, 0x28000000, 0x38000000,
                                       0x14000000, 0x54000000, 0xd4000000 };
    int n = 0, undef = 0, bad = 0;
    for (int it = 0; it < 20000; it++) {
        uint32_t w = (uint32_t)rnd();
        if (it % 8)   /* keep the group bits 28:25 and bit 31..29/26 of a decoded group */
            w = (w & ~0x1e000000u) | (groups[rnd() % (sizeof groups / sizeof groups[0])] &
                                      0x1e000000u);
        ArchState st[2];
        uint8_t mem[2][256];
        memset(st, 0, sizeof st);   /* memcmp below: no stray padding bytes */
        for (int r = 0; r < 31; r++)
            in.x[r] = rnd() % 4 ? pick() : A64R_DATA_BASE + (rnd() & 0xff8);
        in.sp = A64R_DATA_BASE + 0x800;
        in.nzcv = (rnd() & 0xf) << 28;
        for (int k = 0; k < 2; k++) {
            memset(R.code, 0, A64R_CODE_SIZE);
            a64r_load_code(&R, A64R_CODE_BASE, &w, 1);
            memcpy(R.cpu->x, in.x, sizeof in.x);
            R.cpu->sp = in.sp;
            arm_set_nzcv(R.cpu, in.nzcv);
            R.cpu->excl_addr = ARM_EXCL_NONE;
            R.cpu->c.pc = A64R_CODE_BASE;
            R.cpu->c.insn_count = 0;
            memcpy(R.data, data_init, A64R_DATA_SIZE);
            st[k].end = R.be[k] ? a64r_run(&R, k, A64R_CODE_BASE + 4, 4, ARM_MMU_EL1, 1) : 0;
            get_state(&st[k]);
            memcpy(mem[k], R.data, sizeof mem[k]);
        }
        bad += st[0].end == A64R_BAD_IR;
        undef += st[0].end == A64R_UNDEF;
        n++;
        if (R.be[1] && (memcmp(&st[0], &st[1], sizeof st[0]) || memcmp(mem[0], mem[1], 256))) {
            char text[96];
            arm_disas(A64R_CODE_BASE, w, text, sizeof text);
            CHECK(0, "fuzz %08x (%s): interpreter and JIT disagree (end %d/%d)", w, text,
                  st[0].end, st[1].end);
        }
    }
    CHECK(bad == 0, "fuzz: %d words gave invalid IR", bad);
    printf("fuzz: %d random words, %d undefined here\n", n, undef);
}

/* An unallocated encoding stops before it (nothing of it retires); memory faults likewise. */
static void test_undef_fault(void)
{
    static const uint32_t undef[] = {
        0x91000441,   /* add x1, x2, #1 */
        0x00000000,   /* udf #0 */
        0x91000442,   /* add x2, x2, #1 */
    };
    static const uint32_t reserved[] = {
        0x92400441,   /* and x1, x2, #3 */
        0x12400441,   /* and w1, w2 with N=1: reserved */
    };
    static const uint32_t fault[] = {
        0x91000441,   /* add x1, x2, #1 */
        0xf9400043,   /* ldr x3, [x2] */
    };
    memset(&in, 0, sizeof in);
    in.x[2] = 7;
    run("undef", SEQ(undef), 512);
    CHECK(out.end == A64R_UNDEF, "udf: end %d", out.end);
    CHECK_EQ(out.pc, A64R_CODE_BASE + 4);
    CHECK_EQ(out.x[1], 8);
    CHECK_EQ(out.x[2], 7);
    CHECK_EQ(out.icount, 1);
    CHECK_EQ(R.cpu->syndrome, 0);
    run("reserved", SEQ(reserved), 512);
    CHECK(out.end == A64R_UNDEF, "reserved: end %d", out.end);
    CHECK_EQ(out.pc, A64R_CODE_BASE + 4);
    CHECK_EQ(R.cpu->syndrome, 0x12400441);
    static const uint32_t misaligned[] = {
        0x50000041,   /* adr x1, .+10 */
        0xd61f0020,   /* br x1 */
    };
    run("misaligned", SEQ(misaligned), 512);
    CHECK(out.end == A64R_FAULT && R.cpu->exception == ARM_EXCP_PC_ALIGN,
          "br to pc+10: end %d exception %" PRIu64, out.end, R.cpu->exception);
    CHECK_EQ(out.pc, A64R_CODE_BASE + 10);
    CHECK_EQ(R.cpu->syndrome, A64R_CODE_BASE + 10);
    CHECK_EQ(out.icount, 2);
    in.x[2] = 0x1000;   /* not RAM */
    run("fault", SEQ(fault), 512);
    CHECK(out.end == A64R_FAULT, "fault: end %d", out.end);
    CHECK_EQ(out.pc, A64R_CODE_BASE + 4);
    CHECK_EQ(out.x[1], 0x1001);
    CHECK_EQ(a64r_fault_addr, 0x1000);
}

static void test_disas(void)
{
    char buf[96];
    CHECK(arm_disas(0x1000, 0x91048c41, buf, sizeof buf) == 4 &&
          strcmp(buf, "add\tx1, x2, #0x123") == 0, "disas: '%s'", buf);
    CHECK(arm_disas(0x1000, 0x17ffffff, buf, sizeof buf) == 4 && strstr(buf, "0xffc"),
          "disas of a branch shows its target: '%s'", buf);
}

int main(void)
{
    if (!a64r_init(&R)) {
        printf("a64 runner: setup failed\n");
        return 1;
    }
    if (!R.be[1])
        printf("note: no x86-64 JIT on this host, interpreter only\n");
    for (size_t k = 0; k < sizeof data_init; k++)
        data_init[k] = (uint8_t)(k * 7 + 3 + (k >> 8));
    test_addsub_imm();
    test_flags();
    test_logic_imm();
    test_bit_masks();
    test_movw();
    test_bitfield();
    test_shifted();
    test_csel();
    test_dp();
    test_branch();
    test_ldst();
    test_atomic();
    test_misc();
    test_xpair();
    test_casp();
    test_fuzz();
    test_undef_fault();
    test_disas();
    printf("%d passed, %d failed\n", checks - failures, failures);
    a64r_free(&R);
    return failures ? 1 : 0;
}
