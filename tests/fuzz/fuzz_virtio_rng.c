/* SPDX-License-Identifier: MIT */
/* Fuzz target: virtio-rng (hw/virtio_rng.c, virtio 1.x 5.4) from the driver side: request
   chains of any shape filled from getrandom. Input format: tests/fuzz/virtio_fuzz.h. */
#include "hw/virtio_rng.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/virtio_fuzz.h"

static VirtioDevice *create(unsigned flags) {
    (void)flags;
    return virtio_rng_create();
}

static const VirtioFuzzModel model = {.create = create};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return virtio_fuzz_run(&model, data, size);
}
