/* SPDX-License-Identifier: MIT */
/* Boot images kept for reset: open files (checked with fstat, read back with pread) or
   malloc'ed copies of guest RAM. */
#include "boot_blobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"
#include "memmap.h"

typedef struct Blob {
    uint64_t addr, len;
    uint8_t *data;                 /* a copy, or NULL for a file */
    int fd;                        /* the file, or -1 */
    struct stat st;                /* the file as it was loaded */
    char *path;                    /* for messages */
} Blob;

struct BootBlobs {
    Blob *v;
    int n;
};

BootBlobs *boot_blobs_new(void) {
    return calloc(1, sizeof(BootBlobs));
}

void boot_blobs_free(BootBlobs *b) {
    if (!b)
        return;
    for (int i = 0; i < b->n; i++) {
        free(b->v[i].data);
        free(b->v[i].path);
        if (b->v[i].fd >= 0)
            close(b->v[i].fd);
    }
    free(b->v);
    free(b);
}

static Blob *new_blob(BootBlobs *b, const char **err) {
    Blob *nv = realloc(b->v, (size_t)(b->n + 1) * sizeof *nv);
    if (!nv) {
        *err = "out of memory";
        return NULL;
    }
    b->v = nv;
    Blob *x = &b->v[b->n];
    memset(x, 0, sizeof *x);
    x->fd = -1;
    return x;
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
    Blob *x = new_blob(b, err);
    if (!x)
        return false;
    x->data = malloc(len);
    if (!x->data) {
        *err = "out of memory keeping the boot images for reset";
        return false;
    }
    memcpy(x->data, src, len);
    x->addr = addr;
    x->len = len;
    b->n++;
    return true;
}

bool boot_blobs_add_file(BootBlobs *b, uint64_t addr, uint64_t len, int fd,
                         const struct stat *st, const char *path, const char **err) {
    Blob *x = new_blob(b, err);
    char *p = x ? strdup(path) : NULL;
    if (!p) {
        *err = "out of memory";
        close(fd);
        return false;
    }
    x->addr = addr;
    x->len = len;
    x->fd = fd;
    x->st = *st;
    x->path = p;
    b->n++;
    return true;
}

/* Writes change the size or the modification time. (Not ctime: it also changes when a rename
   replaces the file, which leaves its contents alone.) */
static bool same_file(const struct stat *a, const struct stat *b) {
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static bool read_file(const Blob *x, uint8_t *dst, char *err, size_t errlen) {
    struct stat now;
    if (fstat(x->fd, &now) < 0 || !same_file(&now, &x->st)) {
        snprintf(err, errlen, "'%s' was modified after it was loaded; it cannot be loaded "
                 "again as it was", x->path);
        return false;
    }
    char why[256];
    if (!loader_pread_all(x->fd, dst, x->len, 0, why, sizeof why)) {
        snprintf(err, errlen, "reading '%s' again: %s", x->path, why);
        return false;
    }
    return true;
}

bool boot_blobs_restore(const BootBlobs *b, const MemMap *m, char *err, size_t errlen) {
    for (int i = 0; i < b->n; i++) {
        const Blob *x = &b->v[i];
        uint8_t *dst = memmap_ram_ptr(m, x->addr, x->len);
        if (!dst) {
            snprintf(err, errlen, "cannot rewrite guest memory at 0x%llx",
                     (unsigned long long)x->addr);
            return false;
        }
        if (x->data)
            memcpy(dst, x->data, x->len);
        else if (!read_file(x, dst, err, errlen))
            return false;
    }
    return true;
}
