/* SPDX-License-Identifier: MIT */
/* Generates a bare-metal RV64GC assembly program of random instructions for the differential
   test: registers start random, then SEED-determined instructions from every extension tern
   translates (I, M, A, F, D, Zba, Zbb, Zbs, forward branches and jumps, loads and stores into
   a buffer, misaligned ones included), with switches between M, S and U mode (mret, sret;
   ecall back to M) so that blocks leave through the jump cache into blocks that run under
   other flags; finally the registers and the buffer are folded into a register, which is
   printed on the HTIF console, and the program exits through HTIF.
   Usage: gen_random SEED N_INSNS > prog.S */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t st;
static uint64_t rnd(void) {
    st ^= st << 13;
    st ^= st >> 7;
    st ^= st << 17;
    return st;
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }

#define BUF 4096
/* x30 = scratch address, x31 = buffer base: never random destinations. */
static int reg(void) { return 1 + (int)pick(29); }
static int freg(void) { return (int)pick(32); }

static uint64_t interesting(void) {
    static const uint64_t v[] = {0, 1, 2, 0xffffffffffffffffull, 0x8000000000000000ull,
                                 0x7fffffffffffffffull, 0x80000000ull, 0x7fffffffull,
                                 0xffffffff80000000ull, 0xffffffffull, 0x100000000ull,
                                 0x3ff0000000000000ull, 0x7ff8000000000000ull,
                                 0x7ff0000000000001ull, 0xffffffff3f800000ull,
                                 0xffffffff7fc00000ull, 0x0000000000000001ull,
                                 0xfff0000000000000ull, 0x000fffffffffffffull};
    return pick(3) ? rnd() : v[pick(sizeof v / sizeof v[0])];
}

static const char *const r3[] = {
    "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw",
    "sllw", "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
    "mulw", "divw", "divuw", "remw", "remuw", "sh1add", "sh2add", "sh3add", "add.uw",
    "sh1add.uw", "sh2add.uw", "sh3add.uw", "andn", "orn", "xnor", "max", "maxu", "min", "minu",
    "rol", "ror", "rolw", "rorw", "bclr", "bext", "binv", "bset"};
static const char *const r2[] = {"clz", "ctz", "cpop", "clzw", "ctzw", "cpopw", "sext.b",
                                 "sext.h", "zext.h", "rev8", "orc.b"};
static const char *const i12[] = {"addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"};
static const char *const sh6[] = {"slli", "srli", "srai", "rori", "bclri", "bexti", "binvi",
                                  "bseti", "slli.uw"};
static const char *const sh5[] = {"slliw", "srliw", "sraiw", "roriw"};
static const char *const lds[] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"};
static const char *const sts[] = {"sb", "sh", "sw", "sd"};
static const char *const brs[] = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
static const char *const amos[] = {"amoswap", "amoadd", "amoxor", "amoand", "amoor",
                                   "amomin", "amomax", "amominu", "amomaxu"};
static const char *const f3[] = {"fadd", "fsub", "fmul", "fdiv", "fmin", "fmax", "fsgnj",
                                 "fsgnjn", "fsgnjx"};
static const char *const f4[] = {"fmadd", "fmsub", "fnmadd", "fnmsub"};
static const char *const fcmp[] = {"feq", "flt", "fle"};
static const char *const rms[] = {"rne", "rtz", "rdn", "rup", "rmm", "dyn"};
static const char *const fcvt_i[] = {"w", "wu", "l", "lu"};

static int label_next;
static int priv_now = 3;   /* M */

/* Leave M for S or U (mret), S for U (sret), or S/U for M (ecall; the trap handler returns to
   the next instruction in M). x30 is free here: it is set before every use. */
static void emit_priv_switch(void) {
    unsigned to = pick(3);            /* 0: U, 1: S, 2: M */
    if (priv_now == 3 && to < 2) {
        printf("  li x30, 0x1800\n  csrc mstatus, x30\n");
        if (to == 1)
            printf("  li x30, 0x800\n  csrs mstatus, x30\n");
        printf("  la x30, 7f\n  csrw mepc, x30\n  mret\n7:\n");
        priv_now = (int)to;
    } else if (priv_now == 1 && to == 0) {
        printf("  li x30, 0x100\n  csrc sstatus, x30\n  la x30, 7f\n  csrw sepc, x30\n"
               "  sret\n7:\n");
        priv_now = 0;
    } else if (priv_now != 3 && to == 2) {
        printf("  ecall\n");
        priv_now = 3;
    }
}

