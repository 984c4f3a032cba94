/* SPDX-License-Identifier: MIT */
/* Differential test of the x86-64 JIT (translate/x86_64/) against the IR interpreter
   (translate/interp.c): random IR blocks over all ops (edge-case operands, globals/temps/
   constants, register pressure), guest loads/stores through a preset TLB entry, TLB misses
   (slow path + refill), misaligned and faulting accesses, helper calls with every effect flag,
   conditional/indirect exits. Indirect exits (goto_ptr) go through the jump cache, sometimes
   after a helper that changes the flags the target runs under (as mret/sret do), with the
   target's page mapped or not in each MMU index's execute TLB: the JIT's inline probe must
   decide like tb_jmp_cache_find. After each block all globals, env slots, guest RAM, env->pc
   and the exit code must match. Random self-loop blocks chained to themselves (the JIT keeps their
   globals in registers across iterations) run to their end against the interpreter. Also
   checks block chaining and reports a small benchmark. */
#include <inttypes.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "system/memmap.h"
#include "translate/backend.h"
#include "translate/ir.h"
#include "translate/tb.h"
#include "translate/x86_64/x86_backend.h"

#define NG 16                 /* globals; the last two hold RAM pointers */
#define PTR0 (NG - 2)
#define PTR1 (NG - 1)
#define NSCRATCH 4
#define G_IT NG               /* loop blocks only: iteration counter the body never touches */
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16 * 4096ull)
#define UNMAPPED 0x10000000ull
#define TARGET_PC 0x7000ull   /* vpc of the block goto_ptr may reach through the jump cache */

typedef struct TestCpu {
    CPUCommon c;
    uint64_t r[NG];
    uint64_t scratch[NSCRATCH];
    uint64_t iter;
    uint64_t xret_flags;      /* what h_xret sets env->cur_flags to */
} TestCpu;

typedef struct State {
    uint64_t r[NG], scratch[NSCRATCH], pc, iter;
    uint64_t icount;          /* CPUCommon.insn_count (the JIT keeps it in a host register) */
    int faulted;
    uint64_t fault_addr;
    int exit_code;
    int exit_tb;              /* 0: the block itself, 1: the jump-cache target, 2: other */
} State;

static int n_pass, n_fail;
static TestCpu *cpu;
static MemMap mem;
static uint8_t *ram, *ram_init, *ram_ref;
static IrGlobalDesc globals[NG + 1];
static char gname[NG + 1][8];
static unsigned glob_limit = NG;   /* globals the generator picks from (loop tests narrow it) */
static uint64_t fault_addr;
static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;   /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545f4914f6cdd1dull;
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

static const uint64_t interesting[] = {
    0, 1, 2, 3, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull,
    0xffffffff7fffffffull, 0x123456789abcdef0ull, 0xdeadbeefcafef00dull, 5, 7, 0xfffffffffffffff9ull,
};
#define N_INTERESTING (sizeof interesting / sizeof interesting[0])

static uint64_t rand_value(void)
{
    switch (rn(4)) {
    case 0: return interesting[rn(N_INTERESTING)];
    case 1: return rnd();
    case 2: return (uint64_t)(int64_t)(int32_t)rnd();
    default: return rn(100);
    }
}

/* ---- guest hooks: identity mapping onto the RAM region ---- */

static bool t_tlb_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                       uint64_t *paddr, int *prot, bool *large)
{
    (void)env, (void)access, (void)mmu_idx, (void)probe;
    *paddr = vaddr;
    *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
    *large = false;
    return true;
}

static void t_raise(CPUCommon *env, uint64_t vaddr, int access, int kind)
{
    (void)access, (void)kind;
    fault_addr = vaddr;
    siglongjmp(env->jmpbuf, 1);
}

static CpuClass ops = { .name = "jit-diff", .tlb_fill = t_tlb_fill, .raise_mem_fault = t_raise,
                        .n_mmu_modes = 4, .fetch_mmu_bits = 2 };

/* ---- helpers called from blocks ---- */

static uint64_t h_pure(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)env;
    return (a * 0x9e3779b97f4a7c15ull) ^ (b + 3 * c) ^ ((d << 7) | (d >> 57));
}

static uint64_t h_reads(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    TestCpu *t = env;
    uint64_t s = a ^ b ^ c ^ d ^ t->c.insn_count;   /* as counter CSR reads do */
    for (int i = 0; i < NG; i++)
        s = s * 31 + t->r[i];
    return s;
}

static uint64_t h_rmw(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    TestCpu *t = env;
    (void)c, (void)d;
    t->r[a % PTR0] ^= b;
    t->r[(a >> 8) % PTR0] += 1;
    return t->r[a % PTR0];
}

static uint64_t h_write(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    TestCpu *t = env;
    (void)c, (void)d;
    t->r[b % PTR0] = a;
    return ~a;
}

/* Like helper_mret/helper_sret: the block ends after it (goto_ptr) and the target runs under
   other flags, maybe another fetch MMU index. */
static uint64_t h_xret(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    TestCpu *t = env;
    (void)b, (void)c, (void)d;
    t->c.cur_flags = t->xret_flags;
    return a;
}

static uint64_t h_trap(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    TestCpu *t = env;
    (void)c, (void)d;
    if ((a & 7) == 3) {
        /* A precise trap sees the current state: record it into an env slot. */
        t->scratch[3] = t->c.pc ^ t->r[b % NG];
        fault_addr = 0xbad;
        siglongjmp(t->c.jmpbuf, 1);
    }
    return a ^ 0x55;
}

/* Reference helpers for the IR_FAST_* kinds (translate/ir.h), written from that contract: on
   the kind's domain the IEEE result, elsewhere a value the fast path cannot produce plus an
   env side effect, so a fast path taken outside its domain shows up as a difference. */
