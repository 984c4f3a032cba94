/* SPDX-License-Identifier: MIT */
/* Unit tests of system/monitor.c against a hand-built machine (RAM, a device region, one
   RV64 hart, an interpreter TB cache): x/xp with QEMU's /Nfu formats on values written into
   RAM, virtual addresses through an Sv39 page table, $reg expressions, info registers/mtree/
   jit, stop/cont/system_reset/quit, error lines for malformed commands, the line editor. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/priv.h"
#include "system/machine.h"
#include "system/memmap.h"
#include "system/monitor.h"
#include "translate/backend.h"
#include "translate/tb.h"

#include "tests/unit/check.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x40000ull
#define DEV_BASE 0x10000000ull

static Machine *m;
static RVCPU *cpu;
static Monitor *mon;
static int dev_reads;

/* Output capture */
static char outbuf[1 << 20];
static size_t outlen;
static void capture(void *opaque, const char *text) {
    (void)opaque;
    size_t n = strlen(text);
    if (outlen + n >= sizeof outbuf)
        n = sizeof outbuf - 1 - outlen;
    memcpy(outbuf + outlen, text, n);
    outlen += n;
    outbuf[outlen] = 0;
}
static void clear_out(void) {
    outlen = 0;
    outbuf[0] = 0;
}
/* Run a command; returns its success and leaves the output in outbuf. */
static bool run(const char *line) {
    clear_out();
    return monitor_execute(mon, line, capture, NULL);
}
static bool has(const char *s) { return strstr(outbuf, s) != NULL; }
static int count_lines(void) {
    int n = 0;
    for (const char *p = outbuf; *p; p++)
        n += *p == '\n';
    return n;
}

static uint64_t dev_read(void *opaque, uint64_t off, unsigned size) {
    (void)opaque; (void)off; (void)size;
    dev_reads++;
    return 0x5a5a5a5a;
}
static void dev_write(void *opaque, uint64_t off, uint64_t val, unsigned size) {
    (void)opaque; (void)off; (void)val; (void)size;
}
static const MmioOps dev_ops = {.read = dev_read, .write = dev_write, .min_size = 1,
                                .max_size = 8};

static void wr(uint64_t pa, unsigned size, uint64_t v) {
    if (!memmap_write(&m->mem, pa, size, v)) {
        printf("setup: write to %llx failed\n", (unsigned long long)pa);
        exit(1);
    }
}

static void setup(void) {
    m = calloc(1, sizeof *m);
    memmap_init(&m->mem);
    if (!memmap_add_ram(&m->mem, "ram", RAM_BASE, RAM_SIZE) ||
        !memmap_add_mmio(&m->mem, "testdev", DEV_BASE, 0x100, &dev_ops, NULL)) {
        printf("setup: memory map\n");
        exit(1);
    }
    m->be = backend_interp_create();
    m->tbc = m->be ? tb_cache_create(m->be, &m->mem) : NULL;
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(RVCPU))) {
        printf("setup: no memory\n");
        exit(1);
    }
    memset(p, 0, sizeof(RVCPU));
    cpu = p;
    cpu->c.machine = m;
    cpu->c.tbc = m->tbc;
    rv_cpu_init(cpu, 0, &m->mem);
    rv_cpu_reset(cpu, RAM_BASE);
    m->cpus[0] = &cpu->c;
    m->n_cpus = 1;
    if (m->tbc)
        tb_cache_add_cpu(m->tbc, &cpu->c);
    mon = monitor_new(m, capture, NULL);
}

static void teardown(void) {
    monitor_free(mon);
    if (m->tbc)
        tb_cache_free(m->tbc);
    if (m->be && m->be->destroy)
        m->be->destroy(m->be);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    memmap_free(&m->mem);
    free(m);
}

