/* SPDX-License-Identifier: MIT */
/* Unit tests of system/chardev.c with pipes on stdin and a file on stdout: input reaches the
   receiver in order through chardev_poll, a full receiver stops reading without losing bytes,
   hart 0 is kicked, Ctrl-A escapes on mon:stdio (C-a C-a, h, c + monitor, x), plain stdio
   passes Ctrl-A through, EOF, SIGTERM shutdown (status 128+15), null and file backends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cpu/riscv/cpu.h"
#include "system/chardev.h"
#include "system/machine.h"
#include "system/memmap.h"

static FILE *rep;                 /* test report: the original stdout */
static int n_pass, n_fail;
#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (cond) {                                                                           \
            n_pass++;                                                                         \
        } else {                                                                              \
            n_fail++;                                                                         \
            fprintf(rep, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                      \
            fprintf(rep, __VA_ARGS__);                                                        \
            fprintf(rep, "\n");                                                               \
            fflush(rep);                                                                      \
        }                                                                                     \
    } while (0)

#define RAM_BASE 0x80000000ull

static Machine *m;
static RVCPU *cpu;
static char out_path[64];
static int in_w = -1;             /* write end of the pipe on stdin */

typedef struct Rx {
    uint8_t data[1 << 16];
    size_t n;
    size_t room;                  /* what can_receive answers; receive consumes it */
    bool overrun;                 /* receive got more than can_receive allowed */
} Rx;
static Rx rx;

static size_t rx_can(void *o) { return ((Rx *)o)->room; }
static void rx_recv(void *o, const uint8_t *b, size_t n) {
    Rx *r = o;
    if (n > r->room)
        r->overrun = true;
    r->room = n > r->room ? 0 : r->room - n;
    for (size_t i = 0; i < n && r->n < sizeof r->data; i++)
        r->data[r->n++] = b[i];
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A fresh pipe on stdin; in_w is its write end. */
static void new_stdin(void) {
    int p[2];
    if (pipe(p) != 0 || dup2(p[0], 0) < 0) {
        fprintf(rep, "setup: pipe\n");
        exit(1);
    }
    close(p[0]);
    in_w = p[1];
}
static void close_input(void) {
    if (in_w >= 0)
        close(in_w);
    in_w = -1;
}
static void send(const void *b, size_t n) {
    if (write(in_w, b, n) != (ssize_t)n) {
        fprintf(rep, "setup: write to stdin pipe\n");
        exit(1);
    }
}
static void send_str(const char *s) { send(s, strlen(s)); }

/* Poll as the CPU thread would until want bytes arrived, room refilled to fifo each time. */
static bool poll_until(CharDev *c, size_t want, size_t fifo, int ms) {
    for (int t = 0; t < ms; t++) {
        rx.room = fifo;
        chardev_poll(c);
        if (rx.n >= want)
            return true;
        sleep_ms(1);
    }
    return false;
}

static bool wait_flag(volatile int *flag, int ms) {
    for (int t = 0; t < ms && !__atomic_load_n(flag, __ATOMIC_ACQUIRE); t++)
        sleep_ms(1);
    return __atomic_load_n(flag, __ATOMIC_ACQUIRE) != 0;
}

/* Everything written to stdout so far. */
static char outtext[1 << 16];
static const char *output(void) {
    FILE *f = fopen(out_path, "rb");
    size_t n = f ? fread(outtext, 1, sizeof outtext - 1, f) : 0;
    if (f)
        fclose(f);
    outtext[n] = 0;
    return outtext;
}

static void reset_machine(void) {
    m->shutdown = 0;
    m->exit_claimed = 0;
    m->exit_code = 0;
    m->paused = 0;
    cpu->c.exit_request = 0;
    memset(&rx, 0, sizeof rx);
}

static void setup(void) {
    int so = dup(1);
    rep = so >= 0 ? fdopen(so, "w") : NULL;
    if (!rep)
        exit(1);
    snprintf(out_path, sizeof out_path, "/tmp/test_chardev_%d.out", (int)getpid());
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || dup2(fd, 1) < 0) {
        fprintf(rep, "setup: stdout file\n");
        exit(1);
    }
    close(fd);
    m = calloc(1, sizeof *m);
    memmap_init(&m->mem);
    if (!memmap_add_ram(&m->mem, "ram", RAM_BASE, 0x10000)) {
        fprintf(rep, "setup: RAM\n");
        exit(1);
    }
    memmap_write(&m->mem, RAM_BASE, 4, 0x5eedf00d);
    void *p = NULL;
    if (posix_memalign(&p, 64, sizeof(RVCPU)))
        exit(1);
    memset(p, 0, sizeof(RVCPU));
    cpu = p;
    cpu->c.machine = m;
    rv_cpu_init(cpu, 0, &m->mem);
    m->cpus[0] = &cpu->c;
    m->n_cpus = 1;
}