static double fd(uint64_t x) { double v; memcpy(&v, &x, 8); return v; }
static uint64_t fb(double v) { uint64_t x; memcpy(&x, &v, 8); return x; }
static bool f_nan(uint64_t x) { return (x << 1) > 0xffe0000000000000ull; }
static bool f_normal(uint64_t x) { unsigned e = (x >> 52) & 0x7ff; return e && e != 0x7ff; }
static bool f_normal_or_zero(uint64_t x) { return f_normal(x) || (x << 1) == 0; }

static uint64_t ref_fast(void *env, int kind, uint64_t a, uint64_t b, uint64_t g)
{
    bool g1 = g & 1, in = false;
    uint64_t r = 0;
    double x = fd(a), y = fd(b), t;
    switch (kind) {
    case IR_FAST_LE_D: in = !f_nan(a) && !f_nan(b); r = x <= y; break;
    case IR_FAST_LT_D: in = !f_nan(a) && !f_nan(b); r = x < y; break;
    case IR_FAST_EQ_D: in = !f_nan(a) && !f_nan(b); r = x == y; break;
    case IR_FAST_CVT_D_L:
        t = (double)(int64_t)a;
        in = t < 9223372036854775808.0 && (int64_t)t == (int64_t)a;
        r = fb(t);
        break;
    case IR_FAST_CVT_D_LU:
        t = (double)a;
        in = t < 18446744073709551616.0 && (uint64_t)t == a;
        r = fb(t);
        break;
    case IR_FAST_CVT_D_W: in = true; r = fb((double)(int32_t)a); break;
    case IR_FAST_CVT_D_WU: in = true; r = fb((double)(uint32_t)a); break;
    case IR_FAST_CVT_L_D:
        t = __builtin_trunc(x);
        in = !f_nan(a) && t >= -9223372036854775807.0 && t < 9223372036854775808.0 &&
             (t == x || g1);
        r = in ? (uint64_t)(int64_t)t : 0;
        break;
    case IR_FAST_CVT_W_D:
        t = __builtin_trunc(x);
        in = !f_nan(a) && t >= -2147483648.0 && t <= 2147483647.0 && (t == x || g1);
        r = in ? (uint64_t)(int64_t)(int32_t)t : 0;
        break;
    case IR_FAST_SQRT_D:
        in = g1 && f_normal(a) && !(a >> 63);
        r = fb(__builtin_sqrt(x));
        break;
    default:
        r = fb(kind == IR_FAST_ADD_D ? x + y : kind == IR_FAST_SUB_D ? x - y
               : kind == IR_FAST_MUL_D ? x * y : x / y);
        in = g1 && f_normal_or_zero(a) && f_normal_or_zero(b) && f_normal(r);
        break;
    }
    /* The domains above are the widest the contract allows; a backend may take a narrower
       one (it then calls the helper, which agrees). */
    if (in)
        return r;
    ((TestCpu *)env)->scratch[2] += 1;
    return (a * 0x9e3779b97f4a7c15ull) ^ b ^ (uint64_t)kind ^ 0x5a5a000000000000ull;
}

#define FAST_HELPER(k) \
    static uint64_t h_fast_##k(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d) { \
        return ref_fast(env, k, a, b, k == IR_FAST_CVT_L_D || k == IR_FAST_CVT_W_D || \
                                      k == IR_FAST_SQRT_D ? c : d); }
FAST_HELPER(1) FAST_HELPER(2) FAST_HELPER(3) FAST_HELPER(4) FAST_HELPER(5) FAST_HELPER(6)
FAST_HELPER(7) FAST_HELPER(8) FAST_HELPER(9) FAST_HELPER(10) FAST_HELPER(11) FAST_HELPER(12)
FAST_HELPER(13) FAST_HELPER(14)
_Static_assert(IR_FAST_NUM == 15, "one reference helper per IR_FAST kind");
static const IrHelper fast_helpers[IR_FAST_NUM] = {
    NULL, h_fast_1, h_fast_2, h_fast_3, h_fast_4, h_fast_5, h_fast_6, h_fast_7, h_fast_8,
    h_fast_9, h_fast_10, h_fast_11, h_fast_12, h_fast_13, h_fast_14,
};

/* Operands near the domains' edges. */
static uint64_t fp_operand(void)
{
    static const double dv[] = {
        0.0, -0.0, 1.0, -1.0, 1.5, -2.5, 0.1, 3.0, 1e300, -1e300, 1e-300, 2.2250738585072014e-308,
        4.9e-324, -4.9e-324, 9007199254740992.0, 9007199254740993.0, 9223372036854775807.0,
        -9223372036854775808.0, 2147483647.0, 2147483647.5, -2147483648.0, -2147483648.5,
        -2147483649.0, 2147483648.0, 4294967295.0, 1.7976931348623157e308, 0.5, -0.75,
    };
    static const uint64_t bits[] = {
        0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff0000000000001ull, 0xfff8000000000001ull, 0x000fffffffffffffull,
        (UINT64_C(1) << 53), (UINT64_C(1) << 53) + 1, (UINT64_C(1) << 53) - 1,
        -(UINT64_C(1) << 53), -(UINT64_C(1) << 53) - 1, 0x7fffffffffffffffull,
        0x8000000000000000ull, 0xffffffffffffffffull, 12345, (uint64_t)-12345,
    };
    switch (rn(4)) {
    case 0: return fb(dv[rn(sizeof dv / sizeof dv[0])]);
    case 1: return bits[rn(sizeof bits / sizeof bits[0])];
    case 2: return fb((double)(int)rn(2000) / 8.0 - 100.0);
    default: return rand_value();
    }
}

