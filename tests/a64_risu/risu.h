/* SPDX-License-Identifier: MIT */
/* The A64 differential oracle's shared definitions (the RISU idea: random instruction
   sequences run on a reference and on tern, register and memory state compared): the case and
   result records exchanged between the generator/checker (risu_host.c, built with tern) and
   the reference program (risu_a64.c, run under qemu-aarch64), and the memory image both start
   from. Plain fixed-size little-endian records; both sides are little-endian. */
#ifndef TERN_A64_RISU_H
#define TERN_A64_RISU_H

#include <stdint.h>

#define RISU_MAX_INSNS 32
#define RISU_DATA_BASE 0x10000000ull     /* the data window: mapped at the same address */
#define RISU_DATA_SIZE 0x2000ull
#define RISU_BASE_REG_VAL (RISU_DATA_BASE + RISU_DATA_SIZE / 2)   /* x27 and x28 at entry */
#define RISU_CODE_BASE 0x20000000ull
#define RISU_BODY (RISU_CODE_BASE + 0x1000)  /* the sequence runs here, in both */
#define RISU_STATE 0x30000000ull         /* reference side: the register block, at an address
                                            its epilogue can form without a free register */

typedef struct RisuCase {
    uint32_t n_insns;
    uint32_t pad;
    uint32_t insns[RISU_MAX_INSNS];
    uint64_t x[31];
    uint64_t nzcv;                      /* bits 31:28 */
    uint64_t sp;                        /* 16-byte aligned, inside the data window */
    uint64_t mem_seed;
    uint64_t v[32][2];                  /* V0-V31, low and high halves */
    uint64_t fpcr, fpsr;
} RisuCase;

typedef struct RisuResult {
    uint64_t x[31];
    uint64_t nzcv;
    uint64_t sp;
    uint64_t mem_hash;
    uint64_t fault;                     /* 0, or a signal number / tern's end code + 100 */
    uint64_t v[32][2];
    uint64_t fpcr, fpsr;
} RisuResult;

static inline uint64_t risu_xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* The data window's initial bytes. */
static inline void risu_fill(uint8_t *mem, uint64_t seed)
{
    uint64_t s = seed | 1;
    for (uint64_t k = 0; k < RISU_DATA_SIZE; k += 8) {
        uint64_t v = risu_xorshift(&s);
        for (int b = 0; b < 8; b++)
            mem[k + (uint64_t)b] = (uint8_t)(v >> (8 * b));
    }
}

static inline uint64_t risu_hash(const uint8_t *mem)
{
    uint64_t h = 0xcbf29ce484222325ull;   /* FNV-1a */
    for (uint64_t k = 0; k < RISU_DATA_SIZE; k++)
        h = (h ^ mem[k]) * 0x100000001b3ull;
    return h;
}

#endif