static void test_order_and_kick(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("stdio", m);
    CHECK(c != NULL, "open stdio");
    if (!c)
        return;
    chardev_set_receiver(c, rx_can, rx_recv, &rx);
    uint8_t buf[3000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + i / 256);          /* includes 0x01, 0x03, 0x1b */
    send(buf, sizeof buf);
    CHECK(wait_flag(&cpu->c.exit_request, 2000), "hart 0 was not kicked");
    CHECK(poll_until(c, sizeof buf, 64, 3000), "only %zu of %zu bytes arrived", rx.n,
          sizeof buf);
    CHECK(rx.n == sizeof buf && !memcmp(rx.data, buf, sizeof buf), "bytes differ or reordered");
    CHECK(!rx.overrun, "receive got more than can_receive allowed");
    CHECK(m->shutdown == 0, "plain stdio treated Ctrl-A as an escape");

    /* chardev_poll_all reaches it too; output goes to stdout in order */
    memset(&rx, 0, sizeof rx);
    send_str("xyz");
    for (int t = 0; t < 2000 && rx.n < 3; t++) {
        rx.room = 100;
        chardev_poll_all(m);
        sleep_ms(1);
    }
    CHECK(rx.n == 3 && !memcmp(rx.data, "xyz", 3), "chardev_poll_all: %zu bytes", rx.n);
    chardev_write(c, (const uint8_t *)"hello ", 6);
    chardev_write(c, (const uint8_t *)"world\n", 6);
    CHECK(strstr(output(), "hello world\n") != NULL, "stdout: '%s'", output());
    chardev_close(c);
    close_input();
}

static void test_backpressure(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("stdio", m);
    CHECK(c != NULL, "open stdio");
    if (!c)
        return;
    chardev_set_receiver(c, rx_can, rx_recv, &rx);
    enum { N = 20000 };
    static uint8_t buf[N];
    for (size_t i = 0; i < N; i++)
        buf[i] = (uint8_t)(i ^ (i >> 8));
    send(buf, N);                         /* fits in the 64 KiB pipe */
    /* A receiver with no room: nothing arrives, and the reader stops once its buffer is full */
    for (int t = 0; t < 200; t++) {
        rx.room = 0;
        chardev_poll(c);
        sleep_ms(1);
    }
    CHECK(rx.n == 0, "%zu bytes delivered to a full receiver", rx.n);
    int unread = 0;
    CHECK(ioctl(0, FIONREAD, &unread) == 0 && unread > 0,
          "the reader did not stop (%d bytes left in the pipe)", unread);
    CHECK(unread >= N - 8192, "the reader buffered %d bytes", N - unread);
    /* A 16-byte FIFO drained between polls: everything arrives, in order */
    CHECK(poll_until(c, N, 16, 8000), "only %zu of %d bytes arrived", rx.n, N);
    CHECK(rx.n == N && !memcmp(rx.data, buf, N), "bytes lost or reordered");
    CHECK(!rx.overrun, "receive got more than can_receive allowed");
    chardev_close(c);
    close_input();
}

static void test_receiver_late(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("mon:stdio", m);
    CHECK(c != NULL, "open mon:stdio");
    if (!c)
        return;
    send_str("early");
    sleep_ms(50);
    chardev_poll(c);                     /* no receiver yet: nothing happens */
    chardev_set_receiver(c, rx_can, rx_recv, &rx);
    CHECK(poll_until(c, 5, 100, 2000), "buffered input lost: %zu bytes", rx.n);
    CHECK(rx.n == 5 && !memcmp(rx.data, "early", 5), "got %.*s", (int)rx.n, rx.data);
    chardev_close(c);
    close_input();
}

static void test_escapes(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("mon:stdio", m);
    CHECK(c != NULL, "open mon:stdio");
    if (!c)
        return;
    chardev_set_receiver(c, rx_can, rx_recv, &rx);

    /* C-a C-a sends one C-a; Ctrl-C is just a byte */
    send_str("ab\x01\x01" "cd\x03");
    CHECK(poll_until(c, 6, 100, 2000), "got %zu bytes", rx.n);
    CHECK(rx.n == 6 && !memcmp(rx.data, "ab\x01" "cd\x03", 6), "got '%.*s' (%zu)", (int)rx.n,
          rx.data, rx.n);

    /* C-a h prints the keys */
    send_str("\x01h");
    for (int t = 0; t < 2000 && !strstr(output(), "C-a x"); t++)
        sleep_ms(1);
    CHECK(strstr(output(), "C-a x") && strstr(output(), "C-a c"), "help: '%s'", output());

    /* C-a c: the monitor gets the keys, the guest gets nothing */
    size_t before = rx.n;
    send_str("\x01" "cxp /1xw 0x80000000\r");
    for (int t = 0; t < 2000 && !strstr(output(), "0x5eedf00d"); t++)
        sleep_ms(1);
    CHECK(strstr(output(), "(qemu) ") != NULL, "no monitor prompt: '%s'", output());
    CHECK(strstr(output(), "0000000080000000: 0x5eedf00d") != NULL, "monitor: '%s'",
          output());
    poll_until(c, before + 1, 100, 50);
    CHECK(rx.n == before, "monitor input leaked to the guest (%zu bytes)", rx.n - before);
    /* ... and C-a c again gives the guest its keys back */
    send_str("\x01" "cz");
    CHECK(poll_until(c, before + 1, 100, 2000) && rx.data[before] == 'z',
          "after switching back: %zu bytes", rx.n - before);

    /* an unknown escape is swallowed */
    send_str("\x01q!");
    CHECK(poll_until(c, before + 2, 100, 2000) && rx.data[before + 1] == '!',
          "unknown escape: %zu bytes", rx.n - before);
    CHECK(m->shutdown == 0, "exit before C-a x");

    /* C-a x: exit 0, nothing after it reaches the guest */
    size_t n0 = rx.n;
    send_str("\x01xQQ");
    CHECK(wait_flag(&m->shutdown, 2000), "C-a x did not request an exit");
    CHECK(m->exit_code == 0, "exit code %d", m->exit_code);
    CHECK(strstr(output(), "tern: terminated") != NULL, "no message: '%s'", output());
    poll_until(c, n0 + 1, 100, 100);
    CHECK(rx.n == n0, "bytes after C-a x were delivered");
    chardev_close(c);
    close_input();
}

