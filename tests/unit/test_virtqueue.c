/* SPDX-License-Identifier: MIT */
/* Unit tests of hw/virtqueue.c driven directly with hand-built split rings (virtio 1.x, 2.7)
   in a guest RAM region whose host buffer sits between large PROT_NONE guard areas, so any
   access outside guest RAM crashes the test. Every malformed chain (bad addresses, addr + len
   overflow, bad indices, loops, over-long chains, bad indirect tables, zero and oversized
   lengths, readable-after-writable) must be refused, break the queue, call on_error once and
   leave guest RAM byte-for-byte unchanged. Also: well-formed chains, used ring updates,
   NO_INTERRUPT and EVENT_IDX notification suppression, avail_event, the DMA hook. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hw/virtqueue.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define PAGE 4096ull
#define GUARD (16ull << 20)
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64ull << 10)
#define MMIO_BASE (RAM_BASE + RAM_SIZE)     /* right after RAM: a device, not memory */
#define BIG_BASE 0x100000000ull             /* a 2 GiB RAM region, never touched */
#define BIG_SIZE (2ull << 30)

#define QN 8u
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define ITAB (RAM_BASE + 0x3000)            /* indirect tables */
#define BUF (RAM_BASE + 0x8000)             /* data buffers */

static uint8_t *ram;                         /* host view of [RAM_BASE, +RAM_SIZE) */
static uint8_t code_pages[RAM_SIZE / PAGE];
static MemRegion regions[3];
static MemMap mm;
static uint8_t snapshot[RAM_SIZE];
static int mmio_touched, errors_reported;

static uint64_t mmio_rd(void *o, uint64_t off, unsigned s) {
    (void)o; (void)off; (void)s;
    mmio_touched++;
    return 0;
}
static void mmio_wr(void *o, uint64_t off, uint64_t v, unsigned s) {
    (void)o; (void)off; (void)v; (void)s;
    mmio_touched++;
}
static const MmioOps mmio_ops = {.read = mmio_rd, .write = mmio_wr, .min_size = 1, .max_size = 8};

static void on_error(void *opaque) {
    (void)opaque;
    errors_reported++;
}

static void setup_memory(void) {
    uint8_t *m = mmap(NULL, GUARD + RAM_SIZE + GUARD, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED || mprotect(m + GUARD, RAM_SIZE, PROT_READ | PROT_WRITE) != 0) {
        perror("mmap");
        exit(1);
    }
    ram = m + GUARD;
    uint8_t *big = mmap(NULL, BIG_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                        -1, 0);
    if (big == MAP_FAILED) {
        perror("mmap big");
        exit(1);
    }
    /* The big region is PROT_NONE too: its buffers may be described, never accessed. */
    regions[0] = (MemRegion){.name = "ram", .base = RAM_BASE, .size = RAM_SIZE, .ram = ram,
                             .code_pages = code_pages, .code_base = RAM_BASE};
    regions[1] = (MemRegion){.name = "dev", .base = MMIO_BASE, .size = PAGE, .ops = &mmio_ops};
    regions[2] = (MemRegion){.name = "big", .base = BIG_BASE, .size = BIG_SIZE, .ram = big};
    mm.regions = regions;
    mm.n = 3;
}

static uint8_t *H(uint64_t gpa) { return ram + (gpa - RAM_BASE); }
static void w16(uint64_t gpa, uint16_t v) { memcpy(H(gpa), &v, 2); }
static void w32(uint64_t gpa, uint32_t v) { memcpy(H(gpa), &v, 4); }
static void w64(uint64_t gpa, uint64_t v) { memcpy(H(gpa), &v, 8); }
static uint16_t r16(uint64_t gpa) { uint16_t v; memcpy(&v, H(gpa), 2); return v; }
static uint32_t r32(uint64_t gpa) { uint32_t v; memcpy(&v, H(gpa), 4); return v; }

static void desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                 uint16_t next) {
    w64(table + 16 * i, addr);
    w32(table + 16 * i + 8, len);
    w16(table + 16 * i + 12, flags);
    w16(table + 16 * i + 14, next);
}

static uint16_t avail_idx;
/* Make chain head available (the driver side of 2.7.13). */
static void offer(uint16_t head) {
    w16(AVAIL + 4 + 2 * (avail_idx % QN), head);
    avail_idx++;
    w16(AVAIL + 2, avail_idx);
}

