/* SPDX-License-Identifier: MIT */
/* Boot images kept for reset: an O_TMPFILE in $TMPDIR (or /tmp), read back with pread at
   reset; a malloc'ed copy when the file cannot be made or written. */
#define _GNU_SOURCE
#include "boot_blobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memmap.h"

typedef struct Blob {
    uint64_t addr, len;
    uint64_t off;                  /* offset in the file */
    uint8_t *data;                 /* in memory instead (no file) */
} Blob;

struct BootBlobs {
    int fd;                        /* -1: keep copies in memory */
    uint64_t file_end;
    Blob *v;
    int n;
};

BootBlobs *boot_blobs_new(void) {
    BootBlobs *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    const char *dir = getenv("TMPDIR");
    b->fd = open(dir && *dir ? dir : "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (b->fd < 0 && dir && *dir)
        b->fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    return b;
}

void boot_blobs_free(BootBlobs *b) {
    if (!b)
        return;
    for (int i = 0; i < b->n; i++)
        free(b->v[i].data);
    free(b->v);
    if (b->fd >= 0)
        close(b->fd);
    free(b);
}

static bool write_all(int fd, const uint8_t *p, uint64_t len, uint64_t off) {
    while (len) {
        ssize_t w = pwrite(fd, p, len > (1u << 30) ? (1u << 30) : (size_t)len, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        off += (uint64_t)w;
        len -= (uint64_t)w;
    }
    return true;
}

static bool read_all(int fd, uint8_t *p, uint64_t len, uint64_t off) {
    while (len) {
        ssize_t r = pread(fd, p, len > (1u << 30) ? (1u << 30) : (size_t)len, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        p += r;
        off += (uint64_t)r;
        len -= (uint64_t)r;
    }
    return true;
}

bool boot_blobs_add(BootBlobs *b, const MemMap *m, uint64_t addr, uint64_t len,
                    const char **err) {
    if (len == 0)
        return true;
    const uint8_t *src = memmap_ram_ptr(m, addr, len);
    if (!src) {
        *err = "the boot image is not in guest RAM";
        return false;
    }
    Blob *nv = realloc(b->v, (size_t)(b->n + 1) * sizeof *nv);
    if (!nv) {
        *err = "out of memory";
        return false;
    }
    b->v = nv;
    Blob blob = { .addr = addr, .len = len, .off = b->file_end };
    if (b->fd >= 0 && write_all(b->fd, src, len, blob.off)) {
        b->file_end += len;
    } else {
        /* No file, or it is full: this blob stays in memory (earlier ones stay in the file). */
        blob.data = malloc(len);
        if (!blob.data) {
            *err = "out of memory keeping the boot images for reset";
            return false;
        }
        memcpy(blob.data, src, len);
    }
    b->v[b->n++] = blob;
    return true;
}

bool boot_blobs_restore(const BootBlobs *b, const MemMap *m, uint64_t *bad_addr) {
    for (int i = 0; i < b->n; i++) {
        const Blob *x = &b->v[i];
        uint8_t *dst = memmap_ram_ptr(m, x->addr, x->len);
        bool ok = dst && (x->data ? (memcpy(dst, x->data, x->len), true)
                                  : read_all(b->fd, dst, x->len, x->off));
        if (!ok) {
            *bad_addr = x->addr;
            return false;
        }
    }
    return true;
}
