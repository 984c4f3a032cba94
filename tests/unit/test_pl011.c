/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/pl011.c through the memory map, with no CPU: reset values, the AMBA
   PeriphID/PCellID probe, Linux amba-pl011's startup, transmission (TX interrupt, TXFE), RX
   FIFO trigger levels (UARTIFLS), RX timeout, FIFO disabled, overrun and RSR/ECR, interrupt
   mask/raw/masked status and clear, loopback, reset, guest errors. This file supplies the
   chardev_* functions so it sees what the UART sends and feeds it input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pl011.h"
#include "system/chardev.h"
#include "system/log.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

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

static size_t type_in(const char *s) {
    size_t n = strlen(s), can = rx_can(rx_opaque);
    if (n > can)
        n = can;
    if (n)
        rx_deliver(rx_opaque, (const uint8_t *)s, n);
    return n;
}

static int irq_level, irq_rises;
static void irq_rec(void *opaque, int n, int level) {
    (void)opaque;
    CHECK(n == 33, "irq line number %d", n);
    if (level && !irq_level)
        irq_rises++;
    irq_level = level;
}

#define BASE 0x9000000ull
static MemMap mm;
static Pl011 *uart;

static uint32_t rd(uint64_t off) {
    uint64_t v = 0;
    CHECK(memmap_read(&mm, BASE + off, 4, &v), "read at +0x%llx", (unsigned long long)off);
    return (uint32_t)v;
}
static void wr(uint64_t off, uint32_t v) {
    CHECK(memmap_write(&mm, BASE + off, 4, v), "write at +0x%llx", (unsigned long long)off);
}

static void test_reset_and_id(void) {
    CHECK(rd(UARTCR) == 0x300, "UARTCR reset 0x%x", rd(UARTCR));
    CHECK(rd(UARTIFLS) == 0x12, "UARTIFLS reset 0x%x", rd(UARTIFLS));
    CHECK(rd(UARTFR) == (UARTFR_TXFE | UARTFR_RXFE), "UARTFR reset 0x%x", rd(UARTFR));
    CHECK(rd(UARTIMSC) == 0 && rd(UARTRIS) == 0 && rd(UARTMIS) == 0, "interrupts at reset");
    CHECK(rd(UARTLCR_H) == 0 && rd(UARTIBRD) == 0 && rd(UARTFBRD) == 0, "line control reset");
    /* The AMBA bus (drivers/amba/bus.c amba_read_periphid) reads the low byte of each word. */
    uint32_t pid = 0, cid = 0;
    for (int i = 0; i < 4; i++) {
        pid |= (rd(UARTPeriphID0 + 4 * i) & 0xff) << (8 * i);
        cid |= (rd(UARTPCellID0 + 4 * i) & 0xff) << (8 * i);
    }
    CHECK(cid == 0xb105f00d, "PCellID 0x%08x", cid);
    CHECK((pid & 0x000fffff) == 0x00041011, "PeriphID 0x%08x does not match amba-pl011", pid);
}

/* pl011_startup / pl011_set_termios / pl011_enable_interrupts as in Linux 6.1. */
static void linux_startup(void) {
    wr(UARTIMSC, 0);
    wr(UARTICR, 0x7ff);
    wr(UARTIFLS, 0x12);               /* RX 1/2, TX 1/2 */
    wr(UARTIBRD, 13);                 /* 115200 baud from 24 MHz */
    wr(UARTFBRD, 1);
    wr(UARTLCR_H, 0x70);              /* 8N1, FIFOs on */
    wr(UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE | 0x0c00);
    wr(UARTICR, UART_OEINTR | UART_BEINTR | UART_PEINTR | UART_FEINTR | UART_RTINTR |
                    UART_RXINTR);
    wr(UARTIMSC, UART_RTINTR | UART_RXINTR);
}

