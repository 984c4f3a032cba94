/* SPDX-License-Identifier: MIT */
/* Unit tests of the RISC-V front end (cpu/riscv/translate.c and the trans_*.c decoders, rvc.c,
   fpu_helpers.c, amo.c): hand-assembled instructions (encodings from riscv64-unknown-elf-as)
   are translated and the IR is run by a small reference evaluator built on ir_eval_alu, once
   as emitted and once after ir_optimize; register, memory and exit results are checked
   against values computed here from the ISA manual's definitions. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/fpu_helpers.h"
#include "cpu/riscv/helpers.h"
#include "cpu/riscv/trans.h"
#include "system/memmap.h"
#include "translate/ir.h"
#include "translate/ir_eval.h"
#include "translate/softmmu.h"
#include "translate/tb.h"

#define CODE_BASE 0x80000000ull
#define DATA_BASE 0x10000ull
#define DATA_SIZE 4096
/* priv M, data MMU index M, FS dirty */
#define FLAGS_FS(fs) (3u | (3u << RV_TBF_MMU_SHIFT) | ((unsigned)(fs) << RV_TBF_FS_SHIFT))
#define FLAGS_M FLAGS_FS(3)

#define P 0x123456789abcdef0ull
#define N 0xfedcba9876543210ull
#define MIN 0x8000000000000000ull

static RVCPU cpu;
static uint8_t code[2 * 4096] __attribute__((aligned(4096)));
static uint8_t data[DATA_SIZE];
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

/* ---------------------------------------------------------------- evaluator */

enum { END_GOTO_TB, END_BRANCH, END_PTR, END_EXIT, END_TRAP, END_BAD };

typedef struct CallRec {
    const char *name;
    uint64_t args[4];
    unsigned flags;
    uint64_t insn_count;    /* RVCPU.insn_count when the helper ran */
} CallRec;

typedef struct Run {
    int end, slot;
    uint64_t next_pc;
    int n_calls;
    CallRec calls[8];
    int n_mem;
    unsigned memop[8];
    int n_insns;
    const char *invalid;
} Run;

/* Values the stand-ins of system helpers return. */
#define FAKE_CSR_OLD 0xc0ffee00ull
#define FAKE_XRET_PC 0x80001234ull
#define FAKE_AMO_OLD 0x5a5a5a5aull

static uint64_t *slot_of(const IrBlock *b, IrVal v, uint64_t *temps)
{
    if (b->vals[v].kind == IRV_GLOBAL)
        return (uint64_t *)((uint8_t *)&cpu + b->vals[v].env_off);
    return &temps[v];
}

static uint64_t rd_val(const IrBlock *b, IrVal v, uint64_t *temps)
{
    if (v == IR_NONE)
        return 0;
    if (b->vals[v].kind == IRV_CONST)
        return (uint64_t)b->vals[v].cval;
    return *slot_of(b, v, temps);
}

static bool data_ptr(uint64_t addr, unsigned size, uint8_t **p)
{
    if (addr < DATA_BASE || addr + size > DATA_BASE + DATA_SIZE)
        return false;
    *p = data + (addr - DATA_BASE);
    return true;
}

static bool is_name(const IrOp *op, const char *n)
{
    return op->hname && strcmp(op->hname, n) == 0;
}

static Run eval_block(const IrBlock *b)
{
    Run r = { .end = END_BAD, .n_insns = b->n_insns };
    uint64_t *t = calloc((size_t)b->n_vals + 1, sizeof *t);
    for (int i = 0; i < b->n_ops; i++) {
        const IrOp *op = &b->ops[i];
        uint64_t a = rd_val(b, op->in[0], t), c = rd_val(b, op->in[1], t);
        uint64_t res = 0;
        bool has_out = op->out != IR_NONE;
        switch (op->opc) {
        case IR_nop:
        case IR_insn_start:
            continue;
        case IR_ld: {
            uint8_t *p;
            unsigned sz = IR_MEM_SIZE(op->aux);
            if (r.n_mem < 8)
                r.memop[r.n_mem] = op->aux;
            r.n_mem++;
            if (!data_ptr(a + (uint64_t)op->imm, sz, &p)) {
                r.end = END_TRAP;
                goto out;
            }
            memcpy(&res, p, sz);
            if ((op->aux & IR_MEM_SIGN) && sz < 8)
                res = (uint64_t)((int64_t)(res << (64 - 8 * sz)) >> (64 - 8 * sz));
            break;
        }
        case IR_st: {
            uint8_t *p;
            unsigned sz = IR_MEM_SIZE(op->aux);
            if (r.n_mem < 8)
                r.memop[r.n_mem] = op->aux;
            r.n_mem++;
            if (!data_ptr(a + (uint64_t)op->imm, sz, &p)) {
                r.end = END_TRAP;
                goto out;
            }
            memcpy(p, &c, sz);
            continue;
        }
        case IR_ld_env:
            memcpy(&res, (uint8_t *)&cpu + op->imm, 8);
            break;
        case IR_st_env:
            memcpy((uint8_t *)&cpu + op->imm, &a, 8);
            continue;
        case IR_call: {
            uint64_t args[4] = { a, c, rd_val(b, op->in[2], t), rd_val(b, op->in[3], t) };
            if (r.n_calls < 8) {
                CallRec *cr = &r.calls[r.n_calls];
                cr->name = op->hname;
                memcpy(cr->args, args, sizeof args);
                cr->flags = op->aux;
                cr->insn_count = cpu.c.insn_count;
            }
            r.n_calls++;
            if (is_name(op, "helper_illegal") || is_name(op, "helper_raise") ||
                is_name(op, "helper_ecall")) {
                r.end = END_TRAP;
                goto out;
            }
            if (is_name(op, "helper_csr") || is_name(op, "helper_csr_status"))
                res = FAKE_CSR_OLD;
            else if (is_name(op, "helper_mret") || is_name(op, "helper_sret"))
                res = FAKE_XRET_PC;
            else if (is_name(op, "helper_amo") || is_name(op, "helper_lr") ||
                     is_name(op, "helper_sc"))
                res = FAKE_AMO_OLD;
            else if (op->hname && strncmp(op->hname, "rvfh_", 5) == 0)
                res = op->helper(&cpu, args[0], args[1], args[2], args[3]);
            else
                res = 0;
            break;
        }
        case IR_brcond:
            if (ir_eval_cond(op->cond, a, c)) {
                r.end = END_BRANCH;
                r.next_pc = (uint64_t)op->imm;
                r.slot = op->aux;
                goto out;
            }
            continue;
        case IR_goto_tb:
            r.end = END_GOTO_TB;
            r.next_pc = (uint64_t)op->imm;
            r.slot = op->aux;
            goto out;
        case IR_goto_ptr:
            r.end = END_PTR;
            r.next_pc = a;
            goto out;
        case IR_exit:
            r.end = END_EXIT;
            r.next_pc = a;
            goto out;
        default:
            res = ir_eval_alu((IrOpc)op->opc, (IrCond)op->cond, a, c, rd_val(b, op->in[2], t),
                              rd_val(b, op->in[3], t));
            break;
        }
        if (has_out)
            *slot_of(b, op->out, t) = res;
    }
out:
    free(t);
    return r;
}

static IrBlock blk;
static const char *opt_mismatch;

/* Translate at pc and run the block, once raw and once optimized from the same state; the
   state after the raw run is kept and any difference is reported. */
static Run run_at(uint64_t pc, uint64_t flags, int max_insns)
{
    static RVCPU before, after;
    static uint8_t data_before[DATA_SIZE], data_after[DATA_SIZE];
    TranslateCtx ctx = {
        .env = &cpu.c, .vpc = pc, .flags = flags, .max_insns = max_insns,
        .page1_v = pc & TARGET_PAGE_MASK,
        .page1_host = code + ((pc & TARGET_PAGE_MASK) - CODE_BASE),
        .page2_v = UINT64_MAX, .page2_p = UINT64_MAX, .end = pc,
    };
    before = cpu;
    memcpy(data_before, data, DATA_SIZE);

    rv_translate(&cpu.c, &ctx, &blk);
    const char *err = ir_validate(&blk);
    CHECK(err == NULL, "IR of block at %#" PRIx64 " invalid: %s", pc, err ? err : "");
    if (err)
        ir_dump(&blk, stdout);
    Run r = eval_block(&blk);
    r.invalid = err;
    after = cpu;
    memcpy(data_after, data, DATA_SIZE);

    cpu = before;
    memcpy(data, data_before, DATA_SIZE);
    TranslateCtx ctx2 = ctx;
    rv_translate(&cpu.c, &ctx2, &blk);
    ir_optimize(&blk);
    err = ir_validate(&blk);
    CHECK(err == NULL, "optimized IR at %#" PRIx64 " invalid: %s", pc, err ? err : "");
    Run r2 = eval_block(&blk);
    opt_mismatch = NULL;
    if (memcmp(cpu.x, after.x, sizeof cpu.x) || memcmp(cpu.f, after.f, sizeof cpu.f))
        opt_mismatch = "registers";
    else if (memcmp(data, data_after, DATA_SIZE))
        opt_mismatch = "memory";
    else if (cpu.c.insn_count != after.c.insn_count || cpu.fflags != after.fflags)
        opt_mismatch = "insn_count/fflags";
    else if (r2.end != r.end || r2.next_pc != r.next_pc || r2.n_calls != r.n_calls ||
             r2.n_mem != r.n_mem)
        opt_mismatch = "exit, calls or memory accesses";
    CHECK(opt_mismatch == NULL, "block at %#" PRIx64 ": optimized IR differs in %s", pc,
          opt_mismatch);
    cpu = after;
    memcpy(data, data_after, DATA_SIZE);
    return r;
}

