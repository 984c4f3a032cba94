/* SPDX-License-Identifier: MIT */
/* Fuzz target: the GDB remote stub as a debugger's byte stream reaches it: the packet framer
   (system/gdb_packet.c: $...#xx, acks, Ctrl-C, escapes) turns bytes into packets, each packet
   goes to the command handler (system/gdbstub.c: registers, memory through the MMU,
   breakpoints, run control, qSupported/qXfer, vCont, ...) on a small machine
   (fuzz_machine.h), and each reply is framed back. Input: a mode byte (bit 0: hand packets
   with a wrong checksum to the handler as well, so the fuzzer need not learn checksums), then
   the stream. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "system/gdb_packet.h"
#include "system/gdbstub.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzz_machine.h"

static GdbRx rx;
static uint8_t reply[GDB_PACKET_MAX + 1];
static uint8_t framed[2 * GDB_PACKET_MAX + 8];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    Machine *m = fuzz_machine();
    fuzz_machine_reset();
    GdbStub *s = gdbstub_new(m);
    bool any_sum = data[0] & 1;
    gdb_rx_init(&rx);
    for (size_t i = 1; i < size; i++) {
        GdbRxEvent e = gdb_rx_byte(&rx, data[i]);
        if (e != GDB_RX_PACKET && !(any_sum && e == GDB_RX_BAD_CHECKSUM))
            continue;
        if (rx.len > GDB_PACKET_MAX)
            abort();
        long r = gdbstub_handle_packet(s, rx.buf, rx.len, reply, GDB_PACKET_MAX);
        if (r > GDB_PACKET_MAX)
            abort();   /* a reply larger than the buffer it was given */
        if (r >= 0)
            gdb_frame(reply, (size_t)r, framed, sizeof framed);
    }
    gdbstub_free(s);
    return 0;
}