static void test_tx(void) {
    linux_startup();
    CHECK(rd(UARTIBRD) == 13 && rd(UARTFBRD) == 1 && rd(UARTLCR_H) == 0x70, "divisors/LCR_H");
    CHECK(rd(UARTCR) == 0xf01, "UARTCR 0x%x", rd(UARTCR));
    CHECK(irq_level == 0, "interrupt after startup");
    /* pl011_tx_chars: write while TXFF is clear, then unmask TX. */
    const char *msg = "hello";
    for (const char *p = msg; *p; p++) {
        CHECK(!(rd(UARTFR) & UARTFR_TXFF), "TXFF");
        wr(UARTDR, (uint8_t)*p);
    }
    CHECK(n_sent == 5 && !memcmp(sent, "hello", 5), "sent '%.*s'", (int)n_sent, sent);
    CHECK(rd(UARTFR) & UARTFR_TXFE, "TXFE after sending");
    CHECK(!(rd(UARTFR) & UARTFR_BUSY), "BUSY");
    CHECK(rd(UARTRIS) & UART_TXINTR, "TX raw interrupt after writes");
    CHECK(irq_level == 0, "TX interrupt while masked");
    wr(UARTIMSC, UART_RTINTR | UART_RXINTR | UART_TXINTR);
    CHECK(irq_level == 1 && rd(UARTMIS) == UART_TXINTR, "TX interrupt unmasked: MIS 0x%x",
          rd(UARTMIS));
    wr(UARTICR, UART_TXINTR);
    CHECK(irq_level == 0 && !(rd(UARTRIS) & UART_TXINTR), "ICR clears TX");
    CHECK(memmap_write(&mm, BASE + UARTDR, 1, '!'), "byte write to DR");
    CHECK(n_sent == 6 && sent[5] == '!' && irq_level == 1, "byte write sends, raises TX");
    wr(UARTIMSC, UART_RTINTR | UART_RXINTR);   /* pl011_stop_tx */
    CHECK(irq_level == 0, "masking lowers the line");
    wr(UARTICR, UART_TXINTR);
}

static void test_rx(void) {
    /* FIFO on, trigger 1/2 = 16 characters. Fewer: only the timeout interrupt. */
    CHECK(type_in("abc") == 3, "input taken");
    CHECK(irq_level == 1 && rd(UARTMIS) == UART_RTINTR, "RX timeout: MIS 0x%x", rd(UARTMIS));
    CHECK(!(rd(UARTFR) & UARTFR_RXFE), "RXFE with data");
    CHECK(rd(UARTDR) == 'a', "first char");
    int acc = n_accept;
    CHECK(rd(UARTDR) == 'b' && n_accept == acc + 1, "DR read frees space");
    CHECK(irq_level == 1, "timeout stays while data waits");
    CHECK(rd(UARTDR) == 'c', "third");
    CHECK(irq_level == 0 && (rd(UARTFR) & UARTFR_RXFE), "empty FIFO clears the timeout");
    /* Reaching the trigger level raises RXRIS; reading below it clears it. */
    char buf[40];
    memset(buf, 'x', sizeof buf);
    buf[16] = 0;
    CHECK(type_in(buf) == 16, "16 in");
    CHECK((rd(UARTMIS) & UART_RXINTR) && irq_level == 1, "RX at trigger level");
    rd(UARTDR);
    CHECK(!(rd(UARTRIS) & UART_RXINTR) && (rd(UARTRIS) & UART_RTINTR), "below trigger");
    /* ICR clears the timeout while data remains (Linux may do so before draining). */
    wr(UARTICR, UART_RTINTR);
    CHECK(irq_level == 0, "ICR RT");
    /* Fill it: RXFF, and the device takes no more than 32. */
    buf[16] = 'x';
    buf[39] = 0;
    CHECK(type_in(buf) == 17, "filled to 32");
    CHECK(rd(UARTFR) & UARTFR_RXFF, "RXFF");
    CHECK(rx_can(rx_opaque) == 0, "can_receive when full");
    for (int i = 0; i < 32; i++)
        rd(UARTDR);
    CHECK(rd(UARTFR) & UARTFR_RXFE && rd(UARTRIS) == 0, "drained, RIS 0x%x", rd(UARTRIS));
    /* Trigger levels from UARTIFLS: 1/8 = 4. */
    wr(UARTIFLS, 0 << 3);
    type_in("123");
    CHECK(!(rd(UARTRIS) & UART_RXINTR), "3 below 1/8");
    type_in("4");
    CHECK(rd(UARTRIS) & UART_RXINTR, "4 reaches 1/8");
    while (!(rd(UARTFR) & UARTFR_RXFE))
        rd(UARTDR);
    wr(UARTIFLS, 0x12);
    CHECK(irq_level == 0, "line after drain");
}

