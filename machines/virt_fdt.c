/* SPDX-License-Identifier: MIT */
/* The virt board's flattened device tree, built with libfdt's sequential writer in the node
   order and phandle numbering of QEMU 7.2 (Devicetree Specification v0.4; Linux bindings
   riscv/cpus.yaml, sifive,plic-1.0.0.yaml, sifive,clint.yaml, syscon-{poweroff,reboot}.yaml). */
#include "virt.h"

#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/models.h"
#include "machines/pci_fdt.h"
#include "system/loader.h"

#define FDT_INITIAL_SIZE (64u << 10)
#define FDT_MAX_SIZE (2u << 20)           /* refuse a -dtb larger than this */
#define FDT_GROW 4096u

__attribute__((format(printf, 3, 4)))
static bool fail(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

void virt_pcie_config(uint64_t ram_size, PciHostConfig *c) {
    uint64_t ram_end = VIRT_DRAM_BASE + ram_size;
    *c = (PciHostConfig){
        .ecam_base = VIRT_PCIE_ECAM_BASE, .ecam_size = VIRT_PCIE_ECAM_SIZE,
        .pio_base = VIRT_PCIE_PIO_BASE, .pio_size = VIRT_PCIE_PIO_SIZE,
        .mmio_base = VIRT_PCIE_MMIO_BASE, .mmio_size = VIRT_PCIE_MMIO_SIZE,
        .mmio64_base = (ram_end + VIRT_PCIE_MMIO64_SIZE - 1) & ~(VIRT_PCIE_MMIO64_SIZE - 1),
        .mmio64_size = VIRT_PCIE_MMIO64_SIZE,
    };
}

/* Phandles in QEMU's allocation order: per hart from the last one down, the cpu then its
   interrupt controller; then the PLIC; then the test device (syscon). */
static uint32_t ph_cpu(int n, int i) { return (uint32_t)(2 * (n - 1 - i) + 1); }
static uint32_t ph_intc(int n, int i) { return ph_cpu(n, i) + 1; }
static uint32_t ph_plic(int n) { return (uint32_t)(2 * n + 1); }
static uint32_t ph_test(int n) { return (uint32_t)(2 * n + 2); }

/* A property of 64-bit address/size pairs as 2+2 cells. */
static int prop_reg(void *fdt, uint64_t addr, uint64_t size) {
    fdt64_t cells[2] = { cpu_to_fdt64(addr), cpu_to_fdt64(size) };
    return fdt_property(fdt, "reg", cells, sizeof cells);
}

static int prop_cells(void *fdt, const char *name, const uint32_t *v, int n) {
    fdt32_t cells[4 * VIRT_MAX_HARTS];
    for (int i = 0; i < n; i++)
        cells[i] = cpu_to_fdt32(v[i]);
    return fdt_property(fdt, name, cells, (int)(n * sizeof(fdt32_t)));
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%" PRIx64, name, addr);
    return fdt_begin_node(fdt, buf);
}

/* libfdt calls return negative error codes; they are collected in one variable and checked
   once per section, which keeps the builder readable. */
#define TRY(x) do { if (rc >= 0) rc = (x); } while (0)

/* The harts' ISA (riscv,isa, riscv,isa-extensions) and mmu-type come from the -cpu model
   (cpu/riscv/models.c); without an MMU there is no mmu-type, as in QEMU 8 (QEMU 7.2 wrote
   "riscv,none"). */
static int build_cpus(void *fdt, const VirtFdtConfig *c) {
    int rc = 0, n = c->n_harts;
    const RVCpuConfig *cpu = c->cpu ? c->cpu : &rv_cpu_config_default;
    char isa[256], exts[256];
    rv_isa_string(cpu, isa, sizeof isa);
    size_t exts_len = rv_isa_extensions(cpu, exts, sizeof exts);
    const char *mmu = rv_mmu_type(cpu);
    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    TRY(fdt_property_u32(fdt, "timebase-frequency", VIRT_TIMEBASE_FREQ));
    for (int i = 0; i < n; i++) {
        TRY(begin_node_at(fdt, "cpu", (uint64_t)i));
        TRY(fdt_property_u32(fdt, "phandle", ph_cpu(n, i)));
        TRY(fdt_property_string(fdt, "device_type", "cpu"));
        TRY(fdt_property_u32(fdt, "reg", (uint32_t)i));
        TRY(fdt_property_string(fdt, "status", "okay"));
        TRY(fdt_property_string(fdt, "compatible", "riscv"));
        TRY(fdt_property_string(fdt, "riscv,isa", isa));
        TRY(fdt_property_string(fdt, "riscv,isa-base", "rv64i"));
        TRY(fdt_property(fdt, "riscv,isa-extensions", exts, (int)exts_len));
        if (mmu)
            TRY(fdt_property_string(fdt, "mmu-type", mmu));
        TRY(fdt_begin_node(fdt, "interrupt-controller"));
        TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
        TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
        TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
        TRY(fdt_property_u32(fdt, "phandle", ph_intc(n, i)));
        TRY(fdt_end_node(fdt));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_begin_node(fdt, "cpu-map"));
    TRY(fdt_begin_node(fdt, "cluster0"));
    for (int i = 0; i < n; i++) {
        char core[16];
        snprintf(core, sizeof core, "core%d", i);
        TRY(fdt_begin_node(fdt, core));
        TRY(fdt_property_u32(fdt, "cpu", ph_cpu(n, i)));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    return rc;
}

static int build_soc(void *fdt, const VirtFdtConfig *c) {
    int rc = 0, n = c->n_harts;
    uint32_t plic = ph_plic(n);
    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));

    TRY(begin_node_at(fdt, "rtc", VIRT_RTC_BASE));
    TRY(fdt_property_u32(fdt, "interrupts", VIRT_RTC_IRQ));
    TRY(fdt_property_u32(fdt, "interrupt-parent", plic));
    TRY(prop_reg(fdt, VIRT_RTC_BASE, VIRT_RTC_SIZE));
    TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
    TRY(fdt_end_node(fdt));

    TRY(begin_node_at(fdt, "serial", VIRT_UART0_BASE));
    TRY(fdt_property_u32(fdt, "interrupts", VIRT_UART0_IRQ));
    TRY(fdt_property_u32(fdt, "interrupt-parent", plic));
    TRY(fdt_property_u32(fdt, "clock-frequency", VIRT_UART_CLOCK));
    TRY(prop_reg(fdt, VIRT_UART0_BASE, VIRT_UART0_SIZE));
    TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    TRY(fdt_end_node(fdt));

    static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
    TRY(begin_node_at(fdt, "test", VIRT_TEST_BASE));
    TRY(fdt_property_u32(fdt, "phandle", ph_test(n)));
    TRY(prop_reg(fdt, VIRT_TEST_BASE, VIRT_TEST_SIZE));
    TRY(fdt_property(fdt, "compatible", test_compat, sizeof test_compat));
    TRY(fdt_end_node(fdt));

    PciHostConfig pci;
    virt_pcie_config(c->ram_size, &pci);
    PciFdtConfig pf = {.host = &pci, .intc_phandle = plic, .intc_address_cells = 0,
                       .irq_cells = 1};
    for (int i = 0; i < 4; i++)
        pf.irq[i][0] = (uint32_t)(VIRT_PCIE_IRQ + i);
    TRY(pci_fdt_build(fdt, &pf));

    for (int i = VIRT_VIRTIO_COUNT - 1; i >= 0; i--) {
        uint64_t base = VIRT_VIRTIO_BASE + (uint64_t)i * VIRT_VIRTIO_SIZE;
        TRY(begin_node_at(fdt, "virtio_mmio", base));
        TRY(fdt_property_u32(fdt, "interrupts", (uint32_t)(VIRT_VIRTIO_IRQ + i)));
        TRY(fdt_property_u32(fdt, "interrupt-parent", plic));
        TRY(prop_reg(fdt, base, VIRT_VIRTIO_SIZE));
        TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        TRY(fdt_end_node(fdt));
    }

    /* PLIC contexts: hart i has M-mode context 2i (MEIP, 11) and S-mode 2i+1 (SEIP, 9). */
    uint32_t ext[4 * VIRT_MAX_HARTS];
    for (int i = 0; i < n; i++) {
        ext[4 * i + 0] = ph_intc(n, i);
        ext[4 * i + 1] = 11;
        ext[4 * i + 2] = ph_intc(n, i);
        ext[4 * i + 3] = 9;
    }
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    TRY(begin_node_at(fdt, "plic", VIRT_PLIC_BASE));
    TRY(fdt_property_u32(fdt, "phandle", plic));
    TRY(fdt_property_u32(fdt, "riscv,ndev", VIRT_PLIC_NDEV));
    TRY(prop_reg(fdt, VIRT_PLIC_BASE, VIRT_PLIC_SIZE));
    TRY(prop_cells(fdt, "interrupts-extended", ext, 4 * n));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property(fdt, "compatible", plic_compat, sizeof plic_compat));
    TRY(fdt_property_u32(fdt, "#address-cells", 0));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_end_node(fdt));

    /* CLINT: per hart machine software (MSIP, 3) and machine timer (MTIP, 7). */
    for (int i = 0; i < n; i++) {
        ext[4 * i + 1] = 3;
        ext[4 * i + 3] = 7;
    }
    static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
    TRY(begin_node_at(fdt, "clint", VIRT_CLINT_BASE));
    TRY(prop_cells(fdt, "interrupts-extended", ext, 4 * n));
    TRY(prop_reg(fdt, VIRT_CLINT_BASE, VIRT_CLINT_SIZE));
    TRY(fdt_property(fdt, "compatible", clint_compat, sizeof clint_compat));
    TRY(fdt_end_node(fdt));

    TRY(fdt_end_node(fdt));
    return rc;
}