static void put32(uint64_t pc, uint32_t w)
{
    memcpy(code + (pc - CODE_BASE), &w, 4);
}

static void put16(uint64_t pc, uint16_t h)
{
    memcpy(code + (pc - CODE_BASE), &h, 2);
}

/* Place a list of instruction words (16-bit ones in the low half, 0xffff0000 marks nothing
   special: length comes from the low two bits) at pc. Returns the end. */
static uint64_t put_seq(uint64_t pc, const uint32_t *w, int n)
{
    for (int i = 0; i < n; i++) {
        if ((w[i] & 3) == 3) {
            put32(pc, w[i]);
            pc += 4;
        } else {
            put16(pc, (uint16_t)w[i]);
            pc += 2;
        }
    }
    return pc;
}

static void clear_regs(void)
{
    memset(cpu.x, 0, sizeof cpu.x);
    memset(cpu.f, 0, sizeof cpu.f);
    cpu.fflags = 0;
    cpu.frm = 0;
}

/* Run one instruction word at CODE_BASE. */
static Run run1(uint32_t insn, uint64_t flags)
{
    put_seq(CODE_BASE, &insn, 1);
    return run_at(CODE_BASE, flags, 1);
}

static int find_call(const Run *r, const char *name)
{
    for (int i = 0; i < r->n_calls && i < 8; i++)
        if (r->calls[i].name && strcmp(r->calls[i].name, name) == 0)
            return i;
    return -1;
}

/* ---------------------------------------------------------------- RV64I, M, Zba/Zbb/Zbs */

typedef struct AluCase {
    uint32_t insn;
    const char *text;   /* rd = t0 (x5), rs1 = t1 (x6), rs2 = t2 (x7) */
    uint64_t a, b, expect;
} AluCase;

static const AluCase alu_cases[] = {
    { 0x007302b3, "add t0,t1,t2", P, N, P + N },
    { 0x407302b3, "sub t0,t1,t2", P, N, P - N },
    { 0x007312b3, "sll t0,t1,t2", P, 0x45, P << 5 },
    { 0x007322b3, "slt t0,t1,t2", N, P, 1 },
    { 0x007322b3, "slt t0,t1,t2", P, N, 0 },
    { 0x007332b3, "sltu t0,t1,t2", N, P, 0 },
    { 0x007332b3, "sltu t0,t1,t2", P, N, 1 },
    { 0x007342b3, "xor t0,t1,t2", P, N, P ^ N },
    { 0x007352b3, "srl t0,t1,t2", N, 0x44, N >> 4 },
    { 0x407352b3, "sra t0,t1,t2", N, 0x44, (uint64_t)((int64_t)N >> 4) },
    { 0x007362b3, "or t0,t1,t2", P, N, P | N },
    { 0x007372b3, "and t0,t1,t2", P, N, P & N },
    { 0x80030293, "addi t0,t1,-2048", P, 0, P - 2048 },
    { 0xfff32293, "slti t0,t1,-1", N, 0, 1 },
    { 0xfff32293, "slti t0,t1,-1", P, 0, 0 },
    { 0xfff33293, "sltiu t0,t1,-1", P, 0, 1 },
    { 0xfff33293, "sltiu t0,t1,-1", ~0ull, 0, 0 },
    { 0xfff34293, "xori t0,t1,-1", P, 0, ~P },
    { 0x7ff36293, "ori t0,t1,0x7ff", N, 0, N | 0x7ff },
    { 0xff037293, "andi t0,t1,-16", N, 0, N & ~15ull },
    { 0x03f31293, "slli t0,t1,63", P, 0, 0 },
    { 0x00431293, "slli t0,t1,4", P, 0, P << 4 },
    { 0x03f35293, "srli t0,t1,63", N, 0, 1 },
    { 0x43f35293, "srai t0,t1,63", N, 0, ~0ull },
    { 0x40135293, "srai t0,t1,1", N, 0, (uint64_t)((int64_t)N >> 1) },
    { 0x0013029b, "addiw t0,t1,1", 0x7fffffff, 0, 0xffffffff80000000ull },
    { 0x0003029b, "addiw t0,t1,0", N, 0, 0x76543210 },
    { 0x01f3129b, "slliw t0,t1,31", 1, 0, 0xffffffff80000000ull },
    { 0x0003529b, "srliw t0,t1,0", 0x1234567880000000ull, 0, 0xffffffff80000000ull },
    { 0x0043529b, "srliw t0,t1,4", N, 0, 0x07654321 },
    { 0x0013529b, "srliw t0,t1,1", 0xffffffff80000000ull, 0, 0x40000000 },
    { 0x4043529b, "sraiw t0,t1,4", 0x80000000, 0, 0xfffffffff8000000ull },
    { 0x4003529b, "sraiw t0,t1,0", 0x80000000, 0, 0xffffffff80000000ull },
    { 0x007302bb, "addw t0,t1,t2", 0x7fffffff, 1, 0xffffffff80000000ull },
    { 0x407302bb, "subw t0,t1,t2", 0x80000000, 1, 0x7fffffff },
    { 0x007312bb, "sllw t0,t1,t2", 1, 0x3f, 0xffffffff80000000ull },
    { 0x007352bb, "srlw t0,t1,t2", 0xffffffff80000000ull, 0x21, 0x40000000 },
    { 0x007352bb, "srlw t0,t1,t2", 0xffffffff80000000ull, 0x20, 0xffffffff80000000ull },
    { 0x407352bb, "sraw t0,t1,t2", 0x80000000, 0x21, 0xffffffffc0000000ull },
    { 0x027302b3, "mul t0,t1,t2", P, N, P * N },
    { 0x027312b3, "mulh t0,t1,t2", N, N, (uint64_t)(((__int128)(int64_t)N * (int64_t)N) >> 64) },
    { 0x027312b3, "mulh t0,t1,t2", N, P, (uint64_t)(((__int128)(int64_t)N * (int64_t)P) >> 64) },
    { 0x027322b3, "mulhsu t0,t1,t2", N, N, (uint64_t)(((__int128)(int64_t)N * (unsigned __int128)N) >> 64) },
    { 0x027322b3, "mulhsu t0,t1,t2", ~0ull, ~0ull, ~0ull },
    { 0x027332b3, "mulhu t0,t1,t2", N, N, (uint64_t)(((unsigned __int128)N * N) >> 64) },
    { 0x027342b3, "div t0,t1,t2", MIN, ~0ull, MIN },
    { 0x027342b3, "div t0,t1,t2", P, 0, ~0ull },
    { 0x027342b3, "div t0,t1,t2", (uint64_t)-7, 2, (uint64_t)-3 },
    { 0x027352b3, "divu t0,t1,t2", P, 0, ~0ull },
    { 0x027352b3, "divu t0,t1,t2", N, 7, N / 7 },
    { 0x027362b3, "rem t0,t1,t2", MIN, ~0ull, 0 },
    { 0x027362b3, "rem t0,t1,t2", P, 0, P },
    { 0x027362b3, "rem t0,t1,t2", (uint64_t)-7, 2, (uint64_t)-1 },
    { 0x027372b3, "remu t0,t1,t2", N, 0, N },
    { 0x027372b3, "remu t0,t1,t2", N, 7, N % 7 },
    { 0x027302bb, "mulw t0,t1,t2", 0x7fffffff, 2, (uint64_t)-2 },
    { 0x027302bb, "mulw t0,t1,t2", 0x1234567800010000ull, 0xabcd000000010000ull, 0 },
    { 0x027342bb, "divw t0,t1,t2", 0x80000000, ~0ull, 0xffffffff80000000ull },
    { 0x027342bb, "divw t0,t1,t2", 5, 0, ~0ull },
    { 0x027342bb, "divw t0,t1,t2", 0x12345678fffffff9ull, 2, (uint64_t)-3 },
    { 0x027352bb, "divuw t0,t1,t2", 0x1234567880000000ull, 2, 0x40000000 },
    { 0x027352bb, "divuw t0,t1,t2", 0x12345678ffffffffull, 1, ~0ull },
    { 0x027352bb, "divuw t0,t1,t2", 5, 0x100000000ull, ~0ull },
    { 0x027362bb, "remw t0,t1,t2", 0x12345678fffffff9ull, 2, (uint64_t)-1 },
    { 0x027362bb, "remw t0,t1,t2", 0x80000000, ~0ull, 0 },
    { 0x027362bb, "remw t0,t1,t2", 0x80000000, 0, 0xffffffff80000000ull },
    { 0x027372bb, "remuw t0,t1,t2", 0xffffffff80000005ull, 0, 0xffffffff80000005ull },
    { 0x027372bb, "remuw t0,t1,t2", 0x80000005, 0x10, 5 },
    { 0x207322b3, "sh1add t0,t1,t2", P, N, (P << 1) + N },
    { 0x207342b3, "sh2add t0,t1,t2", P, N, (P << 2) + N },
    { 0x207362b3, "sh3add t0,t1,t2", P, N, (P << 3) + N },
    { 0x087302bb, "add.uw t0,t1,t2", N, P, (N & 0xffffffffull) + P },
    { 0x207322bb, "sh1add.uw t0,t1,t2", N, P, ((N & 0xffffffffull) << 1) + P },
    { 0x207342bb, "sh2add.uw t0,t1,t2", N, P, ((N & 0xffffffffull) << 2) + P },
    { 0x207362bb, "sh3add.uw t0,t1,t2", N, P, ((N & 0xffffffffull) << 3) + P },
    { 0x0a83129b, "slli.uw t0,t1,40", N, 0, (N & 0xffffffffull) << 40 },
    { 0x080302bb, "zext.w t0,t1", N, 0, N & 0xffffffffull },
    { 0x407372b3, "andn t0,t1,t2", P, N, P & ~N },
    { 0x407362b3, "orn t0,t1,t2", P, N, P | ~N },
    { 0x407342b3, "xnor t0,t1,t2", P, N, ~(P ^ N) },
    { 0x60031293, "clz t0,t1", 0, 0, 64 },
    { 0x60031293, "clz t0,t1", 0x00f0000000000000ull, 0, 8 },
    { 0x6003129b, "clzw t0,t1", 0xffffffff00000000ull, 0, 32 },
    { 0x6003129b, "clzw t0,t1", 0x00ff, 0, 24 },
    { 0x60131293, "ctz t0,t1", 0, 0, 64 },
    { 0x60131293, "ctz t0,t1", 0x80, 0, 7 },
    { 0x6013129b, "ctzw t0,t1", 0x100000000ull, 0, 32 },
    { 0x6013129b, "ctzw t0,t1", 0x8000000000000080ull, 0, 7 },
    { 0x60231293, "cpop t0,t1", N, 0, 32 },
    { 0x6023129b, "cpopw t0,t1", 0xffffffff00000001ull, 0, 1 },
    { 0x0a7362b3, "max t0,t1,t2", N, P, P },
    { 0x0a7372b3, "maxu t0,t1,t2", N, P, N },
    { 0x0a7342b3, "min t0,t1,t2", N, P, N },
    { 0x0a7352b3, "minu t0,t1,t2", N, P, P },
    { 0x60431293, "sext.b t0,t1", 0x1280, 0, (uint64_t)-128 },
    { 0x60531293, "sext.h t0,t1", 0x18000, 0, (uint64_t)-32768 },
    { 0x080342bb, "zext.h t0,t1", 0xffffffffffff8001ull, 0, 0x8001 },
    { 0x607312b3, "rol t0,t1,t2", P, 0x44, (P << 4) | (P >> 60) },
    { 0x607352b3, "ror t0,t1,t2", P, 0x44, (P >> 4) | (P << 60) },
    { 0x60435293, "rori t0,t1,4", P, 0, (P >> 4) | (P << 60) },
    { 0x607312bb, "rolw t0,t1,t2", 0xaaaaaaaa80000001ull, 0x21, 3 },
    { 0x607312bb, "rolw t0,t1,t2", 0x40000000, 1, 0xffffffff80000000ull },
    { 0x607352bb, "rorw t0,t1,t2", 0x80000001, 0x21, 0xffffffffc0000000ull },
    { 0x6013529b, "roriw t0,t1,1", 0x80000001, 0, 0xffffffffc0000000ull },
    { 0x6003529b, "roriw t0,t1,0", 0x80000001, 0, 0xffffffff80000001ull },
    { 0x28735293, "orc.b t0,t1", 0x0001000000ff0010ull, 0, 0x00ff000000ff00ffull },
    { 0x28735293, "orc.b t0,t1", 0x8000000000000001ull, 0, 0xff000000000000ffull },
    { 0x6b835293, "rev8 t0,t1", P, 0, 0xf0debc9a78563412ull },
    { 0x487312b3, "bclr t0,t1,t2", ~0ull, 0x44, ~0x10ull },
    { 0x4bf31293, "bclri t0,t1,63", ~0ull, 0, ~MIN },
    { 0x487352b3, "bext t0,t1,t2", 0x10, 0x44, 1 },
    { 0x487352b3, "bext t0,t1,t2", 0x10, 0x43, 0 },
    { 0x4bf35293, "bexti t0,t1,63", MIN, 0, 1 },
    { 0x687312b3, "binv t0,t1,t2", P, 0x7f, P ^ MIN },
    { 0x68031293, "binvi t0,t1,0", P, 0, P ^ 1 },
    { 0x287312b3, "bset t0,t1,t2", 0, 0x45, 0x20 },
    { 0x2a831293, "bseti t0,t1,40", 0, 0, 1ull << 40 },
};