/* ---- running a block on one backend ---- */

typedef struct Init {
    uint64_t r[NG], scratch[NSCRATCH];
    int exit_request;
    int target_mode;          /* 0: jump cache hit, 1: flags differ, 2: invalid, 3: empty */
    bool nochain;             /* env->nochain or singlestep: goto_ptr must not chain */
    uint64_t flags;           /* tb flags of the blocks (large values need a register) */
    uint64_t xret_flags;      /* flags h_xret switches to (the target's, in mode 0) */
    int tlb_map[4];           /* target page in each fetch index's execute TLB: 0 absent,
                                 1 mapped to the target's physical page, 2 to another page */
} Init;

static void reset_cpu(const Init *in)
{
    CPUCommon *c = &cpu->c;
    c->exit_request = in->exit_request;
    c->nochain = in->nochain && (in->r[0] & 1);
    c->singlestep = in->nochain && !(in->r[0] & 1);
    c->pc = 0xdeadbeef;
    c->insn_count = in->r[1] ^ 0x5a5a;
    memset(c->tlb, 0xff, sizeof c->tlb);
    memset(c->jmp_cache, 0, sizeof c->jmp_cache);
    /* Page 0 of RAM is pre-mapped for mmu 0; everything else misses first. */
    TlbEntry *e = &c->tlb[0][(RAM_BASE >> TARGET_PAGE_BITS) & (TLB_SIZE - 1)];
    e->tag_r = e->tag_w = e->tag_x = RAM_BASE;
    e->addend = (uintptr_t)ram - (uintptr_t)RAM_BASE;
    memcpy(cpu->r, in->r, sizeof cpu->r);
    memcpy(cpu->scratch, in->scratch, sizeof cpu->scratch);
    cpu->iter = 0;
    memcpy(ram, ram_init, RAM_SIZE);
    fault_addr = 0;
}