static Virtqueue *fresh(bool indirect, bool event_idx) {
    memset(ram, 0xa5, RAM_SIZE);         /* canary everywhere the test does not write */
    memset(H(AVAIL), 0, 6 + 2 * QN);
    memset(H(USED), 0, 6 + 8 * QN);
    memset(code_pages, 0, sizeof code_pages);
    avail_idx = 0;
    errors_reported = 0;
    mmio_touched = 0;
    VirtqError why;
    Virtqueue *vq = virtq_create(&mm, QN, DESC, AVAIL, USED, indirect, event_idx, on_error,
                                 NULL, &why);
    CHECK(vq && why == VIRTQ_OK, "create: %s", virtq_error_str(why));
    return vq;
}

/* Pop must refuse: NULL, broken, on_error once, expected reason, RAM untouched. */
static void expect_refused(Virtqueue *vq, VirtqError want, const char *what) {
    memcpy(snapshot, ram, RAM_SIZE);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e == NULL, "%s: chain accepted", what);
    if (e)
        virtq_elem_free(e);
    CHECK(virtq_broken(vq), "%s: queue not broken", what);
    CHECK(errors_reported == 1, "%s: on_error called %d times", what, errors_reported);
    CHECK(virtq_last_error(vq) == want, "%s: reason '%s', expected '%s'", what,
          virtq_error_str(virtq_last_error(vq)), virtq_error_str(want));
    CHECK(memcmp(snapshot, ram, RAM_SIZE) == 0, "%s: guest RAM modified", what);
    CHECK(mmio_touched == 0, "%s: device region accessed", what);
    /* Broken for good: even a now-valid chain is not taken. */
    desc(DESC, 7, BUF, 16, 0, 0);
    offer(7);
    CHECK(virtq_pop(vq) == NULL, "%s: broken queue still pops", what);
    CHECK(errors_reported == 1, "%s: on_error repeated", what);
    virtq_free(vq);
}

static void test_create_checks(void) {
    VirtqError why;
    CHECK(!virtq_create(&mm, QN, DESC + 8, AVAIL, USED, false, false, NULL, NULL, &why) &&
              why == VIRTQ_ERR_RING_ADDR, "misaligned descriptor table accepted");
    CHECK(!virtq_create(&mm, QN, DESC, AVAIL + 1, USED, false, false, NULL, NULL, &why),
          "misaligned avail ring accepted");
    CHECK(!virtq_create(&mm, QN, DESC, AVAIL, USED + 2, false, false, NULL, NULL, &why),
          "misaligned used ring accepted");
    CHECK(!virtq_create(&mm, QN, RAM_BASE + RAM_SIZE - 64, AVAIL, USED, false, false, NULL,
                        NULL, &why), "descriptor table past the end of RAM accepted");
    CHECK(!virtq_create(&mm, QN, DESC, MMIO_BASE, USED, false, false, NULL, NULL, &why),
          "avail ring in a device region accepted");
    CHECK(!virtq_create(&mm, QN, DESC, AVAIL, RAM_BASE + RAM_SIZE - 8 * QN, false, false, NULL,
                        NULL, &why), "used ring straddling the end of RAM accepted");
    CHECK(!virtq_create(&mm, 6, DESC, AVAIL, USED, false, false, NULL, NULL, &why),
          "queue size not a power of two accepted");
    CHECK(!virtq_create(&mm, 0, DESC, AVAIL, USED, false, false, NULL, NULL, &why),
          "queue size 0 accepted");
    CHECK(!virtq_create(&mm, 65536, DESC, AVAIL, USED, false, false, NULL, NULL, &why),
          "queue size 65536 accepted");
}