static void test_alu(void)
{
    for (size_t i = 0; i < sizeof alu_cases / sizeof alu_cases[0]; i++) {
        const AluCase *c = &alu_cases[i];
        clear_regs();
        cpu.x[5] = 0xdeadbeef;
        cpu.x[6] = c->a;
        cpu.x[7] = c->b;
        uint64_t cnt = cpu.c.insn_count;
        Run r = run1(c->insn, FLAGS_M);
        CHECK(cpu.x[5] == c->expect, "%s (a=%#" PRIx64 " b=%#" PRIx64 "): got %#" PRIx64
              " want %#" PRIx64, c->text, c->a, c->b, cpu.x[5], c->expect);
        CHECK(cpu.x[6] == c->a && cpu.x[7] == c->b, "%s: sources changed", c->text);
        CHECK(r.end == END_GOTO_TB && r.slot == 0 && r.next_pc == CODE_BASE + 4,
              "%s: block end %d slot %d pc %#" PRIx64, c->text, r.end, r.slot, r.next_pc);
        CHECK(cpu.c.insn_count == cnt + 1 && r.n_calls == 0, "%s: count/calls", c->text);
    }
    /* rd = x0 discards the result (add x0, t1, t2 = 0x00730033) */
    clear_regs();
    cpu.x[6] = 5;
    cpu.x[7] = 6;
    Run r = run1(0x00730033, FLAGS_M);
    CHECK(r.end == END_GOTO_TB && cpu.x[0] == 0 && cpu.x[5] == 0, "add x0");
}

static void test_upper_and_jumps(void)
{
    clear_regs();
    run1(0x800002b7, FLAGS_M);                    /* lui t0,0x80000 */
    CHECK(cpu.x[5] == 0xffffffff80000000ull, "lui: %#" PRIx64, cpu.x[5]);
    run1(0x00001297, FLAGS_M);                    /* auipc t0,0x1 */
    CHECK(cpu.x[5] == CODE_BASE + 0x1000, "auipc");
    run1(0xfffff297, FLAGS_M);                    /* auipc t0,0xfffff */
    CHECK(cpu.x[5] == CODE_BASE - 0x1000, "auipc negative");

    Run r = run1(0x001000ef, FLAGS_M);            /* jal ra,.+0x800 */
    CHECK(cpu.x[1] == CODE_BASE + 4, "jal link");
    CHECK(r.end == END_GOTO_TB && r.slot == 0 && r.next_pc == CODE_BASE + 0x800, "jal target");
    r = run1(0xffdff06f, FLAGS_M);                /* jal x0,.-4 */
    CHECK(r.end == END_GOTO_TB && r.next_pc == CODE_BASE - 4, "jal backwards");

    /* jalr t1,-3(t1): target from the old t1, bit 0 cleared; link written after */
    cpu.x[6] = CODE_BASE + 0x1000;
    r = run1(0xffd30367, FLAGS_M);
    CHECK(r.end == END_PTR && r.next_pc == CODE_BASE + 0x1000 - 4,
          "jalr target %#" PRIx64, r.next_pc);
    CHECK(cpu.x[6] == CODE_BASE + 4, "jalr link");
    cpu.x[1] = 0x1235;
    r = run1(0x00008067, FLAGS_M);                /* jalr x0,0(ra) */
    CHECK(r.end == END_PTR && r.next_pc == 0x1234 && cpu.x[1] == 0x1235, "ret");
}

typedef struct BranchCase {
    uint32_t insn;
    const char *text;
    uint64_t a, b;
    bool taken;
    int64_t off;
} BranchCase;

