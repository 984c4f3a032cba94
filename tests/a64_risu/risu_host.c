/* SPDX-License-Identifier: MIT */
/* tern side of the A64 differential oracle. "gen" writes random cases (risu_gen.h); "check"
   runs each case with tern's A64 front end on the IR interpreter and on the x86-64 JIT
   (tests/unit/a64_runner.h, blocks of 1, 7 or up to 512 instructions) and compares registers,
   NZCV and the data window with the results of risu_a64 under qemu-aarch64.
   Usage: risu_host gen N SEED CASES | risu_host check CASES RESULTS */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/a64_risu/risu.h"
#include "tests/a64_risu/risu_gen.h"
#include "tests/unit/a64_runner.h"

static int gen(long n, uint64_t seed, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "tern: cannot write %s\n", path);
        return 2;
    }
    static RisuCase c;
    for (long i = 0; i < n; i++) {
        risu_generate(&c, seed * 1000003u + (uint64_t)i);
        fwrite(&c, sizeof c, 1, f);
    }
    fclose(f);
    return 0;
}

static void run_case(A64Runner *r, int k, const RisuCase *c, int max_insns, RisuResult *out)
{
    a64r_load_code(r, RISU_BODY, c->insns, (int)c->n_insns);
    memcpy(r->cpu->x, c->x, sizeof c->x);
    r->cpu->sp = c->sp;
    r->cpu->excl_addr = ARM_EXCL_NONE;   /* the reference's prologue does CLREX */
    arm_set_nzcv(r->cpu, c->nzcv);
    memcpy(r->cpu->vreg, c->v, sizeof c->v);
    r->cpu->fpcr = c->fpcr;
    r->cpu->fpsr = c->fpsr;
    r->cpu->c.pc = RISU_BODY;
    risu_fill(r->data, c->mem_seed);
    int end = a64r_run(r, k, RISU_BODY + 4 * (uint64_t)c->n_insns, 4 * RISU_MAX_INSNS,
                       ARM_MMU_EL0, max_insns);
    memset(out, 0, sizeof *out);
    memcpy(out->x, r->cpu->x, sizeof out->x);
    out->nzcv = arm_get_nzcv(r->cpu);
    out->sp = r->cpu->sp;
    out->mem_hash = risu_hash(r->data);
    memcpy(out->v, r->cpu->vreg, sizeof out->v);
    out->fpcr = r->cpu->fpcr;
    out->fpsr = r->cpu->fpsr;
    out->fault = end == A64R_DONE ? 0 : 100 + (uint64_t)end;
}

static void show(const char *who, const RisuResult *x, const RisuResult *ref)
{
    printf("  %s: fault %" PRIu64 " (ref %" PRIu64 ") nzcv %#" PRIx64 " sp %#" PRIx64
           " (ref %#" PRIx64 ") mem %s", who, x->fault, ref->fault, x->nzcv, x->sp, ref->sp,
           x->mem_hash == ref->mem_hash ? "same" : "DIFFERS");
    for (int i = 0; i < 31; i++)
        if (x->x[i] != ref->x[i])
            printf(" x%d=%#" PRIx64 "(ref %#" PRIx64 ")", i, x->x[i], ref->x[i]);
    for (int i = 0; i < 32; i++)
        if (x->v[i][0] != ref->v[i][0] || x->v[i][1] != ref->v[i][1])
            printf(" v%d=%016" PRIx64 ":%016" PRIx64 "(ref %016" PRIx64 ":%016" PRIx64 ")", i,
                   x->v[i][1], x->v[i][0], ref->v[i][1], ref->v[i][0]);
    if (x->fpcr != ref->fpcr || x->fpsr != ref->fpsr)
        printf(" fpcr %#" PRIx64 " fpsr %#" PRIx64 " (ref %#" PRIx64 " %#" PRIx64 ")", x->fpcr,
               x->fpsr, ref->fpcr, ref->fpsr);
    printf("\n");
}

static int check(const char *cases, const char *results)
{
    FILE *fc = fopen(cases, "rb"), *fr = fopen(results, "rb");
    if (!fc || !fr) {
        fprintf(stderr, "tern: cannot read %s or %s\n", cases, results);
        return 2;
    }
    static A64Runner r;
    if (!a64r_init(&r))
        return 2;
    static RisuCase c;
    RisuResult ref, got;
    long n = 0, bad = 0, faults = 0;
    while (fread(&c, sizeof c, 1, fc) == 1) {
        if (fread(&ref, sizeof ref, 1, fr) != 1) {
            fprintf(stderr, "tern: %s is shorter than %s\n", results, cases);
            return 2;
        }
        static const int sizes[3] = { 512, 1, 7 };
        int max_insns = sizes[n % 3];
        bool ok = true;
        for (int k = 0; k < 2; k++) {
            if (!r.be[k])
                continue;
            run_case(&r, k, &c, max_insns, &got);
            /* A fault on the reference (a signal) must be a fault here; the registers at the
               fault are not compared (the reference's are lost to the signal handler). */
            bool same = ref.fault ? got.fault == 100 + A64R_FAULT
                                  : memcmp(&got, &ref, sizeof got) == 0;
            if (!same) {
                ok = false;
                if (bad < 10) {
                    printf("MISMATCH case %ld (%s, blocks of %d):", n, k ? "jit" : "interp",
                           max_insns);
                    printf("\n");
                    for (uint32_t i = 0; i < c.n_insns; i++) {
                        char text[96];
                        arm_disas(RISU_BODY + 4 * i, c.insns[i], text, sizeof text);
                        printf("    %08x  %s\n", c.insns[i], text);
                    }
                    show("tern", &got, &ref);
                }
            }
        }
        faults += ref.fault != 0;
        bad += !ok;
        n++;
    }
    a64r_free(&r);
    printf("a64 risu: %ld sequences compared (interpreter and JIT), %ld mismatches, "
           "%ld faulting on the reference\n", n, bad, faults);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return gen(atol(argv[2]), strtoull(argv[3], NULL, 0), argv[4]);
    if (argc == 4 && strcmp(argv[1], "check") == 0)
        return check(argv[2], argv[3]);
    fprintf(stderr, "usage: risu_host gen N SEED CASES | risu_host check CASES RESULTS\n");
    return 2;
}
