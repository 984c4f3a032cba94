/* SPDX-License-Identifier: MIT */
/* CLINT (SiFive core-local interruptor, as ACLINT MSWI + MTIMER in one 64 KiB block): msip per
   hart at +0, mtimecmp per hart at +0x4000, mtime at +0xbff8, mtime counting at 10 MHz. It
   drives each hart's MSIP and MTIP through IRQ lines and times mtimecmp with the machine's
   timer service; the harts read mtime (the time CSR) through clint_mtime. */
#ifndef TERN_CLINT_H
#define TERN_CLINT_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/irq.h"
#include "system/memmap.h"
#include "system/timer.h"

#define CLINT_SIZE 0x10000u
#define CLINT_MSIP 0x0u
#define CLINT_MTIMECMP 0x4000u
#define CLINT_MTIME 0xbff8u
#define CLINT_FREQ_HZ 10000000ull
#define CLINT_MAX_HARTS 64

typedef struct Clint Clint;

/* msip[i], mtip[i]: hart i's software and timer interrupt lines (copied). timers: where the
   mtimecmp deadlines are armed (NULL: nowhere; then MTIP rises only when a register access
   re-evaluates it). mtime starts at 0 now; mtimecmp at all ones. NULL on bad arguments. */
Clint *clint_create(const IrqLine *msip, const IrqLine *mtip, int n_harts, TimerList *timers);
bool clint_map(Clint *c, MemMap *mem, uint64_t base);
/* mtime now (10 MHz ticks): the harts' time source. */
uint64_t clint_mtime(void *clint);
/* Power-on state: msip 0, mtimecmp all ones, both lines of every hart low; mtime keeps
   counting. */
void clint_reset(Clint *c);
void clint_free(Clint *c);

#endif