static void test_branches(void)
{
    static const BranchCase cases[] = {
        { 0x10730063, "beq", 5, 5, true, 0x100 },
        { 0x10730063, "beq", 5, 6, false, 0x100 },
        { 0xf07310e3, "bne", 5, 6, true, -0x100 },
        { 0xf07310e3, "bne", 7, 7, false, -0x100 },
        { 0x00734463, "blt", N, P, true, 8 },
        { 0x00734463, "blt", P, N, false, 8 },
        { 0x00734463, "blt", 3, 3, false, 8 },
        { 0x00735463, "bge", P, N, true, 8 },
        { 0x00735463, "bge", 3, 3, true, 8 },
        { 0x00735463, "bge", N, P, false, 8 },
        { 0x00736463, "bltu", P, N, true, 8 },
        { 0x00736463, "bltu", N, P, false, 8 },
        { 0x00737463, "bgeu", N, P, true, 8 },
        { 0x00737463, "bgeu", N, N, true, 8 },
        { 0x00737463, "bgeu", P, N, false, 8 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const BranchCase *c = &cases[i];
        clear_regs();
        cpu.x[6] = c->a;
        cpu.x[7] = c->b;
        Run r = run1(c->insn, FLAGS_M);
        if (c->taken)
            CHECK(r.end == END_BRANCH && r.slot == 0 &&
                  r.next_pc == CODE_BASE + (uint64_t)c->off, "%s #%zu taken", c->text, i);
        else
            CHECK(r.end == END_GOTO_TB && r.slot == 1 && r.next_pc == CODE_BASE + 4,
                  "%s #%zu not taken", c->text, i);
    }
}

/* ---------------------------------------------------------------- loads and stores */

static void test_loads_stores(void)
{
    static const uint8_t init[16] = { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
                                       0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f };
    static const struct {
        uint32_t insn;
        const char *text;
        uint64_t expect;
        unsigned size_log2;
    } loads[] = {
        { 0xfff30283, "lb t0,-1(t1)", 0xffffffffffffff8full, 0 },
        { 0x00231283, "lh t0,2(t1)", 0xffffffffffff8382ull, 1 },
        { 0x00432283, "lw t0,4(t1)", 0xffffffff87868584ull, 2 },
        { 0x00833283, "ld t0,8(t1)", 0x8f8e8d8c8b8a8988ull, 3 },
        { 0xfff34283, "lbu t0,-1(t1)", 0x8f, 0 },
        { 0x00235283, "lhu t0,2(t1)", 0x8382, 1 },
        { 0x00436283, "lwu t0,4(t1)", 0x87868584, 2 },
    };
    const uint64_t base = DATA_BASE + 0x100;
    for (unsigned mmu = 0; mmu < 4; mmu += 3) {
        uint64_t flags = 3u | (mmu << RV_TBF_MMU_SHIFT) | (3u << RV_TBF_FS_SHIFT);
        for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
            memset(data, 0, DATA_SIZE);
            memcpy(data + 0x100, init, 16);
            data[0xff] = 0x8f;
            clear_regs();
            cpu.x[6] = base;
            Run r = run1(loads[i].insn, flags);
            CHECK(cpu.x[5] == loads[i].expect, "%s: got %#" PRIx64, loads[i].text, cpu.x[5]);
            CHECK(r.n_mem == 1 && IR_MEM_MMU(r.memop[0]) == mmu &&
                  (r.memop[0] & IR_MEM_SIZE_MASK) == loads[i].size_log2,
                  "%s: memop %#x", loads[i].text, r.memop[0]);
        }
    }
    /* ld x0 still accesses memory (it could fault) */
    clear_regs();
    cpu.x[6] = base;
    Run r = run1(0x00833003, FLAGS_M);
    CHECK(r.n_mem == 1, "ld x0 must access memory");
    cpu.x[6] = 0x4000000;                         /* outside the data buffer: faults */
    r = run1(0x00833003, FLAGS_M);
    CHECK(r.end == END_TRAP, "ld x0 from an unmapped address must fault");

    memset(data, 0, DATA_SIZE);
    clear_regs();
    cpu.x[6] = base;
    cpu.x[7] = 0x1122334455667788ull;
    const uint32_t stores[] = {
        0xfe730f23, /* sb t2,-2(t1) */
        0x00731823, /* sh t2,16(t1) */
        0x00732a23, /* sw t2,20(t1) */
        0x00733c23, /* sd t2,24(t1) */
    };
    put_seq(CODE_BASE, stores, 4);
    r = run_at(CODE_BASE, FLAGS_M, 4);
    CHECK(r.n_insns == 4 && r.n_mem == 4, "stores block: %d insns", r.n_insns);
    uint64_t v = 0;
    uint32_t w = 0;
    CHECK(data[0xfe] == 0x88 && data[0xfd] == 0 && data[0xff] == 0, "sb");
    CHECK(data[0x110] == 0x88 && data[0x111] == 0x77 && data[0x112] == 0, "sh");
    memcpy(&w, data + 0x114, 4);
    CHECK(w == 0x55667788, "sw: %#x", w);
    memcpy(&v, data + 0x118, 8);
    CHECK(v == 0x1122334455667788ull && data[0x120] == 0, "sd");
}

/* ---------------------------------------------------------------- RVC */

typedef struct RvcCase {
    uint16_t c;
    uint32_t expanded;  /* the assembler's encoding of the equivalent 32-bit instruction */
    const char *text;
} RvcCase;

static const RvcCase rvc_cases[] = {
    { 0x1fe0, 0x3fc10413, "c.addi4spn s0,sp,1020" },
    { 0x005c, 0x00410793, "c.addi4spn a5,sp,4" },
    { 0x3fe8, 0x0f87b507, "c.fld fa0,248(a5)" },
    { 0x5ce8, 0x07c4a503, "c.lw a0,124(s1)" },
    { 0x40a8, 0x0404a503, "c.lw a0,64(s1)" },
    { 0x7ef0, 0x0f86b603, "c.ld a2,248(a3)" },
    { 0xa704, 0x00973427, "c.fsd fs1,8(a4)" },
    { 0xc15c, 0x00f52223, "c.sw a5,4(a0)" },
    { 0xf9e4, 0x0e95b823, "c.sd s1,240(a1)" },
    { 0x0001, 0x00000013, "c.nop" },
    { 0x1501, 0xfe050513, "c.addi a0,-32" },
    { 0x0ffd, 0x01ff8f93, "c.addi t6,31" },
    { 0x35fd, 0xfff5859b, "c.addiw a1,-1" },
    { 0x563d, 0xfef00613, "c.li a2,-17" },
    { 0x7101, 0xe0010113, "c.addi16sp sp,-512" },
    { 0x617d, 0x1f010113, "c.addi16sp sp,496" },
    { 0x6141, 0x01010113, "c.addi16sp sp,16" },
    { 0x7681, 0xfffe06b7, "c.lui a3,0xfffe0" },
    { 0x64fd, 0x0001f4b7, "c.lui s1,0x1f" },
    { 0x917d, 0x03f55513, "c.srli a0,63" },
    { 0x8105, 0x00155513, "c.srli a0,1" },
    { 0x9485, 0x4214d493, "c.srai s1,33" },
    { 0x9b75, 0xffd77713, "c.andi a4,-3" },
    { 0x8d0d, 0x40b50533, "c.sub a0,a1" },
    { 0x8c3d, 0x00f44433, "c.xor s0,a5" },
    { 0x8e55, 0x00d66633, "c.or a2,a3" },
    { 0x8f65, 0x00977733, "c.and a4,s1" },
    { 0x9d1d, 0x40f5053b, "c.subw a0,a5" },
    { 0x9cb1, 0x00c484bb, "c.addw s1,a2" },
    { 0xb001, 0x801ff06f, "c.j .-2048" },
    { 0xaffd, 0x7fe0006f, "c.j .+2046" },
    { 0xa455, 0x2a40006f, "c.j .+0x2a4" },
    { 0xd101, 0xf00500e3, "c.beqz a0,.-256" },
    { 0xecfd, 0x0e049f63, "c.bnez s1,.+254" },
    { 0xe7a9, 0x04079563, "c.bnez a5,.+0x4a" },
    { 0x12fe, 0x03f29293, "c.slli t0,63" },
    { 0x0506, 0x00151513, "c.slli a0,1" },
    { 0x347e, 0x1f813407, "c.fldsp fs0,504(sp)" },
    { 0x50fe, 0x0fc12083, "c.lwsp ra,252(sp)" },
    { 0x4e12, 0x00412e03, "c.lwsp t3,4(sp)" },
    { 0x7dfe, 0x1f813d83, "c.ldsp s11,504(sp)" },
    { 0x6522, 0x00813503, "c.ldsp a0,8(sp)" },
    { 0x8082, 0x00008067, "c.jr ra" },
    { 0x857e, 0x01f00533, "c.mv a0,t6" },
    { 0x9002, 0x00100073, "c.ebreak" },
    { 0x9782, 0x000780e7, "c.jalr a5" },
    { 0x941e, 0x00740433, "c.add s0,t2" },
    { 0xbfee, 0x1fb13c27, "c.fsdsp fs11,504(sp)" },
    { 0xdffe, 0x0ff12e23, "c.swsp t6,252(sp)" },
    { 0xff86, 0x1e113c23, "c.sdsp ra,504(sp)" },
    { 0xe42a, 0x00a13423, "c.sdsp a0,8(sp)" },
};