static int build_syscon(void *fdt, const char *name, const char *compat, uint32_t regmap,
                        uint32_t value) {
    int rc = 0;
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_u32(fdt, "value", value));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "regmap", regmap));
    TRY(fdt_property_string(fdt, "compatible", compat));
    TRY(fdt_end_node(fdt));
    return rc;
}

static int build(void *fdt, size_t size, const VirtFdtConfig *c) {
    int rc = 0;
    char serial_path[64];
    snprintf(serial_path, sizeof serial_path, "/soc/serial@%" PRIx64, (uint64_t)VIRT_UART0_BASE);
    TRY(fdt_create(fdt, (int)size));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    TRY(fdt_property_string(fdt, "model", "riscv-virtio,qemu"));

    TRY(fdt_begin_node(fdt, "chosen"));
    if (c->rng_seed && c->rng_seed_len)
        TRY(fdt_property(fdt, "rng-seed", c->rng_seed, (int)c->rng_seed_len));
    TRY(fdt_property_string(fdt, "stdout-path", serial_path));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "aliases"));
    TRY(fdt_property_string(fdt, "serial0", serial_path));
    TRY(fdt_end_node(fdt));

    TRY(build_syscon(fdt, "poweroff", "syscon-poweroff", ph_test(c->n_harts),
                     VIRT_TEST_POWEROFF));
    TRY(build_syscon(fdt, "reboot", "syscon-reboot", ph_test(c->n_harts), VIRT_TEST_REBOOT));

    TRY(begin_node_at(fdt, "memory", c->ram_base));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, c->ram_base, c->ram_size));
    TRY(fdt_end_node(fdt));

    TRY(build_cpus(fdt, c));
    TRY(build_soc(fdt, c));
    TRY(fdt_end_node(fdt));
    TRY(fdt_finish(fdt));
    return rc;
}

