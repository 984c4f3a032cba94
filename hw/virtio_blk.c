/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.x, 5.2) on a raw image. The CPU thread pops and frames requests at
   notify time (a chain without a 16-byte header or a status byte is a protocol violation:
   DEVICE_NEEDS_RESET), one worker thread does the file I/O straight into guest RAM through
   the checked host pointers of the chain, in submission order, and hands finished requests
   back; the transport's poll writes the status byte and pushes them. A flush is acknowledged
   only after fdatasync returned. */
#define _GNU_SOURCE
#include "virtio_blk.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "system/image_lock.h"
#include "system/log.h"

#define SECTOR 512u

typedef struct BlkReq {
    struct BlkReq *next;
    Virtqueue *vq;
    VirtqElem *elem;
    uint32_t type;
    uint64_t sector;
    uint8_t status;
    uint32_t used;                       /* bytes written into the writable part */
} BlkReq;

typedef struct VirtioBlk {
    VirtioDevice vdev;                   /* first: VirtioDevice * <-> VirtioBlk * */
    int fd;
    bool ro, snapshot;
    uint64_t capacity;                   /* sectors */
    char id[VIRTIO_BLK_ID_BYTES];
    int ovl_fd;                          /* snapshot overlay, -1 otherwise */
    uint8_t *dirty;                      /* snapshot: 1 bit per sector held by the overlay */
    pthread_t thread;
    bool thread_started;
    pthread_mutex_t lock;
    pthread_cond_t work_cond, idle_cond;
    BlkReq *sub_head, *sub_tail;         /* submitted, for the worker */
    BlkReq *done_head, *done_tail;       /* finished, for the CPU thread */
    unsigned busy;                       /* submitted and not yet finished */
    bool stop;
} VirtioBlk;

static VirtioBlk *to_blk(VirtioDevice *d) { return (VirtioBlk *)d; }

/* --- file I/O on scatter-gather lists --- */

/* iov for bytes [skip, skip + len) of segments seg[0..n). Returns the count. */
static int slice_iov(const VirtqSeg *seg, uint32_t n, uint64_t skip, uint64_t len,
                     struct iovec *iov) {
    int cnt = 0;
    for (uint32_t i = 0; i < n && len > 0; i++) {
        if (skip >= seg[i].len) {
            skip -= seg[i].len;
            continue;
        }
        uint64_t take = seg[i].len - skip;
        if (take > len)
            take = len;
        iov[cnt++] = (struct iovec){.iov_base = seg[i].host + skip, .iov_len = take};
        len -= take;
        skip = 0;
    }
    return cnt;
}

/* Full transfer of iov at off; false on an error or at the end of the file (requests are
   range-checked against the capacity, so the file got shorter since it was opened). */
