/* SPDX-License-Identifier: MIT */
/* Common driver of the FPU differential oracle. Each program supplies one
 * executor per operation; the driver feeds identical operand streams through
 * them under every static rounding mode and prints either one hash per chunk of
 * operand sets (cheap to diff) or, for one operation, every case in full.
 * Usage: prog N [seed [op [chunk|all]]] */
#ifndef FPU_ORACLE_DRIVER_H
#define FPU_ORACLE_DRIVER_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

typedef uint64_t (*oracle_fn)(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl);

struct oracle_op {
    const char *name;
    int fmt;
    int has_rm;
    int gen;
    oracle_fn fn;
};

#define ORACLE_CHUNK 4096
#define FNV_OFF UINT64_C(0xcbf29ce484222325)

static uint64_t fnv(uint64_t h, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t fnv_str(const char *s)
{
    uint64_t h = FNV_OFF;
    while (*s)
        h = fnv(h, (unsigned char)*s++);
    return h;
}

static int oracle_main(int argc, char **argv, const struct oracle_op *ops, int nops)
{
    long n = argc > 1 ? atol(argv[1]) : 200000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
    const char *vop = argc > 3 ? argv[3] : NULL;
    long vchunk = argc > 4 && strcmp(argv[4], "all") != 0 ? atol(argv[4]) : -1;
    int i, rm;
    long s;

    for (i = 0; i < nops; i++) {
        const struct oracle_op *op = &ops[i];
        uint64_t h = FNV_OFF, hops = FNV_OFF, o[3];
        long cases = 0;

        if (vop && strcmp(vop, op->name) != 0)
            continue;
        gen_state = seed ^ fnv_str(op->name);
        for (s = 0; s < n; s++) {
            long chunk = s / ORACLE_CHUNK;
            int show = vop && (vchunk < 0 || chunk == vchunk);

            gen_operands(op->gen, op->fmt, o);
            hops = fnv(fnv(fnv(hops, o[0]), o[1]), o[2]);
            if (!vop || show) {
                for (rm = 0; rm < (op->has_rm ? 5 : 1); rm++) {
                    uint32_t fl = 0;
                    uint64_t r = op->fn(o[0], o[1], o[2], rm, &fl);
                    h = fnv(fnv(h, r), fl);
                    cases++;
                    if (show)
                        printf("%s %ld rm%d %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                               " -> %016" PRIx64 " %02x\n",
                               op->name, s, rm, o[0], o[1], o[2], r, fl);
                }
            }
            if (!vop && ((s + 1) % ORACLE_CHUNK == 0 || s + 1 == n)) {
                printf("%s chunk %ld %016" PRIx64 "\n", op->name, chunk, h);
                h = FNV_OFF;
            }
        }
        if (!vop) {
            /* Distinguishes a generator divergence from a result mismatch. */
            printf("%s operands %016" PRIx64 "\n", op->name, hops);
            printf("%s cases %ld\n", op->name, cases);
        }
    }
    return 0;
}

#endif
