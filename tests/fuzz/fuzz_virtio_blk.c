/* SPDX-License-Identifier: MIT */
/* Fuzz target: virtio-blk (hw/virtio_blk.c, virtio 1.x 5.2) from the driver side: request
   headers, data and status descriptors of any shape, every request type, on a fresh 64 KiB
   raw image per input (flags bit 5: read-only, bit 6: snapshot). The worker thread runs the
   I/O; drains (op 1 and at the end) complete it. Input format: tests/fuzz/virtio_fuzz.h. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "hw/virtio_blk.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/virtio_fuzz.h"

#define IMAGE_SIZE (64u << 10)

static VirtioDevice *create(unsigned flags) {
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tern-fuzz-blk-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, IMAGE_SIZE) != 0) {
        perror("tern-fuzz: image");
        abort();
    }
    close(fd);
    char err[256];
    VirtioDevice *d = virtio_blk_create(path, flags & 1, flags & 2, err, sizeof err);
    unlink(path);   /* the device keeps it open */
    if (!d) {
        fprintf(stderr, "tern-fuzz: %s\n", err);
        abort();
    }
    return d;
}

static const VirtioFuzzModel model = {.create = create};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return virtio_fuzz_run(&model, data, size);
}
