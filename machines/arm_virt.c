/* SPDX-License-Identifier: MIT */
/* `-machine virt` for aarch64: the minimal board of issue 11 §3 on QEMU 7.2's hw/arm/virt.c
   memory map, for bare-metal programs: RAM at 0x40000000 and the PL011 UART at 0x09000000
   (transmit only here: the data register writes to the serial backend, the flag register says
   "transmit FIFO empty, receive FIFO empty"; the full PL011 model replaces it when it lands).
   No GIC yet: the CPU's generic timers raise its IRQ directly (cpu/arm/excp.c). The program is
   an ELF loaded at its addresses (or a raw image at the start of RAM) and entered at EL1 with
   the MMU off, as QEMU does without firmware; PSCI and -semihosting are the CPU's (cpu/arm/
   semihost.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machines/boards.h"
#include "system/chardev.h"
#include "system/loader.h"
#include "system/machine.h"
#include "system/options.h"

#define ARM_VIRT_RAM_BASE 0x40000000ull
#define ARM_VIRT_UART_BASE 0x09000000ull
#define ARM_VIRT_GIC_BASE 0x08000000ull    /* GICv2 distributor + CPU interface: RAZ/WI */

typedef struct ArmVirt {
    CharDev *serial;
} ArmVirt;

static uint64_t pl011_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque, (void)size;
    switch (off) {
    case 0x018: return 0x90;                      /* UARTFR: TXFE | RXFE */
    case 0x030: return 0x301;                     /* UARTCR: UARTEN, TXE, RXE */
    case 0xfe0: return 0x11;                      /* PeriphID0-3, PCellID0-3 */
    case 0xfe4: return 0x10;
    case 0xfe8: return 0x14;
    case 0xfec: return 0x00;
    case 0xff0: return 0x0d;
    case 0xff4: return 0xf0;
    case 0xff8: return 0x05;
    case 0xffc: return 0xb1;
    default: return 0;
    }
}

static void pl011_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    ArmVirt *v = opaque;
    (void)size;
    if (off == 0 && v->serial) {
        uint8_t c = (uint8_t)val;
        chardev_write(v->serial, &c, 1);
    }
}

static const MmioOps pl011_ops = { .read = pl011_read, .write = pl011_write, .min_size = 1,
                                   .max_size = 4 };

static uint64_t raz_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque, (void)off, (void)size;
    return 0;
}
static void wi_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    (void)opaque, (void)off, (void)val, (void)size;
}
static const MmioOps raz_ops = { .read = raz_read, .write = wi_write, .min_size = 1, .max_size = 8 };

static void arm_virt_free(void *opaque)
{
    ArmVirt *v = opaque;
    if (!v)
        return;
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
    if (!memmap_add_mmio(&m->mem, "pl011", ARM_VIRT_UART_BASE, 0x1000, &pl011_ops, v) ||
        !memmap_add_mmio(&m->mem, "gic", ARM_VIRT_GIC_BASE, 0x20000, &raz_ops, v))
        return false;
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