static void test_rvc(void)
{
    for (size_t i = 0; i < sizeof rvc_cases / sizeof rvc_cases[0]; i++) {
        uint32_t got = rv_expand_rvc(rvc_cases[i].c);
        CHECK(got == rvc_cases[i].expanded, "%s (%#06x): expanded to %#010x, want %#010x",
              rvc_cases[i].text, rvc_cases[i].c, got, rvc_cases[i].expanded);
    }
    /* Reserved encodings. */
    static const struct { uint16_t c; const char *text; } reserved[] = {
        { 0x0000, "all zeros" },
        { 0x0010, "c.addi4spn with nzuimm 0" },
        { 0x2001, "c.addiw x0" },
        { 0x6081, "c.lui ra,0" },
        { 0x6101, "c.addi16sp 0" },
        { 0x4002, "c.lwsp x0" },
        { 0x6002, "c.ldsp x0" },
        { 0x8002, "c.jr x0" },
        { 0x8000, "quadrant 0 funct3 100" },
        { 0x9c41, "c.subw reserved slot (funct2 10)" },
        { 0x9c61, "c.subw reserved slot (funct2 11)" },
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        CHECK(rv_expand_rvc(reserved[i].c) == 0, "%s must be reserved", reserved[i].text);

    /* Executed: links and fall-through use length 2. */
    clear_regs();
    cpu.x[15] = 0x4000;
    Run r = run1(0x9782, FLAGS_M);                   /* c.jalr a5 */
    CHECK(r.end == END_PTR && r.next_pc == 0x4000 && cpu.x[1] == CODE_BASE + 2, "c.jalr");
    cpu.x[10] = 1;
    r = run1(0xd101, FLAGS_M);                       /* c.beqz a0,.-256 (not taken) */
    CHECK(r.end == END_GOTO_TB && r.slot == 1 && r.next_pc == CODE_BASE + 2, "c.beqz fall");
    cpu.x[10] = 0;
    r = run1(0xd101, FLAGS_M);
    CHECK(r.end == END_BRANCH && r.next_pc == CODE_BASE - 256, "c.beqz taken");
    r = run1(0x9002, FLAGS_M);                       /* c.ebreak */
    CHECK(r.end == END_TRAP && r.n_calls == 1 && strcmp(r.calls[0].name, "helper_raise") == 0 &&
          r.calls[0].args[0] == RV_EXC_BREAKPOINT && r.calls[0].args[1] == CODE_BASE,
          "c.ebreak");
    /* a mix of 16- and 32-bit instructions */
    clear_regs();
    const uint32_t seq[] = {
        0x4515,     /* c.li a0,5 */
        0x00a50593, /* addi a1,a0,10 */
        0x95aa,     /* c.add a1,a0 */
        0x0586,     /* c.slli a1,1 */
        0x157d,     /* c.addi a0,-1 */
    };
    uint64_t end = put_seq(CODE_BASE, seq, 5);
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(cpu.x[10] == 4 && cpu.x[11] == 40, "rvc mix: a0=%" PRIu64 " a1=%" PRIu64,
          cpu.x[10], cpu.x[11]);
    CHECK(end == CODE_BASE + 12 && r.n_insns >= 5, "rvc mix length");
}

/* ---------------------------------------------------------------- block structure */

static void test_block_limits(void)
{
    const uint32_t addi = 0x00128293;                /* addi t0,t0,1 */
    for (int i = 0; i < 16; i++)
        put32(CODE_BASE + 4 * (uint64_t)i, addi);
    clear_regs();
    uint64_t cnt = cpu.c.insn_count;
    Run r = run_at(CODE_BASE, FLAGS_M, 3);
    CHECK(r.n_insns == 3 && cpu.x[5] == 3, "max_insns 3");
    CHECK(r.end == END_GOTO_TB && r.slot == 0 && r.next_pc == CODE_BASE + 12, "limit end");
    CHECK(cpu.c.insn_count == cnt + 3, "insn_count += 3");

    /* the block never starts an instruction in the next page */
    const uint64_t tail = CODE_BASE + 4096 - 6;
    put32(tail, addi);
    put16(tail + 4, 0x0285);                          /* c.addi t0,1 */
    put32(CODE_BASE + 4096, addi);
    clear_regs();
    r = run_at(tail, FLAGS_M, 100);
    CHECK(r.n_insns == 2 && cpu.x[5] == 2, "page end: %d insns", r.n_insns);
    CHECK(r.end == END_GOTO_TB && r.next_pc == CODE_BASE + 4096, "page end exit");

    /* fence continues the block, fence.i ends it */
    const uint32_t f[] = { 0x0330000f /* fence rw,rw */, addi, 0x0000100f /* fence.i */, addi };
    put_seq(CODE_BASE, f, 4);
    clear_regs();
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.n_insns == 3 && cpu.x[5] == 1, "fence/fence.i: %d insns", r.n_insns);
    CHECK(r.end == END_PTR && r.next_pc == CODE_BASE + 12, "fence.i ends through the jump cache");
}

/* ---------------------------------------------------------------- SYSTEM */

static void test_system(void)
{
    const uint32_t addi = 0x00128293;                /* addi t0,t0,1 */
    Run r;
    clear_regs();
    cpu.x[6] = 0x77;
    uint32_t seq[2] = { 0x180312f3, addi };          /* csrrw t0,satp,t1 */
    put_seq(CODE_BASE, seq, 2);
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, "helper_csr") == 0 &&
          r.calls[0].args[0] == 0x180312f3 && r.calls[0].args[1] == 0x77 &&
          (r.calls[0].flags & IR_CALL_TRAPS), "csrrw call");
    CHECK(cpu.x[5] == FAKE_CSR_OLD && r.end == END_EXIT && r.next_pc == CODE_BASE + 4,
          "csrrw ends the block");

    /* status/interrupt-enable CSRs: the block ends through a chainable exit (slot 0) to the
       next instruction unless the helper reports changed TB flags */
    seq[0] = 0x300312f3;                            /* csrrw t0,mstatus,t1 */
    put_seq(CODE_BASE, seq, 2);
    cpu.csr_flags_changed = 0;
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, "helper_csr_status") == 0 &&
          cpu.x[5] == FAKE_CSR_OLD && r.end == END_BRANCH && r.slot == 0 &&
          r.next_pc == CODE_BASE + 4, "mstatus write, flags unchanged: chainable exit");
    cpu.csr_flags_changed = 1;
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.end == END_PTR && r.next_pc == CODE_BASE + 4,
          "mstatus write, flags changed: through the jump cache");
    cpu.csr_flags_changed = 0;

    /* reads (csrrs rd, csr, x0 / csrrsi rd, csr, 0) and plain data CSR writes do not end it */
    static const struct { uint32_t insn; const char *text; uint64_t src; } cont[] = {
        { 0x300022f3, "csrrs t0,mstatus,x0", 0 },
        { 0x300062f3, "csrrsi t0,mstatus,0", 0 },
        { 0x340312f3, "csrrw t0,mscratch,t1", 0x99 },   /* plain data CSRs */
        { 0x141312f3, "csrrw t0,sepc,t1", 0x99 },
    };
    for (size_t i = 0; i < sizeof cont / sizeof cont[0]; i++) {
        clear_regs();
        cpu.x[6] = 0x99;
        seq[0] = cont[i].insn;
        put_seq(CODE_BASE, seq, 2);
        r = run_at(CODE_BASE, FLAGS_M, 2);
        CHECK(r.n_insns == 2 && cpu.x[5] == FAKE_CSR_OLD + 1 && r.end == END_GOTO_TB,
              "%s must not end the block", cont[i].text);
        CHECK(r.n_calls == 1 && r.calls[0].args[0] == cont[i].insn &&
              r.calls[0].args[1] == cont[i].src, "%s call args", cont[i].text);
    }
    clear_regs();
    cpu.csr_flags_changed = 1;
    r = run1(0x30047073, FLAGS_M);                  /* csrrci x0,mstatus,8 */
    CHECK(r.end == END_PTR && r.calls[0].args[1] == 8 && cpu.x[5] == 0, "csrrci ends the block");
    cpu.csr_flags_changed = 0;

    /* fflags/frm/fcsr are inline IR (FS on): no helper; frm is in the TB flags, so writing it
       (frm, fcsr) ends the block, writing fflags does not */
    clear_regs();
    cpu.fflags = 0x15;
    cpu.frm = 2;
    seq[0] = 0x0011d2f3;                            /* csrrwi t0,fflags,3 */
    put_seq(CODE_BASE, seq, 2);
    r = run_at(CODE_BASE, FLAGS_M, 2);
    CHECK(r.n_calls == 0 && r.end == END_GOTO_TB && cpu.x[5] == 0x15 + 1 && cpu.fflags == 3,
          "csrrwi fflags: calls %d x5 %#" PRIx64 " fflags %#" PRIx64, r.n_calls, cpu.x[5],
          cpu.fflags);
    cpu.x[6] = 0x99;
    r = run1(0x002322f3, FLAGS_M);                  /* csrrs t0,frm,t1 */
    CHECK(r.n_calls == 0 && r.end == END_EXIT && r.next_pc == CODE_BASE + 4 && cpu.x[5] == 2 &&
          cpu.frm == 3, "csrrs frm: x5 %#" PRIx64 " frm %#" PRIx64, cpu.x[5], cpu.frm);
    r = run1(0x003022f3, FLAGS_M);                  /* csrrs t0,fcsr,x0 */
    CHECK(r.n_calls == 0 && r.end == END_GOTO_TB && cpu.x[5] == ((3u << 5) | 3),
          "fcsr read: %#" PRIx64, cpu.x[5]);
    cpu.x[6] = 0xfff;
    r = run1(0x00331073, FLAGS_M);                  /* csrrw x0,fcsr,t1 */
    CHECK(r.end == END_EXIT && r.n_calls == 0 && cpu.fflags == 0x1f && cpu.frm == 7,
          "fcsr write: fflags %#" PRIx64 " frm %#" PRIx64, cpu.fflags, cpu.frm);
    r = run1(0x001022f3, FLAGS_FS(1));              /* csrrs t0,fflags,x0, FS clean */
    CHECK(r.n_calls == 0 && cpu.x[5] == 0x1f, "fflags read with FS clean");
    r = run1(0x0011d2f3, FLAGS_FS(1));              /* csrrwi t0,fflags,3, FS clean */
    CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, "helper_fs_dirty") == 0 &&
          cpu.fflags == 3, "fflags write with FS clean marks FS dirty");
    r = run1(0x0011d2f3, FLAGS_FS(0));              /* FS off: helper_csr raises illegal */
    CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, "helper_csr") == 0, "fflags with FS off");
    cpu.fflags = 0;
    cpu.frm = 0;

    /* counters: during the call insn_count holds the instructions retired before the CSR
       instruction; the access ends the block; a minstret write is what the next one reads */
    const uint32_t cnt_seq[4] = { addi, addi, 0xc02022f3 /* rdinstret t0 */, addi };
    put_seq(CODE_BASE, cnt_seq, 4);
    clear_regs();
    uint64_t start = cpu.c.insn_count = 1000;
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.n_insns == 3 && r.end == END_EXIT && r.next_pc == CODE_BASE + 12, "rdinstret ends");
    CHECK(r.n_calls == 1 && r.calls[0].insn_count == start + 2 && cpu.c.insn_count == start + 3,
          "rdinstret sees %" PRIu64 " (want %" PRIu64 "), after %" PRIu64,
          r.calls[0].insn_count - start, (uint64_t)2, cpu.c.insn_count - start);
    const uint32_t wr_seq[3] = { addi, addi, 0xb0231073 /* csrw minstret,t1 */ };
    put_seq(CODE_BASE, wr_seq, 3);
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.calls[0].insn_count == start + 3 + 2 && cpu.c.insn_count == start + 3 + 2,
          "minstret write: next instruction reads the written value");
    seq[0] = 0xc01022f3;                            /* rdtime t0: no counter adjustment */
    put_seq(CODE_BASE, seq, 2);
    r = run_at(CODE_BASE, FLAGS_M, 2);
    CHECK(r.n_insns == 2 && r.end == END_GOTO_TB, "rdtime does not end the block");

    /* ecall: not counted as retired */
    clear_regs();
    uint32_t e[2] = { addi, 0x00000073 };
    put_seq(CODE_BASE, e, 2);
    uint64_t cnt = cpu.c.insn_count;
    r = run_at(CODE_BASE, FLAGS_M, 100);
    CHECK(r.end == END_TRAP && find_call(&r, "helper_ecall") == 0 && cpu.x[5] == 1, "ecall");
    CHECK(cpu.c.insn_count == cnt + 1, "ecall does not retire");
    r = run1(0x00100073, FLAGS_M);                  /* ebreak */
    CHECK(r.end == END_TRAP && find_call(&r, "helper_raise") == 0 &&
          r.calls[0].args[0] == RV_EXC_BREAKPOINT && r.calls[0].args[1] == CODE_BASE, "ebreak");
    r = run1(0x30200073, FLAGS_M);                  /* mret */
    CHECK(find_call(&r, "helper_mret") == 0 && r.end == END_PTR && r.next_pc == FAKE_XRET_PC,
          "mret");
    r = run1(0x10200073, FLAGS_M);                  /* sret */
    CHECK(find_call(&r, "helper_sret") == 0 && r.end == END_PTR && r.next_pc == FAKE_XRET_PC,
          "sret");
    r = run1(0x10500073, FLAGS_M);                  /* wfi */
    CHECK(find_call(&r, "helper_wfi") == 0 && r.calls[0].args[0] == 0x10500073 &&
          r.end == END_EXIT && r.next_pc == CODE_BASE + 4, "wfi");
    cpu.x[10] = 0xabc000;
    r = run1(0x12b50073, FLAGS_M);                  /* sfence.vma a0,a1 */
    CHECK(find_call(&r, "helper_sfence_vma") == 0 && r.calls[0].args[0] == 0xabc000 &&
          r.calls[0].args[1] == 1 && r.calls[0].args[2] == 0x12b50073 &&
          r.calls[0].args[3] == 1 && r.end == END_PTR &&
          r.next_pc == CODE_BASE + 4, "sfence.vma a0,a1");
    r = run1(0x12000073, FLAGS_M);                  /* sfence.vma */
    CHECK(r.calls[0].args[0] == 0 && r.calls[0].args[1] == 0 && r.calls[0].args[3] == 0,
          "sfence.vma x0");
}

