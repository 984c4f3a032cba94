/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/htif.c through the memory map, as a guest sees it: exit codes (64-bit and
   two 32-bit stores), console putchar/getchar, the riscv-pk syscall block (write, exit,
   unknown), fromhost answers, RAM split around tohost/fromhost. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/htif.h"
#include "system/machine.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define RAM_BASE 0x80000000ull
#define TOHOST (RAM_BASE + 0x1000)
#define FROMHOST (RAM_BASE + 0x1040)
#define MAGIC (RAM_BASE + 0x3000)
#define BUF (RAM_BASE + 0x4000)

static Machine *m;
static Htif *h;
static FILE *console;

static void setup(int in_fd) {
    m = calloc(1, sizeof *m);
    memmap_init(&m->mem);
    if (!memmap_add_ram(&m->mem, "ram", RAM_BASE, 0x10000)) {
        printf("no RAM\n");
        exit(1);
    }
    console = tmpfile();
    h = htif_create(m, console, in_fd);
    if (!h || !htif_map(h, &m->mem, TOHOST, FROMHOST)) {
        printf("htif setup failed\n");
        exit(1);
    }
}

static void teardown(void) {
    htif_free(h);
    fclose(console);
    memmap_free(&m->mem);
    free(m);
}

static uint64_t rd(uint64_t a, unsigned size) {
    uint64_t v = 0;
    if (!memmap_read(&m->mem, a, size, &v))
        printf("read of 0x%llx failed\n", (unsigned long long)a);
    return v;
}
static void wr(uint64_t a, unsigned size, uint64_t v) {
    if (!memmap_write(&m->mem, a, size, v))
        printf("write of 0x%llx failed\n", (unsigned long long)a);
}

static size_t console_text(char *out, size_t n) {
    fflush(console);
    rewind(console);
    size_t got = fread(out, 1, n - 1, console);
    out[got] = 0;
    return got;
}

static uint64_t cmd(unsigned dev, unsigned c, uint64_t payload) {
    return (uint64_t)dev << 56 | (uint64_t)c << 48 | payload;
}

static void test_map(void) {
    setup(-1);
    MemRegion *r = memmap_find(&m->mem, TOHOST);
    CHECK(r && !r->ram, "tohost is not a device region");
    r = memmap_find(&m->mem, FROMHOST + 7);
    CHECK(r && !r->ram, "fromhost is not a device region");
    CHECK(memmap_ram_ptr(&m->mem, TOHOST - 8, 8) != NULL, "RAM below tohost lost");
    CHECK(memmap_ram_ptr(&m->mem, TOHOST + 8, 8) != NULL, "RAM between tohost/fromhost lost");
    CHECK(memmap_ram_ptr(&m->mem, FROMHOST + 8, 8) != NULL, "RAM after fromhost lost");
    CHECK(memmap_ram_ptr(&m->mem, TOHOST, 8) == NULL, "tohost still RAM");
    teardown();

    setup(-1);
    Htif *h2 = htif_create(m, NULL, -1);
    CHECK(!htif_map(h2, &m->mem, RAM_BASE + 0x2004, UINT64_MAX), "misaligned tohost accepted");
    htif_free(h2);
    teardown();
}

static void test_exit(void) {
    setup(-1);
    wr(TOHOST, 8, (21 << 1) | 1);
    CHECK(m->shutdown && m->exit_code == 21, "64-bit exit: shutdown %d code %d", m->shutdown,
          m->exit_code);
    CHECK(rd(TOHOST, 8) == 0, "tohost not cleared after a command");
    /* The first exit request wins. */
    wr(TOHOST, 8, (3 << 1) | 1);
    CHECK(m->exit_code == 21, "second exit changed the code to %d", m->exit_code);
    teardown();

    setup(-1);
    wr(TOHOST, 4, 1);                         /* RV32 style: low half, then high half */
    CHECK(!m->shutdown, "exit before the high half was written");
    CHECK(rd(TOHOST, 4) == 1, "low half not held: 0x%llx", (unsigned long long)rd(TOHOST, 4));
    wr(TOHOST + 4, 4, 0);
    CHECK(m->shutdown && m->exit_code == 0, "32-bit pass exit: shutdown %d code %d",
          m->shutdown, m->exit_code);
    teardown();

    setup(-1);
    wr(TOHOST, 8, 0);                         /* zero is "nothing to do" */
    CHECK(!m->shutdown && rd(FROMHOST, 8) == 0, "writing 0 did something");
    teardown();
}

