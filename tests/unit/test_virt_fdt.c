/* SPDX-License-Identifier: MIT */
/* Unit tests of machines/virt_fdt.c, read back with libfdt: the tree for 1 and 4 harts passes
   fdt_check_full, has QEMU virt's nodes at their addresses, every interrupts-extended /
   interrupt-parent / regmap / cpu phandle resolves to the node it must name, phandles are
   unique, /chosen carries bootargs and the initrd range; -dtb loading rejects junk and
   /chosen is created and grown when needed. Also an empty virtio-mmio slot's registers
   (the board's slots without a device). The cpu nodes' riscv,isa, riscv,isa-extensions and
   mmu-type for -cpu models and properties (cpu/riscv/models.c). */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/riscv/models.h"
#include "hw/virtio_mmio.h"
#include "machines/virt.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

static const fdt32_t *cells(const void *fdt, int node, const char *name, int *n) {
    int len = 0;
    const fdt32_t *p = fdt_getprop(fdt, node, name, &len);
    *n = p ? len / 4 : 0;
    return p;
}

static uint32_t cell_at(const fdt32_t *p, int i) { return fdt32_to_cpu(p[i]); }

static uint32_t get_u32(const void *fdt, int node, const char *name) {
    int n;
    const fdt32_t *p = cells(fdt, node, name, &n);
    CHECK(p && n == 1, "%s: expected one cell, got %d", name, n);
    return p && n == 1 ? cell_at(p, 0) : 0xdeadbeef;
}

static uint64_t get_u64(const void *fdt, int node, const char *name) {
    int n;
    const fdt32_t *p = cells(fdt, node, name, &n);
    if (p && n == 1)
        return cell_at(p, 0);
    CHECK(p && n == 2, "%s: expected 1 or 2 cells, got %d", name, n);
    return p && n == 2 ? (uint64_t)cell_at(p, 0) << 32 | cell_at(p, 1) : ~0ull;
}

static const char *get_str(const void *fdt, int node, const char *name) {
    int len = 0;
    const char *s = fdt_getprop(fdt, node, name, &len);
    if (!s || len <= 0 || s[len - 1])
        return "";
    return s;
}

/* The <addr size> pair of a reg property with 2+2 cells. */
static void check_reg(const void *fdt, int node, uint64_t addr, uint64_t size,
                      const char *what) {
    int n;
    const fdt32_t *p = cells(fdt, node, "reg", &n);
    CHECK(p && n == 4, "%s: reg has %d cells", what, n);
    if (!p || n != 4)
        return;
    uint64_t a = (uint64_t)cell_at(p, 0) << 32 | cell_at(p, 1);
    uint64_t s = (uint64_t)cell_at(p, 2) << 32 | cell_at(p, 3);
    CHECK(a == addr && s == size, "%s: reg 0x%llx+0x%llx, expected 0x%llx+0x%llx", what,
          (unsigned long long)a, (unsigned long long)s, (unsigned long long)addr,
          (unsigned long long)size);
}

static bool has_compat(const void *fdt, int node, const char *c) {
    return fdt_node_check_compatible(fdt, node, c) == 0;
}

static int node_at(const void *fdt, const char *path) {
    int off = fdt_path_offset(fdt, path);
    CHECK(off >= 0, "node %s missing (%s)", path, fdt_strerror(off));
    return off;
}

/* The interrupt controller of hart i, found by path (not by phandle). */
static int intc_of(const void *fdt, int hart) {
    char path[64];
    snprintf(path, sizeof path, "/cpus/cpu@%d/interrupt-controller", hart);
    return node_at(fdt, path);
}

/* interrupts-extended = per hart <intc irq_a intc irq_b>: each phandle names that hart's
   interrupt controller. */
