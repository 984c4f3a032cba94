/* SPDX-License-Identifier: MIT */
/* Unit tests of the PCI host, config space and modern virtio-pci transport through the memory
   map, as a guest driver sees them (PCI Local Bus 3.0 chapter 6; virtio 1.x 4.1): ECAM
   decoding (missing functions and other buses read all ones), the host bridge's and a
   virtio function's IDs and class, BAR sizing by writing all ones, placement and decode only
   while Command.Memory is set, the virtio capability chain (types, BAR, offsets, lengths,
   notify multiplier) and the PCI configuration access capability, device initialization and
   a virtio-rng request through BAR 4, INTx on the swizzled host line with the ISR read
   acknowledging it and Command.INTx-disable masking it, and reset to power-on config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/pci_host.h"
#include "hw/virtio_pci.h"
#include "hw/virtio_rng.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define ECAM 0x30000000ull
#define PIO 0x03000000ull
#define MMIO 0x40000000ull
#define MMIO64 0x400000000ull
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define DESC (RAM_BASE + 0x0000)
#define AVAIL (RAM_BASE + 0x1000)
#define USED (RAM_BASE + 0x2000)
#define BUF (RAM_BASE + 0x8000)
#define QN 8u

static MemMap mm;
static PciHost *host;
static int line_level[4];

static void line_set(void *o, int n, int level) {
    (void)o;
    line_level[n] = level;
}

static uint64_t cfg_addr(unsigned bus, unsigned slot, unsigned reg) {
    return ECAM + ((uint64_t)bus << 20) + ((uint64_t)slot << 15) + reg;
}
static uint32_t cfg_rd(unsigned slot, unsigned reg, unsigned size) {
    uint64_t v = 0;
    memmap_read(&mm, cfg_addr(0, slot, reg), size, &v);
    return (uint32_t)v;
}
static void cfg_wr(unsigned slot, unsigned reg, uint32_t v, unsigned size) {
    memmap_write(&mm, cfg_addr(0, slot, reg), size, v);
}
static uint64_t mem_rd(uint64_t a, unsigned size) {
    uint64_t v = 0;
    memmap_read(&mm, a, size, &v);
    return v;
}
static void mem_wr(uint64_t a, uint64_t v, unsigned size) { memmap_write(&mm, a, size, v); }
static uint8_t *H(uint64_t gpa) { return memmap_ram_ptr(&mm, gpa, 1); }

static void setup(void) {
    memmap_init(&mm);
    CHECK(memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE) != NULL, "ram");
    PciHostConfig c = {
        .ecam_base = ECAM, .ecam_size = 0x10000000, .pio_base = PIO, .pio_size = 0x10000,
        .mmio_base = MMIO, .mmio_size = 0x40000000, .mmio64_base = MMIO64,
        .mmio64_size = 0x400000000ull,
    };
    for (int i = 0; i < 4; i++)
        c.intx[i] = (IrqLine){.set = line_set, .n = i};
    host = pci_host_create(&mm, &c);
    CHECK(host != NULL, "host");
}

static void test_ecam(void) {
    CHECK(cfg_rd(0, PCI_VENDOR_ID, 4) == 0x00081b36u, "host bridge IDs %08x",
          cfg_rd(0, PCI_VENDOR_ID, 4));
    CHECK(cfg_rd(0, PCI_REVISION_ID, 4) >> 8 == 0x060000, "host bridge class");
    CHECK(cfg_rd(0, PCI_HEADER_TYPE, 1) == 0, "type 0 header");
    CHECK(cfg_rd(7, PCI_VENDOR_ID, 4) == 0xffffffffu, "empty slot reads all ones");
    CHECK(cfg_rd(7, PCI_VENDOR_ID, 2) == 0xffff, "empty slot 16-bit read");
    uint64_t v = 0;
    memmap_read(&mm, cfg_addr(1, 0, 0), 4, &v);
    CHECK(v == 0xffffffffu, "bus 1 reads all ones");
    /* Read-only registers ignore writes. */
    cfg_wr(0, PCI_VENDOR_ID, 0x12345678, 4);
    CHECK(cfg_rd(0, PCI_VENDOR_ID, 4) == 0x00081b36u, "IDs are read only");
    CHECK(cfg_rd(0, 0x100, 4) == 0, "no extended config space");
}

static VirtioPci *plug_rng(int slot) {
    VirtioPci *t = virtio_pci_create(&mm, virtio_rng_create());
    CHECK(t != NULL, "virtio-pci create");
    CHECK(pci_host_plug(host, virtio_pci_function(t), slot) == slot, "plug at %d", slot);
    return t;
}