static void test_putchar(void) {
    setup(-1);
    const char *s = "Hi\n";
    for (const char *p = s; *p; p++) {
        wr(FROMHOST, 8, 0);
        wr(TOHOST, 8, cmd(1, 1, (uint8_t)*p));
        CHECK(rd(FROMHOST, 8) == cmd(1, 1, 0x100 | (uint8_t)*p), "putchar answer 0x%llx",
              (unsigned long long)rd(FROMHOST, 8));
        CHECK(rd(TOHOST, 8) == 0, "tohost not cleared");
    }
    char out[64];
    console_text(out, sizeof out);
    CHECK(!strcmp(out, s), "console got '%s'", out);
    CHECK(!m->shutdown, "putchar shut down the machine");
    /* 32-bit halves of fromhost read back the 64-bit answer. */
    uint64_t lo = rd(FROMHOST, 4), hi = rd(FROMHOST + 4, 4);
    CHECK((hi << 32 | lo) == cmd(1, 1, 0x10a), "fromhost halves 0x%llx 0x%llx",
          (unsigned long long)hi, (unsigned long long)lo);
    teardown();
}

static void put_block(uint64_t n, uint64_t a1, uint64_t a2, uint64_t a3) {
    uint64_t blk[8] = {n, a1, a2, a3, 0, 0, 0, 0};
    memmap_write_buf(&m->mem, MAGIC, blk, sizeof blk);
}

static void test_syscalls(void) {
    setup(-1);
    const char msg[] = "hello, htif\n";
    memmap_write_buf(&m->mem, BUF, msg, strlen(msg));
    put_block(HTIF_SYS_WRITE, 1, BUF, strlen(msg));
    wr(TOHOST, 8, MAGIC);
    uint64_t ret = 0;
    memmap_read_buf(&m->mem, MAGIC, &ret, 8);
    CHECK(ret == strlen(msg), "SYS_write returned %lld", (long long)ret);
    CHECK(rd(FROMHOST, 8) == 1, "syscall answer 0x%llx", (unsigned long long)rd(FROMHOST, 8));
    char out[64];
    console_text(out, sizeof out);
    CHECK(!strcmp(out, msg), "console got '%s'", out);

    wr(FROMHOST, 8, 0);
    put_block(HTIF_SYS_WRITE, 5, BUF, 4);
    wr(TOHOST, 8, MAGIC);
    memmap_read_buf(&m->mem, MAGIC, &ret, 8);
    CHECK((int64_t)ret == -EBADF, "write to fd 5 returned %lld", (long long)ret);

    put_block(HTIF_SYS_WRITE, 1, 0x1000, 4);  /* buffer not in RAM */
    wr(TOHOST, 8, MAGIC);
    memmap_read_buf(&m->mem, MAGIC, &ret, 8);
    CHECK((int64_t)ret == -EFAULT, "write from a bad address returned %lld", (long long)ret);

    wr(FROMHOST, 8, 0);
    put_block(1234, 0, 0, 0);
    wr(TOHOST, 8, MAGIC);
    memmap_read_buf(&m->mem, MAGIC, &ret, 8);
    CHECK((int64_t)ret == -ENOSYS, "unknown syscall returned %lld", (long long)ret);
    CHECK(rd(FROMHOST, 8) == 1, "unknown syscall not answered");
    CHECK(!m->shutdown, "machine stopped early");

    put_block(HTIF_SYS_EXIT, 7, 0, 0);
    wr(TOHOST, 8, MAGIC);
    CHECK(m->shutdown && m->exit_code == 7, "SYS_exit: shutdown %d code %d", m->shutdown,
          m->exit_code);
    teardown();
}

static void test_getchar(void) {
    int p[2];
    if (pipe(p)) {
        CHECK(0, "pipe");
        return;
    }
    setup(p[0]);
    wr(TOHOST, 8, cmd(1, 0, 0));
    CHECK(rd(FROMHOST, 8) == 0, "getchar answered without input");
    CHECK(rd(TOHOST, 8) == 0, "getchar not taken");
    CHECK(write(p[1], "xy", 2) == 2, "pipe write");
    CHECK(rd(FROMHOST, 8) == cmd(1, 0, 0x100 | 'x'), "getchar answer 0x%llx",
          (unsigned long long)rd(FROMHOST, 8));
    wr(FROMHOST, 8, 0);
    CHECK(rd(FROMHOST, 8) == 0, "answered twice");
    wr(TOHOST, 8, cmd(1, 0, 0));
    CHECK(rd(FROMHOST, 8) == cmd(1, 0, 0x100 | 'y'), "second getchar 0x%llx",
          (unsigned long long)rd(FROMHOST, 8));
    teardown();
    close(p[0]);
    close(p[1]);
}

int main(void) {
    test_map();
    test_exit();
    test_putchar();
    test_syscalls();
    test_getchar();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
