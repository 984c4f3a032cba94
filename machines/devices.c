/* SPDX-License-Identifier: MIT */
/* The -device table (see devices.h). */
#include <stdbool.h>
#include <string.h>

#include "devices.h"

/* What every -device NAME-pci takes (machines/virt.c checks the same list). */
#define PCI_PROPS                                                                       \
    "addr=<str>            - slot on pcie.0: SLOT or SLOT.0\n"                            \
    "bus=<str>             - pcie.0\n"                                                    \
    "disable-legacy=<str>  - on (tern's functions are modern only)\n"                     \
    "disable-modern=<bool> - off\n"                                                       \
    "romfile=<str>         - empty (no option ROM)\n"

static const DeviceInfo devices[] = {
    {"virtio-blk-device", "Storage devices", "virtio-bus",
     "drive=<str>           - ID of a -drive (if=none or no if=)\n",
     "virtio block device (virtio-mmio)"},
    {"virtio-net-device", "Network devices", "virtio-bus",
     "netdev=<str>          - ID of a -netdev\nmac=<str>             - MAC address "
     "(default 52:54:00:12:34:56, then :57...)\n", "virtio network device (virtio-mmio)"},
    {"virtio-rng-device", "Misc devices", "virtio-bus",
     "rng=<str>             - ID of an -object rng-random or rng-builtin\n",
     "virtio entropy source (virtio-mmio)"},
    {"virtio-serial-device", "Input devices", "virtio-bus", "",
     "virtio console bus (one port: the next -device virtconsole)"},
    {"virtconsole", "Input devices", "virtio-serial-bus",
     "chardev=<str>         - ID of a -chardev\nname=<str>            - port name\n"
     "nr=<uint32>           - port number\n", "virtio console port"},
    {"virtio-blk-pci", "Storage devices", "PCI",
     "drive=<str>           - ID of a -drive (if=none or no if=)\n" PCI_PROPS,
     "virtio block device (virtio-pci; -drive if=virtio makes one)"},
    {"virtio-net-pci", "Network devices", "PCI",
     "netdev=<str>          - ID of a -netdev\nmac=<str>             - MAC address\n" PCI_PROPS,
     "virtio network device (virtio-pci)"},
    {"virtio-rng-pci", "Misc devices", "PCI",
     "rng=<str>             - ID of an -object rng-random or rng-builtin\n" PCI_PROPS,
     "virtio entropy source (virtio-pci)"},
    {"virtio-serial-pci", "Input devices", "PCI", PCI_PROPS,
     "virtio console bus on PCI (one port: the next -device virtconsole)"},
    {"virtio-9p-device", "Storage devices", "virtio-bus",
     "fsdev=<str>           - ID of a -fsdev\nmount_tag=<str>       - tag the guest mounts\n",
     "virtio 9P2000.L file system (virtio-mmio)"},
    {"virtio-9p-pci", "Storage devices", "PCI",
     "fsdev=<str>           - ID of a -fsdev\nmount_tag=<str>       - tag the guest mounts\n"
     PCI_PROPS, "virtio 9P2000.L file system (virtio-pci; -virtfs makes one)"},
    {"loader", "Misc devices", "none",
     "file=<str>            - image: an ELF where it says, else raw at addr\n"
     "addr=<uint64>         - where a raw file or data goes\n"
     "force-raw=<bool>      - load an ELF file raw\n"
     "data=<uint64>         - a value to store at addr\n"
     "data-len=<uint8>      - its size: 1, 2, 4 or 8\n"
     "data-be=<bool>        - store it big-endian\n", "generic loader"},
    {"virtio-console-device", "Input devices", "virtio-bus",
     "chardev=<str>         - ID of a -chardev\n", "virtio console (tern's one-port form)"},
};
#define N_DEVICES (sizeof devices / sizeof devices[0])

const DeviceInfo *device_find(const char *name) {
    for (size_t i = 0; i < N_DEVICES; i++)
        if (!strcmp(devices[i].name, name))
            return &devices[i];
    return NULL;
}

void devices_print(FILE *f) {
    static const char *const order[] = {"Storage devices", "Network devices", "Input devices",
                                        "Misc devices"};
    for (size_t c = 0; c < sizeof order / sizeof order[0]; c++) {
        bool head = false;
        for (size_t i = 0; i < N_DEVICES; i++) {
            if (strcmp(devices[i].category, order[c]))
                continue;
            if (!head)
                fprintf(f, "%s%s:\n", c ? "\n" : "", order[c]);
            head = true;
            fprintf(f, "name \"%s\", bus %s, desc \"%s\"\n", devices[i].name, devices[i].bus,
                    devices[i].desc);
        }
    }
}

bool device_print_props(FILE *f, const char *name) {
    const DeviceInfo *d = device_find(name);
    if (!d)
        return false;
    fprintf(f, "%s options:\n", d->name);
    const char *p = d->props;
    while (*p) {
        size_t len = strcspn(p, "\n");
        fprintf(f, "  %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
    return true;
}
