/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/uart16550.c through the memory map, with no CPU: reset values, DLAB, the
   Linux 8250 driver's probe (autoconfig) and startup sequences, transmission, RX FIFO trigger
   levels and timeout, overrun, interrupt identification priorities, loopback and modem status,
   guest errors. This file supplies the chardev_* functions so it can see what the UART sends
   and feed it input through the receiver it registers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/uart16550.h"
#include "system/chardev.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

/* ---- the character backend as the UART sees it ---- */
static int fake_backend;
#define CHR ((CharDev *)&fake_backend)
static uint8_t sent[256];
static size_t n_sent;
static size_t (*rx_can)(void *);
static void (*rx_deliver)(void *, const uint8_t *, size_t);
static void *rx_opaque;
static int n_accept;

void chardev_write(CharDev *c, const uint8_t *buf, size_t n) {
    CHECK(c == CHR, "write to another backend");
    for (size_t i = 0; i < n && n_sent < sizeof sent; i++)
        sent[n_sent++] = buf[i];
}
void chardev_set_receiver(CharDev *c, size_t (*can_receive)(void *opaque),
                          void (*receive)(void *opaque, const uint8_t *buf, size_t n),
                          void *opaque) {
    CHECK(c == CHR, "receiver set on another backend");
    rx_can = can_receive;
    rx_deliver = receive;
    rx_opaque = opaque;
}
void chardev_accept_input(CharDev *c) {
    CHECK(c == CHR, "accept_input on another backend");
    n_accept++;
}

/* Input the way chardev_poll delivers it: at most what the device says it can take. */
static size_t type_in(const char *s) {
    size_t n = strlen(s), can = rx_can(rx_opaque);
    if (n > can)
        n = can;
    if (n)
        rx_deliver(rx_opaque, (const uint8_t *)s, n);
    return n;
}

/* ---- the interrupt line ---- */
static int irq_level, irq_rises;
static void irq_rec(void *opaque, int n, int level) {
    (void)opaque;
    CHECK(n == 10, "irq line number %d", n);
    if (level && !irq_level)
        irq_rises++;
    irq_level = level;
}

#define BASE 0x10000000ull
static MemMap mm;

static uint8_t rd(unsigned reg) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + reg, 1, &v), "read reg %u", reg);
    return (uint8_t)v;
}
static void wr(unsigned reg, uint8_t v) {
    CHECK(memmap_write(&mm, BASE + reg, 1, v), "write reg %u", reg);
}

/* Put the UART back to a known state between tests via its registers. */
static void quiesce(void) {
    wr(UART_LCR, 0);
    wr(UART_IER, 0);
    wr(UART_MCR, 0);
    wr(UART_FCR, 0x07);
    wr(UART_FCR, 0);
    rd(UART_LSR);
    rd(UART_MSR);
    n_sent = 0;
}

static void test_reset_values(void) {
    CHECK(rd(UART_IER) == 0, "IER");
    CHECK(rd(UART_IIR) == 0x01, "IIR 0x%02x", rd(UART_IIR));
    CHECK(rd(UART_LCR) == 0 && rd(UART_MCR) == 0, "LCR/MCR");
    CHECK(rd(UART_LSR) == 0x60, "LSR 0x%02x", rd(UART_LSR));
    CHECK((rd(UART_MSR) & 0xf0) == 0xb0, "MSR inputs CTS, DSR, DCD of an idle peer");
    CHECK(rd(UART_SCR) == 0, "SCR");
    CHECK(irq_level == 0, "irq at reset");
}

