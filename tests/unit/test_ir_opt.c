/* SPDX-License-Identifier: MIT */
/* Tests of the reference op semantics (ir_eval.c, against values worked out by hand from the
   RISC-V M/B extension definitions), of each optimizer rewrite (ir_opt.c), and a randomized
   property test: random blocks give the same guest state before and after ir_optimize when
   run through the IR interpreter. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate/backend.h"
#include "translate/ir.h"
#include "translate/ir_eval.h"
#include "translate/tb.h"

static int n_pass, n_fail;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond)                                                                \
            n_pass++;                                                            \
        else {                                                                   \
            n_fail++;                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)
#define CHECK_EQ(a, b)                                                           \
    do {                                                                         \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
        if (a_ == b_)                                                            \
            n_pass++;                                                            \
        else {                                                                   \
            n_fail++;                                                            \
            fprintf(stderr, "%s:%d: %s = %#llx, expected %#llx\n", __FILE__, __LINE__, #a, \
                    a_, b_);                                                     \
        }                                                                        \
    } while (0)

#define NG 8
typedef struct TestCpu {
    CPUCommon c;
    uint64_t r[NG];
    uint64_t scratch;
} TestCpu;

static IrGlobalDesc globals[NG];
static const char *const gnames[NG] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
static TestCpu *cpu;
static Backend *be;

static IrVal G(int i) { return (IrVal)i; }
#define OFF_R(i) ((int64_t)(offsetof(TestCpu, r) + 8 * (size_t)(i)))

static void block_start(IrBlock *b, uint64_t pc) {
    ir_block_reset(b, globals, NG, pc);
    ir_insn_start(b, pc);
}

static const char *validate_or_dump(const IrBlock *b) {
    const char *err = ir_validate(b);
    if (err) {
        fprintf(stderr, "invalid block: %s\n", err);
        ir_dump(b, stderr);
    }
    return err;
}

/* ================= ir_eval_alu against hand-computed values ================= */

#define MIN64 0x8000000000000000ull
#define ONES 0xffffffffffffffffull

typedef struct EvalCase {
    IrOpc opc;
    IrCond cond;
    uint64_t a, b, c, d, want;
} EvalCase;

