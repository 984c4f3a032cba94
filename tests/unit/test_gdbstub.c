/* SPDX-License-Identifier: MIT */
/* Unit tests of the gdbstub (system/gdb_packet.c, system/gdbstub.c, cpu/riscv/gdb_regs.c):
   RSP framing, checksums and escaping (GDB manual "Overview", "Binary Data"), register packets
   in GDB's RISC-V numbering, memory packets through bare and Sv39 translation, the target
   description and run-control replies, on a hand-built machine with RAM and one hart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/cpu.h"
#include "cpu/riscv/priv.h"
#include "system/gdb_packet.h"
#include "system/gdbstub.h"
#include "system/machine.h"
#include "translate/backend.h"
#include "translate/tb.h"

static int n_pass, n_fail;
#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (cond) {                                                                         \
            n_pass++;                                                                       \
        } else {                                                                            \
            n_fail++;                                                                       \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
        }                                                                                   \
    } while (0)

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x00200000ull          /* 2 MiB */

static Machine *m;
static RVCPU *cpu;
static GdbStub *stub;
static uint8_t reply[GDB_PACKET_MAX + 1];

/* Send one packet payload; returns the reply as a C string ("<none>" for no reply). */
static const char *pkt_n(const void *p, size_t n) {
    long r = gdbstub_handle_packet(stub, p, n, reply, GDB_PACKET_MAX);
    if (r < 0)
        return "<none>";
    reply[r] = 0;
    return (const char *)reply;
}

static const char *pkt(const char *p) {
    return pkt_n(p, strlen(p));
}

static bool is(const char *p, const char *want) {
    const char *got = pkt(p);
    if (strcmp(got, want)) {
        fprintf(stderr, "  '%s' -> '%.80s', expected '%s'\n", p, got, want);
        return false;
    }
    return true;
}

/* Little-endian hex of v in n bytes, as the protocol sends target-order register bytes. */
static const char *le_hex(uint64_t v, int n) {
    static char buf[4][40];
    static int k;
    char *b = buf[k++ & 3];
    for (int i = 0; i < n; i++)
        sprintf(b + 2 * i, "%02x", (unsigned)(v >> (8 * i)) & 0xff);
    return b;
}

static void setup(void) {
    m = calloc(1, sizeof *m);
    memmap_init(&m->mem);
    if (!memmap_add_ram(&m->mem, "ram", RAM_BASE, RAM_SIZE)) {
        printf("setup: memory map\n");
        exit(1);
    }
    m->be = backend_interp_create();
    m->tbc = m->be ? tb_cache_create(m->be, &m->mem) : NULL;
    cpu = calloc(1, sizeof *cpu);
    cpu->c.machine = m;
    cpu->c.tbc = m->tbc;
    rv_cpu_init(cpu, 0, &m->mem);
    rv_cpu_reset(cpu, RAM_BASE);
    m->cpus[0] = &cpu->c;
    m->n_cpus = 1;
    if (m->tbc)
        tb_cache_add_cpu(m->tbc, &cpu->c);
    stub = gdbstub_new(m);
}

static void teardown(void) {
    gdbstub_free(stub);
    if (m->tbc)
        tb_cache_free(m->tbc);
    if (m->be && m->be->destroy)
        m->be->destroy(m->be);
    cpu_forget(&cpu->c);   /* the timer thread may still know it */
    free(cpu);
    memmap_free(&m->mem);
    free(m);
}

/* ---- framing ---- */

static GdbRxEvent feed(GdbRx *rx, const char *s, size_t n) {
    GdbRxEvent last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        GdbRxEvent e = gdb_rx_byte(rx, (uint8_t)s[i]);
        if (e != GDB_RX_NONE)
            last = e;
    }
    return last;
}

