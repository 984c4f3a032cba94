/* SPDX-License-Identifier: MIT */
/* `-machine virt`: the memory map, interrupt numbers and device tree of QEMU 7.2's riscv64
   virt board (hw/riscv/virt.c; reference dump in docs: qemu-virt-riscv64.dts). Shared by the
   board (virt.c), its device tree builder (virt_fdt.c) and their tests. */
#ifndef TERN_VIRT_H
#define TERN_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRT_MROM_BASE 0x1000ull          /* reset vector + fw_dynamic_info */
#define VIRT_MROM_SIZE 0xf000ull
#define VIRT_TEST_BASE 0x100000ull        /* SiFive test finisher, also the reset syscon */
#define VIRT_TEST_SIZE 0x1000ull
#define VIRT_RTC_BASE 0x101000ull
#define VIRT_RTC_SIZE 0x1000ull
#define VIRT_CLINT_BASE 0x2000000ull
#define VIRT_CLINT_SIZE 0x10000ull
#define VIRT_PLIC_BASE 0xc000000ull
#define VIRT_PLIC_SIZE 0x600000ull        /* QEMU sizes it for 512 harts x 2 contexts */
#define VIRT_UART0_BASE 0x10000000ull
#define VIRT_UART0_SIZE 0x100ull
#define VIRT_VIRTIO_BASE 0x10001000ull
#define VIRT_VIRTIO_SIZE 0x1000ull
#define VIRT_VIRTIO_COUNT 8
#define VIRT_DRAM_BASE 0x80000000ull
/* The generic PCIe host (hw/pci_host.h): PCI I/O 0 at 0x3000000, ECAM for buses 0..255, the
   32-bit window identity-mapped below RAM, the 64-bit one (16 GiB) at the first multiple of its
   size above RAM, as QEMU 7.2's virt_high_pcie_memmap. */
#define VIRT_PCIE_PIO_BASE 0x3000000ull
#define VIRT_PCIE_PIO_SIZE 0x10000ull
#define VIRT_PCIE_ECAM_BASE 0x30000000ull
#define VIRT_PCIE_ECAM_SIZE 0x10000000ull
#define VIRT_PCIE_MMIO_BASE 0x40000000ull
#define VIRT_PCIE_MMIO_SIZE 0x40000000ull
#define VIRT_PCIE_MMIO64_SIZE 0x400000000ull

#define VIRT_VIRTIO_IRQ 1                 /* slot i uses PLIC source 1 + i */
#define VIRT_UART0_IRQ 10
#define VIRT_RTC_IRQ 11
#define VIRT_PCIE_IRQ 32                  /* INTA..INTD: PLIC sources 32..35 */
#define VIRT_PLIC_NDEV 96                 /* riscv,ndev: sources 1..96 */
#define VIRT_TIMEBASE_FREQ 10000000u
#define VIRT_UART_CLOCK 3686400u
#define VIRT_TEST_POWEROFF 0x5555u
#define VIRT_TEST_REBOOT 0x7777u
#define VIRT_MAX_HARTS 8

/* What the generated tree describes. */
struct RVCpuConfig;
typedef struct VirtFdtConfig {
    int n_harts;                          /* 1..VIRT_MAX_HARTS */
    const struct RVCpuConfig *cpu;        /* the harts' -cpu model; NULL: rv64 */
    uint64_t ram_base, ram_size;
    const uint8_t *rng_seed;              /* /chosen/rng-seed; NULL: none */
    size_t rng_seed_len;
} VirtFdtConfig;

/* The PCIe host's windows for a board with ram_size bytes of RAM (intx left unset). */
struct PciHostConfig;
void virt_pcie_config(uint64_t ram_size, struct PciHostConfig *c);

/* The device tree of the board (no bootargs/initrd yet: see virt_fdt_set_chosen), in a
   malloc'ed buffer with room to grow. NULL with err set on failure. */
void *virt_fdt_create(const VirtFdtConfig *c, char *err, size_t errlen);
/* A user's -dtb: read, checked with fdt_check_header/fdt_check_full, opened into a malloc'ed
   buffer with room to grow. NULL with err set. */
void *virt_fdt_load(const char *path, char *err, size_t errlen);
/* The same checks and copy for a tree already in memory (buf is not kept). */
void *virt_fdt_load_buf(const uint8_t *buf, size_t len, char *err, size_t errlen);
/* Set /chosen/bootargs (when bootargs is not NULL) and linux,initrd-start/-end (when
   has_initrd), creating /chosen if needed; *fdt may be reallocated. QEMU does the same to a
   user's -dtb. False with err set. */
bool virt_fdt_set_chosen(void **fdt, const char *bootargs, bool has_initrd,
                         uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen);
/* Pack the tree; returns its total size. */
size_t virt_fdt_finish(void *fdt);

#endif
