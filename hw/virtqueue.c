/* SPDX-License-Identifier: MIT */
/* Split virtqueue, device side (virtio 1.x, 2.7). The driver's rings are untrusted: every
   descriptor is copied once, then checked (index, RAM bounds via memmap_ram_ptr, length, flag
   rules of 2.7.5.3), and a chain may not have more descriptors than the queue (or its indirect
   table) has entries, which also catches loops. Any violation breaks the queue. */
#include "virtqueue.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include "system/log.h"

typedef struct VirtqDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} VirtqDesc;

struct Virtqueue {
    const MemMap *mem;
    unsigned num;
    uint8_t *desc, *avail, *used;        /* host pointers to the three parts */
    uint16_t last_avail;                 /* next avail ring slot to take */
    uint16_t used_idx;                   /* our copy of used->idx */
    uint16_t signalled_used;             /* used_idx when we last decided about notifying */
    bool signalled_valid;
    bool indirect, event_idx, broken;
    VirtqError err;
    unsigned inflight;
    void (*on_error)(void *opaque);
    void *opaque;
    VirtqSeg *scratch;                   /* num entries: the chain being walked */
};

static const char *const err_names[] = {
    [VIRTQ_OK] = "ok",
    [VIRTQ_ERR_RING_ADDR] = "ring not in RAM or misaligned",
    [VIRTQ_ERR_AVAIL_IDX] = "avail idx more than queue size ahead",
    [VIRTQ_ERR_HEAD_INDEX] = "avail ring entry out of range",
    [VIRTQ_ERR_NEXT_INDEX] = "descriptor next out of range",
    [VIRTQ_ERR_CHAIN_TOO_LONG] = "descriptor chain longer than the queue (loop?)",
    [VIRTQ_ERR_BUF_ADDR] = "buffer not in guest RAM",
    [VIRTQ_ERR_ZERO_LEN] = "zero-length buffer",
    [VIRTQ_ERR_TOTAL_LEN] = "chain of 4 GiB or more",
    [VIRTQ_ERR_ORDER] = "device-readable buffer after a device-writable one",
    [VIRTQ_ERR_INDIRECT_FEATURE] = "indirect descriptor not negotiated",
    [VIRTQ_ERR_INDIRECT_NEXT] = "indirect descriptor with NEXT",
    [VIRTQ_ERR_INDIRECT_NESTED] = "nested indirect table",
    [VIRTQ_ERR_INDIRECT_SIZE] = "indirect table size not a nonzero multiple of 16",
    [VIRTQ_ERR_INDIRECT_ADDR] = "indirect table not in guest RAM",
};

const char *virtq_error_str(VirtqError e) {
    return (unsigned)e < sizeof err_names / sizeof *err_names && err_names[e] ? err_names[e]
                                                                              : "?";
}

static uint16_t ld16_acq(const uint8_t *p) {
    return le16toh(__atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_ACQUIRE));
}
static uint16_t ld16(const uint8_t *p) {
    return le16toh(__atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_RELAXED));
}
static void st16(uint8_t *p, uint16_t v) {
    __atomic_store_n((uint16_t *)(void *)p, htole16(v), __ATOMIC_RELAXED);
}

Virtqueue *virtq_create(const MemMap *m, unsigned num, uint64_t desc, uint64_t avail,
                        uint64_t used, bool indirect, bool event_idx,
                        void (*on_error)(void *opaque), void *opaque, VirtqError *why) {
    VirtqError e = VIRTQ_OK;
    uint8_t *d = NULL, *a = NULL, *u = NULL;
    if (num == 0 || num > VIRTQ_MAX_SIZE || (num & (num - 1))) {
        e = VIRTQ_ERR_RING_ADDR;
    } else if ((desc & 15) || (avail & 1) || (used & 3)) {
        e = VIRTQ_ERR_RING_ADDR;
    } else {
        d = memmap_ram_ptr(m, desc, 16ull * num);
        a = memmap_ram_ptr(m, avail, 6ull + 2ull * num);
        u = memmap_ram_ptr(m, used, 6ull + 8ull * num);
        if (!d || !a || !u)
            e = VIRTQ_ERR_RING_ADDR;
    }
    if (why)
        *why = e;
    if (e != VIRTQ_OK)
        return NULL;
    Virtqueue *vq = calloc(1, sizeof *vq);
    VirtqSeg *scratch = calloc(num, sizeof *scratch);
    if (!vq || !scratch) {
        free(vq);
        free(scratch);
        return NULL;
    }
    *vq = (Virtqueue){.mem = m, .num = num, .desc = d, .avail = a, .used = u,
                      .indirect = indirect, .event_idx = event_idx, .on_error = on_error,
                      .opaque = opaque, .scratch = scratch};
    /* Both rings' indices start at 0 (2.7.6, 2.7.8); the driver zeroes the used ring, and we
       never write its flags (we never suppress available-buffer notifications). */
    return vq;
}