static void test_framing(void) {
    /* Checksums from the GDB manual's examples and by hand: 'O'+'K' = 0x4f+0x4b = 0x9a. */
    CHECK(gdb_checksum((const uint8_t *)"OK", 2) == 0x9a);
    CHECK(gdb_checksum((const uint8_t *)"g", 1) == 0x67);
    CHECK(gdb_checksum((const uint8_t *)"", 0) == 0);
    uint8_t f[16];
    size_t n = gdb_frame((const uint8_t *)"OK", 2, f, sizeof f);
    CHECK(n == 6 && !memcmp(f, "$OK#9a", 6));
    CHECK(gdb_frame((const uint8_t *)"OK", 2, f, 5) == 0);       /* does not fit */

    static GdbRx rx;
    gdb_rx_init(&rx);
    CHECK(feed(&rx, "$g#67", 5) == GDB_RX_PACKET && rx.len == 1 && rx.buf[0] == 'g');
    CHECK(feed(&rx, "$g#68", 5) == GDB_RX_BAD_CHECKSUM);
    CHECK(feed(&rx, "$g#6z", 5) == GDB_RX_BAD_CHECKSUM);
    CHECK(feed(&rx, "$g#G7", 5) == GDB_RX_BAD_CHECKSUM);
    CHECK(feed(&rx, "$OK#9A", 6) == GDB_RX_PACKET);              /* upper-case checksum */
    CHECK(feed(&rx, "\x03", 1) == GDB_RX_INTERRUPT);
    CHECK(feed(&rx, "+", 1) == GDB_RX_ACK);
    CHECK(feed(&rx, "-", 1) == GDB_RX_NAK);
    /* Inside a packet 0x03 is data; a new '$' restarts the packet. */
    CHECK(feed(&rx, "$a\x03", 3) == GDB_RX_NONE);
    CHECK(feed(&rx, "$g#67", 5) == GDB_RX_PACKET && rx.len == 1);
    /* Noise between packets is ignored. */
    CHECK(feed(&rx, "xyz$OK#9a", 9) == GDB_RX_PACKET && rx.len == 2);

    /* A packet longer than the buffer is consumed and reported, then the next one works. */
    size_t big = GDB_PACKET_MAX + 100;
    char *p = malloc(big + 8);
    p[0] = '$';
    memset(p + 1, 'A', big);
    uint8_t sum = (uint8_t)(big * 'A');
    sprintf(p + 1 + big, "#%02x", sum);
    CHECK(feed(&rx, p, big + 4) == GDB_RX_TOO_LONG);
    CHECK(feed(&rx, "$g#67", 5) == GDB_RX_PACKET && rx.len == 1);
    /* Exactly GDB_PACKET_MAX bytes still fit. */
    sum = (uint8_t)(GDB_PACKET_MAX * 'A');
    sprintf(p + 1 + GDB_PACKET_MAX, "#%02x", sum);
    CHECK(feed(&rx, p, GDB_PACKET_MAX + 4) == GDB_RX_PACKET && rx.len == GDB_PACKET_MAX);
    free(p);
}

static void test_escaping(void) {
    const uint8_t raw[] = {'#', '$', '}', '*', 0, 0xff, 'a'};
    const uint8_t esc[] = {0x7d, '#' ^ 0x20, 0x7d, '$' ^ 0x20, 0x7d, '}' ^ 0x20, 0x7d,
                           '*' ^ 0x20, 0, 0xff, 'a'};
    uint8_t out[32];
    size_t used;
    CHECK(gdb_escape(raw, sizeof raw, out, sizeof out, &used) == sizeof raw);
    CHECK(used == sizeof esc && !memcmp(out, esc, used));
    /* An escape pair is never split by the output limit. */
    CHECK(gdb_escape(raw, sizeof raw, out, 3, &used) == 1 && used == 2);
    uint8_t buf[32];
    memcpy(buf, esc, sizeof esc);
    CHECK(gdb_unescape(buf, sizeof esc) == (long)sizeof raw && !memcmp(buf, raw, sizeof raw));
    uint8_t dangling[] = {'a', 0x7d};
    CHECK(gdb_unescape(dangling, 2) == -1);

    const char *s = "1f,";
    uint64_t v;
    CHECK(gdb_parse_hex(&s, s + 3, &v) && v == 0x1f && *s == ',');
    s = "10000000000000000";                                     /* 17 digits: too big */
    CHECK(!gdb_parse_hex(&s, s + 17, &v));
    s = ",";
    CHECK(!gdb_parse_hex(&s, s + 1, &v));
    uint8_t b[2];
    CHECK(gdb_hex_decode("a5F0", 2, b) && b[0] == 0xa5 && b[1] == 0xf0);
    CHECK(!gdb_hex_decode("a5g0", 2, b));
}

/* ---- registers ---- */