static void check_ext(const void *fdt, int node, int harts, uint32_t irq_a, uint32_t irq_b,
                      const char *what) {
    int n;
    const fdt32_t *p = cells(fdt, node, "interrupts-extended", &n);
    CHECK(p && n == 4 * harts, "%s: interrupts-extended has %d cells for %d harts", what, n,
          harts);
    if (!p || n != 4 * harts)
        return;
    for (int h = 0; h < harts; h++) {
        int want = intc_of(fdt, h);
        int a = fdt_node_offset_by_phandle(fdt, cell_at(p, 4 * h));
        int b = fdt_node_offset_by_phandle(fdt, cell_at(p, 4 * h + 2));
        CHECK(a == want && b == want, "%s: hart %d phandles resolve to %d/%d, intc is %d",
              what, h, a, b, want);
        CHECK(cell_at(p, 4 * h + 1) == irq_a && cell_at(p, 4 * h + 3) == irq_b,
              "%s: hart %d irqs %u,%u expected %u,%u", what, h, cell_at(p, 4 * h + 1),
              cell_at(p, 4 * h + 3), irq_a, irq_b);
    }
}

static void check_device(const void *fdt, int plic, const char *path, const char *compat,
                         uint64_t base, uint64_t size, uint32_t irq) {
    int off = node_at(fdt, path);
    if (off < 0)
        return;
    CHECK(has_compat(fdt, off, compat), "%s is not %s", path, compat);
    check_reg(fdt, off, base, size, path);
    CHECK(get_u32(fdt, off, "interrupts") == irq, "%s: wrong interrupt", path);
    CHECK(fdt_node_offset_by_phandle(fdt, get_u32(fdt, off, "interrupt-parent")) == plic,
          "%s: interrupt-parent is not the PLIC", path);
}

static void check_unique_phandles(const void *fdt) {
    uint32_t seen[256];
    int n = 0;
    for (int off = fdt_next_node(fdt, -1, NULL); off >= 0; off = fdt_next_node(fdt, off, NULL)) {
        uint32_t ph = fdt_get_phandle(fdt, off);
        if (!ph)
            continue;
        for (int i = 0; i < n; i++)
            CHECK(seen[i] != ph, "phandle %u used twice", ph);
        if (n < 256)
            seen[n++] = ph;
    }
    CHECK(n > 0, "no phandles at all");
}

/* The PCIe host node, cell for cell as QEMU 7.2 writes it (shared/ref/qemu-virt-riscv64.dts),
   with the interrupt parent being the PLIC whatever its phandle. */
static void check_pci(const void *fdt, int plic, uint64_t ram) {
    int pci = node_at(fdt, "/soc/pci@30000000");
    if (pci < 0)
        return;
    CHECK(has_compat(fdt, pci, "pci-host-ecam-generic"), "pci compatible");
    CHECK(!strcmp(get_str(fdt, pci, "device_type"), "pci"), "pci device_type");
    CHECK(get_u32(fdt, pci, "#address-cells") == 3 && get_u32(fdt, pci, "#size-cells") == 2 &&
          get_u32(fdt, pci, "#interrupt-cells") == 1, "pci cells");
    CHECK(get_u32(fdt, pci, "linux,pci-domain") == 0, "pci domain");
    CHECK(fdt_getprop(fdt, pci, "dma-coherent", NULL) != NULL, "pci dma-coherent");
    check_reg(fdt, pci, 0x30000000ull, 0x10000000ull, "pci ecam");
    int n;
    const fdt32_t *p = cells(fdt, pci, "bus-range", &n);
    CHECK(p && n == 2 && cell_at(p, 0) == 0 && cell_at(p, 1) == 0xff, "bus-range");
    uint64_t hi = ((0x80000000ull + ram + 0x3ffffffffull) & ~0x3ffffffffull) >> 32;
    const uint32_t ranges[21] = {
        0x1000000, 0, 0, 0, 0x3000000, 0, 0x10000,
        0x2000000, 0, 0x40000000, 0, 0x40000000, 0, 0x40000000,
        0x3000000, (uint32_t)hi, 0, (uint32_t)hi, 0, 4, 0,
    };
    p = cells(fdt, pci, "ranges", &n);
    bool same = p && n == 21;
    for (int i = 0; same && i < n; i++)
        same = cell_at(p, i) == ranges[i];
    CHECK(same, "pci ranges as QEMU's");
    p = cells(fdt, pci, "interrupt-map-mask", &n);
    CHECK(p && n == 4 && cell_at(p, 0) == 0x1800 && cell_at(p, 1) == 0 && cell_at(p, 2) == 0 &&
          cell_at(p, 3) == 7, "interrupt-map-mask");
    p = cells(fdt, pci, "interrupt-map", &n);
    CHECK(p && n == 16 * 6, "interrupt-map: 16 entries of 6 cells (%d cells)", n);
    uint32_t ph = get_u32(fdt, plic, "phandle");
    for (int e = 0; p && n == 96 && e < 16; e++) {
        unsigned slot = (unsigned)e / 4, pin = (unsigned)e % 4 + 1;
        const fdt32_t *c = p + 6 * e;
        CHECK(cell_at(c, 0) == slot << 11 && cell_at(c, 1) == 0 && cell_at(c, 2) == 0 &&
              cell_at(c, 3) == pin && cell_at(c, 4) == ph &&
              cell_at(c, 5) == 0x20 + (slot + pin - 1) % 4,
              "interrupt-map entry %d (slot %u INT%c)", e, slot, 'A' + pin - 1);
    }
}

