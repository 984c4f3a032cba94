/* SPDX-License-Identifier: MIT */
/* A small hand-built machine for the fuzz targets that act on a running system (gdbstub,
   monitor): 256 KiB of RAM at 0x80000000 (an exact-size malloc, so AddressSanitizer sees any
   access outside it), a device page at 0x10000000, one RV64 hart, the interpreter backend. No
   hart thread runs. fuzz_machine_reset puts RAM, the hart and the machine's flags back to the
   same state before each input, so every input runs from the same start. */
#ifndef TERN_FUZZ_MACHINE_H
#define TERN_FUZZ_MACHINE_H

#include "system/machine.h"

#define FUZZ_RAM_BASE 0x80000000ull
#define FUZZ_RAM_SIZE 0x40000ull
#define FUZZ_DEV_BASE 0x10000000ull

Machine *fuzz_machine(void);          /* created on first use */
void fuzz_machine_reset(void);

#endif