static void test_scratch_and_dlab(void) {
    wr(UART_SCR, 0x55);
    CHECK(rd(UART_SCR) == 0x55, "SCR 0x55");
    wr(UART_SCR, 0xaa);
    CHECK(rd(UART_SCR) == 0xaa, "SCR 0xaa");

    wr(UART_IER, 0x05);
    wr(UART_LCR, 0x83);                 /* DLAB, 8N1 */
    wr(UART_DLL, 0x12);
    wr(UART_DLM, 0x34);
    CHECK(rd(UART_DLL) == 0x12 && rd(UART_DLM) == 0x34, "divisor latch read back");
    CHECK(n_sent == 0, "DLL write transmitted");
    wr(UART_LCR, 0x03);
    CHECK(rd(UART_LCR) == 0x03, "LCR");
    CHECK(rd(UART_IER) == 0x05, "IER hidden by DLAB changed: 0x%02x", rd(UART_IER));
    wr(UART_THR, 'q');
    CHECK(n_sent == 1 && sent[0] == 'q', "THR after DLAB cleared");
    wr(UART_LCR, 0x80);
    CHECK(rd(UART_DLL) == 0x12, "DLL overwritten by THR write");
    quiesce();
}

/* drivers/tty/serial/8250/8250_port.c autoconfig() and autoconfig_16550a(). */
static void test_linux_probe(void) {
    uint8_t scratch = rd(UART_IER);
    wr(UART_IER, 0);
    uint8_t scratch2 = rd(UART_IER) & 0x0f;
    wr(UART_IER, 0x0f);
    uint8_t scratch3 = rd(UART_IER) & 0x0f;
    wr(UART_IER, scratch);
    CHECK(scratch2 == 0 && scratch3 == 0x0f, "IER probe %02x %02x", scratch2, scratch3);
    wr(UART_IER, 0xff);
    CHECK(rd(UART_IER) == 0x0f, "IER bits 7:4 (incl. the XScale UUE bit) must read 0");
    wr(UART_IER, 0);

    uint8_t save_mcr = rd(UART_MCR), save_lcr = rd(UART_LCR);
    wr(UART_MCR, 0x10 | 0x0a);          /* loopback, RTS, OUT2 */
    uint8_t status1 = rd(UART_MSR) & 0xf0;
    wr(UART_MCR, save_mcr);
    CHECK(status1 == 0x90, "loopback MSR 0x%02x (want CTS|DCD)", status1);

    wr(UART_LCR, 0xbf);                 /* 16650 EFR access: just DLAB on a 16550 */
    wr(UART_FCR, 0);                    /* EFR offset */
    wr(UART_LCR, 0);
    wr(UART_FCR, 0x01);
    uint8_t iir_fifo = rd(UART_IIR) >> 6;
    CHECK(iir_fifo == 3, "IIR FIFO bits %u: not a 16550A", iir_fifo);
    wr(UART_LCR, 0x80);
    CHECK(rd(UART_IIR) != 0, "EFR under LCR=0x80 read as 0: would be an ST16C650V1");
    wr(UART_LCR, 0xbf);
    CHECK(rd(UART_IIR) != 0, "EFR under LCR=0xbf read as 0: would be a 16650");
    /* National SuperIO check: EXCR1 (offset 2 in bank 2) must not track MCR's loop bit. */
    wr(UART_LCR, 0);
    uint8_t m1 = rd(UART_MCR);
    wr(UART_LCR, 0xe0);
    uint8_t ex1 = rd(2);
    wr(UART_LCR, 0);
    wr(UART_MCR, m1 ^ 0x10);
    wr(UART_LCR, 0xe0);
    uint8_t ex2 = rd(2);
    wr(UART_LCR, 0);
    wr(UART_MCR, m1);
    CHECK(!((ex1 ^ m1) & 0x10) && !((ex2 ^ m1) & 0x10), "looks like a SuperIO");
    /* 16750 check: 64-byte FIFO bit of FCR must not show in IIR bit 5. */
    wr(UART_FCR, 0x21);
    CHECK(!(rd(UART_IIR) & 0x20), "IIR bit 5 set: would be a 16750");
    wr(UART_MCR, 0xff);
    CHECK(rd(UART_MCR) == 0x1f, "MCR bits 7:5 must read 0, got 0x%02x", rd(UART_MCR));
    wr(UART_MCR, save_mcr);
    wr(UART_LCR, save_lcr);
    /* FIFO disabled: IIR bits 7:6 clear again. */
    wr(UART_FCR, 0);
    CHECK((rd(UART_IIR) & 0xc0) == 0, "IIR FIFO bits with the FIFO off");
    CHECK(rd(UART_LSR) != 0xff, "LSR reads 0xff: no UART");
    quiesce();
}