static void *build(int harts, const char *bootargs, uint64_t rd_start, uint64_t rd_end,
                   size_t *size) {
    static const uint8_t seed[32] = { 1, 2, 3 };
    char err[256] = "";
    VirtFdtConfig c = { .n_harts = harts, .ram_base = VIRT_DRAM_BASE, .ram_size = 256ull << 20,
                        .rng_seed = seed, .rng_seed_len = sizeof seed };
    void *fdt = virt_fdt_create(&c, err, sizeof err);
    CHECK(fdt != NULL, "virt_fdt_create(%d harts): %s", harts, err);
    if (!fdt)
        return NULL;
    bool ok = virt_fdt_set_chosen(&fdt, bootargs, true, rd_start, rd_end, err, sizeof err);
    CHECK(ok, "set_chosen: %s", err);
    *size = virt_fdt_finish(fdt);
    return fdt;
}

static void test_tree(int harts) {
    const char *args = "console=ttyS0 earlycon=sbi";
    uint64_t rd0 = 0x88200000ull, rd1 = 0x8844571full;
    size_t size;
    void *fdt = build(harts, args, rd0, rd1, &size);
    if (!fdt)
        return;
    CHECK(fdt_check_full(fdt, size) == 0, "fdt_check_full failed");
    CHECK(fdt_totalsize(fdt) == size, "finish returned %zu, header says %u", size,
          fdt_totalsize(fdt));
    CHECK(has_compat(fdt, 0, "riscv-virtio"), "root compatible");
    CHECK(get_u32(fdt, 0, "#address-cells") == 2 && get_u32(fdt, 0, "#size-cells") == 2,
          "root cells");

    int cpus = node_at(fdt, "/cpus");
    CHECK(get_u32(fdt, cpus, "timebase-frequency") == 10000000, "timebase");
    int n_cpu = 0;
    int child;
    fdt_for_each_subnode(child, fdt, cpus) {
        const char *dt = get_str(fdt, child, "device_type");
        if (strcmp(dt, "cpu"))
            continue;
        int reg = (int)get_u32(fdt, child, "reg");
        char want[32];
        snprintf(want, sizeof want, "cpu@%d", reg);
        CHECK(!strcmp(fdt_get_name(fdt, child, NULL), want), "cpu node %s has reg %d",
              fdt_get_name(fdt, child, NULL), reg);
        CHECK(!strncmp(get_str(fdt, child, "riscv,isa"), "rv64imafdc", 10), "riscv,isa %s",
              get_str(fdt, child, "riscv,isa"));
        CHECK(!strcmp(get_str(fdt, child, "riscv,isa-base"), "rv64i"), "isa-base");
        CHECK(fdt_stringlist_search(fdt, child, "riscv,isa-extensions", "zicsr") >= 0 &&
              fdt_stringlist_search(fdt, child, "riscv,isa-extensions", "c") >= 0 &&
              fdt_stringlist_search(fdt, child, "riscv,isa-extensions", "h") < 0,
              "riscv,isa-extensions lacks zicsr/c or claims h");
        CHECK(!strcmp(get_str(fdt, child, "mmu-type"), "riscv,sv48"), "mmu-type");
        CHECK(!strcmp(get_str(fdt, child, "status"), "okay"), "status");
        int intc = fdt_subnode_offset(fdt, child, "interrupt-controller");
        CHECK(intc >= 0 && has_compat(fdt, intc, "riscv,cpu-intc") &&
              get_u32(fdt, intc, "#interrupt-cells") == 1 &&
              fdt_getprop(fdt, intc, "interrupt-controller", NULL) != NULL,
              "cpu %d interrupt controller", reg);
        n_cpu++;
    }
    CHECK(n_cpu == harts, "%d cpu nodes for %d harts", n_cpu, harts);
    for (int h = 0; h < harts; h++) {
        char path[64];
        snprintf(path, sizeof path, "/cpus/cpu-map/cluster0/core%d", h);
        int core = node_at(fdt, path);
        snprintf(path, sizeof path, "/cpus/cpu@%d", h);
        if (core >= 0)
            CHECK(fdt_node_offset_by_phandle(fdt, get_u32(fdt, core, "cpu")) ==
                  fdt_path_offset(fdt, path), "core%d does not name cpu@%d", h, h);
    }

    int mem = node_at(fdt, "/memory@80000000");
    CHECK(!strcmp(get_str(fdt, mem, "device_type"), "memory"), "memory device_type");
    check_reg(fdt, mem, 0x80000000ull, 256ull << 20, "memory");

    int plic = node_at(fdt, "/soc/plic@c000000");
    CHECK(has_compat(fdt, plic, "sifive,plic-1.0.0") && has_compat(fdt, plic, "riscv,plic0"),
          "plic compatible");
    CHECK(get_u32(fdt, plic, "riscv,ndev") == 96, "riscv,ndev");
    CHECK(get_u32(fdt, plic, "#interrupt-cells") == 1, "plic #interrupt-cells");
    check_reg(fdt, plic, 0xc000000ull, 0x600000ull, "plic");
    check_ext(fdt, plic, harts, 11, 9, "plic");

    int clint = node_at(fdt, "/soc/clint@2000000");
    CHECK(has_compat(fdt, clint, "sifive,clint0"), "clint compatible");
    check_reg(fdt, clint, 0x2000000ull, 0x10000ull, "clint");
    check_ext(fdt, clint, harts, 3, 7, "clint");

    check_device(fdt, plic, "/soc/serial@10000000", "ns16550a", 0x10000000ull, 0x100, 10);
    check_device(fdt, plic, "/soc/rtc@101000", "google,goldfish-rtc", 0x101000ull, 0x1000, 11);
    for (int i = 0; i < 8; i++) {
        char path[64];
        uint64_t base = 0x10001000ull + 0x1000ull * (uint64_t)i;
        snprintf(path, sizeof path, "/soc/virtio_mmio@%llx", (unsigned long long)base);
        check_device(fdt, plic, path, "virtio,mmio", base, 0x1000, (uint32_t)(i + 1));
    }

    check_pci(fdt, plic, 256ull << 20);

    int test = node_at(fdt, "/soc/test@100000");
    CHECK(has_compat(fdt, test, "sifive,test0") && has_compat(fdt, test, "syscon"),
          "test compatible");
    check_reg(fdt, test, 0x100000ull, 0x1000ull, "test");
    int off = node_at(fdt, "/poweroff");
    CHECK(has_compat(fdt, off, "syscon-poweroff") && get_u32(fdt, off, "value") == 0x5555 &&
          get_u32(fdt, off, "offset") == 0 &&
          fdt_node_offset_by_phandle(fdt, get_u32(fdt, off, "regmap")) == test, "/poweroff");
    off = node_at(fdt, "/reboot");
    CHECK(has_compat(fdt, off, "syscon-reboot") && get_u32(fdt, off, "value") == 0x7777 &&
          fdt_node_offset_by_phandle(fdt, get_u32(fdt, off, "regmap")) == test, "/reboot");

    int chosen = node_at(fdt, "/chosen");
    CHECK(!strcmp(get_str(fdt, chosen, "bootargs"), args), "bootargs '%s'",
          get_str(fdt, chosen, "bootargs"));
    CHECK(get_u64(fdt, chosen, "linux,initrd-start") == rd0, "initrd-start");
    CHECK(get_u64(fdt, chosen, "linux,initrd-end") == rd1, "initrd-end");
    const char *stdout_path = get_str(fdt, chosen, "stdout-path");
    CHECK(fdt_path_offset(fdt, stdout_path) == fdt_path_offset(fdt, "/soc/serial@10000000"),
          "stdout-path '%s' does not name the UART", stdout_path);
    int len = 0;
    CHECK(fdt_getprop(fdt, chosen, "rng-seed", &len) && len == 32, "rng-seed length %d", len);
    int aliases = node_at(fdt, "/aliases");
    CHECK(fdt_path_offset(fdt, get_str(fdt, aliases, "serial0")) ==
          fdt_path_offset(fdt, "/soc/serial@10000000"), "serial0 alias");
    check_unique_phandles(fdt);
    free(fdt);
}