static unsigned find_cap(unsigned slot, uint8_t type, unsigned *count) {
    unsigned found = 0, n = 0;
    CHECK(cfg_rd(slot, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST, "capability list bit");
    for (unsigned p = cfg_rd(slot, PCI_CAPABILITY_LIST, 1); p && n < 48;
         p = cfg_rd(slot, p + 1, 1), n++) {
        CHECK(p >= 0x40 && !(p & 3), "capability at 0x%x", p);
        if (cfg_rd(slot, p, 1) == PCI_CAP_ID_VNDR &&
            cfg_rd(slot, p + VIRTIO_PCI_CAP_CFG_TYPE, 1) == type && !found)
            found = p;
    }
    if (count)
        *count = n;
    return found;
}

static void test_virtio_header_and_caps(void) {
    plug_rng(1);
    CHECK(cfg_rd(1, PCI_VENDOR_ID, 2) == 0x1af4, "virtio vendor");
    CHECK(cfg_rd(1, PCI_DEVICE_ID, 2) == 0x1040 + VIRTIO_ID_RNG, "modern device id %04x",
          cfg_rd(1, PCI_DEVICE_ID, 2));
    CHECK(cfg_rd(1, PCI_REVISION_ID, 1) == 1, "revision 1 (non-transitional)");
    CHECK(cfg_rd(1, PCI_REVISION_ID, 4) >> 8 == 0x00ff00, "rng class as QEMU");
    CHECK(cfg_rd(1, PCI_SUBSYSTEM_VENDOR_ID, 2) == 0x1af4 &&
          cfg_rd(1, PCI_SUBSYSTEM_ID, 2) == 0x1100, "subsystem IDs as QEMU's modern functions");
    CHECK(cfg_rd(1, PCI_INTERRUPT_PIN, 1) == 1, "INTA");
    unsigned n;
    static const struct { uint8_t type; unsigned off, len; } want[] = {
        {VIRTIO_PCI_CAP_COMMON_CFG, 0x0000, 16}, {VIRTIO_PCI_CAP_ISR_CFG, 0x1000, 16},
        {VIRTIO_PCI_CAP_DEVICE_CFG, 0x2000, 16}, {VIRTIO_PCI_CAP_NOTIFY_CFG, 0x3000, 20},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        unsigned c = find_cap(1, want[i].type, &n);
        CHECK(c != 0, "cap type %u present", want[i].type);
        CHECK(cfg_rd(1, c + VIRTIO_PCI_CAP_LEN, 1) == want[i].len, "cap %u len", want[i].type);
        CHECK(cfg_rd(1, c + VIRTIO_PCI_CAP_BAR, 1) == VIRTIO_PCI_BAR, "cap %u in BAR 4",
              want[i].type);
        CHECK(cfg_rd(1, c + VIRTIO_PCI_CAP_OFFSET, 4) == want[i].off, "cap %u offset",
              want[i].type);
        CHECK(cfg_rd(1, c + VIRTIO_PCI_CAP_LENGTH, 4) == 0x1000, "cap %u length", want[i].type);
        if (want[i].type == VIRTIO_PCI_CAP_NOTIFY_CFG)
            CHECK(cfg_rd(1, c + VIRTIO_PCI_NOTIFY_CAP_MULT, 4) == 4, "notify multiplier");
    }
    CHECK(find_cap(1, VIRTIO_PCI_CAP_PCI_CFG, &n) != 0, "PCI configuration access cap");
    CHECK(n == 5, "five capabilities, chain terminated (%u)", n);
    /* Capability bodies are read only (except the access window). */
    unsigned c = find_cap(1, VIRTIO_PCI_CAP_COMMON_CFG, NULL);
    cfg_wr(1, c + VIRTIO_PCI_CAP_OFFSET, 0x5000, 4);
    CHECK(cfg_rd(1, c + VIRTIO_PCI_CAP_OFFSET, 4) == 0, "common cap offset read only");
}

static void test_bar_sizing(void) {
    /* Unimplemented BARs read 0 and stay 0 after all ones. */
    for (unsigned b = 0; b < 4; b++) {
        cfg_wr(1, PCI_BASE_ADDRESS_0 + 4 * b, 0xffffffffu, 4);
        CHECK(cfg_rd(1, PCI_BASE_ADDRESS_0 + 4 * b, 4) == 0, "BAR %u unimplemented", b);
    }
    CHECK(cfg_rd(1, PCI_BASE_ADDRESS_0 + 16, 4) == 0xc, "BAR 4: 64-bit prefetchable memory");
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 16, 0xffffffffu, 4);
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 20, 0xffffffffu, 4);
    uint32_t lo = cfg_rd(1, PCI_BASE_ADDRESS_0 + 16, 4);
    uint32_t hi = cfg_rd(1, PCI_BASE_ADDRESS_0 + 20, 4);
    uint64_t size = ~(((uint64_t)hi << 32 | lo) & ~0xfull) + 1;
    CHECK(lo == 0xffffc00cu && hi == 0xffffffffu, "sizing pattern %08x:%08x", hi, lo);
    CHECK(size == VIRTIO_PCI_BAR_SIZE, "size 0x%llx", (unsigned long long)size);
    CHECK(cfg_rd(1, PCI_ROM_ADDRESS, 4) == 0, "no expansion ROM");

    /* Placed in the 64-bit window, decoded only with Command.Memory. */
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 16, (uint32_t)MMIO64, 4);
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 20, (uint32_t)(MMIO64 >> 32), 4);
    uint64_t numq = MMIO64 + VIRTIO_PCI_COMMON_OFF + VIRTIO_PCI_COMMON_NUMQ;
    CHECK(mem_rd(numq, 2) == 0xffff, "no decode before Command.Memory");
    cfg_wr(1, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    CHECK(cfg_rd(1, PCI_COMMAND, 2) == (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER), "command");
    CHECK(mem_rd(numq, 2) == 1, "num_queues through the placed BAR (%llx)",
          (unsigned long long)mem_rd(numq, 2));
    /* Moved into the 32-bit window: the old address goes dead. */
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 16, (uint32_t)MMIO + 0x4000, 4);
    cfg_wr(1, PCI_BASE_ADDRESS_0 + 20, 0, 4);
    CHECK(mem_rd(numq, 2) == 0xffff, "old address no longer decodes");
    CHECK(mem_rd(MMIO + 0x4000 + VIRTIO_PCI_COMMON_NUMQ, 2) == 1, "new address decodes");
}

