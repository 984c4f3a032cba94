/* SPDX-License-Identifier: MIT */
/* The fuzz targets' machine (see fuzz_machine.h), built the way tests/unit/test_monitor.c
   builds its own. */
#include "tests/fuzz/fuzz_machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/cpu.h"
#include "system/memmap.h"
#include "translate/backend.h"
#include "translate/tb.h"

static Machine *m;
static RVCPU *cpu;
static uint8_t *ram;

static uint64_t dev_read(void *opaque, uint64_t off, unsigned size) {
    (void)opaque;
    (void)size;
    return 0x5a5a5a5a5a5a5a5aull ^ off;
}
static void dev_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    (void)opaque; (void)off; (void)val; (void)size;
}
static const MmioOps dev_ops = {.read = dev_read, .write = dev_write, .min_size = 1,
                                .max_size = 8};

static void die(const char *what) {
    fprintf(stderr, "tern-fuzz: machine set-up: %s\n", what);
    abort();
}

Machine *fuzz_machine(void) {
    if (m)
        return m;
    m = calloc(1, sizeof *m);
    memmap_init(&m->mem);
    MemRegion *r = memmap_add_ram(&m->mem, "ram", FUZZ_RAM_BASE, FUZZ_RAM_SIZE);
    if (!r)
        die("RAM");
    /* Swap the page-granular mapping for an exact-size heap buffer ASan watches. */
    ram = malloc(FUZZ_RAM_SIZE);
    r->ram = ram;
    if (!memmap_add_mmio(&m->mem, "testdev", FUZZ_DEV_BASE, 0x1000, &dev_ops, NULL))
        die("device");
    m->be = backend_interp_create();
    m->tbc = m->be ? tb_cache_create(m->be, &m->mem) : NULL;
    if (!m->tbc)
        die("TB cache");
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(RVCPU)))
        die("hart");
    memset(p, 0, sizeof(RVCPU));
    cpu = p;
    cpu->c.machine = m;
    cpu->c.tbc = m->tbc;
    rv_cpu_init(cpu, 0, &m->mem);
    m->cpus[0] = &cpu->c;
    m->n_cpus = 1;
    tb_cache_add_cpu(m->tbc, &cpu->c);
    fuzz_machine_reset();
    return m;
}

void fuzz_machine_reset(void) {
    memset(ram, 0, FUZZ_RAM_SIZE);
    for (unsigned i = 0; i < 64; i++)   /* a little code and data to look at */
        ram[i] = (uint8_t)(i * 37 + 0x13);
    rv_cpu_reset(cpu, FUZZ_RAM_BASE);
    m->shutdown = 0;
    m->exit_claimed = 0;
    m->exit_code = 0;
    m->paused = 0;
    m->reset_requested = 0;
}