static void test_bad_config(void) {
    char err[256] = "";
    VirtFdtConfig c = { .n_harts = 0, .ram_base = VIRT_DRAM_BASE, .ram_size = 1 << 28 };
    CHECK(virt_fdt_create(&c, err, sizeof err) == NULL && err[0], "0 harts accepted");
    c.n_harts = VIRT_MAX_HARTS + 1;
    CHECK(virt_fdt_create(&c, err, sizeof err) == NULL, "too many harts accepted");
}

/* A user tree without /chosen and with no spare room: set_chosen creates the node and grows
   the buffer for a long command line. */
static void test_user_tree(void) {
    char path[] = "/tmp/tern_test_dtbXXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    uint8_t small[256];
    CHECK(fdt_create_empty_tree(small, sizeof small) == 0, "empty tree");
    fdt_pack(small);
    CHECK(write(fd, small, fdt_totalsize(small)) == (ssize_t)fdt_totalsize(small), "write");
    close(fd);

    char err[256] = "";
    void *fdt = virt_fdt_load(path, err, sizeof err);
    CHECK(fdt != NULL, "load valid tree: %s", err);
    if (fdt) {
        char args[6000];
        memset(args, 'x', sizeof args - 1);
        args[sizeof args - 1] = 0;
        bool ok = virt_fdt_set_chosen(&fdt, args, true, 0x1000, 0x2000, err, sizeof err);
        CHECK(ok, "set_chosen on user tree: %s", err);
        size_t size = virt_fdt_finish(fdt);
        CHECK(fdt_check_full(fdt, size) == 0, "user tree corrupt after edit");
        int chosen = fdt_path_offset(fdt, "/chosen");
        CHECK(chosen >= 0 && strlen(get_str(fdt, chosen, "bootargs")) == sizeof args - 1,
              "long bootargs not stored");
        CHECK(chosen >= 0 && get_u64(fdt, chosen, "linux,initrd-end") == 0x2000, "initrd");
        free(fdt);
    }

    /* Junk, a truncated tree, and a missing file are refused with a reason. */
    FILE *f = fopen(path, "wb");
    fputs("this is not a device tree at all, just text", f);
    fclose(f);
    err[0] = 0;
    CHECK(virt_fdt_load(path, err, sizeof err) == NULL && strstr(err, "not a valid"),
          "junk accepted (%s)", err);
    f = fopen(path, "wb");
    fwrite(small, 1, fdt_totalsize(small) - 8, f);
    fclose(f);
    CHECK(virt_fdt_load(path, err, sizeof err) == NULL, "truncated tree accepted");
    unlink(path);
    CHECK(virt_fdt_load(path, err, sizeof err) == NULL && err[0], "missing file accepted");

    /* A version 15 tree (full-path node names; the root's "" has no '/'): refused with the
       reason. libfdt 1.6's fdt_check_full crashed on it (tests/fuzz/fuzz_dtb). */
    uint8_t old[256];
    memcpy(old, small, fdt_totalsize(small));
    fdt_set_version(old, 15);
    fdt_set_last_comp_version(old, 2);
    f = fopen(path, "wb");
    fwrite(old, 1, fdt_totalsize(old), f);
    fclose(f);
    err[0] = 0;
    CHECK(virt_fdt_load(path, err, sizeof err) == NULL && strstr(err, "version 15"),
          "version 15 tree: '%s'", err);

    /* A property whose length is 2^32 - 12: libfdt 1.6's fdt_check_full looped for ever on it
       (tests/fuzz/fuzz_dtb). The alarm turns a hang into a failure. */
    uint8_t wrap[256];
    memcpy(wrap, small, fdt_totalsize(small));
    CHECK(fdt_open_into(small, wrap, sizeof wrap) == 0 &&
              fdt_setprop(wrap, 0, "compatible", "riscv-virtio", 13) == 0, "property");
    fdt_pack(wrap);
    int prop = fdt_first_property_offset(wrap, 0);
    CHECK(prop >= 0, "property offset");
    if (prop >= 0) {
        uint8_t *lenp = wrap + fdt_off_dt_struct(wrap) + prop + 4;
        memcpy(lenp, "\xff\xff\xff\xf4", 4);
        f = fopen(path, "wb");
        fwrite(wrap, 1, fdt_totalsize(wrap), f);
        fclose(f);
        err[0] = 0;
        alarm(20);
        CHECK(virt_fdt_load(path, err, sizeof err) == NULL && strstr(err, "not a valid"),
              "wrapping property length: '%s'", err);
        alarm(0);
    }
    unlink(path);
}

