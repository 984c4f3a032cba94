/* SPDX-License-Identifier: MIT */
/* QEMU-compatible disk image lock bytes (see image_lock.h; QEMU block/file-posix.c
   raw_apply_lock_bytes / raw_check_lock_bytes). */
#define _GNU_SOURCE
#include "image_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#define PERM_BASE 100        /* RAW_LOCK_PERM_BASE */
#define SHARED_BASE 200      /* RAW_LOCK_SHARED_BASE */

/* QEMU's permission bits (include/block/block-common.h) and their names in its messages. */
enum { PERM_READ = 1, PERM_WRITE = 2, PERM_WRITE_UNCHANGED = 4, PERM_RESIZE = 8, N_PERMS = 4 };
static const char *const perm_names[N_PERMS] = {"consistent read", "write", "write unchanged",
                                               "resize"};

static int lock_byte(int fd, int off, short type, int cmd, struct flock *fl) {
    *fl = (struct flock){.l_type = type, .l_whence = SEEK_SET, .l_start = off, .l_len = 1};
    return fcntl(fd, cmd, fl);
}

static bool conflict(bool shared_lock, int i, const char *path, char *err, size_t errlen) {
    snprintf(err, errlen, "Failed to get %s\"%s\" lock. Is another process using the image "
             "[%s]? (file.locking=off skips this check)", shared_lock ? "shared " : "",
             perm_names[i], path);
    return false;
}

bool image_lock(int fd, bool write, const char *path, char *err, size_t errlen) {
    unsigned perm = PERM_READ | (write ? PERM_WRITE | PERM_WRITE_UNCHANGED : 0);
    unsigned shared = PERM_READ | PERM_WRITE_UNCHANGED | (write ? 0 : PERM_RESIZE);
    struct flock fl;
    for (int i = 0; i < N_PERMS; i++) {
        for (int k = 0; k < 2; k++) {
            bool want = k == 0 ? (perm & (1u << i)) : !(shared & (1u << i));
            if (!want || lock_byte(fd, (k ? SHARED_BASE : PERM_BASE) + i, F_RDLCK, F_OFD_SETLK,
                                   &fl) == 0)
                continue;
            if (errno == EAGAIN || errno == EACCES)     /* someone write-locked the byte */
                return conflict(k == 1, i, path, err, errlen);
            fprintf(stderr, "tern: warning: cannot lock disk image %s (%s): another process "
                            "may use it at the same time\n", path, strerror(errno));
            return true;
        }
    }
    /* A user of a permission we do not share, or one who does not share ours. Our own read
       locks do not conflict with a test for a write lock through the same description. */
    for (int i = 0; i < N_PERMS; i++) {
        if ((perm & (1u << i)) &&
            (lock_byte(fd, SHARED_BASE + i, F_WRLCK, F_OFD_GETLK, &fl) != 0 ||
             fl.l_type != F_UNLCK))
            return conflict(false, i, path, err, errlen);
        if (!(shared & (1u << i)) &&
            (lock_byte(fd, PERM_BASE + i, F_WRLCK, F_OFD_GETLK, &fl) != 0 ||
             fl.l_type != F_UNLCK))
            return conflict(true, i, path, err, errlen);
    }
    return true;
}