/* serial8250_do_startup(): the THRE interrupt must show as soon as ETBEI is enabled, and again
   after the IER is toggled (otherwise Linux flags UART_BUG_THRE/TXEN). */
static void test_thre_interrupt(void) {
    wr(UART_FCR, 0x01);
    wr(UART_LCR, 0x03);
    int rises = irq_rises;
    wr(UART_IER, 0x02);
    CHECK(irq_level == 1 && irq_rises == rises + 1, "THRE irq on ETBEI enable");
    uint8_t lsr = rd(UART_LSR), iir1 = rd(UART_IIR);
    CHECK((lsr & 0x60) == 0x60, "LSR THRE|TEMT 0x%02x", lsr);
    CHECK(iir1 == 0xc2, "IIR 0x%02x want THRE with FIFO bits", iir1);
    CHECK(irq_level == 0, "IIR read of THRE does not clear it");
    CHECK(rd(UART_IIR) == 0xc1, "IIR after the THRE read 0x%02x", rd(UART_IIR));
    wr(UART_IER, 0);
    wr(UART_IER, 0x02);
    CHECK(irq_level == 1 && (rd(UART_IIR) & 0x0f) == 0x02, "THRE not re-raised on ETBEI");
    CHECK(irq_level == 0, "second IIR read");
    wr(UART_THR, 'x');
    CHECK(irq_level == 1, "THRE not raised after a THR write");
    wr(UART_THR, 'y');                  /* a THR write also clears it, then it refills */
    CHECK(n_sent == 2 && sent[0] == 'x' && sent[1] == 'y', "sent %zu bytes", n_sent);
    wr(UART_IER, 0);
    CHECK(irq_level == 0, "irq with IER cleared");
    /* THRE pending but masked: enabling ETBEI must show it. */
    wr(UART_THR, 'z');
    CHECK(irq_level == 0, "masked THRE raised the line");
    wr(UART_IER, 0x02);
    CHECK(irq_level == 1, "masked THRE lost");
    quiesce();
}

static void test_tx(void) {
    const char *msg = "Hello, virt!\r\n";
    for (const char *p = msg; *p; p++) {
        CHECK(rd(UART_LSR) & 0x20, "THRE before a byte");
        wr(UART_THR, (uint8_t)*p);
    }
    CHECK(n_sent == strlen(msg) && memcmp(sent, msg, n_sent) == 0, "transmitted text");
    CHECK((rd(UART_LSR) & 0x61) == 0x60, "LSR after transmit 0x%02x", rd(UART_LSR));
    quiesce();
}

