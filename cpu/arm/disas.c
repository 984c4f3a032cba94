/* SPDX-License-Identifier: MIT */
/* A64 disassembly for -d in_asm, the monitor and test reports, through capstone (already
   linked for the x86-64 backend's -d out_asm). */
#include <capstone/capstone.h>
#include <stdio.h>

#include "cpu/arm/cpu.h"

int arm_disas(uint64_t pc, uint32_t insn, char *buf, size_t n)
{
    csh cs;
    int len = 0;
    if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &cs) == CS_ERR_OK) {
        uint8_t bytes[4] = { (uint8_t)insn, (uint8_t)(insn >> 8), (uint8_t)(insn >> 16),
                             (uint8_t)(insn >> 24) };
        cs_insn *ci;
        if (cs_disasm(cs, bytes, 4, pc, 1, &ci) == 1) {
            snprintf(buf, n, "%s\t%s", ci->mnemonic, ci->op_str);
            cs_free(ci, 1);
            len = 4;
        }
        cs_close(&cs);
    }
    if (!len)
        snprintf(buf, n, ".inst\t0x%08x", insn);
    return len;
}