#define BAR (MMIO + 0x4000)
#define COMMON(f) (BAR + VIRTIO_PCI_COMMON_OFF + (f))

static void test_virtio_rng_over_pci(void) {
    mem_wr(COMMON(VIRTIO_PCI_COMMON_STATUS), 0, 1);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER, 1);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_DFSELECT), 1, 4);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_DF), 4) & 1, "VERSION_1 offered");
    mem_wr(COMMON(VIRTIO_PCI_COMMON_GFSELECT), 1, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_GF), 1, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_GFSELECT), 0, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_GF), 0, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_STATUS), 0xb, 1);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_STATUS), 1) == 0xb, "FEATURES_OK kept");
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_MSIX), 2) == VIRTIO_MSI_NO_VECTOR, "no MSI-X");
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_SELECT), 1, 2);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_Q_SIZE), 2) == 0, "queue 1 does not exist");
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_SELECT), 0, 2);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_Q_SIZE), 2) == VIRTIO_RNG_QUEUE_SIZE, "queue max");
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_SIZE), QN, 2);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_DESCLO), (uint32_t)DESC, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_DESCHI), (uint32_t)(DESC >> 32), 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_AVAILLO), (uint32_t)AVAIL, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_AVAILHI), 0, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_USEDLO), (uint32_t)USED, 4);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_USEDHI), 0, 4);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_Q_DESCLO), 4) == (uint32_t)DESC, "desc read back");
    unsigned noff = (unsigned)mem_rd(COMMON(VIRTIO_PCI_COMMON_Q_NOFF), 2);
    mem_wr(COMMON(VIRTIO_PCI_COMMON_Q_ENABLE), 1, 2);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_Q_ENABLE), 2) == 1, "queue enabled");
    mem_wr(COMMON(VIRTIO_PCI_COMMON_STATUS), 0xf, 1);

    /* One 64-byte device-writable buffer; notify; it comes back filled. */
    uint64_t addr = BUF;
    uint32_t len = 64;
    uint16_t flags = 2, zero = 0, one = 1;
    memcpy(H(DESC), &addr, 8);
    memcpy(H(DESC + 8), &len, 4);
    memcpy(H(DESC + 12), &flags, 2);
    memcpy(H(AVAIL + 4), &zero, 2);
    memcpy(H(AVAIL + 2), &one, 2);
    memset(H(BUF), 0, 64);
    CHECK(!line_level[1], "no interrupt yet");
    mem_wr(BAR + VIRTIO_PCI_NOTIFY_OFF + noff * VIRTIO_PCI_NOTIFY_MULTIPLIER, 0, 2);
    uint16_t used_idx;
    uint32_t used_len;
    memcpy(&used_idx, H(USED + 2), 2);
    memcpy(&used_len, H(USED + 8), 4);
    CHECK(used_idx == 1 && used_len == 64, "used idx %u len %u", used_idx, used_len);
    int zeros = 0;
    for (int i = 0; i < 64; i++)
        zeros += H(BUF)[i] == 0;
    CHECK(zeros < 8, "random bytes (%d zeros)", zeros);
    /* Slot 1, INTA: host line (1 + 1 - 1) % 4 = 1. */
    CHECK(line_level[1] && !line_level[0] && !line_level[2] && !line_level[3],
          "INTA of slot 1 on line 1");
    CHECK(cfg_rd(1, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, "status interrupt bit");
    cfg_wr(1, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_INTX_DISABLE, 2);
    CHECK(!line_level[1], "INTx disable masks the line");
    CHECK(cfg_rd(1, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, "status still shows it");
    cfg_wr(1, PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    CHECK(line_level[1], "line back when enabled");
    CHECK(mem_rd(BAR + VIRTIO_PCI_ISR_OFF, 1) == VIRTIO_INT_VRING, "ISR: queue interrupt");
    CHECK(!line_level[1], "reading the ISR deasserts INTx");
    CHECK(mem_rd(BAR + VIRTIO_PCI_ISR_OFF, 1) == 0, "ISR cleared by the read");
    CHECK(!(cfg_rd(1, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT), "status interrupt bit clear");

    /* The PCI configuration access capability reads num_queues through config space. */
    unsigned c = find_cap(1, VIRTIO_PCI_CAP_PCI_CFG, NULL);
    cfg_wr(1, c + VIRTIO_PCI_CAP_BAR, VIRTIO_PCI_BAR, 1);
    cfg_wr(1, c + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_NUMQ, 4);
    cfg_wr(1, c + VIRTIO_PCI_CAP_LENGTH, 2, 4);
    CHECK(cfg_rd(1, c + VIRTIO_PCI_CFG_CAP_DATA, 4) == 1, "pci_cfg_data: num_queues");
    cfg_wr(1, c + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_STATUS, 4);
    cfg_wr(1, c + VIRTIO_PCI_CAP_LENGTH, 1, 4);
    CHECK(cfg_rd(1, c + VIRTIO_PCI_CFG_CAP_DATA, 1) == 0xf, "pci_cfg_data: status");
    cfg_wr(1, c + VIRTIO_PCI_CFG_CAP_DATA, 0, 1);
    CHECK(mem_rd(COMMON(VIRTIO_PCI_COMMON_STATUS), 1) == 0, "pci_cfg_data write resets");
}

static void test_swizzle_and_reset(void) {
    /* Slots 2..4: INTA reaches host lines 2, 3, 0. */
    VirtioPci *t[3];
    for (int i = 0; i < 3; i++)
        t[i] = plug_rng(2 + i);
    for (int i = 0; i < 3; i++) {
        memset(line_level, 0, sizeof line_level);
        pci_set_irq(virtio_pci_function(t[i]), 1);
        int want = (2 + i) % 4;
        for (int l = 0; l < 4; l++)
            CHECK(line_level[l] == (l == want), "slot %d line %d", 2 + i, l);
        pci_set_irq(virtio_pci_function(t[i]), 0);
        CHECK(!line_level[want], "slot %d deasserts", 2 + i);
    }
    /* Two functions on one line (slots 1 and 5 share line 1): it stays up until both drop. */
    VirtioPci *t5 = plug_rng(5);
    cfg_wr(5, PCI_COMMAND, 0, 2);
    PciBus *bus = pci_host_bus(host);
    pci_set_irq(bus->devs[PCI_DEVFN(1, 0)], 1);
    pci_set_irq(virtio_pci_function(t5), 1);
    pci_set_irq(bus->devs[PCI_DEVFN(1, 0)], 0);
    CHECK(line_level[1], "shared line held by slot 5");
    pci_set_irq(virtio_pci_function(t5), 0);
    CHECK(!line_level[1], "shared line released");
    plug_rng(6);
    VirtioPci *dup = virtio_pci_create(&mm, virtio_rng_create());
    CHECK(pci_host_plug(host, virtio_pci_function(dup), 6) == -1, "a taken slot is refused");

    pci_host_reset(host);
    CHECK(cfg_rd(1, PCI_COMMAND, 2) == 0, "reset clears Command");
    CHECK(cfg_rd(1, PCI_BASE_ADDRESS_0 + 16, 4) == 0xc, "reset unplaces BAR 4");
    CHECK(cfg_rd(1, PCI_DEVICE_ID, 2) == 0x1044, "reset keeps the IDs");
}

int main(void) {
    setup();
    test_ecam();
    test_virtio_header_and_caps();
    test_bar_sizing();
    test_virtio_rng_over_pci();
    test_swizzle_and_reset();
    pci_host_free(host);
    memmap_free(&mm);
    printf("test_pci: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
