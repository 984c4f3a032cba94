/* SPDX-License-Identifier: MIT */
/* PL011 UART model following ARM DDI 0183 (r1p5): data register with per-character error bits
   (3.3.1), RSR/ECR (3.3.2), flags (3.3.3), baud divisors and line control (3.3.5-3.3.7), the
   FIFO enable and RX trigger levels of UARTIFLS (3.3.9), and the interrupts of section 3.4 as
   Linux's amba-pl011 driver uses them (RX level, RX timeout, TX, overrun). A character
   "transmits" the moment UARTDR is written: the TX FIFO is always empty (TXFE, never BUSY or
   TXFF), so the TX interrupt is raised by each write and cleared by UARTICR or a masked write.
   Time does not pass for the UART: the RX timeout counts as elapsed once a character waits.
   As QEMU's pl011 (and what firmware-less earlycon relies on), UARTEN/TXE/RXE do not gate the
   data path. The DMA interface is not modelled: UARTDMACR reads back and does nothing. */
#include "pl011.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>

#include "system/log.h"

enum {
    DR_FE = 1 << 8, DR_PE = 1 << 9, DR_BE = 1 << 10, DR_OE = 1 << 11,
    RSR_OE = 1 << 3,
    INT_ALL = 0x7ff,
    CR_RESET = UARTCR_TXE | UARTCR_RXE,
    IFLS_RESET = 0x12,                  /* both trigger levels at 1/2 (3.3.9) */
};

/* PeriphID0-3 then PCellID0-3 (3.3.14-3.3.21), as QEMU's pl011 (revision r1p5's AMBA id as
   Linux matches it: 0x00041011 under mask 0x000fffff). */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

struct Pl011 {
    IrqLine irq;
    CharDev *chr;
    int irq_level;
    uint32_t rsr, ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
    uint16_t rx[PL011_FIFO_LEN];        /* character with its error bits 11:8 */
    unsigned rx_head, rx_count;
};

static void guest_error(const char *what, uint64_t off, unsigned size) {
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("pl011: %s at offset 0x%" PRIx64 " size %u\n", what, off, size);
}

static bool fifo_on(const Pl011 *u) { return u->lcr_h & UARTLCR_H_FEN; }
static bool loopback(const Pl011 *u) { return u->cr & UARTCR_LBE; }
static unsigned rx_capacity(const Pl011 *u) { return fifo_on(u) ? PL011_FIFO_LEN : 1; }

/* RXIFLSEL (UARTIFLS bits 5:3): 1/8, 1/4, 1/2, 3/4, 7/8 of the 32 entries. */
static unsigned rx_trigger(const Pl011 *u) {
    static const unsigned levels[8] = {4, 8, 16, 24, 28, 16, 16, 16};
    return fifo_on(u) ? levels[(u->ifls >> 3) & 7] : 1;
}

static void update_irq(Pl011 *u) {
    int level = (u->ris & u->imsc) != 0;
    if (level != u->irq_level) {
        u->irq_level = level;
        irq_set(u->irq, level);
    }
}

static void rx_push(Pl011 *u, uint16_t c) {
    if (u->rx_count >= rx_capacity(u)) {
        /* Overrun: the FIFO keeps its contents, the new character is lost and OE is set on
           the last character in the FIFO's place and in RSR (3.3.1, 3.3.2). */
        u->rsr |= RSR_OE;
        u->ris |= UART_OEINTR;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % PL011_FIFO_LEN] = c;
    u->rx_count++;
    if (u->rx_count >= rx_trigger(u))
        u->ris |= UART_RXINTR;
    u->ris |= UART_RTINTR;
}

static uint16_t rx_pop(Pl011 *u) {
    if (!u->rx_count)
        return 0;
    uint16_t c = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % PL011_FIFO_LEN;
    u->rx_count--;
    /* RSR mirrors the error bits of the character just read (3.3.2). */
    u->rsr = (u->rsr & RSR_OE) | ((c >> 8) & 7);
    if (u->rx_count < rx_trigger(u))
        u->ris &= ~(uint32_t)UART_RXINTR;
    if (!u->rx_count)
        u->ris &= ~(uint32_t)UART_RTINTR;
    if (u->chr && !loopback(u))
        chardev_accept_input(u->chr);
    return c;
}

static size_t uart_can_receive(void *opaque) {
    Pl011 *u = opaque;
    if (loopback(u))
        return 0;
    return rx_capacity(u) - u->rx_count;
}

static void uart_receive(void *opaque, const uint8_t *buf, size_t n) {
    Pl011 *u = opaque;
    if (loopback(u))
        return;
    for (size_t i = 0; i < n; i++)
        rx_push(u, buf[i]);
    update_irq(u);
}

static void write_dr(Pl011 *u, uint8_t c) {
    if (loopback(u))
        rx_push(u, c);
    else if (u->chr)
        chardev_write(u->chr, &c, 1);
    /* The TX FIFO emptied at once: it is at or below any trigger level (3.4.3). */
    u->ris |= UART_TXINTR;
}

