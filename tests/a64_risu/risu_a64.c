/* SPDX-License-Identifier: MIT */
/* Reference side of the A64 differential oracle: an aarch64 Linux program (run under
   qemu-aarch64, or on arm64 hardware) that executes each random sequence of a case file
   natively and writes the resulting registers, NZCV and a hash of the data window.
   The sequence runs at RISU_BODY with every register (SP included) loaded from the case; a
   prologue just before it loads them, an epilogue right after it stores them back into the
   register block at RISU_STATE, parking X0 in TPIDR_EL0 meanwhile (both restore the C
   side's SP and TPIDR_EL0).
   Usage: risu_a64 CASES RESULTS */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "risu.h"

/* Offsets used by the assembly: x 0, nzcv 248, sp 256, host_sp 264, host_tpidr 272,
   v 288, fpcr 800, fpsr 808. */
typedef struct State {
    uint64_t x[31], nzcv, sp, host_sp, host_tpidr, pad;
    uint64_t v[32][2], fpcr, fpsr;
} State;
_Static_assert(__builtin_offsetof(State, v) == 288 && __builtin_offsetof(State, fpcr) == 800,
               "the assembly's offsets");

void risu_call(State *s, uint64_t entry);
extern const uint32_t risu_prologue[], risu_prologue_end[];
extern const uint32_t risu_epilogue[], risu_epilogue_end[];

/* risu_call saves what the C ABI needs kept; the prologue (entered with x0 = state, x30 = the
   return address) keeps both on the stack and loads x0..x30 and NZCV; the epilogue stores them. */