static void test_rx_fifo(void) {
    wr(UART_FCR, 0x07);                 /* FIFO on, both reset, trigger 1 */
    CHECK(rx_can(rx_opaque) == UART16550_FIFO_LEN, "can_receive empty FIFO %zu",
          rx_can(rx_opaque));
    wr(UART_IER, 0x01);
    CHECK(irq_level == 0, "irq with nothing received");
    CHECK(type_in("ab") == 2, "input refused");
    CHECK(rx_can(rx_opaque) == UART16550_FIFO_LEN - 2, "can_receive after 2");
    CHECK(irq_level == 1, "RX irq not raised");
    CHECK(rd(UART_IIR) == 0xc4, "IIR 0x%02x want RX data available", rd(UART_IIR));
    CHECK(rd(UART_LSR) & 0x01, "LSR.DR");
    int acc = n_accept;
    CHECK(rd(UART_RBR) == 'a', "first byte");
    CHECK(n_accept == acc + 1, "RBR read did not call chardev_accept_input");
    CHECK(irq_level == 1 && (rd(UART_LSR) & 1), "still data");
    CHECK(rd(UART_RBR) == 'b', "second byte");
    CHECK(!(rd(UART_LSR) & 1) && irq_level == 0, "drained");
    CHECK(rd(UART_IIR) == 0xc1, "IIR drained 0x%02x", rd(UART_IIR));

    /* Trigger level 8: below it only the character timeout reports the data. */
    wr(UART_FCR, 0x81);
    type_in("123");
    CHECK(irq_level == 1 && rd(UART_IIR) == 0xcc, "timeout IIR 0x%02x", rd(UART_IIR));
    type_in("45678");
    CHECK(rd(UART_IIR) == 0xc4, "at trigger level IIR 0x%02x", rd(UART_IIR));
    CHECK(rd(UART_RBR) == '1', "FIFO order");
    CHECK(rd(UART_IIR) == 0xcc, "7 bytes with trigger 8: IIR 0x%02x", rd(UART_IIR));
    /* Trigger levels 4 and 14. */
    wr(UART_FCR, 0x41);
    CHECK(rd(UART_IIR) == 0xc4, "7 bytes with trigger 4: IIR 0x%02x", rd(UART_IIR));
    wr(UART_FCR, 0xc1);
    type_in("9abcdef");
    CHECK(rd(UART_IIR) == 0xc4, "14 bytes with trigger 14: IIR 0x%02x", rd(UART_IIR));
    rd(UART_RBR);
    CHECK(rd(UART_IIR) == 0xcc, "13 bytes with trigger 14: IIR 0x%02x", rd(UART_IIR));
    /* RX FIFO reset drops it all. */
    wr(UART_FCR, 0xc3);
    CHECK(!(rd(UART_LSR) & 1) && irq_level == 0 && rx_can(rx_opaque) == 16, "RX reset");
    /* Leaving FIFO mode also clears the FIFO; then RBR holds one byte. */
    type_in("zz");
    wr(UART_FCR, 0);
    CHECK(!(rd(UART_LSR) & 1), "FIFO disable did not clear");
    CHECK(rx_can(rx_opaque) == 1, "16450 mode takes one byte, says %zu", rx_can(rx_opaque));
    CHECK(type_in("pq") == 1, "16450 mode took more than one");
    CHECK(rx_can(rx_opaque) == 0, "full holding register");
    CHECK(rd(UART_IIR) == 0x04, "16450 RX IIR 0x%02x", rd(UART_IIR));
    CHECK(rd(UART_RBR) == 'p', "16450 RBR");
    CHECK(rd(UART_IIR) == 0x01, "16450 drained");
    quiesce();
}

static void test_overrun(void) {
    wr(UART_FCR, 0x07);
    wr(UART_IER, 0x05);                 /* RX data and line status */
    uint8_t in[20];
    for (int i = 0; i < 20; i++)
        in[i] = (uint8_t)('A' + i);
    rx_deliver(rx_opaque, in, 20);      /* more than the FIFO holds */
    CHECK(rx_can(rx_opaque) == 0, "FIFO not full");
    CHECK(rd(UART_IIR) == 0xc6, "line status must outrank RX data: IIR 0x%02x", rd(UART_IIR));
    uint8_t lsr = rd(UART_LSR);
    CHECK((lsr & 0x03) == 0x03, "LSR OE|DR 0x%02x", lsr);
    CHECK(!(rd(UART_LSR) & 0x02), "OE not cleared by the LSR read");
    CHECK(rd(UART_IIR) == 0xc4, "after LSR read IIR 0x%02x", rd(UART_IIR));
    int ok = 1;
    for (int i = 0; i < 16; i++)
        ok &= rd(UART_RBR) == 'A' + i;
    CHECK(ok, "FIFO must keep the first 16 bytes");
    CHECK(!(rd(UART_LSR) & 1) && irq_level == 0, "drained after overrun");

    /* 16450 mode: the new byte overwrites the holding register. */
    wr(UART_FCR, 0);
    rx_deliver(rx_opaque, (const uint8_t *)"xy", 2);
    CHECK((rd(UART_LSR) & 0x03) == 0x03, "16450 overrun LSR");
    CHECK(rd(UART_RBR) == 'y', "16450 overrun keeps the newest byte");
    /* Without ELSI the overrun raises nothing. */
    wr(UART_IER, 0x00);
    rx_deliver(rx_opaque, (const uint8_t *)"uv", 2);
    CHECK(irq_level == 0, "overrun irq without ELSI");
    quiesce();
}