/* ---------------------------------------------------------------- illegal encodings */

static void test_illegal(void)
{
    static const struct { uint32_t insn; const char *text; unsigned fs; } cases[] = {
        { 0x0000, "c.unimp (all zeros)", 3 },
        { 0x6081, "c.lui ra,0", 3 },
        { 0x0010, "c.addi4spn nzuimm 0", 3 },
        { 0xffffffff, "all ones", 3 },
        { 0x0203129b, "slliw with shamt 32", 3 },
        { 0x0203529b, "srliw with shamt 32", 3 },
        { 0x047302b3, "OP funct7 0x02", 3 },
        { 0x00732063, "branch funct3 2", 3 },
        { 0x00031067, "jalr funct3 1", 3 },
        { 0x00037283, "load funct3 7", 3 },
        { 0x00734023, "store funct3 4", 3 },
        { 0x0000200f, "misc-mem funct3 2", 3 },
        { 0x00004073, "system funct3 4", 3 },
        { 0x00200073, "uret", 3 },
        { 0x007302af, "amo funct3 0", 3 },
        { 0x107332af, "lr.d with rs2 != 0", 3 },
        { 0x02c5d553, "fadd.d with rm 5", 3 },
        { 0x02c5e553, "fadd.d with rm 6", 3 },
        { 0x04c58553, "fadd.h (fmt 2)", 3 },
        { 0x5a15f553, "fsqrt.d with rs2 1", 3 },
        { 0x02c5f553, "fadd.d with FS off", 0 },
        { 0xe00502d3, "fmv.x.w with FS off", 0 },
        { 0x00432507, "flw with FS off", 0 },
        { 0x02a32027, "fsw with FS off", 0 },
        { 0x3fe8, "c.fld with FS off", 0 },
        { 0x0000001f, "48-bit encoding space", 3 },
        { 0x0000303b, "OP-32 funct3 3", 3 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clear_regs();
        uint64_t cnt = cpu.c.insn_count;
        Run r = run1(cases[i].insn, FLAGS_FS(cases[i].fs));
        int k = find_call(&r, "helper_illegal");
        CHECK(k >= 0 && r.end == END_TRAP, "%s (%#x): no illegal-instruction call",
              cases[i].text, cases[i].insn);
        if (k >= 0) {
            uint32_t want = (cases[i].insn & 3) == 3 ? cases[i].insn : cases[i].insn & 0xffff;
            CHECK(r.calls[k].args[0] == want && (r.calls[k].flags & IR_CALL_TRAPS),
                  "%s: tval %#" PRIx64, cases[i].text, r.calls[k].args[0]);
        }
        CHECK(r.n_calls == 1, "%s: only the illegal call expected", cases[i].text);
        CHECK(cpu.c.insn_count == cnt, "%s: an illegal instruction does not retire",
              cases[i].text);
        /* the block ends with exit(pc) right after the call */
        const IrOp *last = &blk.ops[blk.n_ops - 1];
        CHECK(last->opc == IR_exit, "%s: block must end with exit", cases[i].text);
    }
    /* HINTs are not illegal: c.nop with imm, c.li x0, c.slli x0, slti x0 */
    static const uint32_t hints[] = { 0x0005, 0x4015, 0x0006, 0x00532013 };
    for (size_t i = 0; i < 4; i++) {
        Run r = run1(hints[i], FLAGS_M);
        CHECK(r.n_calls == 0 && r.end == END_GOTO_TB, "hint %#x", hints[i]);
    }
}

/* ---------------------------------------------------------------- F and D */

#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))
#define S_ONE 0x3f800000u
#define S_MTWO 0xc0000000u
#define D(x) dbl_bits(x)

static uint64_t dbl_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static void test_fp(void)
{
    Run r;
    /* flw boxes, fsw stores the low word, fld/fsd move 64 bits */
    memset(data, 0, DATA_SIZE);
    clear_regs();
    uint32_t s1 = S_ONE;
    memcpy(data + 0x104, &s1, 4);
    uint64_t d1 = D(2.5);
    memcpy(data + 0x108, &d1, 8);
    cpu.x[6] = DATA_BASE + 0x100;
    const uint32_t ls[] = {
        0x00432507, /* flw fa0,4(t1) */
        0x02a32027, /* fsw fa0,32(t1) */
        0x00833587, /* fld fa1,8(t1) */
        0x02b33427, /* fsd fa1,40(t1) */
    };
    put_seq(CODE_BASE, ls, 4);
    r = run_at(CODE_BASE, FLAGS_M, 10);
    uint64_t v = 0;
    uint32_t w = 0;
    CHECK(cpu.f[10] == BOX(S_ONE), "flw boxing: %#" PRIx64, cpu.f[10]);
    memcpy(&w, data + 0x120, 4);
    CHECK(w == S_ONE && data[0x124] == 0, "fsw");
    memcpy(&v, data + 0x128, 8);
    CHECK(cpu.f[11] == D(2.5) && v == D(2.5), "fld/fsd");
    CHECK(r.n_calls == 0, "FS dirty: no fs_dirty call");

    /* FS initial: exactly one fs_dirty call, before the first FP write; stores need none */
    r = run_at(CODE_BASE + 4, FLAGS_FS(1), 1);      /* fsw only */
    CHECK(r.n_calls == 0, "fsw does not dirty FS");
    r = run_at(CODE_BASE, FLAGS_FS(1), 10);
    CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, "helper_fs_dirty") == 0 &&
          r.calls[0].flags == 0, "one helper_fs_dirty per block");
    CHECK(blk.ops[blk.n_ops - 1].opc == IR_goto_tb, "fs_dirty does not end the block");
    {
        int call_at = -1, ld_at = -1;
        for (int i = 0; i < blk.n_ops; i++) {
            if (blk.ops[i].opc == IR_call && call_at < 0)
                call_at = i;
            if (blk.ops[i].opc == IR_ld && ld_at < 0)
                ld_at = i;
        }
        CHECK(call_at >= 0 && call_at < ld_at, "fs_dirty before the first FP write");
    }

    /* sign injection, single: improperly boxed inputs read as the canonical NaN */
    const struct { uint32_t insn; const char *text; uint64_t a, b, expect; } sg[] = {
        { 0x20c58553, "fsgnj.s", BOX(S_ONE), BOX(S_MTWO), BOX(0xbf800000u) },
        { 0x20c58553, "fsgnj.s unboxed a", 0x000000003f800000ull, BOX(S_MTWO), BOX(0xffc00000u) },
        { 0x20c58553, "fsgnj.s unboxed b", BOX(S_ONE), 0x7fffffffbf800000ull, BOX(S_ONE) },
        { 0x20c59553, "fsgnjn.s", BOX(S_ONE), BOX(S_MTWO), BOX(S_ONE) },
        { 0x20c59553, "fsgnjn.s pos", BOX(S_MTWO), BOX(S_ONE), BOX(S_MTWO) },
        { 0x20c5a553, "fsgnjx.s", BOX(S_MTWO), BOX(S_MTWO), BOX(0x40000000u) },
        { 0x20c5a553, "fsgnjx.s pos", BOX(S_MTWO), BOX(S_ONE), BOX(S_MTWO) },
        { 0x22c58553, "fsgnj.d", D(1.0), D(-2.0), D(-1.0) },
        { 0x22c59553, "fsgnjn.d", D(-1.0), D(-2.0), D(1.0) },
        { 0x22c5a553, "fsgnjx.d", D(-1.0), D(-2.0), D(1.0) },
        { 0x20b58553, "fmv.s unboxed", 0x123ull, 0, BOX(0x7fc00000u) },
        { 0x20b58553, "fmv.s", BOX(S_MTWO), 0, BOX(S_MTWO) },
        { 0x22b59553, "fneg.d", D(3.0), 0, D(-3.0) },
    };
    for (size_t i = 0; i < sizeof sg / sizeof sg[0]; i++) {
        clear_regs();
        cpu.f[11] = sg[i].a;
        cpu.f[12] = sg[i].b;
        r = run1(sg[i].insn, FLAGS_M);
        CHECK(cpu.f[10] == sg[i].expect && r.n_calls == 0, "%s: got %#" PRIx64, sg[i].text,
              cpu.f[10]);
    }

    /* moves */
    clear_regs();
    cpu.f[10] = 0x12345678f0000001ull;
    run1(0xe00502d3, FLAGS_M);                      /* fmv.x.w t0,fa0 */
    CHECK(cpu.x[5] == 0xfffffffff0000001ull, "fmv.x.w");
    run1(0xe20502d3, FLAGS_M);                      /* fmv.x.d t0,fa0 */
    CHECK(cpu.x[5] == 0x12345678f0000001ull, "fmv.x.d");
    cpu.x[6] = 0x1234567887654321ull;
    run1(0xf0030553, FLAGS_M);                      /* fmv.w.x fa0,t1 */
    CHECK(cpu.f[10] == 0xffffffff87654321ull, "fmv.w.x");
    run1(0xf2030553, FLAGS_M);                      /* fmv.d.x fa0,t1 */
    CHECK(cpu.f[10] == 0x1234567887654321ull, "fmv.d.x");

    /* arithmetic through the fpu_helpers wrappers */
    clear_regs();
    cpu.f[11] = D(1.5);
    cpu.f[12] = D(2.25);
    r = run1(0x02c5f553, FLAGS_M);                  /* fadd.d fa0,fa1,fa2 (dynamic rm) */
    CHECK(cpu.f[10] == D(3.75), "fadd.d");
    /* frm comes from the TB flags: the helper gets the static mode and cannot trap */
    CHECK(r.n_calls == 1 && r.calls[0].flags == 0 && (r.calls[0].args[2] & 0xff) == 0,
          "dynamic rm resolved at translation");
    r = run1(0x02c5f553, FLAGS_M | (1u << RV_TBF_FRM_SHIFT));   /* frm = RTZ */
    CHECK(r.n_calls == 1 && (r.calls[0].args[2] & 0xff) == 1, "dynamic rm = frm (RTZ)");
    r = run1(0x02c5f553, FLAGS_M | (5u << RV_TBF_FRM_SHIFT));   /* frm = 5: reserved */
    CHECK(r.end == END_TRAP && find_call(&r, "helper_illegal") >= 0,
          "dynamic rm with reserved frm is illegal");
    r = run1(0x02c59553, FLAGS_M);                  /* fadd.d fa0,fa1,fa2,rtz */
    CHECK(r.n_calls == 1 && r.calls[0].flags == 0 && cpu.f[10] == D(3.75), "static rm");
    cpu.f[11] = BOX(S_ONE);
    cpu.f[12] = BOX(S_MTWO);
    run1(0x00c58553, FLAGS_M);                      /* fadd.s fa0,fa1,fa2,rne */
    CHECK(cpu.f[10] == BOX(0xbf800000u), "fadd.s: %#" PRIx64, cpu.f[10]);
    cpu.f[10] = D(-3.75);
    cpu.fflags = 0;
    run1(0xc20512d3, FLAGS_M);                      /* fcvt.w.d t0,fa0,rtz */
    CHECK(cpu.x[5] == (uint64_t)-3 && cpu.fflags == 1, "fcvt.w.d: %#" PRIx64 " fflags %#"
          PRIx64, cpu.x[5], cpu.fflags);
    cpu.x[6] = (uint64_t)-7;
    run1(0xd2237553, FLAGS_M);                      /* fcvt.d.l fa0,t1 */
    CHECK(cpu.f[10] == D(-7.0), "fcvt.d.l");
    cpu.f[11] = D(2.0);
    cpu.f[12] = D(3.0);
    cpu.f[13] = D(1.0);
    run1(0x6ac5f543, FLAGS_M);                      /* fmadd.d fa0,fa1,fa2,fa3 */
    CHECK(cpu.f[10] == D(7.0), "fmadd.d");
    cpu.f[11] = BOX(0x40000000u);                   /* 2.0f */
    cpu.f[12] = BOX(0x40400000u);                   /* 3.0f */
    cpu.f[13] = BOX(S_ONE);
    run1(0x68c5b54b, FLAGS_M);                      /* fnmsub.s: -(2*3)+1 = -5 */
    CHECK(cpu.f[10] == BOX(0xc0a00000u), "fnmsub.s: %#" PRIx64, cpu.f[10]);
    cpu.f[10] = 0x7ff0000000000001ull;              /* signaling NaN */
    cpu.f[11] = D(1.0);
    cpu.fflags = 0;
    run1(0xa2b522d3, FLAGS_M);                      /* feq.d t0,fa0,fa1 */
    CHECK(cpu.x[5] == 0 && cpu.fflags == 0x10, "feq.d sNaN");
    cpu.f[10] = D(-1.0 / 0.0);
    run1(0xe20512d3, FLAGS_M);                      /* fclass.d t0,fa0 */
    CHECK(cpu.x[5] == 1, "fclass.d -inf");
    cpu.f[11] = D(-0.0);
    cpu.f[12] = D(0.0);
    run1(0x2ac58553, FLAGS_M);                      /* fmin.d fa0,fa1,fa2 */
    CHECK(cpu.f[10] == D(-0.0), "fmin.d -0/+0");
    cpu.f[11] = D(6.25);
    run1(0x5a05f553, FLAGS_M);                      /* fsqrt.d fa0,fa1 */
    CHECK(cpu.f[10] == D(2.5), "fsqrt.d");
    cpu.f[11] = D(0.5);
    run1(0x4015f553, FLAGS_M);                      /* fcvt.s.d fa0,fa1 */
    CHECK(cpu.f[10] == BOX(0x3f000000u), "fcvt.s.d");
    cpu.f[11] = BOX(0x3f000000u);
    run1(0x42058553, FLAGS_M);                      /* fcvt.d.s fa0,fa1 */
    CHECK(cpu.f[10] == D(0.5), "fcvt.d.s");

    /* dynamic rm with an invalid frm raises illegal instruction (tval = insn) */
    cpu.frm = 5;
    cpu.priv = PRV_M;
    cpu.mcause = 0;
    cpu.mtval = 0;
    cpu.c.pc = CODE_BASE;
    volatile bool trapped = false;
    if (sigsetjmp(cpu.c.jmpbuf, 0) == 0)
        rvfh_fadd_d(&cpu, D(1.0), D(1.0), RVFH_MODE(7, 0x02c5f553), 0);
    else
        trapped = true;
    CHECK(trapped && cpu.mcause == RV_EXC_ILLEGAL && cpu.mtval == 0x02c5f553,
          "frm=5: mcause %" PRIu64 " mtval %#" PRIx64, cpu.mcause, cpu.mtval);
    cpu.frm = 0;
}