__asm__(
    ".text\n"
    ".global risu_call\n"
    "risu_call:\n"
    "  stp x29, x30, [sp, #-160]!\n"
    "  stp d8, d9, [sp, #96]\n"
    "  stp d10, d11, [sp, #112]\n"
    "  stp d12, d13, [sp, #128]\n"
    "  stp d14, d15, [sp, #144]\n"
    "  stp x19, x20, [sp, #16]\n"
    "  stp x21, x22, [sp, #32]\n"
    "  stp x23, x24, [sp, #48]\n"
    "  stp x25, x26, [sp, #64]\n"
    "  stp x27, x28, [sp, #80]\n"
    "  blr x1\n"
    "  ldp x19, x20, [sp, #16]\n"
    "  ldp x21, x22, [sp, #32]\n"
    "  ldp x23, x24, [sp, #48]\n"
    "  ldp x25, x26, [sp, #64]\n"
    "  ldp x27, x28, [sp, #80]\n"
    "  ldp d8, d9, [sp, #96]\n"
    "  ldp d10, d11, [sp, #112]\n"
    "  ldp d12, d13, [sp, #128]\n"
    "  ldp d14, d15, [sp, #144]\n"
    "  ldp x29, x30, [sp], #160\n"
    "  ret\n"
    ".global risu_prologue\n"
    ".global risu_prologue_end\n"
    "risu_prologue:\n"
    "  clrex\n"
    "  stp x0, x30, [sp, #-16]!\n"
    "  mov x1, sp\n"
    "  str x1, [x0, #264]\n"
    "  mrs x1, tpidr_el0\n"
    "  str x1, [x0, #272]\n"
    "  ldr x1, [x0, #256]\n"
    "  mov sp, x1\n"
    "  ldr x1, [x0, #248]\n"
    "  msr nzcv, x1\n"
    "  ldr x1, [x0, #800]\n"
    "  msr fpcr, x1\n"
    "  ldr x1, [x0, #808]\n"
    "  msr fpsr, x1\n"
    "  ldp q0, q1, [x0, #288]\n"
    "  ldp q2, q3, [x0, #320]\n"
    "  ldp q4, q5, [x0, #352]\n"
    "  ldp q6, q7, [x0, #384]\n"
    "  ldp q8, q9, [x0, #416]\n"
    "  ldp q10, q11, [x0, #448]\n"
    "  ldp q12, q13, [x0, #480]\n"
    "  ldp q14, q15, [x0, #512]\n"
    "  ldp q16, q17, [x0, #544]\n"
    "  ldp q18, q19, [x0, #576]\n"
    "  ldp q20, q21, [x0, #608]\n"
    "  ldp q22, q23, [x0, #640]\n"
    "  ldp q24, q25, [x0, #672]\n"
    "  ldp q26, q27, [x0, #704]\n"
    "  ldp q28, q29, [x0, #736]\n"
    "  ldp q30, q31, [x0, #768]\n"
    "  ldp x2, x3, [x0, #16]\n"
    "  ldp x4, x5, [x0, #32]\n"
    "  ldp x6, x7, [x0, #48]\n"
    "  ldp x8, x9, [x0, #64]\n"
    "  ldp x10, x11, [x0, #80]\n"
    "  ldp x12, x13, [x0, #96]\n"
    "  ldp x14, x15, [x0, #112]\n"
    "  ldp x16, x17, [x0, #128]\n"
    "  ldp x18, x19, [x0, #144]\n"
    "  ldp x20, x21, [x0, #160]\n"
    "  ldp x22, x23, [x0, #176]\n"
    "  ldp x24, x25, [x0, #192]\n"
    "  ldp x26, x27, [x0, #208]\n"
    "  ldp x28, x29, [x0, #224]\n"
    "  ldr x30, [x0, #240]\n"
    "  ldp x0, x1, [x0]\n"
    "risu_prologue_end:\n"
    ".global risu_epilogue\n"
    ".global risu_epilogue_end\n"
    "risu_epilogue:\n"
    "  msr tpidr_el0, x0\n"
    "  movz x0, #0x3000, lsl #16\n"
    "  str x1, [x0, #8]\n"
    "  stp x2, x3, [x0, #16]\n"
    "  stp x4, x5, [x0, #32]\n"
    "  stp x6, x7, [x0, #48]\n"
    "  stp x8, x9, [x0, #64]\n"
    "  stp x10, x11, [x0, #80]\n"
    "  stp x12, x13, [x0, #96]\n"
    "  stp x14, x15, [x0, #112]\n"
    "  stp x16, x17, [x0, #128]\n"
    "  stp x18, x19, [x0, #144]\n"
    "  stp x20, x21, [x0, #160]\n"
    "  stp x22, x23, [x0, #176]\n"
    "  stp x24, x25, [x0, #192]\n"
    "  stp x26, x27, [x0, #208]\n"
    "  stp x28, x29, [x0, #224]\n"
    "  str x30, [x0, #240]\n"
    "  stp q0, q1, [x0, #288]\n"
    "  stp q2, q3, [x0, #320]\n"
    "  stp q4, q5, [x0, #352]\n"
    "  stp q6, q7, [x0, #384]\n"
    "  stp q8, q9, [x0, #416]\n"
    "  stp q10, q11, [x0, #448]\n"
    "  stp q12, q13, [x0, #480]\n"
    "  stp q14, q15, [x0, #512]\n"
    "  stp q16, q17, [x0, #544]\n"
    "  stp q18, q19, [x0, #576]\n"
    "  stp q20, q21, [x0, #608]\n"
    "  stp q22, q23, [x0, #640]\n"
    "  stp q24, q25, [x0, #672]\n"
    "  stp q26, q27, [x0, #704]\n"
    "  stp q28, q29, [x0, #736]\n"
    "  stp q30, q31, [x0, #768]\n"
    "  mrs x1, fpcr\n"
    "  str x1, [x0, #800]\n"
    "  mrs x1, fpsr\n"
    "  str x1, [x0, #808]\n"
    "  msr fpcr, xzr\n"
    "  msr fpsr, xzr\n"
    "  mrs x1, nzcv\n"
    "  str x1, [x0, #248]\n"
    "  mrs x1, tpidr_el0\n"
    "  str x1, [x0]\n"
    "  mov x1, sp\n"
    "  str x1, [x0, #256]\n"
    "  ldr x1, [x0, #272]\n"
    "  msr tpidr_el0, x1\n"
    "  ldr x1, [x0, #264]\n"
    "  mov sp, x1\n"
    "  ldp x0, x30, [sp], #16\n"
    "  ret\n"
    "risu_epilogue_end:\n");