static const EvalCase eval_cases[] = {
    {IR_mov, 0, 0x1234, 0, 0, 0, 0x1234},
    {IR_add, 0, ONES, 1, 0, 0, 0},
    {IR_add, 0, 0x7fffffffffffffffull, 1, 0, 0, MIN64},
    {IR_sub, 0, 0, 1, 0, 0, ONES},
    {IR_sub, 0, MIN64, 1, 0, 0, 0x7fffffffffffffffull},
    {IR_and, 0, 0xf0f0, 0xff00, 0, 0, 0xf000},
    {IR_or, 0, 0xf0f0, 0x0f00, 0, 0, 0xfff0},
    {IR_xor, 0, 0xff, 0x0f, 0, 0, 0xf0},
    {IR_andn, 0, 0xff, 0x0f, 0, 0, 0xf0},
    {IR_shl, 0, 1, 70, 0, 0, 0x40},
    {IR_shl, 0, 1, 63, 0, 0, MIN64},
    {IR_shr, 0, MIN64, 64, 0, 0, MIN64},
    {IR_shr, 0, MIN64, 4, 0, 0, 0x0800000000000000ull},
    {IR_sar, 0, MIN64, 4, 0, 0, 0xf800000000000000ull},
    {IR_sar, 0, 0x4000000000000000ull, 62, 0, 0, 1},
    {IR_rotl, 0, 0x8000000000000001ull, 1, 0, 0, 3},
    {IR_rotl, 0, 0x8000000000000001ull, 0, 0, 0, 0x8000000000000001ull},
    {IR_rotl, 0, 0x8000000000000001ull, 64, 0, 0, 0x8000000000000001ull},
    {IR_rotl, 0, 0x0123456789abcdefull, 8, 0, 0, 0x23456789abcdef01ull},
    {IR_rotr, 0, 3, 1, 0, 0, 0x8000000000000001ull},
    {IR_rotr, 0, 0x0123456789abcdefull, 68, 0, 0, 0xf0123456789abcdeull},
    {IR_mul, 0, 0x100000000ull, 0x100000000ull, 0, 0, 0},
    {IR_mul, 0, 3, ONES, 0, 0, 0xfffffffffffffffdull},
    {IR_mulh, 0, ONES, ONES, 0, 0, 0},
    {IR_mulh, 0, MIN64, MIN64, 0, 0, 0x4000000000000000ull},
    {IR_mulh, 0, (uint64_t)-2, 3, 0, 0, ONES},
    {IR_mulh, 0, 0x100000000ull, 0x100000000ull, 0, 0, 1},
    {IR_mulhu, 0, ONES, ONES, 0, 0, 0xfffffffffffffffeull},
    {IR_mulhu, 0, MIN64, 4, 0, 0, 2},
    {IR_mulhsu, 0, ONES, ONES, 0, 0, ONES},
    {IR_mulhsu, 0, 2, MIN64, 0, 0, 1},
    {IR_mulhsu, 0, MIN64, 2, 0, 0, ONES},
    {IR_mulhsu, 0, ONES, 1, 0, 0, ONES},
    {IR_div, 0, 7, 0, 0, 0, ONES},
    {IR_div, 0, MIN64, ONES, 0, 0, MIN64},
    {IR_div, 0, (uint64_t)-7, 2, 0, 0, (uint64_t)-3},
    {IR_div, 0, 7, (uint64_t)-2, 0, 0, (uint64_t)-3},
    {IR_divu, 0, 7, 0, 0, 0, ONES},
    {IR_divu, 0, ONES, 2, 0, 0, 0x7fffffffffffffffull},
    {IR_rem, 0, 7, 0, 0, 0, 7},
    {IR_rem, 0, MIN64, ONES, 0, 0, 0},
    {IR_rem, 0, (uint64_t)-7, 2, 0, 0, ONES},
    {IR_rem, 0, 7, (uint64_t)-2, 0, 0, 1},
    {IR_remu, 0, 7, 0, 0, 0, 7},
    {IR_remu, 0, ONES, 10, 0, 0, 5},
    {IR_divw, 0, 0x80000000ull, 0xffffffffull, 0, 0, 0xffffffff80000000ull},
    {IR_divw, 0, 7, 0, 0, 0, ONES},
    {IR_divw, 0, 0x100000007ull, 2, 0, 0, 3},
    {IR_divw, 0, 0xfffffff9ull, 0x500000002ull, 0, 0, (uint64_t)-3},
    {IR_divuw, 0, 0xfffffffeull, 1, 0, 0, 0xfffffffffffffffeull},
    {IR_divuw, 0, 5, 0x100000000ull, 0, 0, ONES},
    {IR_divuw, 0, 0x10000000aull, 3, 0, 0, 3},
    {IR_remw, 0, 7, 0, 0, 0, 7},
    {IR_remw, 0, 0x80000000ull, ONES, 0, 0, 0},
    {IR_remw, 0, 0xfffffff9ull, 2, 0, 0, ONES},
    {IR_remw, 0, 0x80000000ull, 0, 0, 0, 0xffffffff80000000ull},
    {IR_remw, 0, 0xffffffff00000005ull, 0, 0, 0, 5},
    {IR_remuw, 0, 0x80000000ull, 0, 0, 0, 0xffffffff80000000ull},
    {IR_remuw, 0, 0xffffffffull, 0x10, 0, 0, 0xf},
    {IR_divz, 0, 7, 0, 0, 0, 0},
    {IR_divz, 0, MIN64, ONES, 0, 0, MIN64},
    {IR_divz, 0, (uint64_t)-7, 2, 0, 0, (uint64_t)-3},
    {IR_divuz, 0, 7, 0, 0, 0, 0},
    {IR_divuz, 0, ONES, 10, 0, 0, ONES / 10},
    {IR_neg, 0, 1, 0, 0, 0, ONES},
    {IR_neg, 0, 0, 0, 0, 0, 0},
    {IR_neg, 0, MIN64, 0, 0, 0, MIN64},
    {IR_not, 0, 0, 0, 0, 0, ONES},
    {IR_ext8s, 0, 0x1ff, 0, 0, 0, ONES},
    {IR_ext8s, 0, 0x17f, 0, 0, 0, 0x7f},
    {IR_ext16s, 0, 0x18000, 0, 0, 0, 0xffffffffffff8000ull},
    {IR_ext32s, 0, 0x180000000ull, 0, 0, 0, 0xffffffff80000000ull},
    {IR_ext32s, 0, 0x7fffffff, 0, 0, 0, 0x7fffffff},
    {IR_ext8u, 0, 0xffff, 0, 0, 0, 0xff},
    {IR_ext16u, 0, 0xfffff, 0, 0, 0, 0xffff},
    {IR_ext32u, 0, ONES, 0, 0, 0, 0xffffffffull},
    {IR_clz, 0, 0, 0, 0, 0, 64},
    {IR_clz, 0, 1, 0, 0, 0, 63},
    {IR_clz, 0, MIN64, 0, 0, 0, 0},
    {IR_ctz, 0, 0, 0, 0, 0, 64},
    {IR_ctz, 0, 8, 0, 0, 0, 3},
    {IR_ctz, 0, MIN64, 0, 0, 0, 63},
    {IR_cpop, 0, 0, 0, 0, 0, 0},
    {IR_cpop, 0, ONES, 0, 0, 0, 64},
    {IR_cpop, 0, 0xf0f0, 0, 0, 0, 8},
    {IR_bswap, 0, 0x0102030405060708ull, 0, 0, 0, 0x0807060504030201ull},
    {IR_setcond, IR_EQ, 1, 1, 0, 0, 1},
    {IR_setcond, IR_NE, 1, 1, 0, 0, 0},
    {IR_setcond, IR_LT, ONES, 0, 0, 0, 1},
    {IR_setcond, IR_LTU, ONES, 0, 0, 0, 0},
    {IR_setcond, IR_GE, 0, ONES, 0, 0, 1},
    {IR_setcond, IR_GEU, 0, ONES, 0, 0, 0},
    {IR_setcond, IR_LE, 5, 5, 0, 0, 1},
    {IR_setcond, IR_GT, ONES, 0, 0, 0, 0},
    {IR_setcond, IR_LEU, 1, 2, 0, 0, 1},
    {IR_setcond, IR_GTU, ONES, 0, 0, 0, 1},
    {IR_movcond, IR_LT, ONES, 0, 10, 20, 10},
    {IR_movcond, IR_LTU, ONES, 0, 10, 20, 20},
    {IR_movcond, IR_EQ, 3, 3, 0x55, 0x66, 0x55},
};

