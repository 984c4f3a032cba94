/* SPDX-License-Identifier: MIT */
/* SiFive test finisher register (as QEMU's hw/misc/sifive_test.c): the low 16 bits of a write
   to offset 0 select pass (0x5555), fail (0x3333, exit code in bits 31:16) or reset (0x7777).
   It reads as 0, which Linux's syscon regmap_update_bits relies on before writing. */
#include "sifive_test.h"

#include <inttypes.h>
#include <stdlib.h>

#include "system/log.h"

struct SifiveTest {
    void (*on_exit)(void *opaque, int code);
    void (*on_reset)(void *opaque);
    void *opaque;
};

static void guest_error(const char *what, uint64_t off, uint64_t val, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("sifive_test: %s at offset 0x%" PRIx64 " value 0x%" PRIx64 " size %u\n", what,
                 off, val, size);
}

static uint64_t test_read(void *opaque, uint64_t off, unsigned size) {
    (void)opaque;
    if (off != 0)
        guest_error("read of an unimplemented register", off, 0, size);
    return 0;
}

static void test_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    SifiveTest *t = opaque;
    /* 16-bit writes are accepted as in QEMU: the commands fit, a fail code then reads 0. */
    if (off != 0 || (size != 4 && size != 2)) {
        guest_error("write outside the finisher register", off, val, size);
        return;
    }
    uint32_t v = (uint32_t)val;
    switch (v & 0xffff) {
    case SIFIVE_TEST_PASS:
        if (t->on_exit)
            t->on_exit(t->opaque, 0);
        return;
    case SIFIVE_TEST_FAIL:
        if (t->on_exit)
            t->on_exit(t->opaque, (int)(v >> 16));
        return;
    case SIFIVE_TEST_RESET:
        if (t->on_reset)
            t->on_reset(t->opaque);
        return;
    }
    guest_error("unknown command", off, val, size);
}

/* min_size 1 so that byte writes reach us (and are refused) instead of being widened. */
static const MmioOps test_ops = {
    .read = test_read, .write = test_write, .min_size = 1, .max_size = 4,
};

SifiveTest *sifive_test_create(MemMap *m, uint64_t base, void (*on_exit)(void *opaque, int code),
                               void (*on_reset)(void *opaque), void *opaque) {
    SifiveTest *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->on_exit = on_exit;
    t->on_reset = on_reset;
    t->opaque = opaque;
    if (!memmap_add_mmio(m, "sifive_test", base, SIFIVE_TEST_SIZE, &test_ops, t)) {
        free(t);
        return NULL;
    }
    return t;
}

void sifive_test_free(SifiveTest *t) { free(t); }