static bool rw_iov(int fd, struct iovec *iov, int cnt, uint64_t off, bool write) {
    while (cnt > 0) {
        int batch = cnt < IOV_MAX ? cnt : IOV_MAX;
        ssize_t r = write ? pwritev(fd, iov, batch, (off_t)off)
                          : preadv(fd, iov, batch, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (r == 0)
            return false;       /* a read past the end: the image shrank under the guest */
        off += (uint64_t)r;
        size_t left = (size_t)r;
        while (cnt > 0 && left >= iov->iov_len) {
            left -= iov->iov_len;
            iov++;
            cnt--;
        }
        if (cnt > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + left;
            iov->iov_len -= left;
        }
    }
    return true;
}

static bool dirty_get(const VirtioBlk *b, uint64_t s) { return b->dirty[s >> 3] >> (s & 7) & 1; }
static void dirty_set(VirtioBlk *b, uint64_t s, uint64_t n) {
    for (uint64_t i = s; i < s + n; i++)
        b->dirty[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* Move nsec sectors at sector between the image and segments (from byte skip on). */
static bool disk_rw(VirtioBlk *b, const VirtqSeg *seg, uint32_t n, uint64_t skip,
                    uint64_t sector, uint64_t nsec, bool write) {
    struct iovec *iov = malloc((n ? n : 1) * sizeof *iov);
    if (!iov)
        return false;
    bool ok = true;
    if (!b->snapshot) {
        int cnt = slice_iov(seg, n, skip, nsec * SECTOR, iov);
        ok = rw_iov(b->fd, iov, cnt, sector * SECTOR, write);
    } else if (write) {
        int cnt = slice_iov(seg, n, skip, nsec * SECTOR, iov);
        ok = rw_iov(b->ovl_fd, iov, cnt, sector * SECTOR, true);
        if (ok)
            dirty_set(b, sector, nsec);
    } else {
        /* Runs of sectors from the same file: overlay where written, else the image. */
        uint64_t i = 0;
        while (ok && i < nsec) {
            bool d = dirty_get(b, sector + i);
            uint64_t j = i + 1;
            while (j < nsec && dirty_get(b, sector + j) == d)
                j++;
            int cnt = slice_iov(seg, n, skip + i * SECTOR, (j - i) * SECTOR, iov);
            ok = rw_iov(d ? b->ovl_fd : b->fd, iov, cnt, (sector + i) * SECTOR, false);
            i = j;
        }
    }
    free(iov);
    return ok;
}

static bool range_ok(const VirtioBlk *b, uint64_t sector, uint64_t nsec) {
    return sector <= b->capacity && nsec <= b->capacity - sector;
}

/* Zero or deallocate [sector, sector + nsec) of the file the guest sees. */
static bool zero_range(VirtioBlk *b, uint64_t sector, uint64_t nsec, bool unmap) {
    int fd = b->snapshot ? b->ovl_fd : b->fd;
    off_t off = (off_t)(sector * SECTOR), len = (off_t)(nsec * SECTOR);
    int mode = unmap || b->snapshot ? FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
                                    : FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;
    bool ok = fallocate(fd, mode, off, len) == 0;
    if (!ok) {
        static const uint8_t zeros[65536];
        ok = true;
        for (off_t o = 0; ok && o < len; o += (off_t)sizeof zeros) {
            size_t n = (size_t)(len - o) < sizeof zeros ? (size_t)(len - o) : sizeof zeros;
            struct iovec iov = {.iov_base = (void *)zeros, .iov_len = n};
            ok = rw_iov(fd, &iov, 1, (uint64_t)(off + o), true);
        }
    }
    if (ok && b->snapshot)
        dirty_set(b, sector, nsec);
    return ok;
}

static uint8_t do_discard_wz(VirtioBlk *b, BlkReq *r) {
    VirtqElem *e = r->elem;
    bool wz = r->type == VIRTIO_BLK_T_WRITE_ZEROES;
    if (b->ro)
        return VIRTIO_BLK_S_UNSUPP;      /* neither feature is offered read-only */
    uint64_t len = e->out_len - 16;
    if (len == 0 || len % 16 || len / 16 > VIRTIO_BLK_MAX_DISCARD_SEG)
        return VIRTIO_BLK_S_IOERR;
    for (uint64_t i = 0; i < len / 16; i++) {
        uint8_t raw[16];
        virtq_elem_read(e, 16 + 16 * i, raw, 16);
        uint64_t sector;
        uint32_t num, flags;
        memcpy(&sector, raw, 8);
        memcpy(&num, raw + 8, 4);
        memcpy(&flags, raw + 12, 4);
        sector = le64toh(sector);
        num = le32toh(num);
        flags = le32toh(flags);
        /* 5.2.6.2: unknown flags, or unmap on a discard, are unsupported. */
        if (flags & ~(wz ? VIRTIO_BLK_WRITE_ZEROES_UNMAP : 0u))
            return VIRTIO_BLK_S_UNSUPP;
        if (num > VIRTIO_BLK_MAX_DISCARD_SECTORS || !range_ok(b, sector, num))
            return VIRTIO_BLK_S_IOERR;
        if (wz) {
            if (!zero_range(b, sector, num, flags & VIRTIO_BLK_WRITE_ZEROES_UNMAP))
                return VIRTIO_BLK_S_IOERR;
        } else if (!b->snapshot) {
            /* Discard is a hint: a file system without hole punching just keeps the data. */
            fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                      (off_t)(sector * SECTOR), (off_t)num * SECTOR);
        } else if (!zero_range(b, sector, num, true)) {
            return VIRTIO_BLK_S_IOERR;
        }
    }
    return VIRTIO_BLK_S_OK;
}

/* Worker thread: perform r, set r->status and r->used. */
static void execute(VirtioBlk *b, BlkReq *r) {
    VirtqElem *e = r->elem;
    uint64_t data_in = e->in_len - 1;    /* writable bytes before the status byte */
    r->used = 1;
    switch (r->type) {
    case VIRTIO_BLK_T_IN:
        if (data_in % SECTOR || !range_ok(b, r->sector, data_in / SECTOR)) {
            r->status = VIRTIO_BLK_S_IOERR;
            return;
        }
        if (!disk_rw(b, &e->seg[e->n_out], e->n_in, 0, r->sector, data_in / SECTOR, false)) {
            r->status = VIRTIO_BLK_S_IOERR;
            return;
        }
        r->status = VIRTIO_BLK_S_OK;
        r->used = (uint32_t)data_in + 1;
        return;
    case VIRTIO_BLK_T_OUT: {
        uint64_t len = e->out_len - 16;
        if (b->ro || len % SECTOR || !range_ok(b, r->sector, len / SECTOR)) {
            r->status = VIRTIO_BLK_S_IOERR;
            return;
        }
        r->status = disk_rw(b, e->seg, e->n_out, 16, r->sector, len / SECTOR, true)
                        ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
        return;
    }
    case VIRTIO_BLK_T_FLUSH:
        /* Snapshot writes are thrown away at exit; nothing to make durable. */
        r->status = b->ro || b->snapshot || fdatasync(b->fd) == 0 ? VIRTIO_BLK_S_OK
                                                                  : VIRTIO_BLK_S_IOERR;
        return;
    case VIRTIO_BLK_T_GET_ID: {
        size_t n = data_in < VIRTIO_BLK_ID_BYTES ? (size_t)data_in : VIRTIO_BLK_ID_BYTES;
        virtq_elem_write(e, 0, b->id, n);
        r->status = VIRTIO_BLK_S_OK;
        r->used = (uint32_t)n + 1;
        return;
    }
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        r->status = do_discard_wz(b, r);
        return;
    default:
        r->status = VIRTIO_BLK_S_UNSUPP;
        return;
    }
}

static void *worker(void *arg) {
    VirtioBlk *b = arg;
    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (!b->sub_head && !b->stop)
            pthread_cond_wait(&b->work_cond, &b->lock);
        if (!b->sub_head)
            break;                       /* stop with nothing left: in-flight work is done */
        BlkReq *r = b->sub_head;
        b->sub_head = r->next;
        if (!b->sub_head)
            b->sub_tail = NULL;
        pthread_mutex_unlock(&b->lock);

        execute(b, r);

        pthread_mutex_lock(&b->lock);
        r->next = NULL;
        bool was_empty = !b->done_head;
        if (b->done_tail)
            b->done_tail->next = r;
        else
            b->done_head = r;
        b->done_tail = r;
        b->busy--;
        if (!b->busy)
            pthread_cond_broadcast(&b->idle_cond);
        if (was_empty) {
            /* One kick per batch: the CPU thread takes the whole done list at once. */
            pthread_mutex_unlock(&b->lock);
            virtio_dev_kick(&b->vdev);
            pthread_mutex_lock(&b->lock);
        }
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* --- CPU thread --- */

static void blk_notify(VirtioDevice *d, unsigned q) {
    VirtioBlk *b = to_blk(d);
    Virtqueue *vq = virtio_dev_queue(d, q);
    BlkReq *head = NULL, *tail = NULL;
    unsigned n = 0;
    VirtqElem *e;
    while (vq && (e = virtq_pop(vq))) {
        uint8_t hdr[16];
        if (e->out_len < 16 || e->in_len < 1) {
            /* 5.2.6: header and status byte are mandatory. QEMU does the same. */
            if (log_enabled(LOG_GUEST_ERRORS))
                tern_log("virtio-blk: request without header or status byte\n");
            virtq_set_broken(vq);
            virtq_push(vq, e, 0);
            break;
        }
        BlkReq *r = calloc(1, sizeof *r);
        if (!r) {
            virtq_unpop(vq, e);
            break;
        }
        virtq_elem_read(e, 0, hdr, 16);
        uint32_t type;
        uint64_t sector;
        memcpy(&type, hdr, 4);
        memcpy(&sector, hdr + 8, 8);
        r->vq = vq;
        r->elem = e;
        r->type = le32toh(type);
        r->sector = le64toh(sector);
        if (tail)
            tail->next = r;
        else
            head = r;
        tail = r;
        n++;
    }
    if (!head)
        return;
    pthread_mutex_lock(&b->lock);
    if (b->sub_tail)
        b->sub_tail->next = head;
    else
        b->sub_head = head;
    b->sub_tail = tail;
    b->busy += n;
    pthread_cond_signal(&b->work_cond);
    pthread_mutex_unlock(&b->lock);
}

static BlkReq *take_done(VirtioBlk *b) {
    pthread_mutex_lock(&b->lock);
    BlkReq *r = b->done_head;
    b->done_head = b->done_tail = NULL;
    pthread_mutex_unlock(&b->lock);
    return r;
}

static void blk_poll(VirtioDevice *d) {
    VirtioBlk *b = to_blk(d);
    BlkReq *r = take_done(b);
    Virtqueue *last = NULL;
    while (r) {
        BlkReq *next = r->next;
        virtq_elem_write(r->elem, r->elem->in_len - 1, &r->status, 1);
        virtq_push(r->vq, r->elem, r->used);
        if (last && last != r->vq)
            virtio_dev_notify(d, last);
        last = r->vq;
        free(r);
        r = next;
    }
    if (last)
        virtio_dev_notify(d, last);
}

static void blk_drain(VirtioDevice *d) {
    VirtioBlk *b = to_blk(d);
    pthread_mutex_lock(&b->lock);
    while (b->busy)
        pthread_cond_wait(&b->idle_cond, &b->lock);
    pthread_mutex_unlock(&b->lock);
}

static void blk_reset(VirtioDevice *d) {
    VirtioBlk *b = to_blk(d);
    /* Finish what the worker has (its writes reach the image), but complete nothing: the
       driver reset the device and will not look at the old rings again. */
    blk_drain(d);
    for (BlkReq *r = take_done(b), *next; r; r = next) {
        next = r->next;
        virtq_elem_free(r->elem);
        free(r);
    }
}

static void put_le(uint8_t *p, uint64_t v, unsigned n) {
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void blk_config_read(VirtioDevice *d, uint32_t off, void *buf, unsigned len) {
    VirtioBlk *b = to_blk(d);
    uint8_t c[VIRTIO_BLK_CFG_SIZE] = {0};
    put_le(c + VIRTIO_BLK_CFG_CAPACITY, b->capacity, 8);
    put_le(c + VIRTIO_BLK_CFG_SIZE_MAX, VIRTIO_BLK_SIZE_MAX, 4);
    put_le(c + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX, 4);
    put_le(c + VIRTIO_BLK_CFG_BLK_SIZE, SECTOR, 4);
    put_le(c + VIRTIO_BLK_CFG_NUM_QUEUES, 1, 2);
    if (!b->ro) {
        put_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, VIRTIO_BLK_MAX_DISCARD_SECTORS, 4);
        put_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, VIRTIO_BLK_MAX_DISCARD_SEG, 4);
        put_le(c + VIRTIO_BLK_CFG_DISCARD_ALIGN, 1, 4);
        put_le(c + VIRTIO_BLK_CFG_MAX_WZ_SECTORS, VIRTIO_BLK_MAX_DISCARD_SECTORS, 4);
        put_le(c + VIRTIO_BLK_CFG_MAX_WZ_SEG, VIRTIO_BLK_MAX_DISCARD_SEG, 4);
        c[VIRTIO_BLK_CFG_WZ_MAY_UNMAP] = 1;
    }
    memcpy(buf, c + off, len);
}

static void blk_free(VirtioDevice *d) {
    VirtioBlk *b = to_blk(d);
    if (b->thread_started) {
        pthread_mutex_lock(&b->lock);
        b->stop = true;
        pthread_cond_signal(&b->work_cond);
        pthread_mutex_unlock(&b->lock);
        pthread_join(b->thread, NULL);   /* the worker empties its queue before leaving */
        blk_reset(d);
    }
    if (b->fd >= 0)
        close(b->fd);
    if (b->ovl_fd >= 0)
        close(b->ovl_fd);
    free(b->dirty);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->work_cond);
    pthread_cond_destroy(&b->idle_cond);
    free(b);
}

static const VirtioDeviceOps blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .num_queues = 1,
    .queue_max = VIRTIO_BLK_QUEUE_SIZE,
    .config_size = VIRTIO_BLK_CFG_SIZE,
    .config_read = blk_config_read,
    .queue_notify = blk_notify,
    .poll = blk_poll,
    .drain = blk_drain,
    .reset = blk_reset,
    .free = blk_free,
};