static void test_priorities(void) {
    wr(UART_FCR, 0x07);
    wr(UART_IER, 0x0f);
    wr(UART_MCR, 0x10);                 /* loopback: MSR deltas under our control */
    rd(UART_MSR);
    wr(UART_MCR, 0x11);                 /* DTR -> DSR changes: DDSR */
    rx_deliver(rx_opaque, (const uint8_t *)"0123456789abcdefg", 17);  /* refused: loopback */
    CHECK(!(rd(UART_LSR) & 1), "loopback accepted serial input");
    for (int i = 0; i < 17; i++)        /* through the loop instead, one too many */
        wr(UART_THR, (uint8_t)('a' + i));
    CHECK(n_sent == 0, "loopback bytes reached the backend");
    CHECK((rd(UART_IIR) & 0x0f) == 0x06, "RLS first: 0x%02x", rd(UART_IIR));
    rd(UART_LSR);
    CHECK((rd(UART_IIR) & 0x0f) == 0x04, "RX data second: 0x%02x", rd(UART_IIR));
    for (int i = 0; i < 16; i++)
        rd(UART_RBR);
    CHECK((rd(UART_IIR) & 0x0f) == 0x02, "THRE third");
    CHECK((rd(UART_IIR) & 0x0f) == 0x00, "modem status last: 0x%02x", rd(UART_IIR));
    CHECK(irq_level == 1, "MSR irq");
    uint8_t msr = rd(UART_MSR);
    CHECK(msr == (0x20 | 0x02), "MSR DSR|DDSR 0x%02x", msr);
    CHECK(rd(UART_IIR) == 0xc1 && irq_level == 0, "MSR read clears its interrupt");
    quiesce();
}

static void test_loopback(void) {
    wr(UART_MCR, 0x10);
    CHECK(rx_can(rx_opaque) == 0, "receiver connected in loopback");
    wr(UART_THR, 'L');
    CHECK(n_sent == 0, "loopback byte transmitted");
    CHECK((rd(UART_LSR) & 1) && rd(UART_RBR) == 'L', "loopback byte not received");
    rd(UART_MSR);
    /* Each modem output drives its input; deltas appear for every change. */
    wr(UART_MCR, 0x10 | 0x01);
    CHECK(rd(UART_MSR) == 0x22, "DTR->DSR");
    wr(UART_MCR, 0x10 | 0x02);
    CHECK(rd(UART_MSR) == 0x13, "RTS->CTS, DSR dropped: 0x%02x", rd(UART_MSR));
    wr(UART_MCR, 0x10 | 0x04);
    CHECK(rd(UART_MSR) == 0x41, "OUT1->RI 0x%02x", rd(UART_MSR));
    wr(UART_MCR, 0x10 | 0x08);
    CHECK(rd(UART_MSR) == 0x8c, "OUT2->DCD, RI trailing edge 0x%02x", rd(UART_MSR));
    CHECK(rd(UART_MSR) == 0x80, "deltas cleared by read");
    int acc = n_accept;
    wr(UART_MCR, 0);
    CHECK(n_accept > acc, "leaving loopback did not ask the backend for input");
    CHECK((rd(UART_MSR) & 0xf0) == 0xb0, "idle inputs after loopback");
    CHECK(rx_can(rx_opaque) > 0, "receiver disconnected after loopback");
    wr(UART_THR, 'o');
    CHECK(n_sent == 1 && sent[0] == 'o', "transmit after loopback");
    quiesce();
}

