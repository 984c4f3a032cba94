/* SPDX-License-Identifier: MIT */
/* C helpers called from A64 translated code: CRC32/CRC32C (Arm ARM C6.2 CRC32B..CRC32CX, bit-
   reflected polynomials 0x04C11DB7 and 0x1EDC6F41) and the stop at an exception (exception
   entry with ESR_ELx and VBAR_ELx, Arm ARM D1.10, comes with the EL1 model). */
#include "cpu/arm/cpu.h"

uint64_t arm_helper_exception(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    ARMCPU *cpu = env;
    (void)c, (void)d;
    cpu->exception = a;
    cpu->syndrome = b;
    arm_raise_recorded(cpu);
}

uint64_t arm_helper_crc32(void *env, uint64_t a, uint64_t v, uint64_t b, uint64_t c)
{
    (void)env;
    uint32_t crc = (uint32_t)a, poly = c ? 0x82f63b78u : 0xedb88320u;
    for (unsigned i = 0; i < b; i++) {
        crc ^= (uint8_t)(v >> (8 * i));
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (poly & (0u - (crc & 1)));
    }
    return crc;
}
