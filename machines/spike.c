/* SPDX-License-Identifier: MIT */
/* `-machine spike`, following QEMU 7.2's hw/riscv/spike.c memory map: CLINT at 0x2000000,
   RAM at 0x80000000, HTIF over the guest ELF's tohost/fromhost symbols. Boots the kernel
   directly (-bios none); harts start at its entry. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "machines/riscv_wiring.h"
#include "hw/htif.h"
#include "machines/boards.h"
#include "system/loader.h"
#include "system/machine.h"
#include "system/options.h"

#define SPIKE_CLINT_BASE 0x2000000ull
#define SPIKE_DRAM_BASE 0x80000000ull

typedef struct Spike {
    Clint *clint;
    Htif *htif;
} Spike;

static void spike_free(void *opaque) {
    Spike *s = opaque;
    if (!s)
        return;
    clint_free(s->clint);
    htif_free(s->htif);
    free(s);
}

static bool spike_check_options(const TernOptions *o) {
    if (o->machine_props) {
        const char *p = o->machine_props;
        fprintf(stderr, "tern: -machine spike: unknown property '%.*s'\n",
                (int)strcspn(p, ",="), p);
        return false;
    }
    if (o->bios && strcmp(o->bios, "none")) {
        fprintf(stderr, "tern: -machine spike: -bios %s is not supported yet (firmware images "
                        "are not implemented); use -bios none\n", o->bios);
        return false;
    }
    if (!o->kernel) {
        fprintf(stderr, "tern: -machine spike: no guest program; use -kernel FILE\n");
        return false;
    }
    if (o->initrd)
        fprintf(stderr, "tern: warning: -initrd is ignored by -machine spike for now\n");
    if (o->append)
        fprintf(stderr, "tern: warning: -append is ignored by -machine spike for now "
                        "(no device tree yet)\n");
    return true;
}

/* HTIF sits on the ELF's tohost/fromhost words; QEMU's HTIF only works there too. */
static bool spike_add_htif(Machine *m, Spike *s, const TernOptions *o, const LoadedImage *img) {
    uint64_t tohost, fromhost = UINT64_MAX;
    if (!loader_find_symbol(img, "tohost", &tohost, NULL))
        return true;
    loader_find_symbol(img, "fromhost", &fromhost, NULL);
    s->htif = htif_create(m, o->serial == SERIAL_NULL ? NULL : stdout,
                          o->serial == SERIAL_NULL ? -1 : STDIN_FILENO);
    if (!s->htif) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    if (!htif_map(s->htif, &m->mem, tohost, fromhost)) {
        fprintf(stderr, "tern: '%s': cannot place HTIF at tohost 0x%" PRIx64 "\n", o->kernel,
                tohost);
        return false;
    }
    return true;
}

static bool spike_init(Machine *m, const TernOptions *o, BootInfo *boot) {
    if (!spike_check_options(o))
        return false;
    Spike *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "tern: out of memory\n");
        return false;
    }
    m->board = s;
    m->board_free = spike_free;

    uint64_t ram = o->ram_size ? o->ram_size : board_spike.default_ram;
    if (!memmap_add_ram(&m->mem, "riscv.spike.ram", SPIKE_DRAM_BASE, ram))
        return false;

    s->clint = riscv_wire_clint(m, SPIKE_CLINT_BASE);
    if (!s->clint)
        return false;

    LoadedImage img;
    if (!loader_load_kernel(&m->mem, o->kernel, SPIKE_DRAM_BASE, m->cpu_class->elf_machine,
                            &img)) {
        fprintf(stderr, "tern: could not load kernel '%s': %s\n", o->kernel, img.error);
        return false;
    }
    bool ok = spike_add_htif(m, s, o, &img);
    boot->entry = img.entry;
    boot->dtb_addr = 0;
    loader_image_free(&img);
    return ok;
}

const Board board_spike = {
    .name = "spike",
    .arch = "riscv64",
    .desc = "RISC-V Spike board (default)",
    .default_ram = 128ull << 20,
    .max_ram = (1ull << BOARD_PHYS_ADDR_BITS) - SPIKE_DRAM_BASE,
    .max_cpus = MACHINE_MAX_CPUS,
    .init = spike_init,
};
