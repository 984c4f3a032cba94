/* SPDX-License-Identifier: MIT */
/* GDB Remote Serial Protocol framing: $payload#checksum packets, acks, Ctrl-C, hex and the
   0x7d escape of binary data (GDB manual, "Overview" and "Binary Data"). The receiver never
   stores more than GDB_PACKET_MAX bytes: a longer packet is consumed and reported. */
#include "gdb_packet.h"

#include <string.h>

enum { RX_IDLE, RX_DATA, RX_CK1, RX_CK2 };

uint8_t gdb_checksum(const uint8_t *data, size_t len) {
    unsigned s = 0;
    for (size_t i = 0; i < len; i++)
        s += data[i];
    return (uint8_t)s;
}

void gdb_rx_init(GdbRx *rx) {
    rx->state = RX_IDLE;
    rx->len = 0;
    rx->overflow = false;
    rx->sum = rx->want = 0;
    rx->buf[0] = 0;
}

int gdb_hex_digit(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

GdbRxEvent gdb_rx_byte(GdbRx *rx, uint8_t c) {
    switch (rx->state) {
    case RX_IDLE:
        if (c == '$') {
            rx->state = RX_DATA;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        if (c == 0x03)
            return GDB_RX_INTERRUPT;
        if (c == '+')
            return GDB_RX_ACK;
        if (c == '-')
            return GDB_RX_NAK;
        return GDB_RX_NONE;              /* line noise between packets */
    case RX_DATA:
        if (c == '#') {
            rx->state = RX_CK1;
            return GDB_RX_NONE;
        }
        if (c == '$') {                  /* an unescaped '$' can only start a new packet */
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + c);
        if (rx->len < GDB_PACKET_MAX)
            rx->buf[rx->len++] = c;
        else
            rx->overflow = true;
        return GDB_RX_NONE;
    case RX_CK1: {
        int d = gdb_hex_digit(c);
        if (d < 0) {
            rx->state = RX_IDLE;
            return rx->overflow ? GDB_RX_TOO_LONG : GDB_RX_BAD_CHECKSUM;
        }
        rx->want = (uint8_t)(d << 4);
        rx->state = RX_CK2;
        return GDB_RX_NONE;
    }
    case RX_CK2: {
        rx->state = RX_IDLE;
        int d = gdb_hex_digit(c);
        if (rx->overflow)
            return GDB_RX_TOO_LONG;
        if (d < 0 || (uint8_t)(rx->want | d) != rx->sum)
            return GDB_RX_BAD_CHECKSUM;
        rx->buf[rx->len] = 0;
        return GDB_RX_PACKET;
    }
    }
    rx->state = RX_IDLE;
    return GDB_RX_NONE;
}

size_t gdb_frame(const uint8_t *payload, size_t len, uint8_t *out, size_t cap) {
    static const char hex[] = "0123456789abcdef";
    if (len > cap || cap - len < 4)
        return 0;
    out[0] = '$';
    memcpy(out + 1, payload, len);
    uint8_t s = gdb_checksum(payload, len);
    out[len + 1] = '#';
    out[len + 2] = (uint8_t)hex[s >> 4];
    out[len + 3] = (uint8_t)hex[s & 15];
    return len + 4;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
}

bool gdb_hex_decode(const char *in, size_t n, uint8_t *out) {
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hex_digit((unsigned char)in[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)in[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **p, const char *end, uint64_t *v) {
    const char *s = *p;
    uint64_t r = 0;
    int n = 0;
    while (s < end && gdb_hex_digit((unsigned char)*s) >= 0) {
        if (++n > 16)
            return false;
        r = r << 4 | (uint64_t)gdb_hex_digit((unsigned char)*s);
        s++;
    }
    if (!n)
        return false;
    *p = s;
    *v = r;
    return true;
}

static bool needs_escape(uint8_t c) {
    return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t gdb_escape(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len) {
    size_t i = 0, o = 0;
    for (; i < n; i++) {
        if (needs_escape(in[i])) {
            if (cap - o < 2)
                break;
            out[o++] = 0x7d;
            out[o++] = in[i] ^ 0x20;
        } else {
            if (cap - o < 1)
                break;
            out[o++] = in[i];
        }
    }
    *out_len = o;
    return i;
}

long gdb_unescape(uint8_t *buf, size_t n) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == 0x7d) {
            if (++i == n)
                return -1;
            buf[o++] = buf[i] ^ 0x20;
        } else {
            buf[o++] = buf[i];
        }
    }
    return (long)o;
}