static void test_eval(void) {
    bool covered[IR_NUM_OPS] = {false};
    for (size_t i = 0; i < sizeof eval_cases / sizeof eval_cases[0]; i++) {
        const EvalCase *t = &eval_cases[i];
        uint64_t got = ir_eval_alu(t->opc, t->cond, t->a, t->b, t->c, t->d);
        covered[t->opc] = true;
        if (got != t->want) {
            n_fail++;
            fprintf(stderr, "eval %s(%#llx, %#llx) = %#llx, want %#llx\n",
                    ir_op_defs[t->opc].name, (unsigned long long)t->a,
                    (unsigned long long)t->b, (unsigned long long)got,
                    (unsigned long long)t->want);
        } else {
            n_pass++;
        }
    }
    for (int op = 0; op < IR_NUM_OPS; op++) {
        CHECK_EQ(ir_op_is_pure((IrOpc)op), op >= IR_mov && op <= IR_movcond);
        if (ir_op_is_pure((IrOpc)op) && !covered[op]) {
            n_fail++;
            fprintf(stderr, "no eval case for %s\n", ir_op_defs[op].name);
        }
    }
    /* The inline condition code and the builder's ir_cond_eval must agree. */
    static const uint64_t v[] = {0, 1, 2, 0x7fffffffffffffffull, MIN64, ONES, ONES - 1};
    int bad = 0;
    for (int c = 0; c < IR_NUM_CONDS; c++)
        for (size_t i = 0; i < 7; i++)
            for (size_t j = 0; j < 7; j++) {
                bool x = ir_eval_cond((unsigned)c, v[i], v[j]);
                bad += x != ir_cond_eval((IrCond)c, v[i], v[j]);
                bad += x == ir_eval_cond(ir_cond_invert((IrCond)c), v[i], v[j]);
                bad += x != ir_eval_cond(ir_cond_swap((IrCond)c), v[j], v[i]);
            }
    CHECK_EQ(bad, 0);
}

/* ================= optimizer: specific rewrites ================= */

static int count_ops(const IrBlock *b, IrOpc opc) {
    int n = 0;
    for (int i = 0; i < b->n_ops; i++)
        n += b->ops[i].opc == opc;
    return n;
}

/* Ops other than insn_start. */
static int real_ops(const IrBlock *b) { return b->n_ops - count_ops(b, IR_insn_start); }

static const IrOp *last_writer(const IrBlock *b, IrVal g) {
    for (int i = b->n_ops - 1; i >= 0; i--)
        if (b->ops[i].out == g)
            return &b->ops[i];
    return NULL;
}

/* After optimizing, global r5 is written by exactly "mov r5, X" where X is the global
   want_glob, or a constant equal to want_const if want_glob < 0. */
static bool writes_mov(const IrBlock *b, int want_glob, uint64_t want_const) {
    const IrOp *op = last_writer(b, G(5));
    if (!op || op->opc != IR_mov)
        return false;
    if (want_glob >= 0)
        return op->in[0] == G(want_glob);
    return ir_is_const(b, op->in[0]) && (uint64_t)b->vals[op->in[0]].cval == want_const;
}

static void test_folding(IrBlock *b) {
    /* every op, constant inputs: the whole computation becomes "mov r5, const" */
    for (size_t i = 0; i < sizeof eval_cases / sizeof eval_cases[0]; i++) {
        const EvalCase *t = &eval_cases[i];
        int n_in = ir_op_defs[t->opc].n_in;
        block_start(b, 0x1000);
        IrVal tmp = ir_temp(b);
        IrOp *op = ir_emit(b, t->opc, tmp, ir_const(b, (int64_t)t->a),
                           n_in > 1 ? ir_const(b, (int64_t)t->b) : IR_NONE, 0);
        op->cond = (uint8_t)t->cond;
        if (n_in > 2) {
            op->in[2] = ir_const(b, (int64_t)t->c);
            op->in[3] = ir_const(b, (int64_t)t->d);
        }
        ir_op1(b, IR_mov, G(5), tmp);
        ir_exit(b, ir_const(b, 0));
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        bool ok = writes_mov(b, -1, t->want) && real_ops(b) == 2;
        if (!ok) {
            fprintf(stderr, "folding %s:\n", ir_op_defs[t->opc].name);
            ir_dump(b, stderr);
        }
        CHECK(ok);
    }
}

typedef struct SimpCase {
    IrOpc opc;
    IrCond cond;
    int8_t ga, gb;        /* global index of input a/b, or -1: use the constant */
    uint64_t ka, kb;
    int want_glob;        /* result is this global (r0/r1), or -1: the constant want */
    uint64_t want;
} SimpCase;

static const SimpCase simp_cases[] = {
    {IR_add, 0, 0, -1, 0, 0, 0, 0},
    {IR_add, 0, -1, 0, 0, 0, 0, 0},
    {IR_sub, 0, 0, -1, 0, 0, 0, 0},
    {IR_sub, 0, 0, 0, 0, 0, -1, 0},
    {IR_mul, 0, 0, -1, 0, 1, 0, 0},
    {IR_mul, 0, -1, 0, 1, 0, 0, 0},
    {IR_mul, 0, 0, -1, 0, 0, -1, 0},
    {IR_mul, 0, -1, 0, 0, 0, -1, 0},
    {IR_and, 0, 0, -1, 0, 0, -1, 0},
    {IR_and, 0, 0, -1, 0, ONES, 0, 0},
    {IR_and, 0, -1, 0, ONES, 0, 0, 0},
    {IR_and, 0, 0, 0, 0, 0, 0, 0},
    {IR_or, 0, 0, -1, 0, 0, 0, 0},
    {IR_or, 0, -1, 0, 0, 0, 0, 0},
    {IR_or, 0, 0, -1, 0, ONES, -1, ONES},
    {IR_or, 0, 0, 0, 0, 0, 0, 0},
    {IR_xor, 0, 0, -1, 0, 0, 0, 0},
    {IR_xor, 0, -1, 0, 0, 0, 0, 0},
    {IR_xor, 0, 0, 0, 0, 0, -1, 0},
    {IR_andn, 0, 0, -1, 0, 0, 0, 0},
    {IR_andn, 0, 0, -1, 0, ONES, -1, 0},
    {IR_andn, 0, 0, 0, 0, 0, -1, 0},
    {IR_shl, 0, 0, -1, 0, 0, 0, 0},
    {IR_shl, 0, 0, -1, 0, 64, 0, 0},
    {IR_shr, 0, 0, -1, 0, 0, 0, 0},
    {IR_sar, 0, 0, -1, 0, 128, 0, 0},
    {IR_rotl, 0, 0, -1, 0, 0, 0, 0},
    {IR_rotr, 0, 0, -1, 0, 64, 0, 0},
    {IR_shl, 0, -1, 0, 0, 0, -1, 0},
    {IR_sar, 0, -1, 0, ONES, 0, -1, ONES},
    {IR_mulhu, 0, 0, -1, 0, 0, -1, 0},
    {IR_div, 0, 0, -1, 0, 1, 0, 0},
    {IR_divu, 0, 0, -1, 0, 1, 0, 0},
    {IR_rem, 0, 0, -1, 0, 1, -1, 0},
    {IR_remu, 0, 0, -1, 0, 1, -1, 0},
    {IR_setcond, IR_EQ, 0, 0, 0, 0, -1, 1},
    {IR_setcond, IR_LT, 0, 0, 0, 0, -1, 0},
    {IR_setcond, IR_GEU, 0, 0, 0, 0, -1, 1},
};

