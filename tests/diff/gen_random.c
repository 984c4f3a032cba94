/* SPDX-License-Identifier: MIT */
/* Generates a bare-metal RV64GC assembly program of random instructions for the differential
   test: registers start random, then SEED-determined instructions from every extension tern
   translates (I, M, A, F, D, Zba, Zbb, Zbs, forward branches and jumps, loads and stores into
   a buffer, misaligned ones included); finally the buffer is folded into a register and the
   program exits through HTIF. Usage: gen_random SEED N_INSNS > prog.S */
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

static void emit(int i, int n) {
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
    printf("  li t0, 0x6000\n  csrs mstatus, t0\n");
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
    /* Fold the buffer into x1 so the final state covers memory too. */
    printf("  la x31, buf\n  li x1, 0\n  li x30, %d\n2:\n  ld x29, 0(x31)\n  xor x1, x1, x29\n"
           "  slli x28, x1, 7\n  srli x1, x1, 57\n  or x1, x1, x28\n  addi x31, x31, 8\n"
           "  addi x30, x30, -1\n  bnez x30, 2b\n", BUF / 8);
    printf("  la t0, tohost\n  li t1, 1\n  sd t1, 0(t0)\n3: j 3b\n");
    printf("  .data\n  .align 6\nbuf:\n");
    for (int i = 0; i < BUF / 8; i++)
        printf("  .dword 0x%" PRIx64 "\n", interesting());
    printf("  .section .tohost, \"aw\"\n  .align 6\n  .globl tohost\n  .type tohost, @object\n  .size tohost, 8\ntohost: .dword 0\n"
           "  .align 6\n  .globl fromhost\n  .type fromhost, @object\n  .size fromhost, 8\nfromhost: .dword 0\n");
    return 0;
}