/* ---------------------------------------------------------------- A */

static void test_amo_decode(void)
{
    static const struct {
        uint32_t insn;
        const char *text, *helper;
        uint64_t arg2;          /* funct5 << 8 | size (amo), size (lr: arg 1, sc: arg 2) */
        bool writes_rd;
    } cases[] = {
        { 0x007322af, "amoadd.w t0,t2,(t1)", "helper_amo", 0x00 << 8 | 2, true },
        { 0x0e73302f, "amoswap.d.aqrl x0,t2,(t1)", "helper_amo", 0x01 << 8 | 3, false },
        { 0xe07322af, "amomaxu.w t0,t2,(t1)", "helper_amo", 0x1c << 8 | 2, true },
        { 0x100332af, "lr.d t0,(t1)", "helper_lr", 3, true },
        { 0x187322af, "sc.w t0,t2,(t1)", "helper_sc", 2, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clear_regs();
        cpu.x[5] = 1;
        cpu.x[6] = DATA_BASE + 8;
        cpu.x[7] = 0x42;
        uint64_t flags = 3u | (1u << RV_TBF_MMU_SHIFT) | (3u << RV_TBF_FS_SHIFT);
        Run r = run1(cases[i].insn, flags);
        CHECK(r.n_calls == 1 && strcmp(r.calls[0].name, cases[i].helper) == 0 &&
              (r.calls[0].flags & IR_CALL_TRAPS), "%s: call", cases[i].text);
        const uint64_t *a = r.calls[0].args;
        CHECK(a[0] == DATA_BASE + 8, "%s: address", cases[i].text);
        if (strcmp(cases[i].helper, "helper_lr") == 0)
            CHECK(a[1] == cases[i].arg2 && a[2] == 1, "%s: args", cases[i].text);
        else
            CHECK(a[1] == 0x42 && a[2] == cases[i].arg2 && a[3] == 1, "%s: args", cases[i].text);
        CHECK(cpu.x[5] == (cases[i].writes_rd ? FAKE_AMO_OLD : 1), "%s: rd", cases[i].text);
    }
}

/* helper_amo/lr/sc on real RAM through the softmmu (M mode: no translation). */
static RVCPU h;

static uint64_t amo(uint64_t addr, uint64_t src, unsigned funct5, unsigned lg)
{
    return helper_amo(&h, addr, src, (uint64_t)funct5 << 8 | lg, RV_MMU_M);
}

static void test_amo_helpers(void)
{
    static MemMap mm;
    const uint64_t ram = 0x80000000ull;
    memmap_init(&mm);
    MemRegion *reg = memmap_add_ram(&mm, "ram", ram, 0x10000);
    if (!reg) {
        CHECK(0, "memmap_add_ram");
        return;
    }
    rv_cpu_init(&h, 0, &mm);
    tlb_flush(&h.c);
    h.c.pc = CODE_BASE;
    uint8_t *m = reg->ram;
    uint64_t v64;
    uint32_t v32;
#define SET32(off, x) (v32 = (x), memcpy(m + (off), &v32, 4))
#define GET32(off) (memcpy(&v32, m + (off), 4), v32)
#define SET64(off, x) (v64 = (x), memcpy(m + (off), &v64, 8))
#define GET64(off) (memcpy(&v64, m + (off), 8), v64)

    SET32(0x100, 0xfffffff0u);                      /* -16 */
    CHECK(amo(ram + 0x100, 5, 0x00, 2) == (uint64_t)-16 && GET32(0x100) == 0xfffffff5u,
          "amoadd.w");
    CHECK(amo(ram + 0x100, 3, 0x10, 2) == (uint64_t)-11 && GET32(0x100) == 0xfffffff5u,
          "amomin.w keeps the negative value");
    CHECK(amo(ram + 0x100, 3, 0x14, 2) == (uint64_t)-11 && GET32(0x100) == 3, "amomax.w");
    SET32(0x100, 0x80000000u);
    CHECK(amo(ram + 0x100, 0xffffffff00000001ull, 0x18, 2) == 0xffffffff80000000ull &&
          GET32(0x100) == 1, "amominu.w compares 32 bits");
    CHECK(amo(ram + 0x100, 0x70, 0x1c, 2) == 1 && GET32(0x100) == 0x70, "amomaxu.w");
    CHECK(amo(ram + 0x100, 0x0f, 0x0c, 2) == 0x70 && GET32(0x100) == 0, "amoand.w");
    CHECK(amo(ram + 0x100, 0x81, 0x08, 2) == 0 && GET32(0x100) == 0x81, "amoor.w");
    CHECK(amo(ram + 0x100, 0x1, 0x04, 2) == 0x81 && GET32(0x100) == 0x80, "amoxor.w");
    CHECK(GET32(0x104) == 0, "amo.w touches 4 bytes only");
    SET64(0x200, N);
    CHECK(amo(ram + 0x200, P, 0x01, 3) == N && GET64(0x200) == P, "amoswap.d");
    CHECK(amo(ram + 0x200, N, 0x10, 3) == P && GET64(0x200) == N, "amomin.d");
    CHECK(amo(ram + 0x200, P, 0x18, 3) == N && GET64(0x200) == P, "amominu.d");

    /* LR/SC */
    SET64(0x300, 7);
    CHECK(helper_lr(&h, ram + 0x300, 3, RV_MMU_M, 0) == 7, "lr.d");
    CHECK(helper_sc(&h, ram + 0x300, 9, 3, RV_MMU_M) == 0 && GET64(0x300) == 9, "sc.d ok");
    CHECK(helper_sc(&h, ram + 0x300, 11, 3, RV_MMU_M) == 1 && GET64(0x300) == 9,
          "sc.d without reservation fails");
    SET32(0x310, 0x80000000u);
    CHECK(helper_lr(&h, ram + 0x310, 2, RV_MMU_M, 0) == 0xffffffff80000000ull, "lr.w sext");
    CHECK(helper_sc(&h, ram + 0x314, 1, 2, RV_MMU_M) == 1, "sc.w other address fails");
    CHECK(helper_sc(&h, ram + 0x310, 1, 2, RV_MMU_M) == 1, "reservation cleared by sc");
    helper_lr(&h, ram + 0x310, 2, RV_MMU_M, 0);
    SET32(0x310, 5);                                /* another agent changed the word */
    CHECK(helper_sc(&h, ram + 0x310, 1, 2, RV_MMU_M) == 1 && GET32(0x310) == 5,
          "sc.w after a change fails");

    /* misaligned: store/AMO misaligned for AMOs and SC, load misaligned for LR */
    static const struct { int kind; uint64_t cause; } mis[] = {
        { 0, RV_EXC_STORE_MISALIGNED }, { 1, RV_EXC_LOAD_MISALIGNED },
        { 2, RV_EXC_STORE_MISALIGNED },
    };
    for (int i = 0; i < 3; i++) {
        volatile bool trapped = false;
        h.priv = PRV_M;
        h.mcause = h.mtval = 0;
        h.c.pc = CODE_BASE;
        if (sigsetjmp(h.c.jmpbuf, 0) == 0) {
            if (mis[i].kind == 0)
                amo(ram + 0x102, 1, 0x00, 2);
            else if (mis[i].kind == 1)
                helper_lr(&h, ram + 0x304, 3, RV_MMU_M, 0);
            else
                helper_sc(&h, ram + 0x304, 1, 3, RV_MMU_M);
        } else {
            trapped = true;
        }
        uint64_t addr = mis[i].kind == 0 ? ram + 0x102 : ram + 0x304;
        CHECK(trapped && h.mcause == mis[i].cause && h.mtval == addr,
              "misaligned kind %d: mcause %" PRIu64 " mtval %#" PRIx64, mis[i].kind, h.mcause,
              h.mtval);
    }
    memmap_free(&mm);
}

int main(void)
{
    static MemMap mm;
    memmap_init(&mm);
    rv_cpu_init(&cpu, 0, &mm);
    ir_block_init(&blk);

    test_alu();
    test_upper_and_jumps();
    test_branches();
    test_loads_stores();
    test_rvc();
    test_block_limits();
    test_system();
    test_illegal();
    test_fp();
    test_amo_decode();
    test_amo_helpers();

    ir_block_free(&blk);
    printf("test_rv_translate: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