static void test_monitor_quit(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("mon:stdio", m);
    CHECK(c != NULL, "open mon:stdio");
    if (!c)
        return;
    send_str("\x01" "cstop\n");
    CHECK(wait_flag(&m->paused, 2000), "stop did not pause");
    send_str("quit\n");
    CHECK(wait_flag(&m->shutdown, 2000), "quit did not request an exit");
    CHECK(m->exit_code == 0, "exit code %d", m->exit_code);
    chardev_close(c);
    close_input();
}

static void test_eof(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("mon:stdio", m);
    CHECK(c != NULL, "open mon:stdio");
    if (!c)
        return;
    chardev_set_receiver(c, rx_can, rx_recv, &rx);
    send_str("last");
    close_input();
    CHECK(poll_until(c, 4, 100, 2000), "bytes before EOF lost");
    sleep_ms(100);
    CHECK(m->shutdown == 0, "EOF on stdin stopped the machine");
    chardev_close(c);                    /* returns: the reader is not stuck */
}

static void test_backends(void) {
    reset_machine();
    CHECK(chardev_open("bogus", m) == NULL, "bogus spec accepted");
    CHECK(chardev_open("file:", m) == NULL, "empty file name accepted");
    CHECK(chardev_open("file:/nonexistent-dir/x", m) == NULL, "unwritable file accepted");
    CHECK(chardev_open("mon:file:/tmp/x", m) == NULL, "mon: on a file accepted");

    CharDev *n = chardev_open("null", m);
    CHECK(n != NULL, "null");
    chardev_write(n, (const uint8_t *)"zzz", 3);
    chardev_poll(n);
    chardev_close(n);

    char path[80];
    snprintf(path, sizeof path, "file:/tmp/test_chardev_%d.file", (int)getpid());
    CharDev *f = chardev_open(path, m);
    CHECK(f != NULL, "file");
    if (f) {
        chardev_write(f, (const uint8_t *)"line 1\n", 7);
        chardev_write(f, (const uint8_t *)"line 2\n", 7);
        chardev_close(f);
        char got[32] = "";
        FILE *fp = fopen(path + 5, "rb");
        size_t k = fp ? fread(got, 1, sizeof got - 1, fp) : 0;
        if (fp)
            fclose(fp);
        got[k] = 0;
        CHECK(!strcmp(got, "line 1\nline 2\n"), "file has '%s'", got);
        unlink(path + 5);
    }

    /* stdio is exclusive, and free again after close */
    new_stdin();
    CharDev *a = chardev_open("stdio", m);
    CharDev *b = chardev_open("mon:stdio", m);
    CHECK(a != NULL && b == NULL, "two stdio chardevs");
    chardev_close(a);
    a = chardev_open("mon:stdio", m);
    CHECK(a != NULL, "stdio not released by close");
    chardev_close(a);
    close_input();
}

/* Last: the signal handler stays installed and a second signal would _exit. */
static void test_sigterm(void) {
    reset_machine();
    new_stdin();
    CharDev *c = chardev_open("mon:stdio", m);
    CHECK(c != NULL, "open mon:stdio");
    if (!c)
        return;
    raise(SIGTERM);
    CHECK(wait_flag(&m->shutdown, 2000), "SIGTERM did not request an exit");
    CHECK(m->exit_code == 128 + SIGTERM, "exit code %d", m->exit_code);
    chardev_close(c);
    close_input();
}

int main(void) {
    alarm(60);                           /* a hang fails the test */
    setup();
    test_order_and_kick();
    test_backpressure();
    test_receiver_late();
    test_escapes();
    test_monitor_quit();
    test_eof();
    test_backends();
    test_sigterm();
    unlink(out_path);
    fprintf(rep, "test_chardev: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
