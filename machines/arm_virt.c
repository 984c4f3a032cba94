/* SPDX-License-Identifier: MIT */
/* `-machine virt` for aarch64: the minimal board of issue 11 §3 on QEMU 7.2's hw/arm/virt.c
   memory map, for bare-metal programs: RAM at 0x40000000, the GICv2 (distributor 0x08000000,
   CPU interface 0x08010000, 288 INTIDs, the CPU's virtual and physical timers on PPIs 27 and
   30) and the PL011 UART at 0x09000000 on SPI 1. No device tree, no virtio yet. The program is
   an ELF loaded at its addresses (or a raw image at the start of RAM) and entered at EL1 with
   the MMU off, as QEMU does without firmware; PSCI and -semihosting are the CPU's (cpu/arm/
   semihost.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/gicv2.h"
#include "hw/pl011.h"
#include "machines/boards.h"
#include "system/chardev.h"
#include "system/loader.h"
#include "system/machine.h"
#include "system/options.h"

#define ARM_VIRT_RAM_BASE 0x40000000ull
#define ARM_VIRT_UART_BASE 0x09000000ull

#define ARM_VIRT_GICD_BASE 0x08000000ull
#define ARM_VIRT_GICC_BASE 0x08010000ull
#define ARM_VIRT_UART_IRQ 1                 /* SPI 1, as QEMU's VIRT_UART */
#define ARM_VIRT_PPI_VTIMER 11              /* INTID 27 */
#define ARM_VIRT_PPI_PTIMER 14              /* INTID 30 (non-secure physical timer) */

typedef struct ArmVirt {
    CharDev *serial;
    Pl011 *uart;
    Gicv2 *gic;
} ArmVirt;

static int current_cpu0(void *opaque)
{
    (void)opaque;
    return 0;
}

static void arm_virt_free(void *opaque)
{
    ArmVirt *v = opaque;
    if (!v)
        return;
    pl011_free(v->uart);
    gicv2_free(v->gic);
    chardev_close(v->serial);
    free(v);
}

static void arm_virt_poll(Machine *m)
{
    ArmVirt *v = m->board;
    chardev_poll(v->serial);
}

static bool arm_virt_init(Machine *m, const TernOptions *o, BootInfo *boot)
{
    if (o->machine_props) {
        fprintf(stderr, "tern: -machine virt (aarch64): unknown property '%.*s'\n",
                (int)strcspn(o->machine_props, ",="), o->machine_props);
        return false;
    }
    if (o->bios && strcmp(o->bios, "none")) {
        fprintf(stderr, "tern: -machine virt (aarch64): -bios %s is not supported yet; use "
                        "-kernel\n", o->bios);
        return false;
    }
    if (!o->kernel) {
        fprintf(stderr, "tern: -machine virt (aarch64): no guest program; use -kernel FILE\n");
        return false;
    }
    ArmVirt *v = calloc(1, sizeof *v);
    if (!v) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    m->board = v;
    m->board_free = arm_virt_free;
    uint64_t ram = o->ram_size ? o->ram_size : board_arm_virt.default_ram;
    if (!memmap_add_ram(&m->mem, "mach-virt.ram", ARM_VIRT_RAM_BASE, ram))
        return false;
    v->serial = chardev_open(o->serial_spec ? o->serial_spec : o->nographic ? "mon:stdio"
                                                                            : "stdio", m);
    if (!v->serial)
        return false;
    IrqLine irq = cpu_irq_line(m->cpus[0], 0), fiq = cpu_irq_line(m->cpus[0], 1);
    v->gic = gicv2_create(&m->mem, ARM_VIRT_GICD_BASE, ARM_VIRT_GICC_BASE, 1, 288, &irq, &fiq,
                          current_cpu0, v);
    if (!v->gic) {
        fprintf(stderr, "tern: -machine virt (aarch64): cannot create the GICv2\n");
        return false;
    }
    if (!cpu_connect_out(m->cpus[0], 0, gicv2_ppi(v->gic, 0, ARM_VIRT_PPI_VTIMER)) ||
        !cpu_connect_out(m->cpus[0], 1, gicv2_ppi(v->gic, 0, ARM_VIRT_PPI_PTIMER)))
        return false;
    v->uart = pl011_create(&m->mem, ARM_VIRT_UART_BASE, gicv2_spi(v->gic, ARM_VIRT_UART_IRQ),
                           v->serial);
    if (!v->uart) {
        fprintf(stderr, "tern: -machine virt (aarch64): cannot create the PL011\n");
        return false;
    }
    m->poll = arm_virt_poll;
    LoadedImage img;
    if (!loader_load_kernel(&m->mem, o->kernel, ARM_VIRT_RAM_BASE, m->cpu_class->elf_machine,
                            &img)) {
        fprintf(stderr, "tern: could not load kernel '%s': %s\n", o->kernel, img.error);
        return false;
    }
    boot->entry = img.entry;
    boot->dtb_addr = 0;
    loader_image_free(&img);
    return true;
}

const Board board_arm_virt = {
    .name = "virt",
    .arch = "aarch64",
    .desc = "QEMU 'virt' board for AArch64 bare-metal programs (RAM, PL011 TX, PSCI)",
    .default_ram = 128ull << 20,
    .max_ram = 255ull << 30,
    .max_cpus = 1,
    .init = arm_virt_init,
};