static void test_registers(void) {
    for (int i = 1; i < 32; i++)
        cpu->x[i] = 0x1111111111111111ull * (uint64_t)(i % 15) + (uint64_t)i;
    cpu->c.pc = 0x80001234;
    for (int i = 0; i < 32; i++)
        cpu->f[i] = 0x4000000000000000ull | (uint64_t)i;
    cpu->fflags = 0x15;
    cpu->frm = 3;

    /* g: x0..x31 then pc, 8 bytes each, target byte order. */
    char want[33 * 16 + 1] = "";
    for (int i = 0; i < 32; i++)
        strcat(want, le_hex(i ? cpu->x[i] : 0, 8));
    strcat(want, le_hex(0x80001234, 8));
    CHECK(is("g", want));

    /* p by GDB number: pc = 32, f5 = 33 + 5, fflags/frm/fcsr = 65 + 1..3 (32-bit). */
    CHECK(is("p20", le_hex(0x80001234, 8)));
    CHECK(is("p0", le_hex(0, 8)));
    CHECK(is("p26", le_hex(cpu->f[5], 8)));
    CHECK(is("p42", le_hex(0x15, 4)));
    CHECK(is("p43", le_hex(3, 4)));
    CHECK(is("p44", le_hex(3 << 5 | 0x15, 4)));
    /* CSRs: 65 + number. misa (0x301) and mhartid (0xf14) read in any mode. */
    cpu->priv = PRV_U;
    CHECK(is("p342", le_hex(cpu->misa, 8)));
    CHECK(is("p1041", "00"));                                  /* priv, one byte */
    cpu->priv = PRV_M;
    CHECK(is("p1041", "03"));
    CHECK(is("p1", le_hex(cpu->x[1], 8)));
    CHECK(is("p1042", "E45"));                                 /* past priv */
    CHECK(is("p41", "E45"));                                   /* CSR 0 does not exist */
    CHECK(is("p7fffffff", "E45"));
    CHECK(is("pzz", "E01"));
    CHECK(is("p", "E01"));

    /* P writes; x0 stays zero; sizes must match. */
    CHECK(is("P5=efcdab8967452301", "OK") && cpu->x[5] == 0x0123456789abcdefull);
    CHECK(is("P0=ffffffffffffffff", "OK") && cpu->x[0] == 0 && is("p0", le_hex(0, 8)));
    CHECK(is("P20=0010008000000000", "OK") && cpu->c.pc == 0x80001000);
    CHECK(is("P5=efcd", "E01") && cpu->x[5] == 0x0123456789abcdefull);
    CHECK(is("P5=zzcdab8967452301", "E01"));
    CHECK(is("P44=ff000000", "OK") && cpu->fflags == 0x1f && cpu->frm == 7);
    CHECK(is("P27=0000000000000840", "OK") && cpu->f[6] == 0x4008000000000000ull);
    /* mscratch (0x340 -> 833 = 0x341) is writable from a hart in U mode too. */
    cpu->priv = PRV_U;
    CHECK(is("P381=7856341200000000", "OK") && cpu->mscratch == 0x12345678);
    CHECK(is("p381", le_hex(0x12345678, 8)));
    /* mhartid (0xf14) is read-only: the write fails and changes nothing. */
    CHECK(is("Pf55=0100000000000000", "E01") && cpu->mhartid == 0);
    CHECK(is("P1041=03", "OK") && cpu->priv == PRV_M);
    CHECK(is("P1041=02", "E01") && cpu->priv == PRV_M);         /* reserved mode */
    CHECK(is("P99999=00", "E01"));

    /* G writes all 33; a wrong length or bad digit changes nothing. */
    char g[33 * 16 + 1] = "";
    for (int i = 0; i < 33; i++)
        strcat(g, le_hex(0xa000000000000000ull + (uint64_t)i, 8));
    char bad[sizeof g];
    strcpy(bad, g);
    bad[40] = 'x';
    char Gbad[sizeof g + 1] = "G";
    strcat(Gbad, bad);
    CHECK(is(Gbad, "E01") && cpu->x[1] != 0xa000000000000001ull);
    char Gshort[40] = "G0011";
    CHECK(is(Gshort, "E01"));
    char G[sizeof g + 1] = "G";
    strcat(G, g);
    CHECK(is(G, "OK"));
    CHECK(cpu->x[0] == 0 && cpu->x[1] == 0xa000000000000001ull &&
          cpu->x[31] == 0xa00000000000001full && cpu->c.pc == 0xa000000000000020ull);
    cpu->c.pc = RAM_BASE;
}

/* ---- memory ---- */

