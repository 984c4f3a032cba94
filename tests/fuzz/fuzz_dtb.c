/* SPDX-License-Identifier: MIT */
/* Fuzz target: a user's device tree (-dtb FILE) through everything tern does with it
   (machines/virt_fdt.c): the checks and copy of virt_fdt_load, /chosen bootargs and initrd
   properties set as for `-append ... -initrd ...`, then packing. The result must still pass
   libfdt's full check. The input is the .dtb file. */
#include <libfdt.h>
#include <stdlib.h>

#include "machines/virt.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[256];
    void *fdt = virt_fdt_load_buf(data, size, err, sizeof err);
    if (!fdt)
        return 0;
    if (virt_fdt_set_chosen(&fdt, "console=ttyS0 earlycon root=/dev/vda rw", true,
                            0x88000000ull, 0x88200000ull, err, sizeof err)) {
        size_t n = virt_fdt_finish(fdt);
        if (fdt_check_full(fdt, n) != 0)
            abort();   /* tern would hand the guest a tree it broke */
    }
    free(fdt);
    return 0;
}