static void test_xp_formats(void) {
    wr(RAM_BASE + 0, 4, 0x11223344);
    wr(RAM_BASE + 4, 4, 0xdeadbeef);
    wr(RAM_BASE + 8, 4, 0);
    wr(RAM_BASE + 12, 4, 0xcafef00d);
    wr(RAM_BASE + 16, 4, 0xffffffff);
    wr(RAM_BASE + 20, 4, 0x0a6948);     /* "Hi\n" */

    CHECK(run("xp /4xw 0x80000000"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000000: 0x11223344 0xdeadbeef 0x00000000 0xcafef00d\n"),
          "got '%s'", outbuf);
    CHECK(run("xp/2xg 0x80000000"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000000: 0xdeadbeef11223344 0xcafef00d00000000\n"),
          "got '%s'", outbuf);
    CHECK(run("xp /3xb 0x80000000"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000000: 0x44 0x33 0x22\n"), "got '%s'", outbuf);
    /* 8 bytes per line for bytes, 16 for larger units */
    CHECK(run("xp /10xb 0x80000000"), "%s", outbuf);
    CHECK(count_lines() == 2 && has("\n0000000080000008: 0x00 0x00\n"), "got '%s'", outbuf);
    CHECK(run("xp /5xw 0x80000000"), "%s", outbuf);
    CHECK(count_lines() == 2 && has("\n0000000080000010: 0xffffffff\n"), "got '%s'", outbuf);
    /* QEMU remembers the last format and size */
    CHECK(run("xp /2xh 0x80000000"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000000: 0x3344 0x1122\n"), "got '%s'", outbuf);
    CHECK(run("xp 0x80000004"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000004: 0xbeef\n"), "got '%s'", outbuf);
    CHECK(run("xp /1w 0x80000004"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000004: 0xdeadbeef\n"), "got '%s'", outbuf);
    /* decimal: signed, unsigned, octal, chars */
    CHECK(run("xp /1dw 0x80000010"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000010:         -1\n"), "got '%s'", outbuf);
    CHECK(run("xp /1uw 0x80000010"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000010: 4294967295\n"), "got '%s'", outbuf);
    CHECK(run("xp /1db 0x80000007"), "%s", outbuf);     /* 0xde = -34 */
    CHECK(has(": -34\n"), "got '%s'", outbuf);
    CHECK(run("xp /1ob 0x80000003"), "%s", outbuf);     /* 0x11 = 021 */
    CHECK(has(": 021\n"), "got '%s'", outbuf);
    CHECK(run("xp /3c 0x80000014"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000014: 'H' 'i' '\\n'\n"), "got '%s'", outbuf);
    /* a count of zero prints nothing */
    CHECK(run("xp /0xw 0x80000000") && outlen == 0, "got '%s'", outbuf);
}

static void test_xp_errors(void) {
    CHECK(!run("xp /1xw 0x1000"), "unmapped read succeeded: %s", outbuf);
    CHECK(has("Cannot access memory"), "got '%s'", outbuf);
    /* The last bytes of RAM are readable, one past is not. */
    wr(RAM_BASE + RAM_SIZE - 4, 4, 0x600dd00d);
    CHECK(!run("xp /2xw 0x8003fffc"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "000000008003fffc: 0x600dd00d Cannot access memory\n"), "got '%s'",
          outbuf);
    int before = dev_reads;
    CHECK(!run("xp /1xw 0x10000000"), "device read succeeded: %s", outbuf);
    CHECK(dev_reads == before, "the monitor read a device register (%d reads)",
          dev_reads - before);
}

static void test_expressions(void) {
    cpu->c.pc = RAM_BASE;
    cpu->x[10] = RAM_BASE + 12;           /* a0 */
    CHECK(run("xp /1xw $pc + 4"), "%s", outbuf);
    CHECK(has("0000000080000004: 0xdeadbeef"), "got '%s'", outbuf);
    CHECK(run("xp /1xw $a0"), "%s", outbuf);
    CHECK(has("000000008000000c: 0xcafef00d"), "got '%s'", outbuf);
    CHECK(run("xp /1xw $x10-8"), "%s", outbuf);
    CHECK(has("0000000080000004: 0xdeadbeef"), "got '%s'", outbuf);
    CHECK(run("xp /1xw 2147483648"), "%s", outbuf);     /* decimal 0x80000000 */
    CHECK(has("0x11223344"), "got '%s'", outbuf);
}

static void test_virtual(void) {
    /* M mode: virtual = physical */
    CHECK(run("x /1xw 0x80000004"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000080000004: 0xdeadbeef\n"), "got '%s'", outbuf);

    /* Sv39: VA 0x40001000 -> PA RAM+0x5000 through tables at RAM+0x10000.. */
    uint64_t root = RAM_BASE + 0x10000, l1 = RAM_BASE + 0x11000, l0 = RAM_BASE + 0x12000;
    uint64_t target = RAM_BASE + 0x5000;
    wr(root + 1 * 8, 8, ((l1 >> 12) << 10) | 1);                 /* VPN[2] = 1 */
    wr(l1 + 0 * 8, 8, ((l0 >> 12) << 10) | 1);                   /* VPN[1] = 0 */
    wr(l0 + 1 * 8, 8, ((target >> 12) << 10) | 0xc7);            /* V R W A D, VPN[0] = 1 */
    wr(target + 8, 8, 0x0123456789abcdefull);
    RVCPU saved = *cpu;
    cpu->pmpcfg[0] = 0x1f;                                        /* NAPOT RWX, all memory */
    cpu->pmpaddr[0] = ~0ull >> 10;
    rv_pmp_update(cpu);
    cpu->satp = (8ull << 60) | (root >> 12);
    cpu->priv = PRV_S;
    CHECK(run("x /1xg 0x40001008"), "%s", outbuf);
    CHECK(!strcmp(outbuf, "0000000040001008: 0x0123456789abcdef\n"), "got '%s'", outbuf);
    CHECK(!run("x /1xg 0x40002000"), "unmapped VA read: %s", outbuf);
    CHECK(has("Cannot access memory"), "got '%s'", outbuf);
    /* xp ignores the translation */
    CHECK(!run("xp /1xg 0x40001008"), "%s", outbuf);
    *cpu = saved;
    rv_pmp_update(cpu);
}

static void test_disas(void) {
    wr(RAM_BASE + 0x100, 4, 0x00000297);     /* auipc t0, 0 */
    wr(RAM_BASE + 0x104, 2, 0x4501);         /* c.li a0, 0 */
    wr(RAM_BASE + 0x106, 4, 0x00a28023);     /* sb a0, 0(t0) */
    CHECK(run("xp /1xh 0x80000000"), "%s", outbuf);
    CHECK(run("xp /3i 0x80000100"), "%s", outbuf);
    CHECK(count_lines() == 3, "got '%s'", outbuf);
    CHECK(has("0000000080000100:") && has("auipc"), "got '%s'", outbuf);
    CHECK(has("0000000080000104:") && has("4501"), "got '%s'", outbuf);
    CHECK(has("0000000080000106:") && has("sb"), "got '%s'", outbuf);
    /* 'i' does not change the remembered unit size */
    CHECK(run("xp /1x 0x80000000") && !strcmp(outbuf, "0000000080000000: 0x3344\n"), "got '%s'",
          outbuf);
}

static void test_info(void) {
    cpu->x[5] = 0x123456789abcdef0ull;
    cpu->c.pc = 0x80000abcull;
    CHECK(run("info registers"), "%s", outbuf);
    CHECK(has("123456789abcdef0"), "t0 missing: %s", outbuf);
    CHECK(has("0000000080000abc"), "pc missing: %s", outbuf);
    CHECK(run("info mtree"), "%s", outbuf);
    CHECK(has("address-space: memory\n"), "got '%s'", outbuf);
    CHECK(has("0000000080000000-000000008003ffff (prio 0, ram): ram\n"), "got '%s'", outbuf);
    CHECK(has("0000000010000000-00000000100000ff (prio 0, i/o): testdev\n"), "got '%s'", outbuf);
    CHECK(run("info jit"), "%s", outbuf);
    CHECK(has("TB cache:") && has("cpu0:"), "got '%s'", outbuf);
    CHECK(run("info status") && has("running"), "got '%s'", outbuf);
    CHECK(run("info cpus") && has("CPU #0: pc=0x0000000080000abc"), "got '%s'", outbuf);
}

static bool fake_board_reset(Machine *mm, struct BootInfo *boot) {
    (void)mm;
    (void)boot;
    return true;
}

static void test_run_control(void) {
    cpu->c.exit_request = 0;
    CHECK(run("stop"), "%s", outbuf);
    CHECK(m->paused == 1, "stop did not pause");
    CHECK(cpu->c.exit_request != 0, "stop did not kick the hart");
    CHECK(run("info status") && has("paused"), "got '%s'", outbuf);
    cpu->c.exit_request = 0;
    CHECK(run("c"), "%s", outbuf);
    CHECK(m->paused == 0, "cont did not resume");
    CHECK(cpu->c.exit_request != 0, "cont did not kick the hart");
    /* system_reset goes through the machine's reset request */
    m->board_reset = fake_board_reset;
    CHECK(run("system_reset"), "%s", outbuf);
    CHECK(m->reset_requested == 1 && m->shutdown == 1, "no reset requested");
    CHECK(!run("system_reset now") && has("extraneous"), "got '%s'", outbuf);
    m->board_reset = NULL;
    m->reset_requested = 0;
    m->shutdown = 0;
    CHECK(run("help"), "%s", outbuf);
    CHECK(has("info ") && has("xp ") && has("quit|q") && has("cont|c"), "got '%s'", outbuf);
    CHECK(m->shutdown == 0, "something requested an exit");
}

static void test_bad_commands(void) {
    static const struct { const char *line, *msg; } cases[] = {
        {"foo", "unknown command: 'foo'"},
        {"x", "x: missing address"},
        {"xp /4z 0x80000000", "invalid char in format: 'z'"},
        {"xp /4x zz", "invalid char 'z'"},
        {"xp /4x 0x8000zz", "invalid number"},
        {"xp /4x 0x80000000 +", "missing operand"},
        {"xp /4x 0x80000000 0x10", "invalid char '0'"},
        {"xp /99999999999999999999999x 0", "count too large"},
        {"xp /100000x 0x80000000", "count too large"},
        {"x $nosuch", "unknown register '$nosuch'"},
        {"info", "missing argument"},
        {"info bogus", "unknown item 'bogus'"},
        {"info registers now", "extraneous characters"},
        {"stop now", "stop: extraneous characters at the end of line"},
        {"quit please", "extraneous characters"},
        {"cpu 5", "invalid CPU index"},
        {"cpu -1", "invalid CPU index"},
        {"averyveryveryverylongcommandnamethatgoesonandon", "unknown command"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool ok = run(cases[i].line);
        CHECK(!ok, "'%s' succeeded", cases[i].line);
        CHECK(has(cases[i].msg), "'%s': expected '%s', got '%s'", cases[i].line, cases[i].msg,
              outbuf);
        CHECK(count_lines() == 1, "'%s': %d lines: '%s'", cases[i].line, count_lines(), outbuf);
    }
    CHECK(run("") && outlen == 0, "empty line printed '%s'", outbuf);
    CHECK(run("   \t ") && outlen == 0, "blank line printed '%s'", outbuf);
    CHECK(m->shutdown == 0 && m->paused == 0, "a bad command changed the machine");

    /* Random junk: never crashes, never hangs. */
    static const char alphabet[] = "x p/$+-0123456789abcdefgiuwhoq\tinforegstm?zc";
    uint32_t seed = 12345;
    char line[48];
    for (int k = 0; k < 3000; k++) {
        size_t n = 0, len = (seed >> 8) % (sizeof line - 1);
        for (; n < len; n++) {
            seed = seed * 1103515245u + 12345u;
            line[n] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        line[n] = 0;
        seed = seed * 1103515245u + 12345u;
        run(line);
        /* junk may spell "q" or "stop": undo them */
        m->shutdown = 0;
        m->exit_claimed = 0;
        m->paused = 0;
    }
}

static void feed(const char *s) {
    clear_out();
    for (; *s; s++)
        monitor_feed(mon, (uint8_t)*s);
}

static void test_line_editor(void) {
    clear_out();
    monitor_focus(mon);
    CHECK(has("monitor") && has("(qemu) "), "banner: '%s'", outbuf);
    feed("xp /1xw 0x80000004\r\n");
    CHECK(has("xp /1xw 0x80000004\n"), "no echo: '%s'", outbuf);
    CHECK(has("0000000080000004: 0xdeadbeef\n"), "no result: '%s'", outbuf);
    /* CR LF runs the command once, then the prompt comes back */
    char *first = strstr(outbuf, "0xdeadbeef");
    CHECK(first && !strstr(first + 1, "0xdeadbeef"), "ran twice: '%s'", outbuf);
    CHECK(strlen(outbuf) >= 7 && !strcmp(outbuf + strlen(outbuf) - 7, "(qemu) "),
          "no prompt: '%s'", outbuf);
    /* backspace editing */
    feed("xp /1xw 0x8000000c\x7f\x7f" "04\r");
    CHECK(has("0000000080000004: 0xdeadbeef\n"), "backspace: '%s'", outbuf);
    /* Ctrl-U drops the line */
    feed("garbage\x15xp /1xw 0x80000000\n");
    CHECK(has("0x11223344") && !has("unknown command"), "ctrl-u: '%s'", outbuf);
    /* up arrow recalls the previous command */
    feed("\x1b[A\r");
    CHECK(has("0000000080000000: 0x11223344\n"), "history: '%s'", outbuf);
    feed("\x1b[A\x1b[A\r");
    CHECK(has("0000000080000004: 0xdeadbeef\n"), "history 2: '%s'", outbuf);
    /* quit from the keyboard: no prompt afterwards */
    feed("quit\r");
    CHECK(m->shutdown == 1 && m->exit_code == 0, "quit did not request exit");
    CHECK(!has("(qemu) "), "prompt after quit: '%s'", outbuf);
}

int main(void) {
    alarm(60);
    setup();
    test_xp_formats();
    test_xp_errors();
    test_expressions();
    test_virtual();
    test_disas();
    test_info();
    test_run_control();
    test_bad_commands();
    test_line_editor();
    teardown();
    printf("test_monitor: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