static void test_memory_bare(void) {
    cpu->priv = PRV_M;
    cpu->satp = 0;
    CHECK(is("M80000100,4:deadbeef", "OK"));
    uint64_t v = 0;
    CHECK(memmap_read(&m->mem, RAM_BASE + 0x100, 4, &v) && v == 0xefbeadde);
    CHECK(is("m80000100,4", "deadbeef"));
    CHECK(is("m80000101,2", "adbe"));
    /* Across a page boundary. */
    CHECK(is("M80000ffe,4:01020304", "OK") && is("m80000ffe,4", "01020304"));
    /* X: binary with escapes: bytes 23 24 7d 2a 00. */
    const char x[] = "X80000200,5:}\x03}\x04}]}\x0a\x00";
    CHECK(!strcmp(pkt_n(x, sizeof x - 1), "OK"));
    CHECK(is("m80000200,5", "23247d2a00"));
    CHECK(is("X80000200,0:", "OK"));                            /* GDB probes X this way */
    CHECK(!strcmp(pkt_n("X80000200,2:}", 13), "E01"));          /* dangling escape */
    CHECK(!strcmp(pkt_n("X80000200,3:ab", 14), "E01"));         /* length mismatch */
    /* Nothing mapped: error; partly mapped: the mapped part. */
    CHECK(is("m0,4", "E14"));
    CHECK(is("M0,1:00", "E14"));
    CHECK(is("M801ffffe,2:a1b2", "OK"));
    CHECK(is("m801ffffe,8", "a1b2"));
    CHECK(is("m801ffffe,0", ""));
    /* A huge length is clamped, not trusted. */
    const char *big = pkt("m80000000,ffffffffffff");
    CHECK(strlen(big) > 0 && strlen(big) <= GDB_PACKET_MAX && strlen(big) % 2 == 0);
    CHECK(is("M80000000,ffffffff:00", "E01"));
    CHECK(is("m80000000", "E01"));
    CHECK(is("mzz,1", "E01"));
    CHECK(is("m1,1,", "E01"));
    CHECK(is("M80000000,2:0g00", "E01"));
}

static void test_memory_sv39(void) {
    /* Root table at RAM + 1 MiB: gigapage 1 (VA 0x40000000) -> RAM, supervisor RWX;
       gigapage 3 (VA 0xc0000000) -> RAM, user R; nothing else. */
    uint64_t root = RAM_BASE + 0x100000;
    for (int i = 0; i < 512; i++)
        memmap_write(&m->mem, root + 8 * (uint64_t)i, 8, 0);
    uint64_t leaf = (RAM_BASE >> 12) << 10 | RV_PTE_V | RV_PTE_A | RV_PTE_D;
    memmap_write(&m->mem, root + 8 * 1, 8, leaf | RV_PTE_R | RV_PTE_W | RV_PTE_X);
    memmap_write(&m->mem, root + 8 * 3, 8, leaf | RV_PTE_R | RV_PTE_U);
    /* S-mode accesses need a PMP entry: open everything through the CSR registers
       (pmpaddr0 = 65 + 0x3b0, pmpcfg0 = 65 + 0x3a0: NAPOT, RWX). */
    char q[64];
    snprintf(q, sizeof q, "P3f1=%s", le_hex(~0ull, 8));
    CHECK(is(q, "OK"));
    snprintf(q, sizeof q, "P3e1=%s", le_hex(RV_PMP_NAPOT << RV_PMP_A_SHIFT | RV_PMP_R |
                                              RV_PMP_W | RV_PMP_X, 8));
    CHECK(is(q, "OK") && (cpu->pmpcfg[0] & 0xff) == 0x1f);
    cpu->satp = (uint64_t)RV_SATP_MODE_SV39 << RV_SATP_MODE_SHIFT | (root >> 12);
    cpu->priv = PRV_S;
    cpu->mstatus &= ~(RV_MSTATUS_SUM | RV_MSTATUS_MXR);
    tlb_flush(&cpu->c);

    memmap_write(&m->mem, RAM_BASE + 0x300, 4, 0x44332211);
    CHECK(is("m40000300,4", "11223344"));
    /* S reaches a U page even with SUM clear, and SUM is left as it was. */
    CHECK(is("mc0000300,4", "11223344"));
    CHECK(!(cpu->mstatus & RV_MSTATUS_SUM));
    /* Writes go through the mapping to the same physical bytes. */
    CHECK(is("M40000304,2:abcd", "OK"));
    uint64_t v = 0;
    CHECK(memmap_read(&m->mem, RAM_BASE + 0x304, 2, &v) && v == 0xcdab);
    /* Unmapped virtual addresses fail even though the same number is RAM physically. */
    CHECK(is("m80000300,4", "E14"));
    CHECK(is("m0,4", "E14"));
    /* A read running off the end of RAM behind the mapping returns the part inside. */
    memmap_write(&m->mem, RAM_BASE + RAM_SIZE - 2, 2, 0xb2a1);
    CHECK(is("m401ffffe,4", "a1b2"));
    CHECK(is("M7ffffffe,4:00000000", "E14"));
    /* M mode does not translate. */
    cpu->priv = PRV_M;
    CHECK(is("m80000300,4", "11223344"));
    cpu->satp = 0;
}

