/* SPDX-License-Identifier: MIT */
/* What every fuzz target in tests/fuzz defines: libFuzzer's entry points (LLVM libFuzzer
   documentation, "Fuzz Target"). The same objects link either with libFuzzer (-DTERN_FUZZ=ON,
   clang) or with replay_main.c, which runs corpus files through the target once (ctest). */
#ifndef TERN_FUZZ_H
#define TERN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional one-time set-up; a target that needs none does not define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* A little-endian reader over the fuzzer input: reads past the end give zeros. */
typedef struct FuzzIn {
    const uint8_t *p;
    size_t n;
} FuzzIn;

static inline int fin_left(const FuzzIn *f) { return f->n > 0; }
static inline uint64_t fin_uint(FuzzIn *f, unsigned bytes) {
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        uint64_t b = 0;
        if (f->n) {
            b = *f->p++;
            f->n--;
        }
        v |= b << (8 * i);
    }
    return v;
}
static inline uint8_t fin_u8(FuzzIn *f) { return (uint8_t)fin_uint(f, 1); }
static inline uint16_t fin_u16(FuzzIn *f) { return (uint16_t)fin_uint(f, 2); }
static inline uint32_t fin_u32(FuzzIn *f) { return (uint32_t)fin_uint(f, 4); }
/* Up to want bytes in place (fewer at the end); returns how many. */
static inline size_t fin_bytes(FuzzIn *f, size_t want, const uint8_t **out) {
    size_t n = want < f->n ? want : f->n;
    *out = f->p;
    f->p += n;
    f->n -= n;
    return n;
}

#endif