static void test_simplify(IrBlock *b) {
    for (size_t i = 0; i < sizeof simp_cases / sizeof simp_cases[0]; i++) {
        const SimpCase *t = &simp_cases[i];
        block_start(b, 0x1000);
        IrVal x = t->ga >= 0 ? G(t->ga) : ir_const(b, (int64_t)t->ka);
        IrVal y = t->gb >= 0 ? G(t->gb) : ir_const(b, (int64_t)t->kb);
        IrVal tmp = ir_temp(b);
        ir_op2(b, t->opc, tmp, x, y)->cond = (uint8_t)t->cond;
        ir_op1(b, IR_mov, G(5), tmp);
        ir_exit(b, ir_const(b, 0));
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        bool ok = writes_mov(b, t->want_glob, t->want) && real_ops(b) == 2;
        if (!ok) {
            fprintf(stderr, "simplify case %zu (%s):\n", i, ir_op_defs[t->opc].name);
            ir_dump(b, stderr);
        }
        CHECK(ok);
    }
    /* movcond with equal arms; movcond with a decided condition */
    block_start(b, 0x1000);
    ir_movcond(b, IR_LT, G(5), G(0), G(1), G(2), G(2));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(writes_mov(b, 2, 0));
    block_start(b, 0x1000);
    ir_movcond(b, IR_LTU, G(5), ir_const(b, 1), ir_const(b, 2), G(2), G(3));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(writes_mov(b, 2, 0));
    block_start(b, 0x1000);
    ir_movcond(b, IR_NE, G(5), G(4), G(4), G(2), G(3));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(writes_mov(b, 3, 0));
}

static uint64_t h_writes_r0(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    (void)a, (void)b, (void)c, (void)d;
    ((TestCpu *)env)->r[0] = 9;
    return 0;
}

static uint64_t h_nothing(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    (void)env, (void)b, (void)c, (void)d;
    return a;
}

static TB *gen_tb(IrBlock *b) {
    TB *tb = calloc(1, sizeof *tb);
    tb->vpc = b->pc;
    tb->valid = 1;
    tb->ppage2 = UINT64_MAX;
    be->gen(be, tb, b);
    return tb;
}

static void free_tb(TB *tb) {
    be->tb_free(be, tb);
    free(tb);
}

/* Run b on a zeroed CPU with r[i] = i + 100; returns r[reg]. */
static uint64_t run_reg(IrBlock *b, int reg) {
    TB *tb = gen_tb(b);
    memset(cpu, 0, sizeof *cpu);
    for (int i = 0; i < NG; i++)
        cpu->r[i] = (uint64_t)i + 100;
    be->exec(be, &cpu->c, tb);
    free_tb(tb);
    return cpu->r[reg];
}

/* (x << 32) >> 32 becomes ext32u/ext32s of x (slli+srli / slli+srai), not when x or the
   shifted value changes in between; the results stay those of the shifts. */
static void test_ext32_idiom(IrBlock *b) {
    static const uint64_t want_u = 0xffffffffull & (uint64_t)-5, want_s = (uint64_t)-5;
    for (int k = 0; k < 4; k++) {
        block_start(b, 0x1000);
        ir_op2(b, IR_sub, G(0), G(0), ir_const(b, 105));          /* r0 = -5 */
        ir_op2(b, IR_shl, G(2), G(0), ir_const(b, 32));
        if (k == 2)
            ir_op2(b, IR_add, G(0), G(0), ir_const(b, 1));        /* x changes in between */
        if (k == 3)   /* the shifted value is read by something else first: left alone */
            ir_op2(b, IR_xor, G(4), G(2), G(1));
        ir_insn_start(b, 0x1004);
        ir_op2(b, k == 1 ? IR_sar : IR_shr, G(3), G(2), ir_const(b, 32));
        ir_exit(b, ir_const(b, 0));
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        int fused = count_ops(b, IR_ext32u) + count_ops(b, IR_ext32s);
        CHECK_EQ(fused, k <= 1 ? 1 : 0);
        CHECK_EQ(count_ops(b, IR_ext32s), k == 1 ? 1 : 0);
        uint64_t got = run_reg(b, 3);
        CHECK_EQ(got, k == 1 ? want_s : k == 2 ? 0xffffffffull & (uint64_t)-5 : want_u);
    }
}