/* ---- target description ---- */

/* Read a qXfer:features annex in small chunks, as GDB does. */
static char *read_annex(const char *annex) {
    size_t cap = 1 << 20, len = 0;
    char *doc = malloc(cap);
    for (int guard = 0; guard < 100000; guard++) {
        char q[128];
        snprintf(q, sizeof q, "qXfer:features:read:%s:%zx,%x", annex, len, 0x80);
        long r = gdbstub_handle_packet(stub, (const uint8_t *)q, strlen(q), reply,
                                       GDB_PACKET_MAX);
        if (r < 1 || (reply[0] != 'm' && reply[0] != 'l')) {
            free(doc);
            return NULL;
        }
        long n = gdb_unescape(reply + 1, (size_t)r - 1);
        if (n < 0 || len + (size_t)n >= cap) {
            free(doc);
            return NULL;
        }
        memcpy(doc + len, reply + 1, (size_t)n);
        len += (size_t)n;
        if (reply[0] == 'l')
            break;
    }
    doc[len] = 0;
    return doc;
}

static void test_target_xml(void) {
    char *t = read_annex("target.xml");
    CHECK(t && strstr(t, "<architecture>riscv:rv64</architecture>"));
    CHECK(t && strstr(t, "href=\"riscv-64bit-cpu.xml\"") && strstr(t, "riscv-64bit-fpu.xml") &&
          strstr(t, "riscv-64bit-csr.xml"));
    free(t);
    char *c = read_annex("riscv-64bit-cpu.xml");
    CHECK(c && strstr(c, "org.gnu.gdb.riscv.cpu") && strstr(c, "name=\"x31\"") &&
          strstr(c, "name=\"pc\""));
    free(c);
    char *f = read_annex("riscv-64bit-fpu.xml");
    CHECK(f && strstr(f, "org.gnu.gdb.riscv.fpu") && strstr(f, "name=\"f31\"") &&
          strstr(f, "name=\"fcsr\" bitsize=\"32\"") && strstr(f, "regnum=\"66\""));
    free(f);

    /* Every CSR the description lists must be readable with p under its regnum, the numbers
       follow GDB's 65 + csrno, and names are unique. */
    char *x = read_annex("riscv-64bit-csr.xml");
    CHECK(x && strstr(x, "org.gnu.gdb.riscv.csr"));
    CHECK(x && strstr(x, "name=\"mstatus\" bitsize=\"64\" type=\"int\" regnum=\"833\""));
    CHECK(x && strstr(x, "name=\"satp\" bitsize=\"64\" type=\"int\" regnum=\"449\""));
    CHECK(x && strstr(x, "name=\"pmpaddr15\""));
    CHECK(x && strstr(x, "name=\"hpmcounter3\"") && !strstr(x, "name=\"hpmcounter\""));
    CHECK(x && !strstr(x, "name=\"fflags\""));                /* lives in the fpu feature */
    int regs = 0, unreadable = 0, dups = 0;
    for (const char *p = x; p && (p = strstr(p, "<reg name=\"")); p++) {
        char name[64];
        int regnum;
        if (sscanf(p, "<reg name=\"%63[^\"]\" bitsize=\"64\" type=\"int\" regnum=\"%d\"",
                   name, &regnum) != 2)
            continue;
        regs++;
        char q[32];
        snprintf(q, sizeof q, "p%x", regnum);
        const char *r = pkt(q);
        if (strlen(r) != 16 || r[0] == 'E')
            unreadable++;
        char needle[80];
        snprintf(needle, sizeof needle, "\"%s\"", name);
        const char *first = strstr(x, needle);
        if (first && strstr(first + 1, needle))
            dups++;
    }
    CHECK(regs > 100);
    CHECK(unreadable == 0);
    CHECK(dups == 0);
    free(x);

    CHECK(is("qXfer:features:read:nope.xml:0,10", "E00"));
    CHECK(is("qXfer:features:read:target.xml:100000,10", "l"));
    CHECK(is("qXfer:features:read:target.xml", "E00"));
    CHECK(is("qXfer:features:read:target.xml:0", "E00"));
}

