/* SPDX-License-Identifier: MIT */
/* HTIF, the Berkeley host-target interface of spike and riscv-tests: the guest writes commands
   to `tohost` and reads answers from `fromhost` (two 64-bit words at its ELF symbols). */
#ifndef TERN_HTIF_H
#define TERN_HTIF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "system/machine.h"

typedef struct Htif Htif;

/* Device 0 command 0 proxies these riscv-pk system calls (magic_mem block). */
enum { HTIF_SYS_WRITE = 64, HTIF_SYS_EXIT = 93, HTIF_SYS_EXIT_GROUP = 94 };

/* console: where putchar and SYS_write to fd 1 go (NULL discards); in_fd: console input for
   getchar (-1: none). */
Htif *htif_create(Machine *m, FILE *console, int in_fd);
/* Map tohost at its address, and fromhost unless it is UINT64_MAX. Both must be 8-byte aligned
   and may sit inside RAM (the RAM is split around them). */
bool htif_map(Htif *h, MemMap *mem, uint64_t tohost, uint64_t fromhost);
uint64_t htif_tohost(const Htif *h);
uint64_t htif_fromhost(const Htif *h);
void htif_free(Htif *h);

#endif
