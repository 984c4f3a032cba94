/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/sifive_test.c through the memory map: pass, fail with a code and reset
   reach their callbacks with the right opaque and code, the syscon-poweroff/syscon-reboot
   sequences Linux uses work, and anything else is ignored (and logged). */
#include <stdio.h>
#include <stdlib.h>

#include "hw/sifive_test.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define BASE 0x100000ull
#define BASE2 0x200000ull

static MemMap mm;
static int board_token;
static int n_exit, n_reset, last_code;

static void on_exit_cb(void *opaque, int code) {
    CHECK(opaque == &board_token, "exit opaque");
    n_exit++;
    last_code = code;
}
static void on_reset_cb(void *opaque) {
    CHECK(opaque == &board_token, "reset opaque");
    n_reset++;
}

static void wr(uint64_t off, unsigned size, uint64_t v) {
    CHECK(memmap_write(&mm, BASE + off, size, v), "write at +0x%llx", (unsigned long long)off);
}
static void clear(void) { n_exit = n_reset = 0, last_code = -1; }

/* drivers/power/reset/syscon-{poweroff,reboot}.c: regmap_update_bits(map, offset, mask,
   value) with the default mask, over 32-bit regmap-mmio: read, merge, write. */
static void syscon_update_bits(uint32_t mask, uint32_t value) {
    uint64_t old = 0xdead;
    CHECK(memmap_read(&mm, BASE, 4, &old), "syscon read");
    CHECK(old == 0, "finisher reads 0x%llx", (unsigned long long)old);
    wr(0, 4, ((uint32_t)old & ~mask) | (value & mask));
}

static void test_commands(void) {
    clear();
    wr(0, 4, SIFIVE_TEST_PASS);
    CHECK(n_exit == 1 && last_code == 0 && n_reset == 0, "pass: %d exits code %d", n_exit,
          last_code);
    clear();
    wr(0, 4, SIFIVE_TEST_FAIL | 3u << 16);
    CHECK(n_exit == 1 && last_code == 3 && n_reset == 0, "fail 3: code %d", last_code);
    clear();
    wr(0, 4, SIFIVE_TEST_FAIL | 0xffffu << 16);
    CHECK(n_exit == 1 && last_code == 0xffff, "fail 0xffff: code %d", last_code);
    clear();
    wr(0, 4, SIFIVE_TEST_RESET);
    CHECK(n_reset == 1 && n_exit == 0, "reset");
    clear();
    syscon_update_bits(0xffffffff, 0x5555);
    CHECK(n_exit == 1 && last_code == 0, "syscon-poweroff");
    clear();
    syscon_update_bits(0xffffffff, 0x7777);
    CHECK(n_reset == 1 && n_exit == 0, "syscon-reboot");
    clear();
    wr(0, 2, SIFIVE_TEST_PASS);         /* 16-bit writes work as in QEMU */
    CHECK(n_exit == 1 && last_code == 0, "16-bit pass");
}

static void test_ignored(void) {
    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    clear();
    wr(0, 4, 0);
    wr(0, 4, 0x1234);
    wr(0, 4, 0x5556);
    wr(0, 4, 0x55550000);               /* command in the wrong half */
    wr(0, 1, 0x55);                     /* byte writes cannot carry a command */
    wr(1, 1, 0x55);
    wr(4, 4, SIFIVE_TEST_PASS);         /* not the finisher register */
    wr(0xffc, 4, SIFIVE_TEST_RESET);
    wr(0x800, 2, SIFIVE_TEST_PASS);
    CHECK(n_exit == 0 && n_reset == 0, "ignored writes acted: %d exits %d resets", n_exit,
          n_reset);
    long logged = ftell(log);
    CHECK(logged > 0, "nothing logged for ignored writes");
    uint64_t v = 1;
    CHECK(memmap_read(&mm, BASE + 0x10, 4, &v) && v == 0, "read elsewhere");
    CHECK(memmap_read(&mm, BASE, 8, &v) && v == 0, "8-byte read");
    CHECK(memmap_read(&mm, BASE + 3, 1, &v) && v == 0, "byte read");
    /* An 8-byte write is two 32-bit ones: the low one is the command. */
    wr(0, 8, SIFIVE_TEST_PASS);
    CHECK(n_exit == 1 && last_code == 0, "8-byte pass");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(!memmap_read(&mm, BASE + 0x1000, 4, &v), "region larger than 0x1000");
}

static void test_no_callbacks(void) {
    SifiveTest *t = sifive_test_create(&mm, BASE2, NULL, NULL, NULL);
    CHECK(t != NULL, "create without callbacks");
    clear();
    CHECK(memmap_write(&mm, BASE2, 4, SIFIVE_TEST_PASS) &&
              memmap_write(&mm, BASE2, 4, SIFIVE_TEST_RESET) &&
              memmap_write(&mm, BASE2, 4, SIFIVE_TEST_FAIL | 1u << 16), "writes");
    CHECK(n_exit == 0 && n_reset == 0, "another instance's callbacks ran");
    CHECK(sifive_test_create(&mm, BASE2 + 0x800, NULL, NULL, NULL) == NULL, "overlap accepted");
    sifive_test_free(t);
}

int main(void) {
    memmap_init(&mm);
    SifiveTest *t = sifive_test_create(&mm, BASE, on_exit_cb, on_reset_cb, &board_token);
    CHECK(t != NULL, "create");
    if (!t) {
        printf("%d passed, %d failed\n", n_pass, n_fail);
        return 1;
    }
    test_commands();
    test_ignored();
    test_no_callbacks();
    memmap_free(&mm);
    sifive_test_free(t);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