static void test_propagation(IrBlock *b) {
    /* temp copies disappear */
    block_start(b, 0x1000);
    IrVal t1 = ir_temp(b), t2 = ir_temp(b), t3 = ir_temp(b);
    ir_op1(b, IR_mov, t1, G(0));
    ir_op1(b, IR_mov, t2, t1);
    ir_op2(b, IR_add, t3, t2, G(1));
    ir_op1(b, IR_mov, G(2), t3);
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(validate_or_dump(b) == NULL);
    for (int i = 0; i < b->n_ops; i++)
        for (int k = 0; k < 4; k++)
            CHECK(b->ops[i].in[k] != t2);
    CHECK_EQ(run_reg(b, 2), 201);

    /* a global's known constant value reaches later reads */
    block_start(b, 0x1000);
    ir_op1(b, IR_mov, G(0), ir_const(b, 5));
    IrVal t = ir_temp(b);
    ir_op2(b, IR_add, t, G(0), ir_const(b, 1));
    ir_op1(b, IR_mov, G(5), t);
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(writes_mov(b, -1, 6));
    CHECK_EQ(count_ops(b, IR_add), 0);
    CHECK(last_writer(b, G(0)) != NULL); /* r0 itself is still written */
    CHECK_EQ(run_reg(b, 0), 5);

    /* a temp copied from a global reads the global while it is unchanged */
    block_start(b, 0x1000);
    t = ir_temp(b);
    ir_op1(b, IR_mov, t, G(0));
    ir_op2(b, IR_add, G(1), t, t);
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    const IrOp *w = last_writer(b, G(1));
    CHECK(w && w->in[0] == G(0) && w->in[1] == G(0));
    CHECK_EQ(count_ops(b, IR_mov), 0);
    CHECK_EQ(run_reg(b, 1), 200);
    /* ... but keeps the old value once the global changed */
    block_start(b, 0x1000);
    t = ir_temp(b);
    ir_op1(b, IR_mov, t, G(0));
    ir_op2(b, IR_add, G(0), G(0), ir_const(b, 1));
    ir_op2(b, IR_add, G(1), t, t);
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    w = last_writer(b, G(1));
    CHECK(w && w->in[0] == t && w->in[1] == t);
    CHECK_EQ(run_reg(b, 1), 200);
    CHECK_EQ(run_reg(b, 0), 101);

    /* writing a global back with the value it holds is dropped */
    block_start(b, 0x1000);
    t = ir_temp(b);
    ir_op1(b, IR_mov, t, G(3));
    ir_op1(b, IR_mov, G(3), t);
    ir_op1(b, IR_mov, G(4), G(4));
    ir_exit(b, G(3));
    ir_optimize(b);
    CHECK(last_writer(b, G(3)) == NULL);
    CHECK(last_writer(b, G(4)) == NULL);

    /* calls that write globals invalidate the known values, others do not */
    for (int writes = 0; writes < 2; writes++) {
        block_start(b, 0x1000);
        ir_op1(b, IR_mov, G(0), ir_const(b, 5));
        if (writes)
            IR_CALL(b, h_writes_r0, IR_CALL_WRITES_GLOBALS, IR_NONE, IR_NONE, IR_NONE, IR_NONE,
                    IR_NONE);
        else
            IR_CALL(b, h_nothing, IR_CALL_READS_GLOBALS | IR_CALL_TRAPS, IR_NONE, IR_NONE,
                    IR_NONE, IR_NONE, IR_NONE);
        t = ir_temp(b);
        ir_op2(b, IR_add, t, G(0), ir_const(b, 1));
        ir_op1(b, IR_mov, G(5), t);
        ir_exit(b, ir_const(b, 0));
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        CHECK_EQ(count_ops(b, IR_add), writes ? 1 : 0);
        CHECK_EQ(run_reg(b, 5), writes ? 10 : 6);
    }

    /* st_env onto a global's slot invalidates that global's known value */
    block_start(b, 0x1000);
    ir_op1(b, IR_mov, G(0), ir_const(b, 5));
    ir_op1(b, IR_mov, G(1), ir_const(b, 7));
    ir_emit(b, IR_st_env, IR_NONE, ir_const(b, 9), IR_NONE, OFF_R(0));
    ir_op2(b, IR_add, G(5), G(0), G(1));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK_EQ(run_reg(b, 5), 16);
    CHECK_EQ(count_ops(b, IR_add), 1);
}

static void test_brcond(IrBlock *b) {
    for (int taken = 0; taken < 2; taken++) {
        block_start(b, 0x1000);
        ir_op1(b, IR_mov, G(0), ir_const(b, 1));
        ir_brcond(b, taken ? IR_EQ : IR_NE, G(0), ir_const(b, 1), 0x3000, 1);
        ir_insn_start(b, 0x1004);
        ir_op1(b, IR_mov, G(1), ir_const(b, 2));
        ir_goto_tb(b, 0x4000, 0);
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        CHECK_EQ(count_ops(b, IR_brcond), 0);
        const IrOp *endop = &b->ops[b->n_ops - 1];
        CHECK_EQ(endop->opc, IR_goto_tb);
        CHECK_EQ(endop->imm, taken ? 0x3000 : 0x4000);
        CHECK_EQ(endop->aux, taken ? 1 : 0);
        CHECK_EQ(last_writer(b, G(1)) != NULL, !taken);
        CHECK(last_writer(b, G(0)) != NULL);
    }
    /* identical operands decide the condition too */
    block_start(b, 0x1000);
    ir_brcond(b, IR_LT, G(3), G(3), 0x3000, 1);
    ir_brcond(b, IR_GEU, G(3), G(3), 0x5000, 0);
    ir_op1(b, IR_mov, G(1), ir_const(b, 2));
    ir_goto_tb(b, 0x4000, 1);
    ir_optimize(b);
    CHECK(validate_or_dump(b) == NULL);
    CHECK_EQ(b->n_ops, 2);
    CHECK_EQ(b->ops[1].opc, IR_goto_tb);
    CHECK_EQ(b->ops[1].imm, 0x5000);
    /* unknown operands: kept */
    block_start(b, 0x1000);
    ir_brcond(b, IR_LT, G(3), G(4), 0x3000, 1);
    ir_goto_tb(b, 0x4000, 0);
    ir_optimize(b);
    CHECK_EQ(count_ops(b, IR_brcond), 1);
}

