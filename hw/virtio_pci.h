/* SPDX-License-Identifier: MIT */
/* virtio over PCI, modern (non-transitional) interface only (virtio 1.x, 4.1 "Virtio Over PCI
   Bus"): vendor 0x1af4, device 0x1040 + virtio device ID, revision 1, one 64-bit prefetchable
   memory BAR (4, as QEMU) holding the common configuration, ISR, device configuration and
   notification structures at QEMU's offsets, each found through a vendor-specific capability
   (4.1.4), plus the PCI configuration access capability. Interrupts are INTx (the ISR, read
   to acknowledge); no MSI-X, no legacy I/O BAR. The device state is a VirtioCore
   (hw/virtio.h), as behind virtio-mmio. */
#ifndef TERN_VIRTIO_PCI_H
#define TERN_VIRTIO_PCI_H

#include <stdint.h>

#include "hw/pci.h"
#include "hw/virtio.h"

#define VIRTIO_PCI_VENDOR_ID 0x1af4
#define VIRTIO_PCI_DEVICE_ID_BASE 0x1040    /* + virtio device ID (4.1.2.1) */
#define VIRTIO_PCI_REVISION 1
#define VIRTIO_PCI_SUBSYSTEM_QEMU 0x1100
#define VIRTIO_PCI_BAR 4
#define VIRTIO_PCI_BAR_SIZE 0x4000u
#define VIRTIO_PCI_COMMON_OFF 0x0000u
#define VIRTIO_PCI_ISR_OFF 0x1000u
#define VIRTIO_PCI_DEVICE_OFF 0x2000u
#define VIRTIO_PCI_NOTIFY_OFF 0x3000u
#define VIRTIO_PCI_REGION_SIZE 0x1000u
#define VIRTIO_PCI_NOTIFY_MULTIPLIER 4u

/* cfg_type of struct virtio_pci_cap (4.1.4). */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5

/* struct virtio_pci_cap fields, from the capability's start. */
#define VIRTIO_PCI_CAP_LEN 2
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_NOTIFY_CAP_MULT 16        /* struct virtio_pci_notify_cap */
#define VIRTIO_PCI_CFG_CAP_DATA 16           /* struct virtio_pci_cfg_cap */

/* struct virtio_pci_common_cfg (4.1.4.3). */
enum {
    VIRTIO_PCI_COMMON_DFSELECT = 0x00, VIRTIO_PCI_COMMON_DF = 0x04,
    VIRTIO_PCI_COMMON_GFSELECT = 0x08, VIRTIO_PCI_COMMON_GF = 0x0c,
    VIRTIO_PCI_COMMON_MSIX = 0x10, VIRTIO_PCI_COMMON_NUMQ = 0x12,
    VIRTIO_PCI_COMMON_STATUS = 0x14, VIRTIO_PCI_COMMON_CFGGENERATION = 0x15,
    VIRTIO_PCI_COMMON_Q_SELECT = 0x16, VIRTIO_PCI_COMMON_Q_SIZE = 0x18,
    VIRTIO_PCI_COMMON_Q_MSIX = 0x1a, VIRTIO_PCI_COMMON_Q_ENABLE = 0x1c,
    VIRTIO_PCI_COMMON_Q_NOFF = 0x1e, VIRTIO_PCI_COMMON_Q_DESCLO = 0x20,
    VIRTIO_PCI_COMMON_Q_DESCHI = 0x24, VIRTIO_PCI_COMMON_Q_AVAILLO = 0x28,
    VIRTIO_PCI_COMMON_Q_AVAILHI = 0x2c, VIRTIO_PCI_COMMON_Q_USEDLO = 0x30,
    VIRTIO_PCI_COMMON_Q_USEDHI = 0x34, VIRTIO_PCI_COMMON_Q_NDATA = 0x38,
    VIRTIO_PCI_COMMON_Q_RESET = 0x3a,
};
#define VIRTIO_MSI_NO_VECTOR 0xffff

typedef struct VirtioPci VirtioPci;

/* A PCI function for dev (owned from now on; freed on failure too), whose rings live in dma.
   NULL when out of memory. Plug virtio_pci_function() into a host (pci_host_plug), which
   then polls, resets and frees it. */
VirtioPci *virtio_pci_create(MemMap *dma, VirtioDevice *dev);
PciDevice *virtio_pci_function(VirtioPci *t);
VirtioCore *virtio_pci_core(VirtioPci *t);
/* The class code QEMU gives the device type (blk: mass storage, net: Ethernet, ...). */
uint32_t virtio_pci_class_code(uint32_t device_id);

#endif