/* ---- queries, threads, run control ---- */

static void test_control(void) {
    const char *sup = pkt("qSupported:multiprocess+;swbreak+;xmlRegisters=i386");
    CHECK(strstr(sup, "PacketSize=4000") && strstr(sup, "qXfer:features:read+") &&
          strstr(sup, "QStartNoAckMode+"));
    CHECK(is("?", "T05thread:1;"));
    CHECK(is("qAttached", "1"));
    CHECK(is("qC", "QC1"));
    CHECK(is("qfThreadInfo", "m1"));
    CHECK(is("qsThreadInfo", "l"));
    CHECK(is("Hg1", "OK") && is("Hc-1", "OK") && is("Hg0", "OK"));
    CHECK(is("Hg2", "E01") && is("Hx1", "E01") && is("H", "E01"));
    CHECK(is("T1", "OK") && is("T2", "E01"));
    CHECK(is("vMustReplyEmpty", ""));
    CHECK(is("vCont?", "vCont;c;C;s;S"));
    CHECK(is("qUnknownThing", ""));
    CHECK(is("", ""));
    CHECK(is("QStartNoAckMode", "OK"));

    /* Breakpoints live in the stub's table: guest memory is untouched. */
    memmap_write(&m->mem, RAM_BASE + 0x40, 4, 0x00000013);
    CHECK(is("Z0,80000040,4", "OK") && is("Z1,80000042,2", "OK"));
    uint64_t v = 0;
    CHECK(memmap_read(&m->mem, RAM_BASE + 0x40, 4, &v) && v == 0x13);
    CHECK(is("m80000040,4", "13000000"));
    CHECK(is("z0,80000040,4", "OK") && is("z0,80000040,4", "OK") && is("z1,80000042,2", "OK"));
    CHECK(is("Z2,80000040,4", ""));                             /* watchpoints: unsupported */
    CHECK(is("Z0,zz,4", "E01") && is("Z0", "E01") && is("Z", "E01") && is("Z0,1", "E01"));
    char z[32];
    bool all_ok = true;
    for (int i = 0; i < 256; i++) {
        snprintf(z, sizeof z, "Z0,%x,2", 0x80001000 + 2 * i);
        all_ok &= !strcmp(pkt(z), "OK");
    }
    CHECK(all_ok);
    CHECK(is("Z0,90000000,2", "E28"));                          /* table full */
    CHECK(is("Z0,80001000,2", "OK"));                           /* already there */

    /* Resume packets give no immediate reply and say who steps. */
    CHECK(is("c", "<none>") && gdbstub_test_resumed(stub) == 0);
    CHECK(is("s", "<none>") && gdbstub_test_resumed(stub) == 1);
    CHECK(is("vCont;s:1;c", "<none>") && gdbstub_test_resumed(stub) == 1);
    CHECK(is("vCont;c:1;s", "<none>") && gdbstub_test_resumed(stub) == 0);
    CHECK(is("vCont;S05", "<none>") && gdbstub_test_resumed(stub) == 1);
    CHECK(is("vCont;C0f:-1", "<none>") && gdbstub_test_resumed(stub) == 0);
    CHECK(is("c80000080", "<none>") && cpu->c.pc == 0x80000080);
    CHECK(is("vCont;x", "E01") && is("vCont;s:9", "E01") && is("vCont;Szz", "E01"));
    CHECK(is("vCont;", "E01") && is("vCont;cc", "E01") && is("czz", "E01"));
    /* Breakpoints do not turn chaining off; detaching leaves the command line's flags. */
    CHECK(!cpu->c.nochain);
    cpu->c.singlestep = true;                                   /* as the hook may leave it */
    CHECK(is("D", "OK") && !cpu->c.nochain && !cpu->c.singlestep);
    cpu->c.pc = RAM_BASE;
}

int main(void) {
    setup();
    test_framing();
    test_escaping();
    test_registers();
    test_memory_bare();
    test_memory_sv39();
    test_target_xml();
    test_control();
    teardown();
    printf("test_gdbstub: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