static void test_dce(IrBlock *b) {
    /* pure ops into dead temps go */
    block_start(b, 0x1000);
    IrVal t = ir_temp(b), t2 = ir_temp(b);
    ir_op2(b, IR_mul, t, G(0), G(1));
    ir_op2(b, IR_add, t2, t, ir_const(b, 1));
    IrVal t3 = ir_temp(b);
    ir_emit(b, IR_ld_env, t3, IR_NONE, IR_NONE, OFF_R(2));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK(validate_or_dump(b) == NULL);
    CHECK_EQ(real_ops(b), 1);

    /* loads (may trap) and calls stay even when their output is dead */
    block_start(b, 0x1000);
    t = ir_temp(b);
    ir_ld(b, t, G(0), 0, IR_MEMOP(3, 0, 0));
    t2 = ir_temp(b);
    IR_CALL(b, h_nothing, 0, t2, G(1), IR_NONE, IR_NONE, IR_NONE);
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK_EQ(count_ops(b, IR_ld), 1);
    CHECK_EQ(count_ops(b, IR_call), 1);

    /* A global write overwritten before anything can observe it goes; an observation point
       in between (ld, st, brcond, call with flags, ld_env, st_env) keeps it. */
    for (int between = 0; between < 9; between++) {
        block_start(b, 0x1000);
        ir_op2(b, IR_add, G(0), G(1), ir_const(b, 1));
        switch (between) {
        case 0: break;
        case 1: ir_ld(b, ir_temp(b), G(2), 0, IR_MEMOP(0, 0, 0)); break;
        case 2: ir_st(b, G(2), 0, G(3), IR_MEMOP(0, 0, 0)); break;
        case 3: ir_brcond(b, IR_EQ, G(2), G(3), 0x2000, 0); break;
        case 4:
            IR_CALL(b, h_nothing, IR_CALL_TRAPS, IR_NONE, G(2), IR_NONE, IR_NONE, IR_NONE);
            break;
        case 5:
            IR_CALL(b, h_nothing, IR_CALL_READS_GLOBALS, IR_NONE, G(2), IR_NONE, IR_NONE,
                    IR_NONE);
            break;
        case 6: ir_emit(b, IR_ld_env, G(6), IR_NONE, IR_NONE, OFF_R(0)); break;
        case 7: ir_emit(b, IR_st_env, IR_NONE, G(6), IR_NONE, offsetof(TestCpu, scratch)); break;
        case 8:
            IR_CALL(b, h_nothing, 0, IR_NONE, G(2), IR_NONE, IR_NONE, IR_NONE);
            break;
        }
        ir_op2(b, IR_add, G(0), G(1), ir_const(b, 2));
        ir_exit(b, ir_const(b, 0));
        ir_optimize(b);
        CHECK(validate_or_dump(b) == NULL);
        int writes = 0;
        for (int i = 0; i < b->n_ops; i++)
            writes += b->ops[i].out == G(0);
        bool can_drop = between == 0 || between == 8;
        if (writes != (can_drop ? 1 : 2)) {
            fprintf(stderr, "dead global store case %d:\n", between);
            ir_dump(b, stderr);
        }
        CHECK_EQ(writes, can_drop ? 1 : 2);
    }
    /* a global read in between keeps the first write */
    block_start(b, 0x1000);
    ir_op2(b, IR_add, G(0), G(1), ir_const(b, 1));
    ir_op2(b, IR_add, G(2), G(0), G(0));
    ir_op2(b, IR_add, G(0), G(1), ir_const(b, 2));
    ir_exit(b, ir_const(b, 0));
    ir_optimize(b);
    CHECK_EQ(run_reg(b, 2), 204);
    CHECK_EQ(run_reg(b, 0), 103);
}

/* ================= randomized property test ================= */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

#define RPAGE 0x10000ull
static uint8_t rmem[4096] __attribute__((aligned(4096)));