static void test_good_chain(void) {
    Virtqueue *vq = fresh(false, false);
    /* head 5 -> 2 -> 6: 16 readable, 100 readable, 512 writable */
    desc(DESC, 5, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
    desc(DESC, 2, BUF + 0x100, 100, VIRTQ_DESC_F_NEXT, 6);
    desc(DESC, 6, BUF + 0x1000, 512, VIRTQ_DESC_F_WRITE, 0);
    memcpy(H(BUF), "0123456789abcdef", 16);
    offer(5);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e != NULL, "good chain refused: %s", virtq_error_str(virtq_last_error(vq)));
    if (!e)
        return;
    CHECK(e->head == 5 && e->n_out == 2 && e->n_in == 1, "head %u out %u in %u", e->head,
          e->n_out, e->n_in);
    CHECK(e->out_len == 116 && e->in_len == 512, "lens %llu %llu",
          (unsigned long long)e->out_len, (unsigned long long)e->in_len);
    CHECK(e->seg[0].host == H(BUF) && e->seg[1].host == H(BUF + 0x100) &&
              e->seg[2].host == H(BUF + 0x1000), "segment host pointers");
    CHECK(e->seg[1].gpa == BUF + 0x100 && e->seg[2].len == 512, "segment gpa/len");
    char hdr[20] = {0};
    CHECK(virtq_elem_read(e, 10, hdr, 8) == 8 && memcmp(hdr, "abcdef\xa5\xa5", 8) == 0,
          "read across segments: %.8s", hdr);
    CHECK(virtq_elem_write(e, 508, "WXYZ!!", 6) == 4 && memcmp(H(BUF + 0x1000 + 508), "WXYZ",
                                                               4) == 0, "write clamps");
    CHECK(virtq_pop(vq) == NULL && !virtq_broken(vq), "empty ring pops");
    CHECK(virtq_inflight(vq) == 1, "inflight %u", virtq_inflight(vq));
    virtq_push(vq, e, 300);
    CHECK(r16(USED + 2) == 1, "used idx %u", r16(USED + 2));
    CHECK(r32(USED + 4) == 5 && r32(USED + 8) == 300, "used elem %u/%u", r32(USED + 4),
          r32(USED + 8));
    CHECK(virtq_should_notify(vq), "flags 0 must notify");
    /* NO_INTERRUPT suppresses (without EVENT_IDX). */
    w16(AVAIL, VIRTQ_AVAIL_F_NO_INTERRUPT);
    desc(DESC, 0, BUF + 0x2000, 64, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    e = virtq_pop(vq);
    CHECK(e && e->n_out == 0 && e->n_in == 1, "writable-only chain");
    if (e)
        virtq_push(vq, e, 1000);         /* more than the buffer: clamped */
    CHECK(r32(USED + 8 + 8) == 64, "used len clamped to %u", r32(USED + 16));
    CHECK(!virtq_should_notify(vq), "NO_INTERRUPT ignored");
    CHECK(errors_reported == 0, "on_error called");
    virtq_free(vq);
}

static void test_max_len_chain(void) {
    /* Exactly QN descriptors is fine; QN + 1 via a loop is not (below). */
    Virtqueue *vq = fresh(false, false);
    for (unsigned i = 0; i < QN; i++)
        desc(DESC, i, BUF + 64 * i, 64, i + 1 < QN ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
    offer(0);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e && e->n_out == QN, "chain of queue size refused");
    if (e)
        virtq_push(vq, e, 0);
    virtq_free(vq);
}

static void test_indirect_good(void) {
    Virtqueue *vq = fresh(true, false);
    /* direct readable desc 1 -> desc 3 INDIRECT (table: readable, writable, writable) */
    desc(DESC, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 3);
    desc(DESC, 3, ITAB, 48, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE, 0); /* WRITE ignored */
    desc(ITAB, 0, BUF + 0x100, 8, VIRTQ_DESC_F_NEXT, 2);
    desc(ITAB, 2, BUF + 0x200, 32, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(ITAB, 1, BUF + 0x300, 1, VIRTQ_DESC_F_WRITE, 0);
    offer(1);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e != NULL, "indirect chain refused: %s", virtq_error_str(virtq_last_error(vq)));
    if (e) {
        CHECK(e->head == 1 && e->n_out == 2 && e->n_in == 2, "out %u in %u", e->n_out, e->n_in);
        CHECK(e->seg[1].host == H(BUF + 0x100) && e->seg[2].host == H(BUF + 0x200) &&
                  e->seg[3].host == H(BUF + 0x300) && e->in_len == 33, "indirect segments");
        virtq_push(vq, e, 33);
    }
    CHECK(r32(USED + 4) == 1 && r32(USED + 8) == 33, "used elem");
    virtq_free(vq);
}

static void test_event_idx(void) {
    Virtqueue *vq = fresh(false, true);
    const uint64_t used_event = AVAIL + 4 + 2 * QN, avail_event = USED + 4 + 8 * QN;
    w16(AVAIL, VIRTQ_AVAIL_F_NO_INTERRUPT);  /* must be ignored with EVENT_IDX */
    for (unsigned i = 0; i < 6; i++)
        desc(DESC, i, BUF + 64 * i, 64, VIRTQ_DESC_F_WRITE, 0);
    CHECK(virtq_pop(vq) == NULL, "empty");
    CHECK(r16(avail_event) == 0, "avail_event on empty ring: %u", r16(avail_event));
    for (unsigned i = 0; i < 6; i++)
        offer((uint16_t)i);
    VirtqElem *e[6];
    for (unsigned i = 0; i < 6; i++)
        e[i] = virtq_pop(vq);
    CHECK(e[5] != NULL, "pop six");
    CHECK(r16(avail_event) == 6, "avail_event after six pops: %u", r16(avail_event));
    /* used_event = 0: the driver wants to hear when entry 0 is used (idx 0 -> 1). */
    w16(used_event, 0);
    virtq_push(vq, e[0], 1);
    CHECK(virtq_should_notify(vq), "used idx 1 crosses used_event 0");
    virtq_push(vq, e[1], 1);
    CHECK(!virtq_should_notify(vq), "used idx 2 does not cross used_event 0");
    /* used_event = 3: notify once idx passes 4, even across a batch 2 -> 5. */
    w16(used_event, 3);
    virtq_push(vq, e[2], 1);
    virtq_push(vq, e[3], 1);
    virtq_push(vq, e[4], 1);
    CHECK(virtq_should_notify(vq), "batch 2->5 crosses used_event 3");
    CHECK(!virtq_should_notify(vq), "no new used buffers: no notification");
    w16(used_event, 9);
    virtq_push(vq, e[5], 1);
    CHECK(!virtq_should_notify(vq), "idx 6 before used_event 9");
    CHECK(r16(USED + 2) == 6, "used idx %u", r16(USED + 2));
    /* Wrap-around of the 16-bit index: the formula is modular. */
    CHECK(!virtq_broken(vq) && errors_reported == 0, "queue broken");
    virtq_free(vq);
}

static void test_event_idx_recheck(void) {
    /* A buffer offered after the ring was seen empty is still found: the pop re-reads avail
       idx after publishing avail_event. Here it is simply visible at the second look. */
    Virtqueue *vq = fresh(false, true);
    desc(DESC, 0, BUF, 8, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e != NULL, "pop");
    CHECK(r16(USED + 4 + 8 * QN) == 1, "avail_event = next index");
    if (e)
        virtq_push(vq, e, 0);
    virtq_free(vq);
}

static uint64_t hook_gpa, hook_len;
static int hook_calls;
static void dma_hook(void *o, uint64_t gpa, uint64_t len) {
    (void)o;
    hook_calls++;
    hook_gpa = gpa;
    hook_len = len;
}

/* Device writes reach the memory layer's code notifier (the TB cache in a machine). */
static void test_dma_hook(void) {
    Virtqueue *vq = fresh(false, false);
    memmap_set_code_notifier(&mm, dma_hook, NULL);
    /* writable buffer spanning pages 9 and 10 of RAM; only page 10 holds code */
    uint64_t buf = RAM_BASE + 9 * PAGE + 0xf00;
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, buf, 0x200, VIRTQ_DESC_F_WRITE, 0);
    code_pages[10] = 1;
    code_pages[(BUF - RAM_BASE) / PAGE] = 1; /* readable buffer's page: not reported */
    offer(0);
    VirtqElem *e = virtq_pop(vq);
    hook_calls = 0;
    if (e)
        virtq_push(vq, e, 0x200);
    CHECK(hook_calls == 1 && hook_gpa == RAM_BASE + 10 * PAGE && hook_len == 0x100,
          "hook calls %d gpa 0x%llx len 0x%llx", hook_calls, (unsigned long long)hook_gpa,
          (unsigned long long)hook_len);
    /* Bulk writes through the memory map (loaders, -device loader) are reported alike. */
    hook_calls = 0;
    static const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CHECK(memmap_write_buf(&mm, RAM_BASE + 10 * PAGE + 8, bytes, sizeof bytes) &&
              hook_calls == 1 && hook_gpa == RAM_BASE + 10 * PAGE + 8 && hook_len == 8,
          "write_buf hook calls %d", hook_calls);
    CHECK(memmap_write_buf(&mm, RAM_BASE + 11 * PAGE, bytes, sizeof bytes) && hook_calls == 1,
          "write_buf to a page without code reported");
    memmap_set_code_notifier(&mm, NULL, NULL);
    virtq_free(vq);
}

