/* SPDX-License-Identifier: MIT */
/* Device tree node for the generic PCIe host, in the property order of QEMU 7.2's
   create_pcie_irq_map/create_fdt_pcie (hw/riscv/virt.c). See pci_fdt.h. */
#include "pci_fdt.h"

#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>

#define PCI_SPACE_IO 0x01000000u
#define PCI_SPACE_MEM32 0x02000000u
#define PCI_SPACE_MEM64 0x03000000u
#define MAP_SLOTS 4                       /* the swizzle repeats every four slots */
/* child unit address (3) + child pin (1) + phandle (1) + parent address + specifier */
#define MAP_ENTRY_MAX (5 + 2 + PCI_FDT_MAX_IRQ_CELLS)

static int prop_cells(void *fdt, const char *name, const uint32_t *v, int n) {
    fdt32_t cells[MAP_SLOTS * 4 * MAP_ENTRY_MAX];
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(v[i]);
    return fdt_property(fdt, name, cells, (int)(n * sizeof(fdt32_t)));
}

static int put_range(uint32_t *r, uint32_t space, uint64_t pci, uint64_t cpu, uint64_t size) {
    r[0] = space;
    r[1] = (uint32_t)(pci >> 32);
    r[2] = (uint32_t)pci;
    r[3] = (uint32_t)(cpu >> 32);
    r[4] = (uint32_t)cpu;
    r[5] = (uint32_t)(size >> 32);
    r[6] = (uint32_t)size;
    return 7;
}

#define TRY(x) do { if (rc >= 0) rc = (x); } while (0)

int pci_fdt_build(void *fdt, const PciFdtConfig *c) {
    const PciHostConfig *h = c->host;
    if (c->irq_cells < 1 || c->irq_cells > PCI_FDT_MAX_IRQ_CELLS || c->intc_address_cells > 2)
        return -FDT_ERR_BADVALUE;
    uint32_t map[MAP_SLOTS * 4 * MAP_ENTRY_MAX];
    int n = 0;
    for (unsigned slot = 0; slot < MAP_SLOTS; slot++)
        for (unsigned pin = 1; pin <= 4; pin++) {
            map[n++] = slot << 11;        /* phys.hi: device number in bits 11-15 */
            map[n++] = 0;
            map[n++] = 0;
            map[n++] = pin;
            map[n++] = c->intc_phandle;
            for (unsigned i = 0; i < c->intc_address_cells; i++)
                map[n++] = 0;
            for (unsigned i = 0; i < c->irq_cells; i++)
                map[n++] = c->irq[(slot + pin - 1) % 4][i];
        }
    static const uint32_t mask[4] = {0x1800, 0, 0, 7};
    uint32_t ranges[21];
    int r = put_range(ranges, PCI_SPACE_IO, 0, h->pio_base, h->pio_size);
    r += put_range(ranges + r, PCI_SPACE_MEM32, h->mmio_base, h->mmio_base, h->mmio_size);
    if (h->mmio64_size)
        r += put_range(ranges + r, PCI_SPACE_MEM64, h->mmio64_base, h->mmio64_base,
                       h->mmio64_size);
    fdt64_t reg[2] = {cpu_to_fdt64(h->ecam_base), cpu_to_fdt64(h->ecam_size)};
    uint32_t buses[2] = {0, (uint32_t)(h->ecam_size >> 20) - 1};
    char name[48];
    snprintf(name, sizeof name, "pci@%" PRIx64, h->ecam_base);
    int rc = 0;
    TRY(fdt_begin_node(fdt, name));
    TRY(prop_cells(fdt, "interrupt-map-mask", mask, 4));
    TRY(prop_cells(fdt, "interrupt-map", map, n));
    TRY(prop_cells(fdt, "ranges", ranges, r));
    TRY(fdt_property(fdt, "reg", reg, sizeof reg));
    TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
    TRY(prop_cells(fdt, "bus-range", buses, 2));
    TRY(fdt_property_u32(fdt, "linux,pci-domain", 0));
    TRY(fdt_property_string(fdt, "device_type", "pci"));
    TRY(fdt_property_string(fdt, "compatible", "pci-host-ecam-generic"));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_property_u32(fdt, "#address-cells", 3));
    TRY(fdt_end_node(fdt));
    return rc;
}