#define LOG_MAX 64
static uint64_t call_log[LOG_MAX];
static int n_log;
static void log_val(uint64_t v) {
    if (n_log < LOG_MAX)
        call_log[n_log] = v;
    n_log++;
}
static uint64_t regs_hash(const TestCpu *t) {
    uint64_t h = 0;
    for (int i = 0; i < NG; i++)
        h = (h ^ t->r[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t h_rw(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    TestCpu *t = env;
    log_val(regs_hash(t));
    t->r[a % NG] ^= b * 0x9e3779b97f4a7c15ull + c;
    return a + d;
}
static uint64_t h_ro(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    uint64_t h = regs_hash(env) ^ a ^ (b << 1) ^ (c << 2) ^ (d << 3);
    log_val(h);
    return h;
}
static uint64_t h_pure(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    (void)env;
    log_val(a ^ (b << 7) ^ (c << 13) ^ (d << 29));
    return a * 3 ^ b;
}
static uint64_t h_trap(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    (void)b, (void)c, (void)d;
    TestCpu *t = env;
    if ((a & 3) == 0) {
        log_val(t->c.pc);
        siglongjmp(t->c.jmpbuf, 1);
    }
    return a ^ 0x55;
}

#define FPAGE 0x20000ull
static bool fault_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                       uint64_t *paddr, int *prot, bool *large) {
    (void)mmu_idx, (void)probe, (void)paddr, (void)prot, (void)large;
    log_val(vaddr ^ ((uint64_t)access << 60));
    log_val(env->pc);
    siglongjmp(env->jmpbuf, 1);
}
static const CpuClass fault_ops = {.name = "fault", .tlb_fill = fault_fill, .n_mmu_modes = 4};

static const uint64_t kvals[] = {0, 1, 2, 3, 31, 32, 63, 64, 0xff, 0x80000000, 0xffffffff,
                                 MIN64, ONES, ONES - 1, 0x7fffffffffffffffull};

static IrVal rand_val(IrBlock *b, const IrVal *temps, int n_temps) {
    unsigned r = (unsigned)(rnd() % 10);
    if (r < 4)
        return G((int)(rnd() % NG));
    if (r < 7 && n_temps)
        return temps[rnd() % (unsigned)n_temps];
    if (r < 9)
        return ir_const(b, (int64_t)kvals[rnd() % (sizeof kvals / sizeof kvals[0])]);
    return ir_const(b, (int64_t)rnd());
}

static IrVal rand_out(IrBlock *b, IrVal *temps, int *n_temps) {
    if (rnd() % 10 < 4)
        return G((int)(rnd() % NG));
    IrVal t = ir_temp(b);
    temps[(*n_temps)++] = t;
    return t;
}

static void rand_block(IrBlock *b) {
    IrVal temps[200];
    int n_temps = 0;
    uint64_t pc = 0x1000;
    block_start(b, pc);
    int n = 3 + (int)(rnd() % 40);
    for (int i = 0; i < n; i++) {
        unsigned r = (unsigned)(rnd() % 100);
        if (r < 8) {
            pc += 4;
            ir_insn_start(b, pc);
        } else if (r < 70) {
            IrOpc opc = (IrOpc)(IR_mov + rnd() % (IR_movcond - IR_mov + 1));
            int n_in = ir_op_defs[opc].n_in;
            IrVal in[4] = {IR_NONE, IR_NONE, IR_NONE, IR_NONE};
            for (int k = 0; k < n_in; k++)
                in[k] = rand_val(b, temps, n_temps);
            if (n_in >= 2 && rnd() % 8 == 0)
                in[1] = in[0];
            IrVal d = rand_out(b, temps, &n_temps);
            IrOp *op = ir_emit(b, opc, d, in[0], in[1], 0);
            op->in[2] = in[2];
            op->in[3] = in[3];
            op->cond = (uint8_t)(rnd() % IR_NUM_CONDS);
        } else if (r < 75) {
            IrVal x = rand_val(b, temps, n_temps), y = rand_val(b, temps, n_temps);
            if (rnd() % 6 == 0)
                y = x;
            ir_brcond(b, (IrCond)(rnd() % IR_NUM_CONDS), x, y, 0x8000 + (rnd() % 4) * 4,
                      (int)(rnd() % 2));
        } else if (r < 84) {
            unsigned lg = (unsigned)(rnd() % 4);
            IrVal m = ir_temp(b), a = ir_temp(b);
            temps[n_temps++] = m;
            temps[n_temps++] = a;
            ir_op2(b, IR_and, m, rand_val(b, temps, n_temps - 2),
                   ir_const(b, (int64_t)(0xfffu & ~((1u << lg) - 1))));
            /* now and then an unmapped page: the access traps (observes the globals) */
            ir_op2(b, IR_or, a, m, ir_const(b, (int64_t)(rnd() % 8 ? RPAGE : FPAGE)));
            if (r < 80)
                ir_ld(b, rand_out(b, temps, &n_temps), a, 0, IR_MEMOP(lg, rnd() % 2, 0));
            else
                ir_st(b, a, 0, rand_val(b, temps, n_temps), IR_MEMOP(lg, 0, 0));
        } else if (r < 90) {
            static const IrHelper hs[4] = {h_rw, h_ro, h_pure, h_trap};
            static const unsigned hf[4] = {IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS,
                                           IR_CALL_READS_GLOBALS, 0, IR_CALL_TRAPS};
            int h = (int)(rnd() % 4);
            IrVal a[4];
            for (int k = 0; k < 4; k++)
                a[k] = rnd() % 4 ? rand_val(b, temps, n_temps) : IR_NONE;
            IrVal d = rnd() % 3 ? rand_out(b, temps, &n_temps) : IR_NONE;
            ir_call(b, hs[h], "h", hf[h], d, a[0], a[1], a[2], a[3]);
        } else if (r < 95) {
            int64_t off = rnd() % 3 ? OFF_R(rnd() % NG) : (int64_t)offsetof(TestCpu, scratch);
            ir_emit(b, IR_st_env, IR_NONE, rand_val(b, temps, n_temps), IR_NONE, off);
        } else {
            int64_t off = rnd() % 3 ? OFF_R(rnd() % NG) : (int64_t)offsetof(TestCpu, scratch);
            ir_emit(b, IR_ld_env, rand_out(b, temps, &n_temps), IR_NONE, IR_NONE, off);
        }
        if (n_temps > 180)
            break;
    }
    switch (rnd() % 3) {
    case 0: ir_exit(b, rand_val(b, temps, n_temps)); break;
    case 1: ir_goto_tb(b, 0x9000, (int)(rnd() % 2)); break;
    default: ir_goto_ptr(b, rand_val(b, temps, n_temps)); break;
    }
}

typedef struct Outcome {
    uint64_t r[NG], scratch, pc;
    int exit_code;        /* low bits of the exec result, or -1 after a trap */
    uint64_t log[LOG_MAX];
    int n_log;
    uint8_t mem[4096];
} Outcome;

static void copy_block(IrBlock *dst, const IrBlock *src) {
    ir_block_reset(dst, globals, NG, src->pc);
    for (int v = dst->n_vals; v < src->n_vals; v++) {
        if (src->vals[v].kind == IRV_TEMP)
            ir_temp(dst);
        else
            dst->vals[ir_temp(dst)] = src->vals[v];
    }
    for (int i = 0; i < src->n_ops; i++) {
        const IrOp *s = &src->ops[i];
        *ir_emit(dst, (IrOpc)s->opc, s->out, s->in[0], s->in[1], s->imm) = *s;
    }
    dst->n_insns = src->n_insns;
}

static void run_outcome(IrBlock *b, const TestCpu *init, const uint8_t *mem, Outcome *o) {
    TB *tb = gen_tb(b);
    memcpy(cpu, init, sizeof *cpu);
    memcpy(rmem, mem, sizeof rmem);
    n_log = 0;
    memset(call_log, 0, sizeof call_log);
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        uintptr_t r = be->exec(be, &cpu->c, tb);
        o->exit_code = (r & ~(uintptr_t)TB_EXIT_MASK) == (uintptr_t)tb ? (int)(r & TB_EXIT_MASK)
                                                                        : 100;
    } else {
        o->exit_code = -1;
    }
    memcpy(o->r, cpu->r, sizeof o->r);
    o->scratch = cpu->scratch;
    o->pc = cpu->c.pc;
    memcpy(o->log, call_log, sizeof o->log);
    o->n_log = n_log;
    memcpy(o->mem, rmem, sizeof o->mem);
    free_tb(tb);
}

static void test_random(int n_blocks) {
    IrBlock orig, opt;
    ir_block_init(&orig);
    ir_block_init(&opt);
    TestCpu *init = calloc(1, sizeof *init);
    uint8_t *mem = malloc(sizeof rmem);
    Outcome *o1 = calloc(1, sizeof *o1), *o2 = calloc(1, sizeof *o2);
    memset(init->c.tlb, 0xff, sizeof init->c.tlb);
    init->c.ops = &fault_ops;
    TlbEntry *e = &init->c.tlb[0][(RPAGE >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    e->tag_r = e->tag_w = RPAGE;
    e->addend = (uintptr_t)rmem - (uintptr_t)RPAGE;
    int bad = 0, invalid = 0;
    long ops_before = 0, ops_after = 0;
    for (int it = 0; it < n_blocks; it++) {
        rand_block(&orig);
        if (ir_validate(&orig)) {
            invalid++;
            continue;
        }
        copy_block(&opt, &orig);
        ir_optimize(&opt);
        if (validate_or_dump(&opt)) {
            bad++;
            continue;
        }
        ops_before += orig.n_ops;
        ops_after += opt.n_ops;
        for (int i = 0; i < NG; i++)
            init->r[i] = rnd() % 3 ? rnd() : kvals[rnd() % (sizeof kvals / sizeof kvals[0])];
        init->scratch = rnd();
        for (size_t i = 0; i < sizeof rmem; i += 8) {
            uint64_t v = rnd();
            memcpy(mem + i, &v, 8);
        }
        run_outcome(&orig, init, mem, o1);
        run_outcome(&opt, init, mem, o2);
        if (memcmp(o1, o2, sizeof *o1) != 0) {
            if (bad++ < 3) {
                fprintf(stderr, "random block %d differs after optimizing\n", it);
                for (int i = 0; i < NG; i++)
                    if (o1->r[i] != o2->r[i])
                        fprintf(stderr, "  r%d: %#llx vs %#llx\n", i,
                                (unsigned long long)o1->r[i], (unsigned long long)o2->r[i]);
                fprintf(stderr, "  pc %#llx vs %#llx, exit %d vs %d, log %d vs %d\n",
                        (unsigned long long)o1->pc, (unsigned long long)o2->pc,
                        o1->exit_code, o2->exit_code, o1->n_log, o2->n_log);
                fprintf(stderr, "--- before:\n");
                ir_dump(&orig, stderr);
                fprintf(stderr, "--- after:\n");
                ir_dump(&opt, stderr);
            }
        }
    }
    CHECK_EQ(invalid, 0);
    CHECK_EQ(bad, 0);
    CHECK(ops_after < ops_before * 9 / 10); /* the optimizer does something */
    printf("random: %d blocks, %ld ops before, %ld after\n", n_blocks, ops_before, ops_after);
    ir_block_free(&orig);
    ir_block_free(&opt);
    free(init);
    free(mem);
    free(o1);
    free(o2);
}

int main(int argc, char **argv) {
    for (int i = 0; i < NG; i++)
        globals[i] = (IrGlobalDesc){gnames[i], (uint32_t)OFF_R(i)};
    cpu = calloc(1, sizeof *cpu);
    be = backend_interp_create();
    if (!cpu || !be)
        return 1;
    IrBlock b;
    ir_block_init(&b);
    test_eval();
    test_folding(&b);
    test_simplify(&b);
    test_propagation(&b);
    test_ext32_idiom(&b);
    test_brcond(&b);
    test_dce(&b);
    ir_block_free(&b);
    if (argc > 2)
        rng_state = strtoull(argv[2], NULL, 0) | 1;
    test_random(argc > 1 ? atoi(argv[1]) : 5000);
    be->destroy(be);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