static uint32_t read_fr(const Pl011 *u) {
    uint32_t v = UARTFR_TXFE;
    if (!u->rx_count)
        v |= UARTFR_RXFE;
    if (u->rx_count >= rx_capacity(u))
        v |= UARTFR_RXFF;
    return v;
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size) {
    Pl011 *u = opaque;
    uint32_t v = 0;
    if (off & 3) {
        guest_error("read not 32-bit aligned", off, size);
        return 0;
    }
    if (off >= UARTPeriphID0 && off < UARTPeriphID0 + 0x20)
        return pl011_id[(off - UARTPeriphID0) / 4];
    switch (off) {
    case UARTDR:
        v = rx_pop(u);
        break;
    case UARTRSR:
        v = u->rsr;
        break;
    case UARTFR:
        v = read_fr(u);
        break;
    case UARTILPR:
        v = u->ilpr;
        break;
    case UARTIBRD:
        v = u->ibrd;
        break;
    case UARTFBRD:
        v = u->fbrd;
        break;
    case UARTLCR_H:
        v = u->lcr_h;
        break;
    case UARTCR:
        v = u->cr;
        break;
    case UARTIFLS:
        v = u->ifls;
        break;
    case UARTIMSC:
        v = u->imsc;
        break;
    case UARTRIS:
        v = u->ris;
        break;
    case UARTMIS:
        v = u->ris & u->imsc;
        break;
    case UARTDMACR:
        v = u->dmacr;
        break;
    case UARTICR:
        guest_error("read of the write-only UARTICR", off, size);
        break;
    default:
        guest_error("read of an unimplemented register", off, size);
        break;
    }
    update_irq(u);
    return v;
}

static void write_lcr_h(Pl011 *u, uint32_t val) {
    /* Switching FEN changes the receiver between FIFO and holding register: flush it. */
    if ((val ^ u->lcr_h) & UARTLCR_H_FEN) {
        u->rx_head = u->rx_count = 0;
        u->ris &= ~(uint32_t)(UART_RXINTR | UART_RTINTR);
    }
    u->lcr_h = val & 0xff;
}

static void uart_write(void *opaque, uint64_t off, uint64_t val64, unsigned size) {
    Pl011 *u = opaque;
    uint32_t val = (uint32_t)val64;
    if (off & 3) {
        guest_error("write not 32-bit aligned", off, size);
        return;
    }
    switch (off) {
    case UARTDR:
        write_dr(u, (uint8_t)val);
        break;
    case UARTECR:
        u->rsr = 0;                     /* any write clears the framing/parity/break/overrun */
        break;
    case UARTILPR:
        u->ilpr = val & 0xff;
        break;
    case UARTIBRD:
        u->ibrd = val & 0xffff;
        break;
    case UARTFBRD:
        u->fbrd = val & 0x3f;
        break;
    case UARTLCR_H:
        write_lcr_h(u, val);
        break;
    case UARTCR: {
        bool was_loop = loopback(u);
        u->cr = val & 0xff87;           /* bits 6:3 are reserved */
        if (was_loop && !loopback(u) && u->chr)
            chardev_accept_input(u->chr);
        break;
    }
    case UARTIFLS:
        u->ifls = val & 0x3f;
        break;
    case UARTIMSC:
        u->imsc = val & INT_ALL;
        break;
    case UARTICR:
        u->ris &= ~(val & INT_ALL);
        break;
    case UARTDMACR:
        u->dmacr = val & 7;
        break;
    default:
        guest_error("write to an unimplemented or read-only register", off, size);
        break;
    }
    update_irq(u);
}

/* Narrow and wide accesses address the one register at off: a byte store to UARTDR sends one
   character, a byte load pops one. */
static const MmioOps uart_ops = {
    .read = uart_read, .write = uart_write, .min_size = 1, .max_size = 4,
};

void pl011_reset(Pl011 *u) {
    u->rsr = u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->ris = u->dmacr = 0;
    u->cr = CR_RESET;
    u->ifls = IFLS_RESET;
    u->rx_head = u->rx_count = 0;
    update_irq(u);
    if (u->chr)
        chardev_accept_input(u->chr);
}

Pl011 *pl011_create(MemMap *m, uint64_t base, IrqLine irq, CharDev *chr) {
    Pl011 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->irq = irq;
    u->chr = chr;
    u->cr = CR_RESET;
    u->ifls = IFLS_RESET;
    if (!memmap_add_mmio(m, "pl011", base, PL011_SIZE, &uart_ops, u)) {
        free(u);
        return NULL;
    }
    if (chr)
        chardev_set_receiver(chr, uart_can_receive, uart_receive, u);
    return u;
}

void pl011_free(Pl011 *u) { free(u); }