static void test_virtio_empty_slot(void) {
    MemMap mm;
    memmap_init(&mm);
    VirtioMmio *t = virtio_mmio_create(&mm, VIRT_VIRTIO_BASE, (IrqLine){0}, NULL);
    CHECK(t != NULL, "map");
    uint64_t v = 0;
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0x0, 4, &v);
    CHECK(v == 0x74726976, "magic 0x%llx", (unsigned long long)v);
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0x4, 4, &v);
    CHECK(v == 2, "version %llu", (unsigned long long)v);
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0x8, 4, &v);
    CHECK(v == 0, "device id %llu", (unsigned long long)v);
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0xc, 4, &v);
    CHECK(v == 0x554d4551, "vendor 0x%llx", (unsigned long long)v);
    memmap_write(&mm, VIRT_VIRTIO_BASE + 0x70, 4, 0xf);    /* Status: ignored */
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0x70, 4, &v);
    CHECK(v == 0, "status reads %llu after a write", (unsigned long long)v);
    v = 1;
    memmap_read(&mm, VIRT_VIRTIO_BASE + 0x1, 1, &v);   /* registers are 32-bit only (4.2.2.2) */
    CHECK(v == 0, "a byte read of the magic gives 0, got 0x%llx", (unsigned long long)v);
    virtio_mmio_free(t);
    memmap_free(&mm);
}

