/* SPDX-License-Identifier: MIT */
/* The board table: each board (-machine NAME) builds its memory map and devices, loads the
   guest and says where harts start. Board files live in machines/. */
#ifndef TERN_BOARDS_H
#define TERN_BOARDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct Machine;
struct TernOptions;

/* Guest physical addresses have 56 bits on RV64 (Sv39/Sv48/Sv57 PTEs hold a 44-bit PPN). */
#define BOARD_PHYS_ADDR_BITS 56

typedef struct BootInfo {
    uint64_t entry;      /* pc of every hart at reset */
    uint64_t dtb_addr;   /* a1 at reset (device tree), 0 when there is none */
} BootInfo;

typedef struct Board {
    const char *name;
    const char *arch;              /* the CpuClass its CPUs are (cpu/cpus.h) */
    const char *desc;
    uint64_t default_ram;          /* bytes, for -m omitted */
    uint64_t max_ram;              /* bytes: the most RAM the memory map has room for */
    int max_cpus;
    bool smp;                      /* more than one hart works on this board */
    /* Build RAM and devices, load firmware and kernel into m. The CPUs exist already
       (m->cpus, CpuClass.init done) and boot afterwards at boot->entry (CpuClass.boot).
       Prints a message and returns false on error. */
    bool (*init)(struct Machine *m, const struct TernOptions *o, BootInfo *boot);
} Board;

extern const Board board_spike;
extern const Board board_virt;
extern const Board board_arm_virt;

/* The board called name for architecture arch (NULL: the first of that name). */
const Board *board_find(const char *name, const char *arch);
/* The default board of arch (spike for riscv64, virt for aarch64). */
const char *board_default_name(const char *arch);
void boards_print(FILE *f);

#endif
