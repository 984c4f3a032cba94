/* SPDX-License-Identifier: MIT */
/* Fuzz target: virtio-console (hw/virtio_console.c, virtio 1.x 5.3) from the driver side:
   transmit chains written to an output sink, host input (op 5) moved into the guest's receive
   chains. Input format: tests/fuzz/virtio_fuzz.h. */
#include "hw/virtio_console.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/virtio_fuzz.h"

static size_t out_sum;

static void out(void *opaque, const uint8_t *buf, size_t n) {
    (void)opaque;
    for (size_t i = 0; i < n; i++)   /* touch every byte: ASan checks the buffer's bounds */
        out_sum += buf[i];
}

static VirtioDevice *create(unsigned flags) {
    (void)flags;
    VirtioDevice *d = virtio_console_create(NULL);
    if (d)
        virtio_console_set_output(d, out, NULL);
    return d;
}
static void input(VirtioDevice *d, const uint8_t *buf, size_t n) {
    virtio_console_input(d, buf, n);
}

static const VirtioFuzzModel model = {.create = create, .host_input = input};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return virtio_fuzz_run(&model, data, size);
}
