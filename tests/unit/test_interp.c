/* SPDX-License-Identifier: MIT */
/* Unit tests of the IR interpreter backend (translate/interp.c) on hand-written blocks: every
   op class, guest loads/stores through a TLB entry mapping a host buffer, slot exits,
   chaining through jmp_dest, goto_ptr through the jump cache, exit_request at block entry,
   and TLB misses through the softmmu slow path (RAM, MMIO, page crossing, faults). */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/memmap.h"
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
    uint64_t scratch;     /* an env slot that is not a global, for ld_env/st_env */
} TestCpu;

static IrGlobalDesc globals[NG];
static const char *const gnames[NG] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
static TestCpu *cpu;
static Backend *be;

static void init_globals(void) {
    for (int i = 0; i < NG; i++)
        globals[i] = (IrGlobalDesc){gnames[i], (uint32_t)(offsetof(TestCpu, r) + 8 * i)};
}

static void reset_cpu(void) {
    memset(cpu, 0, sizeof *cpu);
    memset(cpu->c.tlb, 0xff, sizeof cpu->c.tlb);
}

static void block_start(IrBlock *b, uint64_t pc) {
    ir_block_reset(b, globals, NG, pc);
    ir_insn_start(b, pc);
}

/* gen a fresh TB from b (must end with an exit op). */
static TB *make_tb(IrBlock *b) {
    const char *err = ir_validate(b);
    if (err) {
        fprintf(stderr, "invalid test block: %s\n", err);
        ir_dump(b, stderr);
        abort();
    }
    TB *tb = calloc(1, sizeof *tb);
    tb->vpc = b->pc;
    tb->valid = 1;
    tb->ppage2 = UINT64_MAX;   /* one page */
    tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
    CHECK(be->gen(be, tb, b));
    CHECK(tb->ir != NULL);
    return tb;
}

static void drop_tb(TB *tb) {
    be->tb_free(be, tb);
    CHECK(tb->ir == NULL);
    free(tb);
}

/* As the execution loop does: cur_flags holds the flags of the block it enters. */
static uintptr_t run(TB *tb) {
    cpu->c.cur_flags = tb->flags;
    return be->exec(be, &cpu->c, tb);
}

static IrVal G(int i) { return (IrVal)i; }

/* ---- pure ops, with the operands coming from globals, temps and constants ---- */

static const uint64_t interesting[] = {
    0, 1, 2, 3, 7, 31, 32, 63, 64, 65, 0x7f, 0x80, 0xff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull, 0xffffffff80000000ull,
    0xdeadbeefcafef00dull,
};
#define N_INTERESTING (sizeof interesting / sizeof interesting[0])

static void test_pure_ops(IrBlock *b) {
    int checked = 0, bad = 0;
    for (int opc = IR_mov; opc <= IR_movcond; opc++) {
        int n_in = ir_op_defs[opc].n_in;
        for (int cond = 0; cond < (opc >= IR_setcond ? IR_NUM_CONDS : 1); cond++) {
            /* form 0: all inputs globals; 1: inputs through temps; 2: constants */
            for (int form = 0; form < 3; form++) {
                for (size_t i = 0; i < N_INTERESTING; i++) {
                    uint64_t in[4];
                    for (int k = 0; k < 4; k++)
                        in[k] = interesting[(i * (k + 3) + (size_t)k * 5 + (size_t)opc) %
                                            N_INTERESTING];
                    if (i % 4 == 0)
                        in[1] = in[0];
                    block_start(b, 0x1000);
                    IrVal a[4];
                    for (int k = 0; k < 4; k++) {
                        if (form == 0) {
                            a[k] = G(k);
                        } else if (form == 1) {
                            a[k] = ir_temp(b);
                            ir_op1(b, IR_mov, a[k], G(k));
                        } else {
                            a[k] = ir_const(b, (int64_t)in[k]);
                        }
                    }
                    IrOp *op = ir_emit(b, (IrOpc)opc, G(5), a[0], n_in > 1 ? a[1] : IR_NONE, 0);
                    op->cond = (uint8_t)cond;
                    if (n_in > 2) {
                        op->in[2] = a[2];
                        op->in[3] = a[3];
                    }
                    ir_exit(b, ir_const(b, 0x2000));
                    TB *tb = make_tb(b);
                    reset_cpu();
                    memcpy(cpu->r, in, sizeof in);
                    cpu->r[5] = 0x5555;
                    uintptr_t r = run(tb);
                    uint64_t want = ir_eval_alu((IrOpc)opc, (IrCond)cond, in[0],
                                                n_in > 1 ? in[1] : 0, in[2], in[3]);
                    checked++;
                    if (cpu->r[5] != want || r != ((uintptr_t)tb | TB_EXIT_NOCHAIN) ||
                        cpu->c.pc != 0x2000) {
                        if (bad++ < 10)
                            fprintf(stderr, "op %s cond %d form %d: got %#llx want %#llx\n",
                                    ir_op_defs[opc].name, cond, form,
                                    (unsigned long long)cpu->r[5], (unsigned long long)want);
                    }
                    drop_tb(tb);
                }
            }
        }
    }
    CHECK(checked > 1000);
    CHECK_EQ(bad, 0);
}

