/* SPDX-License-Identifier: MIT */
/* The -device names tern knows, for `-device help` and `-device NAME,help` (QEMU's listing
   format). Boards create them (machines/virt.c add_device); a new device is one more row. */
#ifndef TERN_DEVICES_H
#define TERN_DEVICES_H

#include <stdio.h>

typedef struct DeviceInfo {
    const char *name;
    const char *category;       /* QEMU's heading: "Storage devices", "Network devices"... */
    const char *bus;
    const char *props;          /* "drive=ID (a -drive with if=none)", one per line */
    const char *desc;
} DeviceInfo;

const DeviceInfo *device_find(const char *name);
/* `-device help`: every device by category, as QEMU lists them. */
void devices_print(FILE *f);
/* `-device NAME,help`: its properties. false when NAME is unknown. */
bool device_print_props(FILE *f, const char *name);

#endif