static void run(Backend *be, TB *tb, TB *target, const Init *in, State *st)
{
    reset_cpu(in);
    cpu->xret_flags = in->xret_flags;
    if (target) {
        /* The target was translated under the flags h_xret switches to (or, mode 1, others);
           the block's own flags may differ in any bit, the fetch MMU index included. */
        target->flags = in->target_mode == 1 ? in->xret_flags ^ 0x10 : in->xret_flags;
        target->fetch_mmu = (uint8_t)(target->flags & 3);   /* the test class's fetch MMU field */
        target->valid = in->target_mode != 2;
        if (in->target_mode != 3)
            cpu->c.jmp_cache[jmp_cache_index(TARGET_PC)] = target;
        for (int mmu = 0; mmu < 4; mmu++) {
            unsigned i = tlb_index(TARGET_PC);
            if (in->tlb_map[mmu] == 0)
                continue;
            cpu->c.tlb[mmu][i].tag_x = TARGET_PC & TARGET_PAGE_MASK;
            cpu->c.tlb_paddr[mmu][i] = (target->ppc & TARGET_PAGE_MASK) +
                                       (in->tlb_map[mmu] == 2 ? TARGET_PAGE_SIZE : 0);
        }
    }
    volatile uintptr_t ret = 0;
    volatile int faulted = 0;
    cpu->c.cur_flags = tb->flags;   /* as the execution loop sets it */
    if (sigsetjmp(cpu->c.jmpbuf, 0) == 0)
        ret = be->exec(be, &cpu->c, tb);
    else
        faulted = 1;
    memset(st, 0, sizeof *st);
    memcpy(st->r, cpu->r, sizeof st->r);
    memcpy(st->scratch, cpu->scratch, sizeof st->scratch);
    st->pc = cpu->c.pc;
    st->iter = cpu->iter;
    st->icount = cpu->c.insn_count;
    st->faulted = faulted;
    st->fault_addr = fault_addr;
    if (!faulted) {
        TB *t = (TB *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        st->exit_code = (int)(ret & TB_EXIT_MASK);
        st->exit_tb = t == tb ? 0 : t == target ? 1 : 2;
    }
    if (target)
        target->valid = 1;
    cpu->c.nochain = cpu->c.singlestep = false;
}

static TB *new_tb(Backend *be, IrBlock *b, uint64_t flags)
{
    TB *tb = calloc(1, sizeof *tb);
    tb->vpc = b->pc;
    tb->flags = flags;
    tb->fetch_mmu = (uint8_t)(tb->flags & 3);   /* the test class's fetch MMU field */
    tb->valid = 1;
    tb->ppage2 = UINT64_MAX;
    tb->jmp_off[0] = tb->jmp_off[1] = TB_NO_JUMP;
    if (!be->gen(be, tb, b)) {
        be->flush(be);
        if (!be->gen(be, tb, b)) {
            fprintf(stderr, "gen failed\n");
            abort();
        }
    }
    return tb;
}

static void free_tb(Backend *be, TB *tb)
{
    if (tb && be->tb_free)
        be->tb_free(be, tb);
    free(tb);
}

/* The goto_ptr target block: r0 += 0x1111, leave with pc 0x5000. */
static void build_target(IrBlock *b)
{
    ir_block_reset(b, globals, NG, TARGET_PC);
    ir_insn_start(b, TARGET_PC);
    ir_op2(b, IR_add, 0, 0, ir_const(b, 0x1111));
    ir_exit(b, ir_const(b, 0x5000));
}

/* ---- random blocks ---- */

typedef struct Gen {
    IrBlock *b;
    IrVal temps[512];
    int n_temps;
    bool slot_used[2];
    uint64_t pc;
} Gen;

static IrVal pick_global(void) { return (IrVal)rn(glob_limit); }
static IrVal pick_out_global(void) { return (IrVal)rn(glob_limit < PTR0 ? glob_limit : PTR0); }

static IrVal pick_in(Gen *g)
{
    unsigned k = rn(10);
    if (k < 4 || (k < 7 && g->n_temps == 0))
        return pick_global();
    if (k < 7)   /* favour recent temps but reach old ones too (long live ranges) */
        return g->temps[rn(3) ? g->n_temps - 1 - (int)rn((unsigned)(g->n_temps < 4 ? g->n_temps : 4))
                               : (int)rn((unsigned)g->n_temps)];
    return ir_const(g->b, (int64_t)rand_value());
}

static IrVal pick_out(Gen *g)
{
    if (rn(2) && g->n_temps < 500) {
        IrVal t = ir_temp(g->b);
        g->temps[g->n_temps++] = t;
        return t;
    }
    return pick_out_global();
}

static IrVal make_temp(Gen *g)
{
    IrVal t = ir_temp(g->b);
    g->temps[g->n_temps++] = t;
    return t;
}

/* Address operand + offset for a guest access of size bytes. */
static void pick_addr(Gen *g, unsigned size, IrVal *base, int64_t *off)
{
    IrBlock *b = g->b;
    int64_t o = (int64_t)rn(0x1000) - 0x800;
    if (rn(4))
        o &= ~(int64_t)(size - 1);
    switch (rn(20)) {
    case 0:   /* unmapped: faults */
        *base = ir_const(b, (int64_t)UNMAPPED);
        *off = (int64_t)rn(64);
        return;
    case 1:
    case 2: { /* constant address anywhere in RAM */
        uint64_t a = RAM_BASE + rn((unsigned)(RAM_SIZE - 8));
        if (rn(2))
            a &= ~(uint64_t)(size - 1);
        *base = ir_const(b, (int64_t)a);
        *off = 0;
        return;
    }
    case 3: { /* offset too large for a disp32 */
        IrVal t = make_temp(g);
        ir_op2(b, IR_sub, t, PTR1, ir_const(b, 0x100000000ll));
        *base = t;
        *off = 0x100000000ll + (o & 0x7f8);
        return;
    }
    case 4:
    case 5: { /* address computed into a temp or a plain global */
        IrVal t = rn(2) ? make_temp(g) : pick_out_global();
        ir_op2(b, IR_add, t, rn(2) ? PTR0 : PTR1, ir_const(b, (int64_t)rn(256)));
        *base = t;
        *off = o / 2;
        return;
    }
    default:
        *base = rn(3) ? PTR0 : PTR1;
        *off = o;
        return;
    }
}

static void gen_pure(Gen *g)
{
    IrBlock *b = g->b;
    unsigned opc = IR_mov + rn(IR_movcond - IR_mov + 1);
    IrVal a = pick_in(g), c = pick_in(g);
    if (rn(8) == 0)
        c = a;
    if (opc == IR_setcond) {
        ir_setcond(b, (IrCond)rn(IR_NUM_CONDS), pick_out(g), a, c);
    } else if (opc == IR_movcond) {
        IrVal t = pick_in(g), f = pick_in(g);
        ir_movcond(b, (IrCond)rn(IR_NUM_CONDS), pick_out(g), a, c, t, f);
    } else {
        /* sometimes an in-place update: x = x op y */
        IrVal d = rn(5) == 0 && ir_is_global(b, a) && a < PTR0 ? a : pick_out(g);
        if (ir_op_defs[opc].n_in == 1)
            ir_op1(b, (IrOpc)opc, d, a);
        else
            ir_op2(b, (IrOpc)opc, d, a, c);
    }
}

static void gen_call(Gen *g)
{
    static const struct { IrHelper fn; const char *name; unsigned flags; } h[] = {
        { h_pure, "h_pure", 0 },
        { h_reads, "h_reads", IR_CALL_READS_GLOBALS },
        { h_rmw, "h_rmw", IR_CALL_READS_GLOBALS | IR_CALL_WRITES_GLOBALS },
        { h_write, "h_write", IR_CALL_WRITES_GLOBALS },
        { h_trap, "h_trap", IR_CALL_TRAPS },
    };
    unsigned k = rn(5);
    IrVal args[4];
    int n = (int)rn(5);
    for (int i = 0; i < 4; i++)
        args[i] = i < n ? pick_in(g) : IR_NONE;
    if (k >= 2 && n < 2) {   /* these use a and b */
        args[0] = args[0] == IR_NONE ? pick_in(g) : args[0];
        args[1] = pick_in(g);
    }
    if (k == 4 && n < 1)
        args[0] = pick_in(g);
    IrVal d = rn(4) ? pick_out(g) : IR_NONE;
    ir_call(g->b, h[k].fn, h[k].name, h[k].flags, d, args[0], args[1], args[2], args[3]);
}

/* A helper call with an inline fast path; operands in registers (temps set from constants)
   or globals, the guard sometimes a constant (then no fast path). */
static void gen_fast_call(Gen *g)
{
    IrBlock *b = g->b;
    int kind = 1 + (int)rn(IR_FAST_NUM - 1);
    IrVal args[4];
    for (int i = 0; i < 4; i++) {
        if (rn(3) == 0) {
            args[i] = pick_in(g);
        } else {
            args[i] = make_temp(g);
            ir_op1(b, IR_mov, args[i], ir_const(b, (int64_t)(i >= 2 ? rnd() : fp_operand())));
        }
    }
    IrVal d = rn(3) ? make_temp(g) : pick_out_global();
    ir_call(b, fast_helpers[kind], "h_fast", 0, d, args[0], args[1], args[2], args[3])->imm = kind;
    if (rn(2))   /* use the result soon (flags, register reuse) */
        ir_op2(b, IR_add, pick_out(g), d, pick_in(g));
}

/* Many temps live at once, with calls in between: spills and moves around calls. */
static void gen_pressure(Gen *g)
{
    IrBlock *b = g->b;
    int k = 14 + (int)rn(30), first = g->n_temps;
    for (int i = 0; i < k && g->n_temps < 400; i++) {
        IrVal t = make_temp(g);
        ir_op2(b, rn(2) ? IR_add : IR_xor, t, pick_global(), ir_const(b, (int64_t)rand_value()));
        if (rn(8) == 0)
            gen_call(g);
    }
    IrVal acc = make_temp(g);
    ir_op1(b, IR_mov, acc, ir_const(b, 0));
    for (int i = g->n_temps - 2; i >= first; i--) {
        IrVal t = make_temp(g);
        ir_op2(b, rn(3) ? IR_add : IR_sub, t, acc, g->temps[i]);
        acc = t;
        if (rn(10) == 0)
            gen_call(g);
    }
    ir_op1(b, IR_mov, pick_out_global(), acc);
}

/* n_insns guest instructions of random ops (exits only through free chain slots). */
static void gen_body(Gen *g, IrBlock *b, int n_insns)
{
    for (int i = 0; i < n_insns; i++) {
        ir_insn_start(b, g->pc);
        b->n_insns++;
        int n_ops = 1 + (int)rn(4);
        for (int k = 0; k < n_ops; k++) {
            unsigned w = rn(100);
            if (w < 1) {
                gen_pressure(g);
            } else if (w < 62) {
                gen_pure(g);
            } else if (w < 74) {
                unsigned size = rn(4);
                IrVal base;
                int64_t off;
                pick_addr(g, 1u << size, &base, &off);
                /* sometimes x = load(x + off) */
                IrVal d = rn(6) == 0 && ir_is_global(b, base) && base < PTR0 ? base : pick_out(g);
                ir_ld(b, d, base, off, IR_MEMOP(size, rn(2), rn(4) ? 0 : 1));
            } else if (w < 85) {
                unsigned size = rn(4);
                IrVal base;
                int64_t off;
                pick_addr(g, 1u << size, &base, &off);
                ir_st(b, base, off, pick_in(g), IR_MEMOP(size, 0, rn(4) ? 0 : 1));
            } else if (w < 89) {
                /* env slots: a scratch word, a global's own slot (must stay coherent), or the
                   instruction counter (a host register in the JIT), also as the per-block
                   ld_env/add/st_env the front ends emit */
                int64_t off = rn(3) ? (int64_t)(offsetof(TestCpu, scratch) + 8 * rn(NSCRATCH))
                                    : (int64_t)globals[rn(PTR0)].env_off;
                if (rn(4) == 0)
                    off = (int64_t)offsetof(CPUCommon, insn_count);
                if (rn(3) == 0) {
                    IrVal t0 = make_temp(g), t1 = make_temp(g);
                    ir_emit(b, IR_ld_env, t0, IR_NONE, IR_NONE, off);
                    ir_op2(b, IR_add, t1, t0, ir_const(b, (int64_t)rn(40)));
                    ir_emit(b, IR_st_env, IR_NONE, t1, IR_NONE, off);
                } else if (rn(2)) {
                    ir_emit(b, IR_ld_env, pick_out(g), IR_NONE, IR_NONE, off);
                } else {
                    ir_emit(b, IR_st_env, IR_NONE, pick_in(g), IR_NONE, off);
                }
            } else if (w < 92) {
                gen_call(g);
            } else if (w < 94) {
                gen_fast_call(g);
            } else if (w < 97) {
                int slot = (int)rn(2);
                if (!g->slot_used[slot]) {
                    g->slot_used[slot] = true;
                    ir_brcond(b, (IrCond)rn(IR_NUM_CONDS), pick_in(g), pick_in(g),
                              0x2000 + 4 * rn(64), slot);
                }
            } else {
                ir_op1(b, IR_mov, pick_out(g), pick_in(g));
            }
        }
        g->pc += 4;
    }
}

static void gen_block(Gen *g, IrBlock *b)
{
    g->b = b;
    g->n_temps = 0;
    g->slot_used[0] = g->slot_used[1] = false;
    g->pc = 0x1000 + 4 * rn(1024);
    ir_block_reset(b, globals, NG, g->pc);
    if (rn(3) == 0) {   /* a counter in env, as front ends keep instret */
        IrVal t = make_temp(g), u = make_temp(g);
        int64_t off = (int64_t)offsetof(TestCpu, scratch);
        ir_emit(b, IR_ld_env, t, IR_NONE, IR_NONE, off);
        ir_op2(b, IR_add, u, t, ir_const(b, (int64_t)rn(20)));
        ir_emit(b, IR_st_env, IR_NONE, u, IR_NONE, off);
    }
    gen_body(g, b, 1 + (int)rn(10));
    unsigned e = rn(10);
    if (e < 3 && !g->slot_used[0] && !g->slot_used[1]) {   /* the usual loop ending */
        ir_insn_start(b, g->pc);
        ir_brcond(b, (IrCond)rn(IR_NUM_CONDS), pick_in(g), pick_in(g), 0x3000, 0);
        ir_goto_tb(b, g->pc + 4, 1);
    } else if (e < 5 && (!g->slot_used[0] || !g->slot_used[1])) {
        ir_goto_tb(b, g->pc, g->slot_used[0] ? 1 : 0);
    } else if (e < 8) {
        IrVal t;
        if (rn(2))   /* mret/sret: the helper switches the flags, then goto_ptr */
            ir_call(b, h_xret, "h_xret", IR_CALL_TRAPS | IR_CALL_ENDS_TB, IR_NONE, pick_in(g),
                    IR_NONE, IR_NONE, IR_NONE);
        if (rn(2)) {
            t = ir_const(b, (int64_t)(rn(2) ? TARGET_PC : TARGET_PC + 8));
        } else {
            t = pick_out(g);
            ir_op1(b, IR_mov, t, ir_const(b, (int64_t)(rn(3) ? TARGET_PC : rnd())));
        }
        ir_goto_ptr(b, t);
    } else {
        ir_exit(b, rn(2) ? ir_const(b, (int64_t)g->pc) : pick_in(g));
    }
}

static bool same_state(const State *a, const State *b)
{
    return !memcmp(a->r, b->r, sizeof a->r) && !memcmp(a->scratch, b->scratch, sizeof a->scratch) &&
           a->pc == b->pc && a->iter == b->iter && a->icount == b->icount &&
           a->faulted == b->faulted &&
           a->fault_addr == b->fault_addr &&
           a->exit_code == b->exit_code && a->exit_tb == b->exit_tb;
}

static void print_state(const char *who, const State *s)
{
    fprintf(stderr, "  %s: pc=%#" PRIx64 " faulted=%d fault=%#" PRIx64 " exit=%d/%d\n", who,
            s->pc, s->faulted, s->fault_addr, s->exit_code, s->exit_tb);
    for (int i = 0; i < NG; i++)
        fprintf(stderr, "    r%-2d %016" PRIx64 "\n", i, s->r[i]);
    for (int i = 0; i < NSCRATCH; i++)
        fprintf(stderr, "    s%d  %016" PRIx64 "\n", i, s->scratch[i]);
}

static void random_tests(Backend *jit, Backend *interp, int n_blocks)
{
    IrBlock b, tb_ir;
    ir_block_init(&b);
    ir_block_init(&tb_ir);
    build_target(&tb_ir);
    TB *itarget = new_tb(interp, &tb_ir, 0);
    unsigned host = x86_backend_host_features(jit);
    Gen *g = calloc(1, sizeof *g);
    int shown = 0;
    for (int n = 0; n < n_blocks; n++) {
        gen_block(g, &b);
        const char *err = ir_validate(&b);
        if (err) {
            fprintf(stderr, "generator bug: %s\n", err);
            ir_dump(&b, stderr);
            abort();
        }
        if (rn(2))
            ir_optimize(&b);
        Init in;
        for (int i = 0; i < PTR0; i++)
            in.r[i] = rand_value();
        in.r[PTR0] = RAM_BASE + 0x800;
        in.r[PTR1] = RAM_BASE + 0x5800;
        for (int i = 0; i < NSCRATCH; i++)
            in.scratch[i] = rand_value();
        in.exit_request = rn(50) == 0;
        in.target_mode = rn(2) ? 0 : (int)rn(4);
        in.nochain = rn(20) == 0;
        static const uint64_t flag_set[] = {0, 1, 3, 0x11, 0x123456789ull, 0x123456788ull};
        in.flags = flag_set[rn(6)];
        /* mostly the same fetch index as the block (an sret to S, a status CSR write), else
           any flags (mret from M to S or U) */
        in.xret_flags = rn(2) ? in.flags ^ (rn(2) ? 0 : 0x20) : flag_set[rn(6)];
        for (int m = 0; m < 4; m++)   /* one index mapped, or several */
            in.tlb_map[m] = rn(3) ? 0 : 1 + (int)rn(2);
        in.tlb_map[in.xret_flags & 3] = rn(4) ? 1 : (int)rn(3);

        State ref, got;
        TB *itb = new_tb(interp, &b, in.flags);
        run(interp, itb, itarget, &in, &ref);
        memcpy(ram_ref, ram, RAM_SIZE);
        free_tb(interp, itb);

        /* All host features, then none (fallback sequences). */
        for (int pass = 0; pass < 2; pass++) {
            jit->flush(jit);
            x86_backend_set_features(jit, pass ? 0 : host);
            TB *jtarget = new_tb(jit, &tb_ir, 0);
            TB *jtb = new_tb(jit, &b, in.flags);
            run(jit, jtb, jtarget, &in, &got);
            bool ok = same_state(&ref, &got) && !memcmp(ram, ram_ref, RAM_SIZE);
            if (ok) {
                n_pass++;
            } else {
                n_fail++;
                if (shown++ < 3) {
                    fprintf(stderr, "MISMATCH block %d (features %#x):\n", n, pass ? 0 : host);
                    ir_dump(&b, stderr);
                    print_state("interp", &ref);
                    print_state("jit", &got);
                    for (uint64_t i = 0; i < RAM_SIZE; i++)
                        if (ram[i] != ram_ref[i]) {
                            fprintf(stderr, "  ram[%#" PRIx64 "]: jit %02x interp %02x\n", i,
                                    ram[i], ram_ref[i]);
                            break;
                        }
                    jit->dump_code(jit, jtb, stderr);
                }
            }
            free_tb(jit, jtb);
            free_tb(jit, jtarget);
        }
    }
    x86_backend_set_features(jit, host);
    free_tb(interp, itarget);
    free(g);
    ir_block_free(&b);
    ir_block_free(&tb_ir);
}

/* ---- self-loop blocks ---- */

static uint64_t h_kick(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b, (void)c, (void)d;
    if ((a & 7) == 0)   /* an interrupt arrives during the loop */
        ((CPUCommon *)env)->exit_request = 1;
    return a + 1;
}

/* A block that jumps back to its own pc (through slot `*self_slot`) while G_IT < n: the body
   is random, the back edge a brcond or a goto_tb, sometimes one in the middle of the body. */
static void gen_loop_block(Gen *g, IrBlock *b, uint64_t n, int *self_slot)
{
    g->b = b;
    g->n_temps = 0;
    g->pc = 0x1000 + 4 * rn(1024);
    uint64_t start = g->pc;
    ir_block_reset(b, globals, NG + 1, start);
    int self = (int)rn(2);
    *self_slot = self;
    g->slot_used[self] = true;
    g->slot_used[!self] = rn(2) == 0;   /* sometimes the body may leave through the other */
    bool other_free = !g->slot_used[!self];
    if (rn(3) == 0) {   /* the instruction counter, as the RISC-V front end keeps it */
        IrVal t = make_temp(g), u = make_temp(g);
        int64_t off = (int64_t)offsetof(TestCpu, scratch);
        ir_emit(b, IR_ld_env, t, IR_NONE, IR_NONE, off);
        ir_op2(b, IR_add, u, t, ir_const(b, 3));
        ir_emit(b, IR_st_env, IR_NONE, u, IR_NONE, off);
    }
    ir_insn_start(b, g->pc);
    ir_op2(b, IR_add, G_IT, G_IT, ir_const(b, 1));
    g->pc += 4;
    gen_body(g, b, 1 + (int)rn(6));
    if (rn(8) == 0) {
        ir_insn_start(b, g->pc);
        ir_call(b, h_kick, "h_kick", 0, rn(2) ? pick_out(g) : IR_NONE, pick_in(g), IR_NONE,
                IR_NONE, IR_NONE);
        g->pc += 4;
    }
    bool mid = rn(4) == 0;
    if (mid) {   /* back edge in the middle: more body follows on the fall-through path */
        ir_insn_start(b, g->pc);
        ir_brcond(b, IR_LTU, G_IT, ir_const(b, (int64_t)n), start, self);
        g->pc += 4;
        gen_body(g, b, 1 + (int)rn(3));
    }
    ir_insn_start(b, g->pc);
    if (mid) {
        ir_exit(b, ir_const(b, (int64_t)g->pc + 4));
    } else if (other_free && rn(2)) {   /* brcond out, goto_tb back */
        ir_brcond(b, IR_GEU, G_IT, ir_const(b, (int64_t)n), g->pc + 4, !self);
        ir_goto_tb(b, start, self);
    } else {
        ir_brcond(b, IR_LTU, G_IT, ir_const(b, (int64_t)n), start, self);
        if (other_free)
            ir_goto_tb(b, g->pc + 4, !self);
        else
            ir_exit(b, ir_const(b, (int64_t)g->pc + 4));
    }
}

static void loop_tests(Backend *jit, Backend *interp, int n_blocks)
{
    IrBlock b;
    ir_block_init(&b);
    unsigned host = x86_backend_host_features(jit);
    Gen *g = calloc(1, sizeof *g);
    int shown = 0;
    for (int n = 0; n < n_blocks; n++) {
        /* few globals: all fit the loop registers; many: some live in env */
        glob_limit = rn(2) ? 3 + rn(6) : NG;
        int self;
        uint64_t iters = 1 + rn(rn(4) ? 8 : 200);
        gen_loop_block(g, &b, iters, &self);
        glob_limit = NG;
        const char *err = ir_validate(&b);
        if (err) {
            fprintf(stderr, "generator bug: %s\n", err);
            ir_dump(&b, stderr);
            abort();
        }
        if (rn(4))
            ir_optimize(&b);
        Init in = { .r = { 0 } };
        for (int i = 0; i < PTR0; i++)
            in.r[i] = rand_value();
        in.r[PTR0] = RAM_BASE + 0x800;
        in.r[PTR1] = RAM_BASE + 0x5800;
        for (int i = 0; i < NSCRATCH; i++)
            in.scratch[i] = rand_value();
        in.exit_request = rn(30) == 0;
        bool chained = rn(8) != 0;

        State ref, got;
        TB *itb = new_tb(interp, &b, 0);
        if (chained)
            itb->jmp_dest[self] = itb;
        run(interp, itb, NULL, &in, &ref);
        memcpy(ram_ref, ram, RAM_SIZE);
        free_tb(interp, itb);

        for (int pass = 0; pass < 2; pass++) {
            jit->flush(jit);
            x86_backend_set_features(jit, pass ? 0 : host);
            TB *jtb = new_tb(jit, &b, 0);
            if (chained) {
                jtb->jmp_dest[self] = jtb;
                jit->chain(jit, jtb, self, jtb);
            }
            run(jit, jtb, NULL, &in, &got);
            bool ok = same_state(&ref, &got) && !memcmp(ram, ram_ref, RAM_SIZE);
            if (ok) {
                n_pass++;
            } else {
                n_fail++;
                if (shown++ < 3) {
                    fprintf(stderr, "LOOP MISMATCH block %d (features %#x, chained %d):\n", n,
                            pass ? 0 : host, chained);
                    ir_dump(&b, stderr);
                    print_state("interp", &ref);
                    fprintf(stderr, "    iter %" PRIu64 "\n", ref.iter);
                    print_state("jit", &got);
                    fprintf(stderr, "    iter %" PRIu64 "\n", got.iter);
                    jit->dump_code(jit, jtb, stderr);
                }
            }
            free_tb(jit, jtb);
        }
    }
    x86_backend_set_features(jit, host);
    free(g);
    ir_block_free(&b);
}

/* ---- chaining and a small benchmark ---- */

/* r0 counts to n; r1 += r0; r2 = r2 * 3 + load(ptr0 + (r0 & 0x3f8)); store back r2.
   Slot 0 loops to the block itself, slot 1 leaves to pc 0x9000. */
static void build_loop(IrBlock *b, uint64_t n, bool with_mem)
{
    ir_block_reset(b, globals, NG, 0x8000);
    ir_insn_start(b, 0x8000);
    ir_op2(b, IR_add, 0, 0, ir_const(b, 1));
    ir_insn_start(b, 0x8004);
    ir_op2(b, IR_add, 1, 1, 0);
    if (with_mem) {
        IrVal t = ir_temp(b), a = ir_temp(b), v = ir_temp(b), m = ir_temp(b);
        ir_insn_start(b, 0x8008);
        ir_op2(b, IR_and, t, 0, ir_const(b, 0x3f8));
        ir_op2(b, IR_add, a, PTR0, t);
        ir_ld(b, v, a, 0, IR_MEMOP(3, 0, 0));
        ir_insn_start(b, 0x800c);
        ir_op2(b, IR_mul, m, 2, ir_const(b, 3));
        ir_op2(b, IR_add, 2, m, v);
        ir_insn_start(b, 0x8010);
        ir_st(b, a, 0, 2, IR_MEMOP(3, 0, 0));
    }
    ir_insn_start(b, 0x8014);
    ir_brcond(b, IR_LTU, 0, ir_const(b, (int64_t)n), 0x8000, 0);
    ir_goto_tb(b, 0x8800, 1);   /* same page: a chainable slot exit */
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void chain_test(Backend *jit, Backend *interp, bool with_mem, uint64_t n, bool bench)
{
    IrBlock b;
    ir_block_init(&b);
    build_loop(&b, n, with_mem);
    ir_optimize(&b);
    State st[2];
    double t[2];
    bool mem_ok = false;
    Backend *bes[2] = { interp, jit };
    for (int k = 0; k < 2; k++) {
        Backend *be = bes[k];
        if (k == 1)
            be->flush(be);
        TB *tb = new_tb(be, &b, 0);
        if (k == 1 && bench && getenv("JIT_DIFF_DUMP"))
            be->dump_code(be, tb, stdout);
        tb->jmp_dest[0] = tb;
        be->chain(be, tb, 0, tb);
        Init in = { .r = { 0 } };
        in.r[PTR0] = RAM_BASE + 0x800;
        in.r[2] = 7;
        double t0 = now_s();
        run(be, tb, NULL, &in, &st[k]);
        t[k] = now_s() - t0;
        if (k == 0)
            memcpy(ram_ref, ram, RAM_SIZE);
        else
            mem_ok = !memcmp(ram, ram_ref, RAM_SIZE);
        /* Unchained, one iteration leaves through slot 0. */
        be->unchain(be, tb, 0);
        tb->jmp_dest[0] = NULL;
        State one;
        run(be, tb, NULL, &in, &one);
        if (one.exit_code == 0 && one.pc == 0x8000 && one.r[0] == 1)
            n_pass++;
        else {
            n_fail++;
            fprintf(stderr, "unchain (%s): exit %d pc %#" PRIx64 " r0 %#" PRIx64 "\n", be->name,
                    one.exit_code, one.pc, one.r[0]);
        }
        free_tb(be, tb);
    }
    bool ok = same_state(&st[0], &st[1]) && mem_ok &&
              st[1].r[0] == n && st[1].r[1] == n * (n + 1) / 2 && st[1].exit_code == 1 &&
              st[1].pc == 0x8800;
    if (ok) {
        n_pass++;
    } else {
        n_fail++;
        fprintf(stderr, "chain test mismatch (mem=%d)\n", with_mem);
        print_state("interp", &st[0]);
        print_state("jit", &st[1]);
    }
    if (bench)
        printf("loop%s x %" PRIu64 ": interp %.2f ns/iter, jit %.2f ns/iter (%.1fx)\n",
               with_mem ? "+ld/st" : "", n, 1e9 * t[0] / (double)n, 1e9 * t[1] / (double)n,
               t[0] / t[1]);
    ir_block_free(&b);
}

int main(int argc, char **argv)
{
    int n_blocks = argc > 1 ? atoi(argv[1]) : 20000;
    if (argc > 2)
        rng_state = strtoull(argv[2], NULL, 0) | 1;
    Backend *jit = backend_x86_create(8u << 20);
    Backend *interp = backend_interp_create();
    if (!jit || !interp) {
        printf("backend unavailable\n");
        return 1;
    }
    for (int i = 0; i < NG; i++) {
        snprintf(gname[i], sizeof gname[i], "g%d", i);
        globals[i] = (IrGlobalDesc){ gname[i], (uint32_t)(offsetof(TestCpu, r) + 8 * i) };
    }
    globals[G_IT] = (IrGlobalDesc){ "it", (uint32_t)offsetof(TestCpu, iter) };
    ops.globals = globals;
    ops.n_globals = NG;
    cpu = calloc(1, sizeof *cpu);
    memmap_init(&mem);
    MemRegion *r = memmap_add_ram(&mem, "ram", RAM_BASE, RAM_SIZE);
    if (!r)
        return 1;
    ram = r->ram;
    ram_init = malloc(RAM_SIZE);
    ram_ref = malloc(RAM_SIZE);
    for (uint64_t i = 0; i < RAM_SIZE; i++)
        ram_init[i] = (uint8_t)rnd();
    cpu->c.ops = &ops;
    cpu->c.mem = &mem;

    chain_test(jit, interp, false, 1000, false);
    chain_test(jit, interp, true, 1000, false);
    random_tests(jit, interp, n_blocks);
    loop_tests(jit, interp, n_blocks / 4);
    chain_test(jit, interp, false, 20000000, true);
    chain_test(jit, interp, true, 20000000, true);

    printf("%d passed, %d failed\n", n_pass, n_fail);
    jit->destroy(jit);
    interp->destroy(interp);
    memmap_free(&mem);
    free(ram_init);
    free(ram_ref);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    return n_fail ? 1 : 0;
}