/* Hand-computed spot checks through the interpreter (independent of ir_eval_alu). */
static uint64_t run_op2(IrBlock *b, IrOpc opc, uint64_t x, uint64_t y) {
    block_start(b, 0x1000);
    ir_op2(b, opc, G(2), G(0), G(1));
    ir_exit(b, ir_const(b, 0));
    TB *tb = make_tb(b);
    reset_cpu();
    cpu->r[0] = x;
    cpu->r[1] = y;
    run(tb);
    drop_tb(tb);
    return cpu->r[2];
}

static void test_spot_values(IrBlock *b) {
    CHECK_EQ(run_op2(b, IR_add, 0xffffffffffffffffull, 2), 1);
    CHECK_EQ(run_op2(b, IR_sub, 1, 2), 0xffffffffffffffffull);
    CHECK_EQ(run_op2(b, IR_shl, 1, 65), 2);
    CHECK_EQ(run_op2(b, IR_sar, 0x8000000000000000ull, 63), 0xffffffffffffffffull);
    CHECK_EQ(run_op2(b, IR_shr, 0x8000000000000000ull, 63), 1);
    CHECK_EQ(run_op2(b, IR_rotr, 1, 1), 0x8000000000000000ull);
    CHECK_EQ(run_op2(b, IR_div, 7, 0), 0xffffffffffffffffull);
    CHECK_EQ(run_op2(b, IR_rem, 7, 0), 7);
    CHECK_EQ(run_op2(b, IR_div, 0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
    CHECK_EQ(run_op2(b, IR_rem, 0x8000000000000000ull, ~0ull), 0);
    CHECK_EQ(run_op2(b, IR_div, (uint64_t)-7, 2), (uint64_t)-3);
    CHECK_EQ(run_op2(b, IR_rem, (uint64_t)-7, 2), (uint64_t)-1);
    CHECK_EQ(run_op2(b, IR_divw, 0x80000000, 0xffffffff), 0xffffffff80000000ull);
    CHECK_EQ(run_op2(b, IR_divuw, 0xfffffffe, 1), 0xfffffffffffffffeull);
    CHECK_EQ(run_op2(b, IR_mulhu, ~0ull, ~0ull), 0xfffffffffffffffeull);
    CHECK_EQ(run_op2(b, IR_mulh, ~0ull, ~0ull), 0);
    CHECK_EQ(run_op2(b, IR_mulhsu, ~0ull, ~0ull), ~0ull);
}

/* Many temps with overlapping lifetimes: checks the slot packing of temps. */
static void test_temps(IrBlock *b) {
    enum { N = 300 };
    TB *tb;
    block_start(b, 0x1000);
    IrVal t[N];
    t[0] = ir_temp(b);
    ir_op1(b, IR_mov, t[0], G(0));
    t[1] = ir_temp(b);
    ir_op1(b, IR_mov, t[1], G(1));
    for (int i = 2; i < N; i++) {
        t[i] = ir_temp(b);
        /* t[i] = t[i-1] * 3 + t[i/2] + i: t[i/2] stays live for a long time */
        IrVal m = ir_temp(b);
        ir_op2(b, IR_mul, m, t[i - 1], ir_const(b, 3));
        IrVal s = ir_temp(b);
        ir_op2(b, IR_add, s, m, t[i / 2]);
        ir_op2(b, IR_add, t[i], s, ir_const(b, i));
        IrVal unused = ir_temp(b);
        ir_op2(b, IR_xor, unused, t[i], t[i]);
    }
    ir_op1(b, IR_mov, G(2), t[N - 1]);
    ir_op2(b, IR_xor, G(3), t[N / 3], t[2 * N / 3]);
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->r[0] = 5;
    cpu->r[1] = 11;
    run(tb);
    uint64_t v[N];
    v[0] = 5;
    v[1] = 11;
    for (int i = 2; i < N; i++)
        v[i] = v[i - 1] * 3 + v[i / 2] + (uint64_t)i;
    CHECK_EQ(cpu->r[2], v[N - 1]);
    CHECK_EQ(cpu->r[3], v[N / 3] ^ v[2 * N / 3]);
    drop_tb(tb);

    /* A temp's last use reading it twice frees its slot once: later temps stay apart. */
    block_start(b, 0x1000);
    IrVal x = ir_temp(b), u = ir_temp(b), v1 = ir_temp(b), w = ir_temp(b);
    ir_op1(b, IR_mov, x, G(0));
    ir_op2(b, IR_add, u, x, x);
    ir_op2(b, IR_add, v1, G(1), ir_const(b, 1));
    ir_op2(b, IR_add, w, G(2), ir_const(b, 2));
    ir_op2(b, IR_sub, G(3), v1, w);
    ir_op2(b, IR_sub, G(4), u, w);
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->r[0] = 1000;
    cpu->r[1] = 50;
    cpu->r[2] = 7;
    run(tb);
    CHECK_EQ(cpu->r[3], 51 - 9);
    CHECK_EQ(cpu->r[4], 2000 - 9);
    drop_tb(tb);

    /* More distinct constants than the initial frame holds. */
    block_start(b, 0x1000);
    IrVal acc = G(0);
    for (int i = 0; i < 1000; i++) {
        IrVal n = ir_temp(b);
        ir_op2(b, IR_add, n, acc, ir_const(b, (int64_t)i * 1000003));
        acc = n;
    }
    ir_op1(b, IR_mov, G(1), acc);
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->r[0] = 1;
    run(tb);
    uint64_t want = 1;
    for (int i = 0; i < 1000; i++)
        want += (uint64_t)i * 1000003;
    CHECK_EQ(cpu->r[1], want);
    drop_tb(tb);
}

/* ---- guest memory through a TLB entry that maps a host buffer ---- */

#define GPAGE 0x80004000ull
static uint8_t page_buf[2 * 4096] __attribute__((aligned(4096)));

static void map_page(int mmu, uint64_t vpage, uint8_t *host, bool writable) {
    TlbEntry *e = &cpu->c.tlb[mmu][(vpage >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    e->tag_r = vpage;
    e->tag_w = writable ? vpage : TLB_INVALID;
    e->tag_x = TLB_INVALID;
    e->addend = (uintptr_t)host - (uintptr_t)vpage;
}

static void test_memory(IrBlock *b) {
    for (int mmu = 0; mmu < TLB_MAX_MMU_MODES; mmu++) {
        block_start(b, 0x1000);
        /* loads of every size and signedness from r0 + 8 */
        ir_ld(b, G(1), G(0), 8, IR_MEMOP(0, 0, mmu));
        ir_ld(b, G(2), G(0), 8, IR_MEMOP(0, 1, mmu));
        ir_ld(b, G(3), G(0), 8, IR_MEMOP(1, 1, mmu));
        ir_ld(b, G(4), G(0), 8, IR_MEMOP(2, 1, mmu));
        IrVal t = ir_temp(b);
        ir_ld(b, t, G(0), 8, IR_MEMOP(2, 0, mmu));
        ir_op1(b, IR_mov, G(5), t);
        ir_ld(b, G(6), G(0), 8, IR_MEMOP(3, 0, mmu));
        ir_insn_start(b, 0x1004);
        /* stores of every size at r0 + 0x100.. */
        ir_st(b, G(0), 0x100, G(7), IR_MEMOP(0, 0, mmu));
        ir_st(b, G(0), 0x102, G(7), IR_MEMOP(1, 0, mmu));
        ir_st(b, G(0), 0x104, G(7), IR_MEMOP(2, 0, mmu));
        ir_st(b, G(0), 0x108, ir_const(b, 0x1122334455667788ll), IR_MEMOP(3, 0, mmu));
        /* negative offset */
        IrVal p = ir_temp(b);
        ir_op2(b, IR_add, p, G(0), ir_const(b, 0x200));
        ir_st(b, p, -0x10, G(7), IR_MEMOP(3, 0, mmu));
        ir_exit(b, ir_const(b, 0x1008));
        TB *tb = make_tb(b);
        reset_cpu();
        memset(page_buf, 0, sizeof page_buf);
        map_page(mmu, GPAGE, page_buf, true);
        const uint8_t pat[8] = {0xf1, 0x82, 0x93, 0xa4, 0x15, 0x26, 0x37, 0xc8};
        memcpy(page_buf + 0x18, pat, 8);
        cpu->r[0] = GPAGE + 0x10;
        cpu->r[7] = 0x0102030405060708ull;
        uintptr_t r = run(tb);
        CHECK_EQ(r, (uintptr_t)tb | TB_EXIT_NOCHAIN);
        CHECK_EQ(cpu->c.pc, 0x1008);
        CHECK_EQ(cpu->r[1], 0xf1);
        CHECK_EQ(cpu->r[2], 0xfffffffffffffff1ull);
        CHECK_EQ(cpu->r[3], 0xffffffffffff82f1ull);
        CHECK_EQ(cpu->r[4], 0xffffffffa49382f1ull);
        CHECK_EQ(cpu->r[5], 0xa49382f1ull);
        CHECK_EQ(cpu->r[6], 0xc8372615a49382f1ull);
        const uint8_t want_st[0x10] = {0x08, 0, 0x08, 0x07, 0x08, 0x07, 0x06, 0x05,
                                       0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
        CHECK(memcmp(page_buf + 0x110, want_st, sizeof want_st) == 0);
        uint64_t w;
        memcpy(&w, page_buf + 0x200, 8);
        CHECK_EQ(w, 0x0102030405060708ull);
        CHECK_EQ(page_buf[0x111], 0); /* nothing written between the byte and the half */
        drop_tb(tb);
    }
}

/* ---- ld_env / st_env ---- */

static void test_env_access(IrBlock *b) {
    block_start(b, 0x1000);
    IrVal t = ir_temp(b);
    ir_emit(b, IR_ld_env, t, IR_NONE, IR_NONE, offsetof(TestCpu, scratch));
    ir_op2(b, IR_add, G(0), t, ir_const(b, 1));
    ir_emit(b, IR_st_env, IR_NONE, G(1), IR_NONE, offsetof(TestCpu, scratch));
    ir_exit(b, ir_const(b, 0));
    TB *tb = make_tb(b);
    reset_cpu();
    cpu->scratch = 41;
    cpu->r[1] = 77;
    run(tb);
    CHECK_EQ(cpu->r[0], 42);
    CHECK_EQ(cpu->scratch, 77);
    drop_tb(tb);
}

/* ---- helper calls ---- */

static uint64_t seen_args[4], seen_pc, seen_r0;
static int calls;

static uint64_t h_record(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    TestCpu *t = env;
    seen_args[0] = a;
    seen_args[1] = b;
    seen_args[2] = c;
    seen_args[3] = d;
    seen_pc = t->c.pc;
    seen_r0 = t->r[0];
    calls++;
    t->r[3] = 0x333; /* a helper that changes a global */
    return a * 10 + b;
}

static uint64_t h_trap(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    (void)b, (void)c, (void)d;
    TestCpu *t = env;
    seen_pc = t->c.pc;
    seen_r0 = t->r[0];
    if (a)
        siglongjmp(t->c.jmpbuf, 1);
    return 5;
}

static void test_calls(IrBlock *b) {
    block_start(b, 0x1000);
    ir_op2(b, IR_add, G(0), G(0), ir_const(b, 1));
    ir_insn_start(b, 0x1004);
    IR_CALL(b, h_record, IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS, G(1), G(0),
            ir_const(b, 7), IR_NONE, IR_NONE);
    ir_op1(b, IR_mov, G(2), G(3)); /* must see the helper's write */
    ir_insn_start(b, 0x1008);
    IR_CALL(b, h_record, IR_CALL_TRAPS, IR_NONE, ir_const(b, 1), ir_const(b, 2),
            ir_const(b, 3), ir_const(b, 4));
    ir_exit(b, ir_const(b, 0x100c));
    TB *tb = make_tb(b);
    reset_cpu();
    cpu->r[0] = 9;
    calls = 0;
    run(tb);
    CHECK_EQ(calls, 2);
    CHECK_EQ(cpu->r[1], 10 * 10 + 7);
    CHECK_EQ(cpu->r[2], 0x333);
    CHECK_EQ(seen_pc, 0x1008);
    CHECK_EQ(seen_args[0], 1);
    CHECK_EQ(seen_args[3], 4);
    CHECK_EQ(cpu->c.pc, 0x100c);
    drop_tb(tb);

    /* unused arguments are 0 */
    block_start(b, 0x1000);
    IR_CALL(b, h_record, 0, IR_NONE, G(5), IR_NONE, IR_NONE, IR_NONE);
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->r[5] = 0xabc;
    memset(seen_args, 0xee, sizeof seen_args);
    run(tb);
    CHECK_EQ(seen_args[0], 0xabc);
    CHECK_EQ(seen_args[1], 0);
    CHECK_EQ(seen_args[2], 0);
    CHECK_EQ(seen_args[3], 0);
    drop_tb(tb);

    /* A trapping helper sees env->pc of its instruction and the globals written before it;
       a trap leaves through env->jmpbuf. */
    block_start(b, 0x2000);
    ir_op1(b, IR_mov, G(0), ir_const(b, 0x77));
    ir_insn_start(b, 0x2004);
    ir_insn_start(b, 0x2006);
    IR_CALL(b, h_trap, IR_CALL_TRAPS, G(1), G(4), IR_NONE, IR_NONE, IR_NONE);
    ir_op1(b, IR_mov, G(2), ir_const(b, 1));
    ir_exit(b, ir_const(b, 0x200a));
    tb = make_tb(b);
    for (int trap = 0; trap < 2; trap++) {
        reset_cpu();
        cpu->r[4] = (uint64_t)trap;
        seen_pc = 0;
        if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
            run(tb);
            CHECK_EQ(trap, 0);
            CHECK_EQ(cpu->r[1], 5);
            CHECK_EQ(cpu->r[2], 1);
            CHECK_EQ(cpu->c.pc, 0x200a);
        } else {
            CHECK_EQ(trap, 1);
            CHECK_EQ(cpu->r[2], 0);
            CHECK_EQ(cpu->c.pc, 0x2006);
        }
        CHECK_EQ(seen_pc, 0x2006);
        CHECK_EQ(seen_r0, 0x77);
    }
    drop_tb(tb);
}

/* ---- exits, chaining, jump cache, exit_request ---- */

/* A direct exit to another page is never chained: it looks the target up in the jump cache
   (like goto_ptr) and leaves with TB_EXIT_NOCHAIN on a miss. */
static void test_cross_page_exit(IrBlock *b) {
    block_start(b, 0x1000);
    ir_op2(b, IR_add, G(1), G(1), ir_const(b, 1));
    ir_goto_tb(b, 0x7000, 0);
    TB *tb = make_tb(b);
    tb->flags = 1;
    tb->fetch_mmu = (uint8_t)(tb->flags & 3);   /* the test class's fetch MMU field */
    block_start(b, 0x7000);
    ir_op2(b, IR_add, G(2), G(2), ir_const(b, 1));
    ir_exit(b, ir_const(b, 0x7777));
    TB *dst = make_tb(b);
    dst->flags = 1;
    dst->fetch_mmu = (uint8_t)(dst->flags & 3);   /* the test class's fetch MMU field */
    reset_cpu();
    CHECK_EQ(run(tb), (uintptr_t)tb | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x7000);
    CHECK_EQ(cpu->r[2], 0);
    reset_cpu();
    cpu->c.jmp_cache[jmp_cache_index(0x7000)] = dst;
    cpu->c.tlb[1][7].tag_x = 0x7000;
    cpu->c.tlb_paddr[1][7] = dst->ppc & TARGET_PAGE_MASK;
    CHECK_EQ(run(tb), (uintptr_t)dst | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x7777);
    CHECK_EQ(cpu->r[1], 1);
    CHECK_EQ(cpu->r[2], 1);

    /* a two-page destination (code also in 0x8000's page, physical 0x55000) is entered through
       the jump cache only while that page still maps there; the loop's own entry is not
       checked (tb_lookup walked it) */
    dst->ppage2 = 0x55000;
    for (int k = 0; k < 3; k++) {
        reset_cpu();
        cpu->c.jmp_cache[jmp_cache_index(0x7000)] = dst;
        cpu->c.tlb[1][7].tag_x = 0x7000;
        cpu->c.tlb_paddr[1][7] = dst->ppc & TARGET_PAGE_MASK;
        cpu->c.tlb[1][8].tag_x = k == 1 ? UINT64_MAX : 0x8000;           /* k 1: not in TLB */
        cpu->c.tlb_paddr[1][8] = k == 2 ? 0x66000 : 0x55000;            /* k 2: remapped */
        CHECK_EQ(run(tb), (uintptr_t)dst | TB_EXIT_NOCHAIN);
        CHECK_EQ(cpu->c.pc, k == 0 ? 0x7777 : 0x7000);
        CHECK_EQ(cpu->r[2], k == 0 ? 1 : 0);
    }
    reset_cpu();
    CHECK_EQ(run(dst), (uintptr_t)dst | TB_EXIT_NOCHAIN);            /* loop entry */
    CHECK_EQ(cpu->r[2], 1);
    dst->ppage2 = UINT64_MAX;
    drop_tb(tb);
    drop_tb(dst);
}

static void test_exits(IrBlock *b) {
    /* brcond taken / not taken, goto_tb slots */
    block_start(b, 0x1000);
    ir_op2(b, IR_add, G(1), G(1), ir_const(b, 1));
    ir_brcond(b, IR_LTU, G(0), ir_const(b, 10), 0x1300, 1);
    ir_op2(b, IR_add, G(1), G(1), ir_const(b, 1));
    ir_goto_tb(b, 0x1400, 0);
    TB *tb = make_tb(b);
    /* both slots exist: tb_try_chain requires jmp_off != TB_NO_JUMP */
    CHECK(tb->jmp_off[0] != TB_NO_JUMP);
    CHECK(tb->jmp_off[1] != TB_NO_JUMP);
    reset_cpu();
    cpu->r[0] = 3;
    CHECK_EQ(run(tb), (uintptr_t)tb | TB_EXIT_SLOT1);
    CHECK_EQ(cpu->c.pc, 0x1300);
    CHECK_EQ(cpu->r[1], 1);
    reset_cpu();
    cpu->r[0] = 10;
    CHECK_EQ(run(tb), (uintptr_t)tb | TB_EXIT_SLOT0);
    CHECK_EQ(cpu->c.pc, 0x1400);
    CHECK_EQ(cpu->r[1], 2);

    /* exit_request at entry: nothing runs */
    reset_cpu();
    cpu->c.pc = 0x1234;
    cpu->c.exit_request = 1;
    CHECK_EQ(run(tb), (uintptr_t)tb | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x1000);
    CHECK_EQ(cpu->r[1], 0);

    /* exit op */
    block_start(b, 0x5000);
    ir_op2(b, IR_add, G(2), G(0), ir_const(b, 4));
    ir_exit(b, G(2));
    TB *tbx = make_tb(b);
    CHECK_EQ(tbx->jmp_off[0], TB_NO_JUMP);
    CHECK_EQ(tbx->jmp_off[1], TB_NO_JUMP);
    reset_cpu();
    cpu->r[0] = 0x8000;
    CHECK_EQ(run(tbx), (uintptr_t)tbx | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x8004);
    drop_tb(tbx);

    /* Chaining (same page): tb slot 1 -> t3 (0x1300), tb slot 0 -> t4 (0x1400); t3 loops
       to tb. */
    block_start(b, 0x1300);
    ir_op2(b, IR_add, G(3), G(3), ir_const(b, 1));
    ir_op2(b, IR_add, G(0), G(0), ir_const(b, 1));
    ir_goto_tb(b, 0x1000, 0);
    TB *t3 = make_tb(b);
    block_start(b, 0x1400);
    ir_op2(b, IR_add, G(4), G(4), ir_const(b, 1));
    ir_goto_tb(b, 0x1600, 1);
    TB *t4 = make_tb(b);
    CHECK_EQ(t4->jmp_off[0], TB_NO_JUMP);
    CHECK(t4->jmp_off[1] != TB_NO_JUMP);
    be->chain(be, tb, 1, t3);
    tb->jmp_dest[1] = t3;
    be->chain(be, tb, 0, t4);
    tb->jmp_dest[0] = t4;
    be->chain(be, t3, 0, tb);
    t3->jmp_dest[0] = tb;
    reset_cpu();
    cpu->r[0] = 0;
    /* tb, t3 loop while r0 < 10, then tb -> t4 -> leaves through t4 slot 1 */
    CHECK_EQ(run(tb), (uintptr_t)t4 | TB_EXIT_SLOT1);
    CHECK_EQ(cpu->c.pc, 0x1600);
    CHECK_EQ(cpu->r[3], 10);
    CHECK_EQ(cpu->r[4], 1);
    CHECK_EQ(cpu->r[1], 10 * 1 + 2);

    /* Unchained slot 0: the loop leaves through it. */
    be->unchain(be, tb, 0);
    tb->jmp_dest[0] = NULL;
    reset_cpu();
    cpu->r[0] = 3;
    cpu->c.exit_request = 0;
    CHECK_EQ(run(tb), (uintptr_t)tb | TB_EXIT_SLOT0);
    CHECK_EQ(cpu->c.pc, 0x1400);
    CHECK_EQ(cpu->r[3], 7);
    CHECK_EQ(cpu->r[4], 0);

    /* A block that requests an exit, chained into tb: tb must not run. */
    block_start(b, 0x7000);
    ir_emit(b, IR_st_env, IR_NONE, ir_const(b, 0x100000001ll), IR_NONE,
            offsetof(CPUCommon, exit_request));
    ir_goto_tb(b, 0x1000, 0);
    TB *t7 = make_tb(b);
    be->chain(be, t7, 0, tb);
    t7->jmp_dest[0] = tb;
    reset_cpu();
    CHECK_EQ(run(t7), (uintptr_t)tb | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x1000);
    CHECK_EQ(cpu->r[1], 0);
    drop_tb(t7);
    drop_tb(t3);
    drop_tb(t4);
    drop_tb(tb);
}

static void test_goto_ptr(IrBlock *b) {
    block_start(b, 0x1000);
    ir_op2(b, IR_add, G(1), G(1), ir_const(b, 1));
    ir_goto_ptr(b, G(0));
    TB *src = make_tb(b);
    src->flags = 5;
    src->fetch_mmu = (uint8_t)(src->flags & 3);   /* the test class's fetch MMU field */
    block_start(b, 0x2000);
    ir_op2(b, IR_add, G(2), G(2), ir_const(b, 1));
    ir_exit(b, ir_const(b, 0x2222));
    TB *dst = make_tb(b);
    dst->flags = 5;
    dst->fetch_mmu = (uint8_t)(dst->flags & 3);   /* the test class's fetch MMU field */

    /* empty jump cache: leaves with env->pc = target */
    reset_cpu();
    cpu->r[0] = 0x2000;
    CHECK_EQ(run(src), (uintptr_t)src | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x2000);
    CHECK_EQ(cpu->r[2], 0);

    /* hit: also needs the execute TLB to map 0x2000 to dst's physical page (fetch MMU index =
       the fetch MMU field of flags, bits 0-1 here) */
    reset_cpu();
    cpu->r[0] = 0x2000;
    cpu->c.jmp_cache[jmp_cache_index(0x2000)] = dst;
    cpu->c.tlb[1][2].tag_x = 0x2000;
    cpu->c.tlb_paddr[1][2] = dst->ppc & TARGET_PAGE_MASK;
    CHECK_EQ(run(src), (uintptr_t)dst | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->c.pc, 0x2222);
    CHECK_EQ(cpu->r[1], 1);
    CHECK_EQ(cpu->r[2], 1);

    /* misses: other flags, invalid, another pc in the same cache line, page remapped */
    for (int k = 0; k < 4; k++) {
        reset_cpu();
        cpu->c.jmp_cache[jmp_cache_index(0x2000)] = dst;
        cpu->c.tlb[1][2].tag_x = 0x2000;
        cpu->c.tlb_paddr[1][2] = (dst->ppc & TARGET_PAGE_MASK) + (k == 3 ? TARGET_PAGE_SIZE : 0);
        cpu->r[0] = 0x2000;
        dst->flags = k == 0 ? 6 : 5;
        dst->fetch_mmu = (uint8_t)(dst->flags & 3);   /* the test class's fetch MMU field */
        dst->valid = k == 1 ? 0 : 1;
        if (k == 2)
            cpu->r[0] = 0x2000 + 2 * JMP_CACHE_SIZE;
        CHECK_EQ(jmp_cache_index(cpu->r[0]), jmp_cache_index(0x2000));
        CHECK_EQ(run(src), (uintptr_t)src | TB_EXIT_NOCHAIN);
        CHECK_EQ(cpu->c.pc, cpu->r[0]);
        CHECK_EQ(cpu->r[2], 0);
    }
    /* a status CSR write that changed the flags (not the privilege) set cur_flags: the jump
       cache then matches the new flags rather than the block's own */
    reset_cpu();
    cpu->c.jmp_cache[jmp_cache_index(0x2000)] = dst;
    cpu->c.tlb[1][2].tag_x = 0x2000;
    cpu->c.tlb_paddr[1][2] = dst->ppc & TARGET_PAGE_MASK;
    cpu->r[0] = 0x2000;
    dst->flags = 5 | 8;
    dst->fetch_mmu = (uint8_t)(dst->flags & 3);   /* the test class's fetch MMU field */
    dst->valid = 1;
    cpu->c.cur_flags = 5 | 8;
    CHECK_EQ(be->exec(be, &cpu->c, src), (uintptr_t)dst | TB_EXIT_NOCHAIN);
    CHECK_EQ(cpu->r[2], 1);
    dst->flags = 5;
    dst->fetch_mmu = (uint8_t)(dst->flags & 3);   /* the test class's fetch MMU field */
    drop_tb(src);
    drop_tb(dst);
}

/* ---- TLB misses: the softmmu slow path (softmmu.c, memmap.c) ---- */

#define RAM_BASE 0x80000000ull
#define MMIO_BASE 0x10000000ull
#define FAULT_PAGE 0x90000000ull
static uint64_t mmio_last_off, mmio_last_val;
static int mmio_writes, faults;
static uint64_t fault_addr;

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size) {
    (void)opaque;
    return (off * 0x11 + size) & 0xffffffff;
}

static void mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    (void)opaque, (void)size;
    mmio_last_off = off;
    mmio_last_val = val;
    mmio_writes++;
}

static const MmioOps test_mmio = {mmio_read, mmio_write, 1, 8};

static bool identity_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                          uint64_t *paddr, int *prot, bool *large) {
    (void)mmu_idx, (void)large, (void)access;
    if ((vaddr & TARGET_PAGE_MASK) == FAULT_PAGE) {
        if (probe)
            return false;
        faults++;
        fault_addr = vaddr;
        siglongjmp(env->jmpbuf, 2);
    }
    *paddr = vaddr;
    *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
    return true;
}

static void raise_fault(CPUCommon *env, uint64_t vaddr, int access, int kind) {
    (void)access, (void)kind;
    faults++;
    fault_addr = vaddr;
    siglongjmp(env->jmpbuf, 3);
}

static void test_slow_path(IrBlock *b) {
    static CpuClass ops;
    ops.name = "test";
    ops.tlb_fill = identity_fill;
    ops.raise_mem_fault = raise_fault;
    ops.n_mmu_modes = 4;
    ops.fetch_mmu_bits = 2;
    MemMap mm;
    memmap_init(&mm);
    CHECK(memmap_add_ram(&mm, "ram", RAM_BASE, 0x10000) != NULL);
    CHECK(memmap_add_mmio(&mm, "dev", MMIO_BASE, 0x1000, &test_mmio, NULL) != NULL);
    MemRegion *ram = memmap_find(&mm, RAM_BASE); /* adding regions may move them */
    CHECK(ram != NULL && ram->ram != NULL);
    if (!ram || !ram->ram)
        return;
    for (int i = 0; i < 0x3000; i++)
        ram->ram[i] = (uint8_t)(i * 7 + 1);

    block_start(b, 0x1000);
    ir_ld(b, G(1), G(0), 0, IR_MEMOP(3, 0, 1));      /* aligned */
    ir_ld(b, G(2), G(0), 0x13, IR_MEMOP(2, 1, 1));   /* misaligned in the page */
    ir_ld(b, G(3), G(0), 0xffd, IR_MEMOP(3, 0, 1));  /* crosses into the next page */
    ir_st(b, G(0), 0x1ffe, G(5), IR_MEMOP(2, 0, 1)); /* store crossing pages */
    ir_exit(b, ir_const(b, 0));
    TB *tb = make_tb(b);
    reset_cpu();
    cpu->c.ops = &ops;
    cpu->c.mem = &mm;
    cpu->r[0] = RAM_BASE + 0x1000;
    cpu->r[5] = 0xa1b2c3d4;
    uint64_t want1, want3;
    memcpy(&want1, ram->ram + 0x1000, 8);
    memcpy(&want3, ram->ram + 0x1ffd, 8);
    uint32_t w2;
    memcpy(&w2, ram->ram + 0x1013, 4);
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        run(tb);
        CHECK_EQ(cpu->r[1], want1);
        CHECK_EQ(cpu->r[2], (uint64_t)(int64_t)(int32_t)w2);
        CHECK_EQ(cpu->r[3], want3);
        uint32_t st;
        memcpy(&st, ram->ram + 0x2ffe, 4);
        CHECK_EQ(st, 0xa1b2c3d4);
        /* the aligned load refilled its entry: a second run takes the fast path for it */
        uint64_t slow = cpu->c.stats.tlb_slow_loads;
        CHECK(slow >= 3);
        run(tb);
        CHECK_EQ(cpu->c.stats.tlb_slow_loads, slow + 2);
        CHECK_EQ(cpu->r[1], want1);
    } else {
        CHECK(!"unexpected fault");
    }
    drop_tb(tb);

    /* MMIO: always the slow path */
    block_start(b, 0x1000);
    ir_ld(b, G(1), G(0), 0x40, IR_MEMOP(2, 0, 0));
    ir_st(b, G(0), 0x48, G(5), IR_MEMOP(3, 0, 0));
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->c.ops = &ops;
    cpu->c.mem = &mm;
    cpu->r[0] = MMIO_BASE;
    cpu->r[5] = 0x1122334455667788ull;
    mmio_writes = 0;
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        run(tb);
        CHECK_EQ(cpu->r[1], 0x40 * 0x11 + 4);
        CHECK_EQ(mmio_writes, 1);
        CHECK_EQ(mmio_last_off, 0x48);
        CHECK_EQ(mmio_last_val, 0x1122334455667788ull);
    } else {
        CHECK(!"unexpected fault");
    }
    drop_tb(tb);

    /* A faulting load: env->pc is its instruction, earlier global writes are in env. */
    block_start(b, 0x1000);
    ir_op1(b, IR_mov, G(6), ir_const(b, 0x66));
    ir_insn_start(b, 0x1004);
    ir_ld(b, G(1), G(0), 8, IR_MEMOP(3, 0, 0));
    ir_insn_start(b, 0x1008);
    ir_op1(b, IR_mov, G(7), ir_const(b, 0x77));
    ir_exit(b, ir_const(b, 0));
    tb = make_tb(b);
    reset_cpu();
    cpu->c.ops = &ops;
    cpu->c.mem = &mm;
    cpu->r[0] = FAULT_PAGE + 0x100;
    faults = 0;
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0) {
        run(tb);
        CHECK(!"load should have faulted");
    } else {
        CHECK_EQ(faults, 1);
        CHECK_EQ(fault_addr, FAULT_PAGE + 0x108);
        CHECK_EQ(cpu->c.pc, 0x1004);
        CHECK_EQ(cpu->r[6], 0x66);
        CHECK_EQ(cpu->r[7], 0);
    }
    drop_tb(tb);
    memmap_free(&mm);
}

int main(void) {
    init_globals();
    cpu = calloc(1, sizeof *cpu);
    be = backend_interp_create();
    CHECK(be != NULL);
    if (!be || !cpu)
        return 1;
    IrBlock b;
    ir_block_init(&b);
    test_pure_ops(&b);
    test_spot_values(&b);
    test_temps(&b);
    test_memory(&b);
    test_env_access(&b);
    test_calls(&b);
    test_exits(&b);
    test_cross_page_exit(&b);
    test_goto_ptr(&b);
    test_slow_path(&b);
    ir_block_free(&b);
    be->destroy(be);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