/* The ISA and MMU a -cpu MODEL,PROPS puts in the tree (QEMU 7.2's strings for the same model,
   plus zicntr/zihpm, less what tern lacks; no mmu-type without MMU as in QEMU 8). */
static void test_cpu_models(void) {
    static const struct {
        const char *model, *props, *isa, *exts, *mmu;
    } cases[] = {
        {"rv64", "", "rv64imafdc_zicntr_zicsr_zifencei_zihintpause_zihpm_zba_zbb_zbs_sstc",
         "i m a f d c zicntr zicsr zifencei zihintpause zihpm zba zbb zbs sstc", "riscv,sv48"},
        {"max", "sv48=on", "rv64imafdc_zicntr_zicsr_zifencei_zihintpause_zihpm_zba_zbb_zbs_sstc",
         NULL, "riscv,sv48"},
        {"sifive-u54", "", "rv64imafdc_zicntr_zicsr_zifencei",
         "i m a f d c zicntr zicsr zifencei", "riscv,sv39"},
        {"shakti-c", "", "rv64imafdc_zicntr_zicsr_zifencei", NULL, "riscv,sv48"},
        {"rv64", "c=off,zbb=no,zihpm=false",
         "rv64imafd_zicntr_zicsr_zifencei_zihintpause_zba_zbs_sstc", NULL, "riscv,sv48"},
        {"rv64", "m=off,f=off,d=off,sstc=off,zba=off,zbs=off,zbb=off",
         "rv64iac_zicntr_zicsr_zifencei_zihintpause_zihpm", "i a c zicntr zicsr zifencei "
         "zihintpause zihpm", "riscv,sv48"},
        {"sifive-u54", "zba=on,sstc=yes", "rv64imafdc_zicntr_zicsr_zifencei_zba_sstc", NULL,
         "riscv,sv39"},
        {"rv64", "sv39=on", NULL, NULL, "riscv,sv39"},
        {"rv64", "sv48=off", NULL, NULL, "riscv,sv39"},
        {"rv64", "mmu=off", NULL, NULL, NULL},
        {"sifive-u54", "sv48=on", NULL, NULL, "riscv,sv48"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const CpuModel *base = NULL;
        for (int i = 0; i < RV_CPU_N_MODELS; i++)
            if (!strcmp(rv_cpu_models[i].name, cases[k].model))
                base = &rv_cpu_models[i];
        char err[256] = "";
        CpuModel *m = base ? rv_cpu_configure(base, cases[k].props, err, sizeof err) : NULL;
        CHECK(m != NULL, "-cpu %s,%s: %s", cases[k].model, cases[k].props, err);
        if (!m)
            continue;
        VirtFdtConfig c = { .n_harts = 2, .cpu = m->config, .ram_base = VIRT_DRAM_BASE,
                            .ram_size = 256ull << 20 };
        void *fdt = virt_fdt_create(&c, err, sizeof err);
        CHECK(fdt != NULL, "virt_fdt_create: %s", err);
        if (!fdt) {
            free(m);
            continue;
        }
        virt_fdt_finish(fdt);
        int cpu = node_at(fdt, "/cpus/cpu@1");
        const char *isa = get_str(fdt, cpu, "riscv,isa");
        CHECK(!cases[k].isa || !strcmp(isa, cases[k].isa), "-cpu %s,%s: riscv,isa %s",
              cases[k].model, cases[k].props, isa);
        if (cases[k].exts) {
            /* the list, joined with spaces, is the same set in the same order */
            int len = 0;
            const char *p = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);
            char joined[256] = "";
            for (int off = 0; p && off < len; off += (int)strlen(p + off) + 1)
                snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
                         off ? " " : "", p + off);
            CHECK(!strcmp(joined, cases[k].exts), "-cpu %s,%s: riscv,isa-extensions %s",
                  cases[k].model, cases[k].props, joined);
        }
        const char *mmu = fdt_getprop(fdt, cpu, "mmu-type", NULL);
        CHECK(cases[k].mmu ? mmu && !strcmp(mmu, cases[k].mmu) : mmu == NULL,
              "-cpu %s,%s: mmu-type %s", cases[k].model, cases[k].props, mmu ? mmu : "(none)");
        free(fdt);
        free(m);
    }
}

int main(void) {
    test_cpu_models();
    test_tree(1);
    test_tree(4);
    test_bad_config();
    test_user_tree();
    test_virtio_empty_slot();
    printf("test_virt_fdt: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