void *virt_fdt_create(const VirtFdtConfig *c, char *err, size_t errlen) {
    if (c->n_harts < 1 || c->n_harts > VIRT_MAX_HARTS) {
        fail(err, errlen, "device tree: %d harts (1..%d supported)", c->n_harts,
             VIRT_MAX_HARTS);
        return NULL;
    }
    void *fdt = calloc(1, FDT_INITIAL_SIZE);
    if (!fdt) {
        fail(err, errlen, "out of memory building the device tree");
        return NULL;
    }
    int rc = build(fdt, FDT_INITIAL_SIZE, c);
    /* The sequential writer leaves a tree of exactly its contents; reopen it in the whole
       buffer so /chosen can still be edited. */
    if (rc >= 0)
        rc = fdt_open_into(fdt, fdt, FDT_INITIAL_SIZE);
    if (rc < 0) {
        fail(err, errlen, "building the device tree: %s", fdt_strerror(rc));
        free(fdt);
        return NULL;
    }
    return fdt;
}

static uint32_t be32_at(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The structure block's tags with checked arithmetic (devicetree spec 5.4). libfdt 1.6's
   fdt_next_tag adds a property's length to an int offset unchecked: a length near 2^32 wraps
   it backwards and fdt_check_full loops for ever (found by tests/fuzz/fuzz_dtb). So every
   property must fit in the block before libfdt walks it. Version 16 headers have no
   size_dt_struct: the block then runs to the end of the tree. */
static bool struct_block_sane(const uint8_t *buf, uint32_t total) {
    uint64_t off = fdt_off_dt_struct(buf);
    uint64_t size = fdt_version(buf) >= 17 ? fdt_size_dt_struct(buf) : total - off;
    if (off > total || size > total - off)
        return false;
    const uint8_t *p = buf + off;
    for (uint64_t pos = 0; pos + 4 <= size;) {
        uint32_t tag = be32_at(p + pos);
        pos += 4;
        switch (tag) {
        case FDT_BEGIN_NODE: {
            const uint8_t *nul = memchr(p + pos, 0, size - pos);
            if (!nul)
                return false;
            pos = (uint64_t)(nul - p) + 1;
            break;
        }
        case FDT_PROP:
            if (size - pos < 8 || be32_at(p + pos) > size - pos - 8)
                return false;
            pos += 8 + (uint64_t)be32_at(p + pos);
            break;
        case FDT_END_NODE:
        case FDT_NOP:
            break;
        case FDT_END:
            return true;
        default:
            return false;
        }
        pos = (pos + 3) & ~3ull;
    }
    return false;
}

void *virt_fdt_load_buf(const uint8_t *buf, size_t len, char *err, size_t errlen) {
    int rc = len < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED : fdt_check_header(buf);
    /* Trees older than version 16 name nodes by full path; libfdt 1.6's fdt_check_full
       dereferences a NULL name on such a tree, and a version 16 tree (no size_dt_struct) that
       passes the check can fail it once /chosen is edited (both found by tests/fuzz/fuzz_dtb).
       dtc has written version 17 since 2007: refuse the older ones. */
    if (rc == 0 && fdt_version(buf) < 17) {
        fail(err, errlen, "device tree version %u is not supported (17 or later)",
             fdt_version(buf));
        return NULL;
    }
    if (rc == 0 && fdt_totalsize(buf) > len)
        rc = -FDT_ERR_TRUNCATED;
    if (rc == 0 && len > FDT_MAX_SIZE)
        rc = -FDT_ERR_NOSPACE;
    if (rc == 0 && !struct_block_sane(buf, fdt_totalsize(buf)))
        rc = -FDT_ERR_BADSTRUCTURE;
    if (rc == 0)
        rc = fdt_check_full(buf, len);
    void *fdt = NULL;
    if (rc == 0) {
        size_t cap = fdt_totalsize(buf) + FDT_GROW * 4;
        fdt = calloc(1, cap);
        rc = fdt ? fdt_open_into(buf, fdt, (int)cap) : -FDT_ERR_NOSPACE;
    }
    if (rc < 0) {
        fail(err, errlen, "not a valid flattened device tree (%s)", fdt_strerror(rc));
        free(fdt);
        return NULL;
    }
    return fdt;
}

void *virt_fdt_load(const char *path, char *err, size_t errlen) {
    uint8_t *buf;
    size_t len;
    char why[200];
    if (!loader_read_file(path, &buf, &len, why, sizeof why)) {
        fail(err, errlen, "-dtb %s: %s", path, why);
        return NULL;
    }
    void *fdt = virt_fdt_load_buf(buf, len, why, sizeof why);
    free(buf);
    if (!fdt)
        fail(err, errlen, "-dtb %s: %s", path, why);
    return fdt;
}

/* Run op on the tree, growing the buffer while libfdt reports it is out of space. */
static int with_room(void **fdt, int (*op)(void *fdt, const void *arg), const void *arg) {
    for (;;) {
        int rc = op(*fdt, arg);
        if (rc != -FDT_ERR_NOSPACE)
            return rc;
        size_t cap = fdt_totalsize(*fdt) + FDT_GROW;
        if (cap > FDT_MAX_SIZE)
            return rc;
        void *bigger = realloc(*fdt, cap);
        if (!bigger)
            return rc;
        *fdt = bigger;
        rc = fdt_open_into(*fdt, *fdt, (int)cap);
        if (rc < 0)
            return rc;
    }
}

typedef struct ChosenArgs {
    const char *bootargs;
    bool has_initrd;
    uint64_t start, end;
} ChosenArgs;

static int chosen_node(void *fdt) {
    int off = fdt_path_offset(fdt, "/chosen");
    if (off == -FDT_ERR_NOTFOUND)
        off = fdt_add_subnode(fdt, 0, "chosen");
    return off;
}

/* Each step re-finds /chosen: growing the buffer may have moved nothing but is cheap. */
static int set_bootargs(void *fdt, const void *arg) {
    const ChosenArgs *a = arg;
    int off = chosen_node(fdt);
    return off < 0 ? off : fdt_setprop_string(fdt, off, "bootargs", a->bootargs);
}

static int set_initrd(void *fdt, const void *arg) {
    const ChosenArgs *a = arg;
    int off = chosen_node(fdt);
    if (off < 0)
        return off;
    int rc = fdt_setprop_u64(fdt, off, "linux,initrd-start", a->start);
    return rc < 0 ? rc : fdt_setprop_u64(fdt, off, "linux,initrd-end", a->end);
}

bool virt_fdt_set_chosen(void **fdt, const char *bootargs, bool has_initrd,
                         uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen) {
    ChosenArgs a = { bootargs, has_initrd, initrd_start, initrd_end };
    int rc = 0;
    if (bootargs)
        rc = with_room(fdt, set_bootargs, &a);
    if (rc >= 0 && has_initrd)
        rc = with_room(fdt, set_initrd, &a);
    if (rc < 0)
        return fail(err, errlen, "device tree: cannot set /chosen: %s", fdt_strerror(rc));
    return true;
}

size_t virt_fdt_finish(void *fdt) {
    fdt_pack(fdt);
    return fdt_totalsize(fdt);
}