static bool open_overlay(VirtioBlk *b, uint64_t size, char *err, size_t errlen) {
    const char *dir = getenv("TMPDIR");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/tern-snapshot-XXXXXX", dir && *dir ? dir : "/tmp");
    b->ovl_fd = mkstemp(path);
    if (b->ovl_fd < 0) {
        snprintf(err, errlen, "snapshot=on: cannot create a temporary file in %s: %s",
                 dir && *dir ? dir : "/tmp", strerror(errno));
        return false;
    }
    unlink(path);                        /* gone with the last descriptor, even on a crash */
    b->dirty = calloc((size_t)(size / SECTOR + 8) / 8, 1);
    if (!b->dirty || ftruncate(b->ovl_fd, (off_t)size) != 0) {
        snprintf(err, errlen, "snapshot=on: cannot set up the overlay: %s", strerror(errno));
        return false;
    }
    return true;
}

VirtioDevice *virtio_blk_open(const char *path, const VirtioBlkOpts *opts, char *err,
                              size_t errlen) {
    bool read_only = opts->read_only, snapshot = opts->snapshot;
    VirtioBlk *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    b->fd = b->ovl_fd = -1;
    b->ro = read_only;
    b->snapshot = snapshot && !read_only;
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->work_cond, NULL);
    pthread_cond_init(&b->idle_cond, NULL);
    b->vdev.ops = &blk_ops;

    b->fd = open(path, (read_only || snapshot ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (b->fd < 0) {
        int e = errno;
        /* EPERM: an immutable file (chattr +i) refuses O_RDWR even to root. */
        bool rw_refused = !read_only && !snapshot && (e == EACCES || e == EROFS || e == EPERM);
        snprintf(err, errlen, "cannot open disk image %s%s: %s%s", path,
                 rw_refused ? " read-write" : "", strerror(e),
                 rw_refused ? " (add readonly=on to -drive, or use -snapshot)" : "");
        goto fail;
    }
    struct stat st;
    if (fstat(b->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "disk image %s is not a regular file", path);
        goto fail;
    }
    uint8_t magic[4] = {0};
    if (pread(b->fd, magic, 4, 0) == 4 && memcmp(magic, "QFI\xfb", 4) == 0) {
        snprintf(err, errlen, "%s is a qcow2 image; tern only reads raw images "
                 "(convert it: qemu-img convert -O raw %s disk.raw)", path, path);
        goto fail;
    }
    if (!opts->no_locking && !image_lock(b->fd, !read_only && !snapshot, path, err, errlen))
        goto fail;
    b->capacity = (uint64_t)st.st_size / SECTOR;
    if (b->snapshot && !open_overlay(b, b->capacity * SECTOR, err, errlen))
        goto fail;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* The serial is up to 20 bytes, NUL-padded, not terminated when 20 long (5.2.6). */
    memcpy(b->id, base, strnlen(base, sizeof b->id));

    b->vdev.host_features = 1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |
                            1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_FLUSH;
    if (read_only)
        b->vdev.host_features |= 1ull << VIRTIO_BLK_F_RO;
    else
        b->vdev.host_features |= 1ull << VIRTIO_BLK_F_DISCARD |
                                 1ull << VIRTIO_BLK_F_WRITE_ZEROES;
    if (pthread_create(&b->thread, NULL, worker, b) != 0) {
        snprintf(err, errlen, "cannot start the disk I/O thread");
        goto fail;
    }
    b->thread_started = true;
    return &b->vdev;
fail:
    blk_free(&b->vdev);
    return NULL;
}

VirtioDevice *virtio_blk_create(const char *path, bool read_only, bool snapshot, char *err,
                                size_t errlen) {
    VirtioBlkOpts opts = {.read_only = read_only, .snapshot = snapshot};
    return virtio_blk_open(path, &opts, err, errlen);
}
