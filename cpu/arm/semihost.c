/* SPDX-License-Identifier: MIT */
/* Host calls of a bare-metal AArch64 program: Arm semihosting (the "Semihosting for AArch32 and
   AArch64" specification, v2: HLT #0xF000, operation in W0, parameter block pointer in X1,
   result in X0), enabled by -semihosting, and PSCI 1.1 (Arm DEN 0022) through HVC as QEMU's
   virt board without EL2/EL3 provides it. Only what bare-metal test programs use: SYS_WRITEC,
   SYS_WRITE0, SYS_WRITE to the console, SYS_OPEN of ":tt", SYS_EXIT and SYS_EXIT_EXTENDED
   (the status when the reason is ADP_Stopped_ApplicationExit, else 1, as QEMU); PSCI_VERSION,
   FEATURES, SYSTEM_OFF and SYSTEM_RESET. */
#include <stdio.h>

#include "cpu/arm/cpu.h"
#include "system/machine.h"
#include "system/memmap.h"

static bool rd(ARMCPU *cpu, uint64_t va, void *buf, uint64_t n)
{
    uint8_t *p = buf;
    while (n) {
        uint64_t pa, chunk = TARGET_PAGE_SIZE - (va & (TARGET_PAGE_SIZE - 1));
        int prot;
        bool large;
        if (chunk > n)
            chunk = n;
        if (arm_walk(cpu, va, MMU_READ, ARM_MMU_EL1, &pa, &prot, &large) ||
            !memmap_read_buf(cpu->c.mem, pa, p, chunk))
            return false;
        va += chunk, p += chunk, n -= chunk;
    }
    return true;
}

static bool arg(ARMCPU *cpu, int i, uint64_t *v) { return rd(cpu, cpu->x[1] + 8 * (uint64_t)i, v, 8); }

static void out(int fh, const void *buf, size_t n)
{
    FILE *f = fh == 2 ? stderr : stdout;
    fwrite(buf, 1, n, f);
    fflush(f);
}

bool arm_semihost(ARMCPU *cpu)
{
    Machine *m = cpu->c.machine;
    if (!m || !m->semihosting)
        return false;
    uint64_t op = cpu->x[0] & 0xffffffff, a0 = 0, a1 = 0, a2 = 0;
    int64_t ret = -1;
    switch (op) {
    case 0x03: {                                  /* SYS_WRITEC */
        char c;
        if (rd(cpu, cpu->x[1], &c, 1))
            out(1, &c, 1);
        return true;                              /* X0 is corrupted: left as it was */
    }
    case 0x04: {                                  /* SYS_WRITE0 */
        uint64_t va = cpu->x[1];
        char c;
        while (rd(cpu, va++, &c, 1) && c)
            out(1, &c, 1);
        return true;
    }
    case 0x01: {                                  /* SYS_OPEN: only ":tt" */
        char name[4] = {0};
        if (arg(cpu, 0, &a0) && arg(cpu, 1, &a1) && arg(cpu, 2, &a2) && a2 == 3 &&
            rd(cpu, a0, name, 3) && name[0] == ':' && name[1] == 't' && name[2] == 't')
            ret = a1 < 4 ? 0 : a1 < 8 ? 1 : 2;
        break;
    }
    case 0x02: ret = 0; break;                    /* SYS_CLOSE */
    case 0x05:                                    /* SYS_WRITE: X0 = bytes not written */
        if (!arg(cpu, 0, &a0) || !arg(cpu, 1, &a1) || !arg(cpu, 2, &a2))
            break;
        ret = (int64_t)a2;
        if (a0 == 1 || a0 == 2) {
            char buf[256];
            while (a2) {
                uint64_t k = a2 < sizeof buf ? a2 : sizeof buf;
                if (!rd(cpu, a1, buf, k))
                    break;
                out((int)a0, buf, k);
                a1 += k, a2 -= k;
            }
            ret = (int64_t)a2;
        }
        break;
    case 0x09: ret = 1; break;                    /* SYS_ISTTY */
    case 0x13: ret = 0; break;                    /* SYS_ERRNO */
    case 0x18:                                    /* SYS_EXIT */
    case 0x20: {                                  /* SYS_EXIT_EXTENDED */
        int code = 1;
        if (arg(cpu, 0, &a0) && arg(cpu, 1, &a1))
            code = a0 == 0x20026 ? (int)a1 : 1;
        machine_request_exit(m, code);
        cpu->c.pc += 4;
        cpu_loop_exit(&cpu->c);
    }
    default:
        break;
    }
    cpu->x[0] = (uint64_t)ret;
    return true;
}

bool arm_psci(ARMCPU *cpu)
{
    Machine *m = cpu->c.machine;
    if (!m)
        return false;
    uint64_t fn = cpu->x[0] & 0xffffffff;
    int64_t ret = -1;                             /* NOT_SUPPORTED */
    switch (fn) {
    case 0x84000000: ret = 0x10001; break;        /* PSCI_VERSION: 1.1 */
    case 0x84000008:                              /* SYSTEM_OFF */
        machine_guest_shutdown(m, 0);
        cpu->c.pc += 4;
        cpu_loop_exit(&cpu->c);
    case 0x84000009:                              /* SYSTEM_RESET */
        machine_request_reset(m);
        cpu->c.pc += 4;
        cpu_loop_exit(&cpu->c);
    case 0x8400000a: {                            /* PSCI_FEATURES */
        uint64_t q = cpu->x[1] & 0xffffffff;
        ret = q == 0x84000000 || q == 0x84000008 || q == 0x84000009 || q == 0x8400000a ? 0 : -1;
        break;
    }
    default: break;
    }
    cpu->x[0] = (uint64_t)ret;
    return true;
}
