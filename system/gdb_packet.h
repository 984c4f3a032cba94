/* SPDX-License-Identifier: MIT */
/* GDB Remote Serial Protocol framing (GDB manual, "Overview" of the remote protocol and
   "Binary Data"): checksums, an incremental receiver that turns a byte stream into packets,
   acks and interrupts with bounded memory, hex and binary (0x7d) escaping. No I/O here. */
#ifndef TERN_GDB_PACKET_H
#define TERN_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest packet payload we accept or send (advertised as PacketSize). */
#define GDB_PACKET_MAX 16384

uint8_t gdb_checksum(const uint8_t *data, size_t len);

typedef enum {
    GDB_RX_NONE,          /* byte consumed, nothing complete yet */
    GDB_RX_PACKET,        /* a packet with a good checksum is in rx->buf[0..len) */
    GDB_RX_BAD_CHECKSUM,  /* a packet arrived whose checksum did not match */
    GDB_RX_TOO_LONG,      /* a packet longer than GDB_PACKET_MAX was dropped */
    GDB_RX_INTERRUPT,     /* 0x03 outside a packet (Ctrl-C) */
    GDB_RX_ACK,           /* '+' */
    GDB_RX_NAK,           /* '-' */
} GdbRxEvent;

typedef struct GdbRx {
    int state;
    size_t len;
    bool overflow;
    uint8_t sum, want;
    uint8_t buf[GDB_PACKET_MAX + 1];   /* payload, NUL-terminated for convenience */
} GdbRx;

void gdb_rx_init(GdbRx *rx);
GdbRxEvent gdb_rx_byte(GdbRx *rx, uint8_t c);

/* Frame payload as $payload#xx into out; returns the framed length, 0 if it does not fit. */
size_t gdb_frame(const uint8_t *payload, size_t len, uint8_t *out, size_t cap);

int gdb_hex_digit(int c);                       /* -1 when c is not a hex digit */
/* Lower-case hex of n bytes into out (2n chars, no NUL). */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);
/* Decode exactly 2n hex chars; false on a non-hex char. */
bool gdb_hex_decode(const char *in, size_t n, uint8_t *out);
/* Parse a hex number at *p (at least one digit, at most 16), advancing *p past it. */
bool gdb_parse_hex(const char **p, const char *end, uint64_t *v);

/* Binary data escaping: '#', '$', '}' and '*' become 0x7d, c ^ 0x20. gdb_escape returns the
   number of input bytes consumed so that the output fits in cap (*out_len set). */
size_t gdb_escape(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len);
/* Undo escaping in place; returns the decoded length, or -1 on a dangling escape. */
long gdb_unescape(uint8_t *buf, size_t n);

#endif
