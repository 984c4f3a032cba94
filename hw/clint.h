/* SPDX-License-Identifier: MIT */
/* CLINT (SiFive core-local interruptor, as ACLINT MSWI + MTIMER in one 64 KiB block): msip per
   hart at +0, mtimecmp per hart at +0x4000, mtime at +0xbff8, mtime counting at 10 MHz. */
#ifndef TERN_CLINT_H
#define TERN_CLINT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/riscv/cpu.h"
#include "system/memmap.h"

#define CLINT_SIZE 0x10000u
#define CLINT_MSIP 0x0u
#define CLINT_MTIMECMP 0x4000u
#define CLINT_MTIME 0xbff8u
#define CLINT_FREQ_HZ 10000000ull

typedef struct Clint Clint;

/* Becomes the mtime source of every hart (RVCPU.read_mtime). mtime starts at 0 now. */
Clint *clint_create(RVCPU **harts, int n_harts);
bool clint_map(Clint *c, MemMap *mem, uint64_t base);
uint64_t clint_mtime(void *clint);
void clint_free(Clint *c);

#endif