void virtq_free(Virtqueue *vq) {
    if (!vq)
        return;
    free(vq->scratch);
    free(vq);
}

static void fail(Virtqueue *vq, VirtqError e) {
    if (vq->broken)
        return;
    vq->broken = true;
    vq->err = e;
    if (log_enabled(LOG_GUEST_ERRORS))
        tern_log("virtqueue: %s: device needs reset\n", virtq_error_str(e));
    if (vq->on_error)
        vq->on_error(vq->opaque);
}

void virtq_set_broken(Virtqueue *vq) {
    if (!vq->broken) {
        vq->broken = true;
        if (vq->on_error)
            vq->on_error(vq->opaque);
    }
}

bool virtq_broken(const Virtqueue *vq) { return vq->broken; }
VirtqError virtq_last_error(const Virtqueue *vq) { return vq->err; }
unsigned virtq_num(const Virtqueue *vq) { return vq->num; }
unsigned virtq_inflight(const Virtqueue *vq) { return vq->inflight; }

static void set_avail_event(Virtqueue *vq, uint16_t v) {
    st16(vq->used + 4 + 8 * vq->num, v);
}

static VirtqDesc read_desc(const uint8_t *table, unsigned i) {
    uint8_t raw[16];
    /* One copy: the driver may rewrite the entry while we look at it, so every check below
       is made on this snapshot, never on guest memory again. */
    memcpy(raw, table + 16 * (size_t)i, 16);
    VirtqDesc d;
    uint64_t a;
    uint32_t l;
    uint16_t f, n;
    memcpy(&a, raw, 8);
    memcpy(&l, raw + 8, 4);
    memcpy(&f, raw + 12, 2);
    memcpy(&n, raw + 14, 2);
    d.addr = le64toh(a);
    d.len = le32toh(l);
    d.flags = le16toh(f);
    d.next = le16toh(n);
    return d;
}

/* Walk the chain at head into vq->scratch; returns the number of segments or -1 (broken). */
static int walk_chain(Virtqueue *vq, unsigned head, uint32_t *n_out) {
    const uint8_t *table = vq->desc;
    unsigned tnum = vq->num, idx = head, count = 0, nseg = 0;
    bool in_indirect = false, writable = false;
    uint64_t total = 0;
    *n_out = 0;
    for (;;) {
        if (++count > tnum) {
            fail(vq, VIRTQ_ERR_CHAIN_TOO_LONG);
            return -1;
        }
        VirtqDesc d = read_desc(table, idx);
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            VirtqError e = VIRTQ_OK;
            if (in_indirect)
                e = VIRTQ_ERR_INDIRECT_NESTED;
            else if (!vq->indirect)
                e = VIRTQ_ERR_INDIRECT_FEATURE;
            else if (d.flags & VIRTQ_DESC_F_NEXT)
                e = VIRTQ_ERR_INDIRECT_NEXT;
            else if (d.len == 0 || d.len % 16)
                e = VIRTQ_ERR_INDIRECT_SIZE;
            else if (!(table = memmap_ram_ptr(vq->mem, d.addr, d.len)))
                e = VIRTQ_ERR_INDIRECT_ADDR;
            if (e != VIRTQ_OK) {
                fail(vq, e);
                return -1;
            }
            /* The table replaces the rest of the chain (INDIRECT without NEXT ends it). */
            in_indirect = true;
            tnum = d.len / 16;
            idx = 0;
            count = 0;
            continue;
        }
        if (d.len == 0) {
            fail(vq, VIRTQ_ERR_ZERO_LEN);
            return -1;
        }
        uint8_t *host = memmap_ram_ptr(vq->mem, d.addr, d.len);
        if (!host) {
            fail(vq, VIRTQ_ERR_BUF_ADDR);
            return -1;
        }
        if (d.flags & VIRTQ_DESC_F_WRITE) {
            writable = true;
        } else if (writable) {
            fail(vq, VIRTQ_ERR_ORDER);
            return -1;
        } else {
            (*n_out)++;
        }
        total += d.len;
        if (total > UINT32_MAX) {
            fail(vq, VIRTQ_ERR_TOTAL_LEN);
            return -1;
        }
        /* Direct and indirect parts together stay within the queue size (2.7.5.3.1). */
        if (nseg == vq->num) {
            fail(vq, VIRTQ_ERR_CHAIN_TOO_LONG);
            return -1;
        }
        vq->scratch[nseg++] = (VirtqSeg){.gpa = d.addr, .host = host, .len = d.len};
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return (int)nseg;
        if (d.next >= tnum) {
            fail(vq, VIRTQ_ERR_NEXT_INDEX);
            return -1;
        }
        idx = d.next;
    }
}