static void test_guest_errors(void) {
    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    uint64_t v = 1;
    CHECK(memmap_read(&mm, BASE + 0x8, 1, &v) && v == 0, "read past the registers");
    CHECK(memmap_read(&mm, BASE + 0xf8, 8, &v) && v == 0, "8-byte read at the end");
    CHECK(memmap_write(&mm, BASE + 0xff, 1, 0x12), "write at the last byte");
    CHECK(ftell(log) > 0, "nothing logged for bad accesses");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    /* A wide access reaches one register: SCR via a 4-byte write, LSR via an 8-byte read. */
    CHECK(memmap_write(&mm, BASE + UART_SCR, 4, 0x5a), "4-byte SCR write");
    CHECK(rd(UART_SCR) == 0x5a, "4-byte SCR write lost");
    CHECK(memmap_read(&mm, BASE + UART_LSR, 2, &v) && v == 0x60, "2-byte LSR read 0x%llx",
          (unsigned long long)v);
    type_in("k");
    CHECK(memmap_read(&mm, BASE + UART_RBR, 8, &v) && v == 'k', "8-byte RBR read 0x%llx",
          (unsigned long long)v);
    CHECK(!(rd(UART_LSR) & 1), "wide RBR read popped more or less than one byte");
    CHECK(!memmap_read(&mm, BASE + 0x100, 1, &v), "region larger than 0x100");
    quiesce();
}

static void test_no_backend(void) {
    MemMap m2;
    memmap_init(&m2);
    Uart16550 *u = uart16550_create(&m2, BASE, (IrqLine){0}, NULL);
    CHECK(u != NULL, "create without a backend");
    if (!u)
        return;
    size_t before = n_sent;
    memmap_write(&m2, BASE + UART_THR, 1, 'n');
    uint64_t v = 0;
    memmap_read(&m2, BASE + UART_LSR, 1, &v);
    CHECK(v == 0x60 && n_sent == before, "output without a backend");
    memmap_write(&m2, BASE + UART_MCR, 1, 0x10);
    memmap_write(&m2, BASE + UART_THR, 1, 'm');
    memmap_read(&m2, BASE + UART_RBR, 1, &v);
    CHECK(v == 'm', "loopback without a backend");
    memmap_write(&m2, BASE + UART_MCR, 1, 0);
    uart16550_reset(u);
    uart16550_free(u);
    memmap_free(&m2);
    /* Mapping over another region fails cleanly. */
    CHECK(uart16550_create(&mm, BASE + 0x80, (IrqLine){0}, NULL) == NULL, "overlap accepted");
}

static void test_reset(Uart16550 *u) {
    wr(UART_SCR, 0x77);
    wr(UART_IER, 0x02);
    wr(UART_FCR, 0x01);
    type_in("r");
    CHECK(irq_level == 1, "irq before reset");
    uart16550_reset(u);
    CHECK(irq_level == 0, "reset did not lower the irq");
    CHECK(rd(UART_SCR) == 0 && rd(UART_IER) == 0 && rd(UART_IIR) == 0x01 &&
              rd(UART_LSR) == 0x60, "registers after reset");
}

int main(void) {
    memmap_init(&mm);
    IrqLine irq = {.set = irq_rec, .opaque = NULL, .n = 10};
    Uart16550 *u = uart16550_create(&mm, BASE, irq, CHR);
    CHECK(u != NULL && rx_can && rx_deliver, "create / receiver registration");
    if (!u || !rx_can || !rx_deliver) {
        printf("%d passed, %d failed\n", n_pass, n_fail);
        return 1;
    }
    test_reset_values();
    test_scratch_and_dlab();
    test_linux_probe();
    test_thre_interrupt();
    test_tx();
    test_rx_fifo();
    test_overrun();
    test_priorities();
    test_loopback();
    test_guest_errors();
    test_no_backend();
    test_reset(u);
    uart16550_free(u);
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