static sigjmp_buf on_signal;
static volatile int last_signal;
static volatile uint64_t last_pc, last_addr;

static void handler(int sig, siginfo_t *si, void *uc)
{
    last_signal = sig;
    last_addr = (uint64_t)(uintptr_t)si->si_addr;
    last_pc = ((ucontext_t *)uc)->uc_mcontext.pc;
    siglongjmp(on_signal, 1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: risu_a64 CASES RESULTS\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror("risu_a64");
        return 2;
    }
    uint8_t *data = mmap((void *)RISU_DATA_BASE, RISU_DATA_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    State *state = mmap((void *)RISU_STATE, 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    uint8_t *code = mmap((void *)RISU_CODE_BASE, 0x4000, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (data != (void *)RISU_DATA_BASE || code != (void *)RISU_CODE_BASE ||
        state != (void *)RISU_STATE) {
        fprintf(stderr, "risu_a64: cannot map the fixed windows\n");
        return 2;
    }
    size_t pro = (size_t)((const uint8_t *)risu_prologue_end - (const uint8_t *)risu_prologue);
    size_t epi = (size_t)((const uint8_t *)risu_epilogue_end - (const uint8_t *)risu_epilogue);
    uint8_t *body = code + (RISU_BODY - RISU_CODE_BASE);
    memcpy(body - pro, risu_prologue, pro);
    /* A fault in the sequence leaves SP wherever the sequence put it: handle it on a stack
       of its own. TPIDR_EL0 is only borrowed by the epilogue, which does not fault. */
    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = handler,
                            .sa_flags = SA_NODEFER | SA_SIGINFO | SA_ONSTACK };
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    static RisuCase c;
    long n = 0;
    while (fread(&c, sizeof c, 1, in) == 1) {
        if (c.n_insns > RISU_MAX_INSNS)
            return 2;
        memcpy(body, c.insns, 4 * (size_t)c.n_insns);
        memcpy(body + 4 * c.n_insns, risu_epilogue, epi);
        __builtin___clear_cache((char *)(body - pro), (char *)(body + 4 * c.n_insns + epi));
        risu_fill(data, c.mem_seed);
        State *s = state;
        memcpy(s->x, c.x, sizeof s->x);
        s->nzcv = c.nzcv;
        s->sp = c.sp;
        memcpy(s->v, c.v, sizeof s->v);
        s->fpcr = c.fpcr;
        s->fpsr = c.fpsr;
        RisuResult r;
        memset(&r, 0, sizeof r);
        if (sigsetjmp(on_signal, 1) == 0) {
            risu_call(s, (uint64_t)(uintptr_t)(body - pro));
            memcpy(r.x, s->x, sizeof r.x);
            r.nzcv = s->nzcv;
            r.sp = s->sp;
            memcpy(r.v, s->v, sizeof r.v);
            r.fpcr = s->fpcr;
            r.fpsr = s->fpsr;
        } else {
            r.fault = (uint64_t)last_signal;
            if (getenv("RISU_VERBOSE"))
                fprintf(stderr, "case %ld: signal %d at pc %#llx, address %#llx\n", n,
                        last_signal, (unsigned long long)last_pc, (unsigned long long)last_addr);
        }
        r.mem_hash = risu_hash(data);
        fwrite(&r, sizeof r, 1, out);
        n++;
    }
    fclose(out);
    fprintf(stderr, "risu_a64: %ld sequences\n", n);
    return 0;
}