static void test_malformed(void) {
    Virtqueue *vq;

    vq = fresh(false, false);
    desc(DESC, 0, RAM_BASE - 16, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "buffer below RAM");

    vq = fresh(false, false);
    desc(DESC, 0, MMIO_BASE, 4, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "buffer in a device region");

    vq = fresh(false, false);
    desc(DESC, 0, RAM_BASE + RAM_SIZE - 8, 16, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "buffer straddling the end of RAM");

    vq = fresh(false, false);
    desc(DESC, 0, 0xfffffffffffff000ull, 0x2000, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "addr + len wraps around");

    vq = fresh(false, false);
    desc(DESC, 0, RAM_BASE + 0x100, 0xffffffffu, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "oversized length");

    vq = fresh(false, false);
    desc(DESC, 0, BIG_BASE, 0x80000000u, VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, BIG_BASE, 0x80000000u, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_TOTAL_LEN, "chain of 4 GiB");

    vq = fresh(false, false);
    desc(DESC, 0, BUF, 0, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_ZERO_LEN, "zero-length buffer");

    vq = fresh(false, false);
    w16(AVAIL + 4, QN);
    w16(AVAIL + 2, 1);
    expect_refused(vq, VIRTQ_ERR_HEAD_INDEX, "head index = queue size");

    vq = fresh(false, false);
    w16(AVAIL + 4, 0xffff);
    w16(AVAIL + 2, 1);
    expect_refused(vq, VIRTQ_ERR_HEAD_INDEX, "head index 0xffff");

    vq = fresh(false, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, QN);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_NEXT_INDEX, "next index out of range");

    vq = fresh(false, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "descriptor pointing at itself");

    vq = fresh(false, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
    desc(DESC, 2, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "loop 0->1->2->0");

    vq = fresh(false, false);
    w16(AVAIL + 2, QN + 1);              /* more buffers than the ring holds */
    expect_refused(vq, VIRTQ_ERR_AVAIL_IDX, "avail idx too far ahead");

    vq = fresh(false, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, BUF + 64, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_ORDER, "readable after writable");

    /* indirect */
    vq = fresh(false, false);
    desc(DESC, 0, ITAB, 32, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_FEATURE, "indirect without the feature");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, BUF, 16, 0, 0);
    desc(ITAB, 0, BUF, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_NEXT, "indirect with NEXT");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 24, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_SIZE, "indirect table of 24 bytes");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 0, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_SIZE, "indirect table of 0 bytes");

    vq = fresh(true, false);
    desc(DESC, 0, RAM_BASE + RAM_SIZE - 16, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_ADDR, "indirect table straddling RAM's end");

    vq = fresh(true, false);
    desc(DESC, 0, MMIO_BASE, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_ADDR, "indirect table in a device region");

    vq = fresh(true, false);
    desc(DESC, 0, 0xfffffffffffffff0ull, 0x20, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_ADDR, "indirect table address wraps");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 32, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(ITAB, 1, ITAB + 0x100, 16, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB + 0x100, 0, BUF, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_INDIRECT_NESTED, "nested indirect table");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 48, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    desc(ITAB, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "loop inside an indirect table");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 32, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 2);   /* table has 2 entries */
    offer(0);
    expect_refused(vq, VIRTQ_ERR_NEXT_INDEX, "next beyond the indirect table");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 16 * (QN + 1), VIRTQ_DESC_F_INDIRECT, 0);
    for (unsigned i = 0; i <= QN; i++)
        desc(ITAB, i, BUF + 32 * i, 32, i < QN ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
    offer(0);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "indirect chain longer than the queue");

    vq = fresh(true, false);
    for (unsigned i = 0; i < 6; i++)
        desc(DESC, i, BUF + 32 * i, 32, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
    desc(DESC, 6, ITAB, 48, VIRTQ_DESC_F_INDIRECT, 0);
    for (unsigned i = 0; i < 3; i++)
        desc(ITAB, i, BUF + 0x400 + 32 * i, 32, i < 2 ? VIRTQ_DESC_F_NEXT : 0,
             (uint16_t)(i + 1));
    offer(0);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "direct + indirect longer than the queue");

    vq = fresh(true, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(DESC, 1, ITAB, 16, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF + 64, 16, 0, 0);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_ORDER, "readable indirect entry after a writable direct one");

    vq = fresh(true, false);
    desc(DESC, 0, ITAB, 32, VIRTQ_DESC_F_INDIRECT, 0);
    desc(ITAB, 0, BUF, 16, 0, 1);
    desc(ITAB, 1, BUF - RAM_BASE, 16, 0, 0);
    w16(ITAB + 12, VIRTQ_DESC_F_NEXT);
    offer(0);
    expect_refused(vq, VIRTQ_ERR_BUF_ADDR, "indirect entry outside RAM");

    /* A refused chain after good ones: the good ones' used entries stay, nothing else. */
    vq = fresh(false, false);
    desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_WRITE, 0);
    desc(DESC, 1, BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    offer(0);
    offer(1);
    VirtqElem *e = virtq_pop(vq);
    CHECK(e != NULL, "first chain");
    if (e)
        virtq_push(vq, e, 4);
    expect_refused(vq, VIRTQ_ERR_CHAIN_TOO_LONG, "loop after a good chain");
}

int main(void) {
    setup_memory();
    test_create_checks();
    test_good_chain();
    test_max_len_chain();
    test_indirect_good();
    test_event_idx();
    test_event_idx_recheck();
    test_dma_hook();
    test_malformed();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
