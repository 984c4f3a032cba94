/* SPDX-License-Identifier: MIT */
/* The RISC-V side of the gdbstub: registers by GDB number (GDB's riscv-tdep numbering: x0..x31
   = 0..31, pc = 32, f0..f31 = 33..64, CSR n = 65 + n, priv = 4161), the target description
   (GDB manual "RISC-V Features": org.gnu.gdb.riscv.cpu/fpu/virtual/csr) and debugger memory
   address translation. Callers hold the hart stopped. */
#ifndef TERN_RISCV_GDB_REGS_H
#define TERN_RISCV_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/riscv/cpu.h"

#define RV_GDB_PC       32
#define RV_GDB_F0       33
#define RV_GDB_CSR0     65
#define RV_GDB_FFLAGS   (RV_GDB_CSR0 + 0x001)
#define RV_GDB_FRM      (RV_GDB_CSR0 + 0x002)
#define RV_GDB_FCSR     (RV_GDB_CSR0 + 0x003)
#define RV_GDB_PRIV     (RV_GDB_CSR0 + 4096)
#define RV_GDB_G_REGS   33          /* the 'g' packet: x0..x31, pc (the rest goes through 'p') */
#define RV_GDB_REG_MAX  8           /* bytes of the widest register */

/* Read register regno into out (little-endian, RV_GDB_REG_MAX bytes of room). Returns its size
   in bytes; 0 when no such register exists, -size when it exists but cannot be read now. */
int rv_gdb_read_reg(RVCPU *cpu, int regno, uint8_t *out);
/* Write register regno from len little-endian bytes (len must be its size). False when the
   register does not exist, has another size or refuses the write (read-only CSR). */
bool rv_gdb_write_reg(RVCPU *cpu, int regno, const uint8_t *in, size_t len);

/* Target description document `annex` (target.xml and the files it includes), or NULL. */
const char *rv_gdb_xml(const char *annex, size_t *len);

/* Physical address of vaddr as the debugger sees it: through the MMU of the hart's current
   privilege (reads may use any of R/W/X mappings, S may reach U pages), falling back to
   vaddr itself when translation is off. A/D bits are updated as for a guest access. */
bool rv_gdb_translate(RVCPU *cpu, uint64_t vaddr, bool write, uint64_t *paddr);

#endif