VirtqElem *virtq_pop(Virtqueue *vq) {
    if (vq->broken)
        return NULL;
    uint16_t avail_idx = ld16_acq(vq->avail + 2);
    uint16_t pending = (uint16_t)(avail_idx - vq->last_avail);
    if (pending == 0 && vq->event_idx) {
        /* Ask to be told about the next buffer, then look again: the driver may have added
           one after our first look but before it could see the new avail_event. */
        set_avail_event(vq, vq->last_avail);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        avail_idx = ld16_acq(vq->avail + 2);
        pending = (uint16_t)(avail_idx - vq->last_avail);
    }
    if (pending == 0)
        return NULL;
    if (pending > vq->num) {
        fail(vq, VIRTQ_ERR_AVAIL_IDX);
        return NULL;
    }
    unsigned head = ld16(vq->avail + 4 + 2 * (vq->last_avail % vq->num));
    if (head >= vq->num) {
        fail(vq, VIRTQ_ERR_HEAD_INDEX);
        return NULL;
    }
    uint32_t n_out;
    int nseg = walk_chain(vq, head, &n_out);
    if (nseg < 0)
        return NULL;
    VirtqElem *e = malloc(sizeof *e + (size_t)nseg * sizeof(VirtqSeg));
    if (!e)
        return NULL;                     /* retried at the next notify */
    e->head = (uint16_t)head;
    e->n_out = n_out;
    e->n_in = (uint32_t)nseg - n_out;
    e->out_len = e->in_len = 0;
    for (int i = 0; i < nseg; i++) {
        e->seg[i] = vq->scratch[i];
        if ((uint32_t)i < n_out)
            e->out_len += e->seg[i].len;
        else
            e->in_len += e->seg[i].len;
    }
    vq->last_avail++;
    vq->inflight++;
    if (vq->event_idx)
        set_avail_event(vq, vq->last_avail);
    return e;
}

void virtq_unpop(Virtqueue *vq, VirtqElem *elem) {
    vq->last_avail--;
    vq->inflight--;
    virtq_elem_free(elem);
}

/* DMA into guest RAM through host pointers: the memory layer drops translations of any code
   it overwrote. */
static void note_written(Virtqueue *vq, const VirtqSeg *s) {
    memmap_dma_written(vq->mem, s->gpa, s->len);
}

void virtq_push(Virtqueue *vq, VirtqElem *elem, uint32_t len) {
    vq->inflight--;
    if (vq->broken) {
        virtq_elem_free(elem);
        return;
    }
    if (len > elem->in_len) {
        if (log_enabled(LOG_GUEST_ERRORS))
            tern_log("virtqueue: device used %u bytes of a %llu-byte buffer\n", len,
                     (unsigned long long)elem->in_len);
        len = (uint32_t)elem->in_len;
    }
    for (uint32_t i = elem->n_out; i < elem->n_out + elem->n_in; i++)
        note_written(vq, &elem->seg[i]);
    uint8_t *ue = vq->used + 4 + 8 * (size_t)(vq->used_idx % vq->num);
    uint32_t id = htole32(elem->head), l = htole32(len);
    memcpy(ue, &id, 4);
    memcpy(ue + 4, &l, 4);
    vq->used_idx++;
    /* Release: the element and the data written into the buffers are visible before idx. */
    __atomic_store_n((uint16_t *)(void *)(vq->used + 2), htole16(vq->used_idx),
                     __ATOMIC_RELEASE);
    virtq_elem_free(elem);
}

bool virtq_should_notify(Virtqueue *vq) {
    if (vq->broken)
        return false;
    /* Our used idx store must be ordered before the load of flags / used_event, pairing
       with the driver's barrier between writing used_event and reading used idx. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!vq->event_idx)
        return !(ld16(vq->avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
    uint16_t old = vq->signalled_used, new_idx = vq->used_idx;
    bool valid = vq->signalled_valid;
    vq->signalled_used = new_idx;
    vq->signalled_valid = true;
    uint16_t event = ld16(vq->avail + 4 + 2 * vq->num);
    /* vring_need_event: did used idx step over used_event + 1 since the last decision? */
    return !valid || (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

size_t virtq_elem_read(const VirtqElem *e, uint64_t off, void *dst, size_t len) {
    size_t done = 0;
    for (uint32_t i = 0; i < e->n_out && done < len; i++) {
        const VirtqSeg *s = &e->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t n = s->len - off;
        if (n > len - done)
            n = len - done;
        memcpy((uint8_t *)dst + done, s->host + off, n);
        done += n;
        off = 0;
    }
    return done;
}

size_t virtq_elem_write(const VirtqElem *e, uint64_t off, const void *src, size_t len) {
    size_t done = 0;
    for (uint32_t i = e->n_out; i < e->n_out + e->n_in && done < len; i++) {
        const VirtqSeg *s = &e->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t n = s->len - off;
        if (n > len - done)
            n = len - done;
        memcpy(s->host + off, (const uint8_t *)src + done, n);
        done += n;
        off = 0;
    }
    return done;
}

void virtq_elem_free(VirtqElem *e) { free(e); }