static void emit(int i, int n) {
    if (pick(100) < 3) {
        emit_priv_switch();
        return;
    }
    unsigned k = pick(100);
    const char *p = pick(2) ? "d" : "s";
    bool rounding;
    if (k < 30) {
        printf("  %s x%d, x%d, x%d\n", r3[pick(sizeof r3 / sizeof *r3)], reg(), reg(), reg());
    } else if (k < 35) {
        printf("  %s x%d, x%d\n", r2[pick(sizeof r2 / sizeof *r2)], reg(), reg());
    } else if (k < 45) {
        printf("  %s x%d, x%d, %d\n", i12[pick(sizeof i12 / sizeof *i12)], reg(), reg(),
               (int)pick(4096) - 2048);
    } else if (k < 50) {
        printf("  %s x%d, x%d, %u\n", sh6[pick(sizeof sh6 / sizeof *sh6)], reg(), reg(),
               pick(64));
    } else if (k < 52) {
        printf("  %s x%d, x%d, %u\n", sh5[pick(sizeof sh5 / sizeof *sh5)], reg(), reg(),
               pick(32));
    } else if (k < 54) {
        printf("  %s x%d, 0x%x\n", pick(2) ? "lui" : "auipc", reg(), pick(1 << 20));
    } else if (k < 61) {
        printf("  %s x%d, %d(x31)\n", lds[pick(sizeof lds / sizeof *lds)], reg(),
               (int)pick(BUF - 8) - BUF / 2);
    } else if (k < 67) {
        printf("  %s x%d, %d(x31)\n", sts[pick(sizeof sts / sizeof *sts)], reg(),
               (int)pick(BUF - 8) - BUF / 2);
    } else if (k < 71 && i + 4 < n) {
        printf("  %s x%d, x%d, 1f\n", brs[pick(sizeof brs / sizeof *brs)], reg(), reg());
        label_next = 1 + (int)pick(4);
    } else if (k < 72 && i + 4 < n) {
        printf("  jal x%d, 1f\n", reg());
        label_next = 1 + (int)pick(4);
    } else if (k < 75) {
        const char *w = pick(2) ? "w" : "d";
        printf("  addi x30, x31, %d\n", (int)pick(BUF / 8 - 1) * 8 - BUF / 2);
        printf("  %s.%s x%d, x%d, (x30)\n", amos[pick(sizeof amos / sizeof *amos)], w, reg(),
               reg());
    } else if (k < 77) {
        printf("  fmv.%s.x f%d, x%d\n", *p == 'd' ? "d" : "w", freg(), reg());
    } else if (k < 79) {
        printf("  fmv.x.%s x%d, f%d\n", *p == 'd' ? "d" : "w", reg(), freg());
    } else if (k < 86) {
        unsigned o = pick(sizeof f3 / sizeof *f3);
        rounding = o < 4;
        printf("  %s.%s f%d, f%d, f%d%s%s\n", f3[o], p, freg(), freg(), freg(),
               rounding ? ", " : "", rounding ? rms[pick(6)] : "");
    } else if (k < 89) {
        printf("  %s.%s f%d, f%d, f%d, f%d, %s\n", f4[pick(4)], p, freg(), freg(), freg(),
               freg(), rms[pick(6)]);
    } else if (k < 90) {
        printf("  fsqrt.%s f%d, f%d, %s\n", p, freg(), freg(), rms[pick(6)]);
    } else if (k < 92) {
        printf("  %s.%s x%d, f%d, f%d\n", fcmp[pick(3)], p, reg(), freg(), freg());
    } else if (k < 93) {
        printf("  fclass.%s x%d, f%d\n", p, reg(), freg());
    } else if (k < 95) {
        printf("  fcvt.%s.%s x%d, f%d, %s\n", fcvt_i[pick(4)], p, reg(), freg(), rms[pick(6)]);
    } else if (k < 97) {
        unsigned t = pick(4);
        bool exact = *p == 'd' && t < 2;   /* fcvt.d.w/wu take no rounding mode */
        printf("  fcvt.%s.%s f%d, x%d%s%s\n", p, fcvt_i[t], freg(), reg(), exact ? "" : ", ",
               exact ? "" : rms[pick(6)]);
    } else if (k < 98) {
        if (*p == 'd')
            printf("  fcvt.d.s f%d, f%d\n", freg(), freg());
        else
            printf("  fcvt.s.d f%d, f%d, %s\n", freg(), freg(), rms[pick(6)]);
    } else if (k < 99) {
        printf("  fsrmi x%d, %u\n", reg(), pick(5));
    } else {
        printf("  frflags x%d\n", reg());
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gen_random SEED N_INSNS\n");
        return 2;
    }
    st = strtoull(argv[1], NULL, 0) * 0x9E3779B97F4A7C15ull + 1;
    int n = atoi(argv[2]);
    printf("# generated by gen_random %s %s\n", argv[1], argv[2]);
    printf("  .section .text.init\n  .globl _start\n_start:\n");
    /* FP on; S and U may access all memory (one NAPOT PMP entry); traps (the ecalls) go to
       m_trap */
    printf("  li t0, 0x6000\n  csrs mstatus, t0\n  li t0, -1\n  csrw pmpaddr0, t0\n"
           "  li t0, 0x1f\n  csrw pmpcfg0, t0\n  la t0, m_trap\n  csrw mtvec, t0\n");
    for (int r = 1; r < 30; r++)
        printf("  li x%d, 0x%" PRIx64 "\n", r, interesting());
    for (int f = 0; f < 32; f++)
        printf("  li x30, 0x%" PRIx64 "\n  fmv.d.x f%d, x30\n", interesting(), f);
    printf("  la x31, buf + %d\n", BUF / 2);
    for (int i = 0; i < n; i++) {
        emit(i, n);
        if (label_next && --label_next == 0)
            printf("1:\n");
    }
    if (label_next)
        printf("1:\n");
    if (priv_now != 3)
        printf("  ecall\n");
    /* Store the registers after the buffer and fold both into x1, so that the final state
       (printed, for the runs without traces) covers memory and registers. */
    printf("  la x30, regs\n");
    for (int r = 1; r < 30; r++)
        printf("  sd x%d, %d(x30)\n", r, 8 * r);
    for (int f = 0; f < 32; f++)
        printf("  fsd f%d, %d(x30)\n", f, 8 * (32 + f));
    printf("  frcsr x29\n  sd x29, 0(x30)\n");
    printf("  la x31, buf\n  li x1, 0\n  li x30, %d\n2:\n  ld x29, 0(x31)\n  xor x1, x1, x29\n"
           "  slli x28, x1, 7\n  srli x1, x1, 57\n  or x1, x1, x28\n  addi x31, x31, 8\n"
           "  addi x30, x30, -1\n  bnez x30, 2b\n", BUF / 8 + 64);
    /* x1 in hex on the HTIF console (device 1, command 1), then exit */
    printf("  la t0, tohost\n  li t1, 60\n4:\n  srl t2, x1, t1\n  andi t2, t2, 15\n"
           "  li t3, 10\n  blt t2, t3, 5f\n  addi t2, t2, 39\n5:\n  addi t2, t2, 48\n"
           "  li t3, 0x0101000000000000\n  or t2, t2, t3\n  sd t2, 0(t0)\n"
           "6:\n  ld t3, 0(t0)\n  bnez t3, 6b\n"
           "  addi t1, t1, -4\n  bgez t1, 4b\n"
           "  li t2, 0x010100000000000a\n  sd t2, 0(t0)\n8:\n  ld t3, 0(t0)\n  bnez t3, 8b\n");
    printf("  li t1, 1\n  sd t1, 0(t0)\n3: j 3b\n");
    /* ecall from S or U: back to M at the next instruction */
    printf("  .balign 4\nm_trap:\n  csrr x30, mepc\n  addi x30, x30, 4\n  csrw mepc, x30\n"
           "  li x30, 0x1800\n  csrs mstatus, x30\n  mret\n");
    printf("  .data\n  .align 6\nbuf:\n");
    for (int i = 0; i < BUF / 8; i++)
        printf("  .dword 0x%" PRIx64 "\n", interesting());
    printf("regs:\n  .skip 512\n");
    printf("  .section .tohost, \"aw\"\n  .align 6\n  .globl tohost\n  .type tohost, @object\n  .size tohost, 8\ntohost: .dword 0\n"
           "  .align 6\n  .globl fromhost\n  .type fromhost, @object\n  .size fromhost, 8\nfromhost: .dword 0\n");
    return 0;
}
