/* SPDX-License-Identifier: MIT */
/* SiFive test finisher ("sifive,test0"/"sifive,test1", also a "syscon" that Linux's
   syscon-poweroff and syscon-reboot drive): a 32-bit register at offset 0 whose writes power
   the machine off, fail with an exit code, or reset it. */
#ifndef TERN_SIFIVE_TEST_H
#define TERN_SIFIVE_TEST_H

#include <stdint.h>

#include "system/memmap.h"

#define SIFIVE_TEST_SIZE 0x1000u
#define SIFIVE_TEST_FAIL 0x3333u   /* | exit code << 16 */
#define SIFIVE_TEST_PASS 0x5555u   /* poweroff, exit code 0 */
#define SIFIVE_TEST_RESET 0x7777u

typedef struct SifiveTest SifiveTest;

/* on_exit(opaque, code) for pass (code 0) and fail; on_reset(opaque) for reset. Either may be
   NULL (the write is then ignored). NULL if the region cannot be mapped. */
SifiveTest *sifive_test_create(MemMap *m, uint64_t base, void (*on_exit)(void *opaque, int code),
                               void (*on_reset)(void *opaque), void *opaque);
void sifive_test_free(SifiveTest *t);

#endif