static void test_no_fifo_and_overrun(void) {
    wr(UARTLCR_H, 0x60);              /* FEN off: 1-character holding register */
    CHECK(rx_can(rx_opaque) == 1, "capacity without FIFO %zu", rx_can(rx_opaque));
    type_in("q");
    CHECK((rd(UARTRIS) & UART_RXINTR) && (rd(UARTFR) & UARTFR_RXFF), "one char = full");
    /* Overrun only happens through loopback (the backend asks first). */
    wr(UARTCR, rd(UARTCR) | UARTCR_LBE);
    size_t before = n_sent;
    wr(UARTDR, 'z');
    CHECK(n_sent == before, "loopback sent to the backend");
    CHECK(rd(UARTRIS) & UART_OEINTR, "overrun interrupt");
    CHECK(rd(UARTRSR) & 8, "RSR.OE");
    CHECK(rd(UARTDR) == 'q', "the FIFO keeps its character");
    wr(UARTECR, 0);
    CHECK(rd(UARTRSR) == 0, "ECR clears RSR");
    wr(UARTICR, UART_OEINTR);
    wr(UARTDR, 'L');
    CHECK(rd(UARTDR) == 'L', "loopback returns the character");
    int acc = n_accept;
    wr(UARTCR, rd(UARTCR) & ~(uint32_t)UARTCR_LBE);
    CHECK(n_accept == acc + 1, "leaving loopback asks the backend for input");
    CHECK(rx_can(rx_opaque) == 1, "capacity after loopback");
    wr(UARTLCR_H, 0x70);
    wr(UARTICR, 0x7ff);
}

static void test_reset(void) {
    type_in("zz");
    wr(UARTIMSC, 0x7ff);
    CHECK(irq_level == 1, "irq before reset");
    pl011_reset(uart);
    CHECK(irq_level == 0, "reset lowers the line");
    CHECK(rd(UARTCR) == 0x300 && rd(UARTLCR_H) == 0 && rd(UARTIMSC) == 0 &&
              (rd(UARTFR) & UARTFR_RXFE),
          "registers after reset");
}

static void test_guest_errors(void) {
    FILE *log = tmpfile();
    CHECK(log != NULL, "tmpfile");
    if (!log)
        return;
    tern_log_file = log;
    tern_log_mask = LOG_GUEST_ERRORS;
    uint64_t v = 1;
    CHECK(memmap_read(&mm, BASE + 0x800, 4, &v) && v == 0, "read of a hole");
    CHECK(memmap_read(&mm, BASE + 2, 2, &v) && v == 0, "misaligned read");
    CHECK(memmap_read(&mm, BASE + UARTICR, 4, &v) && v == 0, "ICR read");
    CHECK(memmap_write(&mm, BASE + UARTFR, 4, 0xffff), "FR write");
    CHECK(memmap_write(&mm, BASE + 0xffc, 4, 0), "ID write");
    CHECK(ftell(log) > 0, "nothing logged for bad accesses");
    tern_log_mask = 0;
    tern_log_file = NULL;
    fclose(log);
    CHECK(rd(UARTFR) == (UARTFR_TXFE | UARTFR_RXFE), "FR after writes");
    CHECK(rd(0xffc) == 0xb1, "PCellID3 after write");
    CHECK(!memmap_read(&mm, BASE + PL011_SIZE, 4, &v), "region larger than 0x1000");
}

int main(void) {
    memmap_init(&mm);
    uart = pl011_create(&mm, BASE, (IrqLine){.set = irq_rec, .n = 33}, CHR);
    CHECK(uart != NULL && rx_can != NULL, "create");
    if (!uart)
        return 1;
    test_reset_and_id();
    test_tx();
    test_rx();
    test_no_fifo_and_overrun();
    test_reset();
    test_guest_errors();
    pl011_free(uart);
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
