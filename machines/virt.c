/* SPDX-License-Identifier: MIT */
/* `-machine virt`, QEMU 7.2's riscv64 virt board (hw/riscv/virt.c, hw/riscv/boot.c): RAM at
   0x80000000, boot ROM at 0x1000, CLINT, PLIC, NS16550A, eight virtio-mmio slots, the generic
   PCIe host with virtio-pci functions, SiFive test (poweroff/reboot syscon), goldfish RTC, a
   generated device tree. Boot flow as QEMU's: the firmware (OpenSBI fw_dynamic by default) at
   RAM base, the kernel 2 MiB-aligned after it, the initrd 128 MiB (at most half of RAM) above
   the kernel, the DTB at the top of RAM below 3 GiB; every hart starts in the ROM with
   a0 = mhartid, a1 = DTB, a2 = fw_dynamic_info. */
#include "virt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hw/clint.h"
#include "hw/goldfish_rtc.h"
#include "hw/pci_host.h"
#include "hw/plic.h"
#include "hw/sifive_test.h"
#include "hw/uart16550.h"
#include "hw/slirp_net.h"
#include "hw/virtio_blk.h"
#include "hw/virtio_console.h"
#include "hw/virtio_mmio.h"
#include "hw/virtio_net.h"
#include "hw/virtio_pci.h"
#include "hw/virtio_rng.h"
#include "hw/virtio_9p.h"
#include "cpu/riscv/models.h"
#include "machines/boards.h"
#include "machines/riscv_image.h"
#include "machines/riscv_wiring.h"
#include "roms/opensbi.h"
#include "system/boot_blobs.h"
#include "system/chardev.h"
#include "system/chardev_opts.h"
#include "system/loader.h"
#include "system/machine.h"
#include "system/options.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define KERNEL_ALIGN (2 * MiB)          /* RV64 kernels run from a 2 MiB (PMD) boundary */
#define INITRD_MAX_OFFSET (128 * MiB)   /* QEMU 7.2 riscv_load_initrd */
#define FDT_ALIGN (2 * MiB)
#define FDT_LIMIT (3 * GiB)             /* QEMU keeps the DTB addressable by 32-bit kernels */
#define RNG_SEED_LEN 32
#define RTC_TIMER_SLACK_NS 1000000ull

typedef struct Virt {
    Clint *clint;
    Plic *plic;
    DevTimer rtc_timer;
    Uart16550 *uart;
    GoldfishRtc *rtc;
    SifiveTest *test;
    CharDev *serial;
    VirtioMmio *vio[VIRT_VIRTIO_COUNT];
    PciHost *pci;
    uint64_t ram_size;
    CharDev *chardevs[OPTS_MAX_DEVS];   /* -chardev backends opened for devices, by index */
    BootBlobs *blobs;                   /* the boot images, written back at reset */
    uint64_t dtb_addr;
    uint64_t rtc_deadline;              /* host ns the RTC wake-up is armed for, or MAX */
} Virt;

/* What the loaders placed where, for the overlap checks and the device tree. */
typedef struct BootLayout {
    uint64_t ram_base, ram_end;
    bool has_fw;
    uint64_t fw_entry, fw_low, fw_end;
    bool has_kernel;
    uint64_t kernel_entry, kernel_low, kernel_end;   /* end includes the Image's bss */
    bool has_initrd;
    uint64_t initrd_start, initrd_end;
    uint64_t dtb_addr, dtb_size;
} BootLayout;

__attribute__((format(printf, 1, 2)))
static bool fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("tern: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return false;
}

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static bool ranges_overlap(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end) {
    return a < b_end && b < a_end;
}

static void virt_free(void *opaque) {
    Virt *v = opaque;
    if (!v)
        return;
    /* The memory map still points at the devices, but no CPU runs any more. Virtio devices
       first: they stop their threads and let go of their chardevs. */
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++)
        virtio_mmio_free(v->vio[i]);
    pci_host_free(v->pci);
    bool serial_shared = false;
    for (int i = 0; i < OPTS_MAX_DEVS; i++) {
        serial_shared |= v->chardevs[i] && v->chardevs[i] == v->serial;
        chardev_close(v->chardevs[i]);
    }
    if (!serial_shared)
        chardev_close(v->serial);
    uart16550_free(v->uart);
    goldfish_rtc_free(v->rtc);
    timer_remove(&v->rtc_timer);
    sifive_test_free(v->test);
    plic_free(v->plic);
    clint_free(v->clint);
    boot_blobs_free(v->blobs);
    free(v);
}

/* Snapshot [addr, addr+len) of guest RAM as just loaded. */
static bool add_blob(Virt *v, const Machine *m, uint64_t addr, uint64_t len) {
    const char *err;
    if (!boot_blobs_add(v->blobs, &m->mem, addr, len, &err))
        return fail("keeping the boot images for reset: %s", err);
    return true;
}

/* Guest RAM [addr, addr+len) is the whole of the open file fd. */
static bool add_file_blob(Virt *v, uint64_t addr, uint64_t len, int fd, const struct stat *st,
                          const char *path) {
    const char *err;
    if (!boot_blobs_add_file(v->blobs, addr, len, fd, st, path, &err))
        return fail("keeping the boot images for reset: %s", err);
    return true;
}

/* -machine virt,prop=val,... */
typedef struct VirtProps {
    const char *dumpdtb;
} VirtProps;

static bool parse_props(const TernOptions *o, VirtProps *p, char *store, size_t n) {
    memset(p, 0, sizeof *p);
    if (!o->machine_props)
        return true;
    if ((size_t)snprintf(store, n, "%s", o->machine_props) >= n)
        return fail("-machine virt: properties too long");
    for (char *s = store; s && *s;) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = 0;
        char *eq = strchr(s, '=');
        if (eq)
            *eq = 0;
        const char *val = eq ? eq + 1 : NULL;
        if (!strcmp(s, "dumpdtb") && val && *val)
            p->dumpdtb = val;
        else if ((!strcmp(s, "aclint") && val && !strcmp(val, "off")) ||
                 (!strcmp(s, "aia") && val && !strcmp(val, "none")) ||
                 (!strcmp(s, "acpi") && val && !strcmp(val, "off")))
            ;                               /* QEMU's defaults, which is what tern models */
        else
            return fail("-machine virt: unknown or unsupported property '%s%s%s'", s,
                        val ? "=" : "", val ? val : "");
        s = comma ? comma + 1 : NULL;
    }
    return true;
}

static bool load_firmware(Virt *v, Machine *m, const TernOptions *o, BootLayout *L) {
    char path[4096], err[512];
    const char *file = o->bios;
    if (file && !strcmp(file, "none"))
        return true;
    if (!file || !strcmp(file, "default")) {
        /* QEMU's name for its default firmware, looked up in the -L directories first */
        if (!o->n_data_dirs ||
            !options_find_firmware(o, "opensbi-riscv64-generic-fw_dynamic.bin", path,
                                   sizeof path)) {
            if (!opensbi_default_path(path, sizeof path, err, sizeof err))
                return fail("%s", err);
        }
        file = path;
    } else if (options_find_firmware(o, file, path, sizeof path)) {
        file = path;                    /* as given, or found in a -L directory */
    } else if (!strcmp(strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
                       "opensbi-riscv64-generic-fw_dynamic.bin")) {
        /* QEMU's name for the firmware tern uses by default, bare or in QEMU's data directory
           (kunit passes /usr/share/qemu/...) on a host without QEMU: the same OpenSBI */
        if (!opensbi_default_path(path, sizeof path, err, sizeof err))
            return fail("%s", err);
        file = path;
    }
    LoadedImage img;
    if (!loader_load_kernel(&m->mem, file, L->ram_base, m->cpu_class->elf_machine, &img))
        return fail("could not load firmware '%s': %s", file, img.error);
    L->has_fw = true;
    L->fw_entry = img.entry;
    L->fw_low = img.low;
    L->fw_end = img.high;
    loader_image_free(&img);
    return add_blob(v, m, L->fw_low, L->fw_end - L->fw_low);
}

static void close_fd(int *fd) {
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* The kernel file as bytes, decompressed when it is gzip'ed. When it is not, the file stays
   open: *fd and its fstat *st (else *fd = -1). */
static bool read_kernel(const char *path, uint64_t max_size, uint8_t **buf, size_t *len,
                        int *fd, struct stat *st) {
    char err[256];
    if (!loader_read_file_fd(path, buf, len, fd, st, err, sizeof err))
        return fail("could not load kernel '%s': %s", path, err);
    if (!loader_is_gzip(*buf, *len))
        return true;
    close_fd(fd);
    uint8_t *out;
    size_t out_len;
    bool ok = loader_gunzip(*buf, *len, max_size, &out, &out_len, err, sizeof err);
    free(*buf);
    *buf = NULL;
    if (!ok)
        return fail("could not load kernel '%s': %s", path, err);
    *buf = out;
    *len = out_len;
    return true;
}

static bool load_kernel(Virt *v, Machine *m, const TernOptions *o, BootLayout *L) {
    uint8_t *buf;
    size_t len;
    int fd;
    struct stat st;
    if (!read_kernel(o->kernel, L->ram_end - L->ram_base, &buf, &len, &fd, &st))
        return false;
    /* QEMU: the kernel goes at the first 2 MiB boundary after the firmware, or at RAM base
       without firmware. An Image may ask for more room below it (text_offset). */
    uint64_t start = L->has_fw ? align_up(L->fw_end, KERNEL_ALIGN) : L->ram_base;
    LoadedImage img;
    char err[256];
    RiscvImageHeader h;
    bool ok = true;
    int kind = riscv_image_header(buf, len, &h, err, sizeof err);
    bool elf = len >= 4 && !memcmp(buf, "\x7f" "ELF", 4);
    if (elf || kind < 0)
        close_fd(&fd);              /* only a raw image is read from its file again at reset */
    if (elf) {
        ok = loader_load_elf_buf(&m->mem, buf, len, m->cpu_class->elf_machine, &img);
        if (ok) {
            L->kernel_entry = img.entry;
            L->kernel_low = img.low;
            L->kernel_end = img.high;
        }
    } else if (kind < 0) {
        free(buf);
        return fail("could not load kernel '%s': %s", o->kernel, err);
    } else {
        if (kind > 0 && L->has_fw && L->ram_base + h.text_offset > start)
            start = align_up(L->ram_base + h.text_offset, KERNEL_ALIGN);
        uint64_t need = kind > 0 ? h.image_size : len;
        if (start >= L->ram_end || need > L->ram_end - start) {
            free(buf);
            close_fd(&fd);
            return fail("kernel '%s' too big for RAM: it needs 0x%" PRIx64 " bytes at 0x%"
                        PRIx64 " but RAM ends at 0x%" PRIx64 " (use a larger -m)", o->kernel,
                        need, start, L->ram_end);
        }
        ok = loader_load_raw_buf(&m->mem, buf, len, start, &img);
        if (ok) {
            L->kernel_entry = start;
            L->kernel_low = start;
            L->kernel_end = start + need;
        }
    }
    free(buf);
    if (!ok) {
        close_fd(&fd);
        return fail("could not load kernel '%s': %s", o->kernel, img.error);
    }
    uint64_t loaded_end = img.high;
    loader_image_free(&img);
    L->has_kernel = true;
    if (L->has_fw && ranges_overlap(L->kernel_low, L->kernel_end, L->fw_low, L->fw_end)) {
        close_fd(&fd);
        return fail("kernel '%s' [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the firmware [0x%"
                    PRIx64 ", 0x%" PRIx64 ")", o->kernel, L->kernel_low, L->kernel_end,
                    L->fw_low, L->fw_end);
    }
    if (fd >= 0)
        return add_file_blob(v, L->kernel_low, len, fd, &st, o->kernel);
    return add_blob(v, m, L->kernel_low, loaded_end - L->kernel_low);
}

static bool load_initrd(Virt *v, Machine *m, const TernOptions *o, BootLayout *L) {
    uint8_t *buf;
    size_t len;
    char err[256];
    int fd;
    struct stat st;
    if (!loader_read_file_fd(o->initrd, &buf, &len, &fd, &st, err, sizeof err))
        return fail("could not load initrd '%s': %s", o->initrd, err);
    uint64_t ram = L->ram_end - L->ram_base;
    uint64_t off = ram / 2 < INITRD_MAX_OFFSET ? ram / 2 : INITRD_MAX_OFFSET;
    uint64_t start = L->kernel_low + off;
    /* A kernel with more than that of image and bss would be overwritten: move up. */
    if (start < L->kernel_end)
        start = align_up(L->kernel_end, 4096);
    if (start >= L->ram_end || len > L->ram_end - start) {
        free(buf);
        close(fd);
        return fail("initrd '%s' (%zu bytes) does not fit in RAM at 0x%" PRIx64 " (RAM ends at "
                    "0x%" PRIx64 "; use a larger -m)", o->initrd, len, start, L->ram_end);
    }
    bool ok = memmap_write_buf(&m->mem, start, buf, len);
    free(buf);
    if (!ok) {
        close(fd);
        return fail("could not write initrd '%s' to guest RAM at 0x%" PRIx64, o->initrd, start);
    }
    L->has_initrd = true;
    L->initrd_start = start;
    L->initrd_end = start + len;
    return add_file_blob(v, start, len, fd, &st, o->initrd);
}

static void *make_fdt(const Machine *m, const TernOptions *o, const BootLayout *L) {
    char err[512];
    void *fdt;
    if (o->dtb) {
        fdt = virt_fdt_load(o->dtb, err, sizeof err);
    } else {
        uint8_t seed[RNG_SEED_LEN];
        bool have_seed = getrandom(seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed;
        VirtFdtConfig c = {
            .n_harts = m->n_cpus, .cpu = rv_cpu_config(m->cpus[0]),
            .ram_base = L->ram_base, .ram_size = L->ram_end - L->ram_base,
            .rng_seed = have_seed ? seed : NULL, .rng_seed_len = have_seed ? sizeof seed : 0,
        };
        fdt = virt_fdt_create(&c, err, sizeof err);
    }
    if (!fdt) {
        fail("%s", err);
        return NULL;
    }
    /* QEMU sets these on a user's -dtb too (bootargs only for a non-empty -append). */
    const char *bootargs = o->append && *o->append ? o->append : NULL;
    if (!virt_fdt_set_chosen(&fdt, bootargs, L->has_initrd, L->initrd_start, L->initrd_end,
                             err, sizeof err)) {
        free(fdt);
        fail("%s", err);
        return NULL;
    }
    return fdt;
}

static bool place_fdt(Virt *v, Machine *m, const void *fdt, size_t size, BootLayout *L) {
    uint64_t top = L->ram_end < FDT_LIMIT ? L->ram_end : FDT_LIMIT;
    if (top < L->ram_base + size + FDT_ALIGN)
        return fail("RAM too small for the device tree");
    uint64_t addr = align_down(top - size, FDT_ALIGN);
    if (addr < L->ram_base)
        return fail("RAM too small for the device tree");
    uint64_t end = addr + size;
    if (L->has_initrd && ranges_overlap(addr, end, L->initrd_start, L->initrd_end))
        return fail("the initrd [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the device tree at 0x%"
                    PRIx64 "; use a larger -m", L->initrd_start, L->initrd_end, addr);
    if (L->has_kernel && ranges_overlap(addr, end, L->kernel_low, L->kernel_end))
        return fail("the kernel [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps the device tree at 0x%"
                    PRIx64 "; use a larger -m", L->kernel_low, L->kernel_end, addr);
    if (L->has_fw && ranges_overlap(addr, end, L->fw_low, L->fw_end))
        return fail("the firmware overlaps the device tree at 0x%" PRIx64 "; use a larger -m",
                    addr);
    if (!memmap_write_buf(&m->mem, addr, fdt, size))
        return fail("cannot write the device tree to guest RAM at 0x%" PRIx64, addr);
    L->dtb_addr = addr;
    L->dtb_size = size;
    v->dtb_addr = addr;
    return add_blob(v, m, addr, size);
}

/* The reset vector (QEMU's layout: code, then start address and DTB address as dwords, then
   fw_dynamic_info at +0x28). Encoded here rather than copied as numbers. */
static uint32_t enc_i(uint32_t opc, unsigned rd, unsigned f3, unsigned rs1, int32_t imm) {
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static bool write_rom(Virt *v, Machine *m, const BootLayout *L) {
    enum { T0 = 5, A0 = 10, A1 = 11, A2 = 12 };
    enum { OFF_START = 0x18, OFF_FDT = 0x20, OFF_INFO = 0x28 };
    const uint32_t code[6] = {
        0x00000297u,                                  /* auipc t0, 0: t0 = ROM base */
        enc_i(0x13, A2, 0, T0, OFF_INFO),             /* addi a2, t0, info */
        enc_i(0x73, A0, 2, 0, 0xf14),                 /* csrr a0, mhartid */
        enc_i(0x03, A1, 3, T0, OFF_FDT),              /* ld a1, fdt(t0) */
        enc_i(0x03, T0, 3, T0, OFF_START),            /* ld t0, start(t0) */
        enc_i(0x67, 0, 0, T0, 0),                     /* jr t0 */
    };
    uint8_t rom[OFF_INFO + FW_DYNAMIC_INFO_SIZE];
    for (int i = 0; i < 6; i++)
        for (int b = 0; b < 4; b++)
            rom[4 * i + b] = (uint8_t)(code[i] >> (8 * b));
    uint64_t start = L->has_fw ? L->fw_entry : L->kernel_entry;
    for (int b = 0; b < 8; b++) {
        rom[OFF_START + b] = (uint8_t)(start >> (8 * b));
        rom[OFF_FDT + b] = (uint8_t)(L->dtb_addr >> (8 * b));
    }
    opensbi_fw_dynamic_info(rom + OFF_INFO, L->has_kernel ? L->kernel_entry : 0,
                            FW_DYNAMIC_INFO_NEXT_MODE_S, 0);
    if (!memmap_write_buf(&m->mem, VIRT_MROM_BASE, rom, sizeof rom))
        return fail("cannot write the boot ROM");
    return add_blob(v, m, VIRT_MROM_BASE, sizeof rom);
}

static bool dump_dtb(const char *path, const void *fdt, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f)
        return fail("dumpdtb: cannot create '%s': %m", path);
    bool ok = fwrite(fdt, 1, size, f) == size;
    ok = (fclose(f) == 0) && ok;
    if (!ok)
        return fail("dumpdtb: cannot write '%s'", path);
    return true;
}

static bool check_props(const TernDevice *dv, const char *const *known, bool pci);

/* [lo, hi) against what the boot loaders placed: the name of the first overlap, or NULL. */
static const char *boot_overlap(const BootLayout *L, uint64_t lo, uint64_t hi) {
    if (L->has_fw && ranges_overlap(lo, hi, L->fw_low, L->fw_end))
        return "the firmware";
    if (L->has_kernel && ranges_overlap(lo, hi, L->kernel_low, L->kernel_end))
        return "the kernel";
    if (L->has_initrd && ranges_overlap(lo, hi, L->initrd_start, L->initrd_end))
        return "the initrd";
    if (ranges_overlap(lo, hi, L->dtb_addr, L->dtb_addr + L->dtb_size))
        return "the device tree";
    return NULL;
}

/* QEMU's generic loader (docs/system/generic-loader.rst): -device loader,file=F[,addr=A]
   [,force-raw=on] puts an ELF where it says, anything else at addr; -device loader,addr=A,
   data=D,data-len=1|2|4|8[,data-be=on] stores one value. Both are boot images: written again
   at reset. cpu-num (setting a hart's pc) is refused. */
static bool load_generic_loader(Virt *v, Machine *m, const TernDevice *dv,
                                const BootLayout *L) {
    static const char *const known[] = {"file", "addr", "force-raw", "data", "data-len",
                                        "data-be", NULL};
    char file[4096] = "", val[64];
    uint64_t addr = 0, data = 0, data_len = 0;
    bool has_addr = false, has_data = false, force_raw = false, data_be = false;
    if (options_get_prop(dv->props, "cpu-num", val, sizeof val))
        return fail("-device loader: cpu-num= is not supported (harts start at the "
                    "firmware or -kernel entry)");
    if (!check_props(dv, known, false))
        return false;
    options_get_prop(dv->props, "file", file, sizeof file);
    if (options_get_prop(dv->props, "addr", val, sizeof val)) {
        char *end;
        addr = strtoull(val, &end, 0);
        if (!*val || *end)
            return fail("-device loader: bad addr=%s", val);
        has_addr = true;
    }
    if (options_get_prop(dv->props, "data", val, sizeof val)) {
        char *end;
        data = strtoull(val, &end, 0);
        if (!*val || *end)
            return fail("-device loader: bad data=%s", val);
        has_data = true;
    }
    if (options_get_prop(dv->props, "data-len", val, sizeof val)) {
        char *end;
        data_len = strtoull(val, &end, 0);
        if (*end || (data_len != 1 && data_len != 2 && data_len != 4 && data_len != 8))
            return fail("-device loader: data-len=%s: 1, 2, 4 or 8", val);
    }
    if (options_get_prop(dv->props, "force-raw", val, sizeof val))
        force_raw = !*val || !strcmp(val, "on") || !strcmp(val, "true");
    if (options_get_prop(dv->props, "data-be", val, sizeof val))
        data_be = !*val || !strcmp(val, "on") || !strcmp(val, "true");
    LoadedImage img;
    uint64_t lo, hi;
    if (has_data) {
        if (*file || !has_addr || !data_len)
            return fail("-device loader: data= needs addr= and data-len= (and no file=)");
        uint8_t bytes[8];
        for (unsigned i = 0; i < data_len; i++)
            bytes[i] = (uint8_t)(data >> (8 * (data_be ? data_len - 1 - i : i)));
        if (!loader_load_raw_buf(&m->mem, bytes, data_len, addr, &img))
            return fail("-device loader: data at 0x%" PRIx64 ": %s", addr, img.error);
        lo = addr;
        hi = addr + data_len;
    } else if (*file) {
        uint8_t *buf;
        size_t len;
        char err[256];
        if (!loader_read_file(file, &buf, &len, err, sizeof err))
            return fail("-device loader: cannot read %s: %s", file, err);
        bool elf = !force_raw && len >= 4 && !memcmp(buf, "\x7f" "ELF", 4);
        if (!elf && !has_addr) {
            free(buf);
            return fail("-device loader,file=%s: not an ELF file: give addr= to load it raw",
                        file);
        }
        bool ok = elf ? loader_load_elf_buf(&m->mem, buf, len, m->cpu_class->elf_machine, &img)
                      : loader_load_raw_buf(&m->mem, buf, len, addr, &img);
        free(buf);
        if (!ok)
            return fail("-device loader,file=%s: %s", file, img.error);
        lo = elf ? img.low : addr;
        hi = elf ? img.high : addr + len;
        loader_image_free(&img);
    } else {
        return fail("-device loader: give file= or data= (cpu-num= alone is not supported)");
    }
    const char *what = boot_overlap(L, lo, hi);
    if (what)
        return fail("-device loader: [0x%" PRIx64 ", 0x%" PRIx64 ") overlaps %s", lo, hi, what);
    return add_blob(v, m, lo, hi - lo);
}

static bool load_all(Virt *v, Machine *m, const TernOptions *o, const VirtProps *p,
                     bool *dumped) {
    BootLayout L = { .ram_base = VIRT_DRAM_BASE };
    const MemRegion *ram = memmap_find(&m->mem, VIRT_DRAM_BASE);
    L.ram_end = ram->base + ram->size;
    if (!load_firmware(v, m, o, &L))
        return false;
    if (!L.has_fw && !o->kernel)
        return fail("-machine virt -bios none: no guest program; use -kernel FILE");
    if (o->kernel && !load_kernel(v, m, o, &L))
        return false;
    if (o->initrd && !o->kernel)
        return fail("-initrd needs -kernel");
    if (o->initrd && !load_initrd(v, m, o, &L))
        return false;
    void *fdt = make_fdt(m, o, &L);
    if (!fdt)
        return false;
    size_t size = virt_fdt_finish(fdt);
    bool ok = place_fdt(v, m, fdt, size, &L) && write_rom(v, m, &L);
    for (int i = 0; ok && i < o->n_devices; i++)
        if (!strcmp(o->devices[i].driver, "loader"))
            ok = load_generic_loader(v, m, &o->devices[i], &L);
    if (ok && p->dumpdtb) {
        ok = dump_dtb(p->dumpdtb, fdt, size);
        *dumped = ok;
    }
    free(fdt);
    return ok;
}

static void on_test_exit(void *opaque, int code) { machine_guest_shutdown(opaque, code); }
static void on_test_reset(void *opaque) { machine_request_reset(opaque); }

/* The goldfish RTC has no timer of its own: a device timer for its alarm brings the CPU
   thread back to virt_poll, which fires it. Re-armed only when the deadline moves. */
static void rtc_timer_cb(void *opaque) { (void)opaque; }

static void arm_rtc_wakeup(Virt *v) {
    uint64_t d = goldfish_rtc_ns_until_alarm(v->rtc);
    uint64_t now = host_clock_ns();
    uint64_t want = UINT64_MAX;
    if (d != UINT64_MAX)
        want = d > UINT64_MAX - 1 - now ? UINT64_MAX - 1 : now + d;
    /* A deadline in the past has fired (the timer thread clears the slot): arm again. */
    uint64_t have = v->rtc_deadline <= now ? UINT64_MAX : v->rtc_deadline;
    bool same = want == have || (want != UINT64_MAX && have != UINT64_MAX &&
                                 (want > have ? want - have : have - want) < RTC_TIMER_SLACK_NS);
    if (same)
        return;
    v->rtc_deadline = want;
    timer_mod(&v->rtc_timer, want);
}

static void virt_poll(Machine *m) {
    Virt *v = m->board;
    chardev_poll(v->serial);
    for (int i = 0; i < OPTS_MAX_DEVS; i++)
        chardev_poll(v->chardevs[i]);
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++)
        if (v->vio[i])
            virtio_mmio_poll(v->vio[i]);
    pci_host_poll(v->pci);
    goldfish_rtc_poll(v->rtc);
    arm_rtc_wakeup(v);
}

static bool virt_reset(Machine *m, BootInfo *boot) {
    Virt *v = m->board;
    char err[512];
    if (!boot_blobs_restore(v->blobs, &m->mem, err, sizeof err))
        return fail("reset: %s", err);
    for (int i = 0; i < VIRT_VIRTIO_COUNT; i++)
        if (v->vio[i])
            virtio_mmio_reset(v->vio[i]);
    pci_host_reset(v->pci);
    plic_reset(v->plic);
    clint_reset(v->clint);
    uart16550_reset(v->uart);
    v->rtc_deadline = UINT64_MAX;
    timer_mod(&v->rtc_timer, TIMER_NEVER);
    boot->entry = VIRT_MROM_BASE;
    boot->dtb_addr = v->dtb_addr;
    return true;
}

/* ---- virtio devices from -device, -drive and -nic ---- */

/* What the virtio options claimed so far, and the virtio-mmio devices in slot order
   (virtio-pci ones go on the PCI bus at once, in command-line order as QEMU numbers them). */
typedef struct VirtioPlan {
    Virt *v;
    Machine *m;
    bool to_pci;                        /* where the device being added goes */
    int pci_slot;                       /* its addr= slot, -1: the next free one */
    VirtioDevice *devs[VIRT_VIRTIO_COUNT];
    int n;
    bool drive_used[OPTS_MAX_DEVS], netdev_used[OPTS_MAX_DEVS], device_done[OPTS_MAX_DEVS];
    int n_nics;                         /* NICs made so far: QEMU's MACs count up */
} VirtioPlan;

static bool plan_add(VirtioPlan *p, VirtioDevice *d, const char *what) {
    if (!d)
        return fail("%s: out of memory", what);
    if (p->to_pci) {
        VirtioPci *t = virtio_pci_create(&p->m->mem, d);
        if (!t)
            return fail("%s: out of memory", what);
        virtio_core_attach_machine(virtio_pci_core(t), p->m);
        int slot = p->pci_slot;
        p->pci_slot = -1;
        if (pci_host_plug(p->v->pci, virtio_pci_function(t), slot) < 0) {
            if (slot >= 0)
                return fail("%s: PCI slot %d is already in use", what, slot);
            return fail("%s: all %d PCI slots are taken", what, PCI_SLOTS);
        }
        return true;
    }
    if (p->n == VIRT_VIRTIO_COUNT) {
        d->ops->free(d);
        return fail("%s: all %d virtio-mmio slots are taken", what, VIRT_VIRTIO_COUNT);
    }
    p->devs[p->n++] = d;
    return true;
}

/* What every -device NAME-pci takes besides its own properties. */
static const char *const pci_known[] = {"bus", "addr", "disable-legacy", "disable-modern",
                                        "romfile", NULL};

/* The properties of a -device besides the ones it knows (and, on PCI, pci_known): an error
   for the first. */
static bool check_props(const TernDevice *dv, const char *const *known, bool pci) {
    if (!dv->props)
        return true;
    char buf[4608];                     /* file= paths included */
    snprintf(buf, sizeof buf, "%s", dv->props);
    for (char *k = strtok(buf, ","); k; k = strtok(NULL, ",")) {
        char *eq = strchr(k, '=');
        if (eq)
            *eq = 0;
        bool ok = !strcmp(k, "id");
        for (int i = 0; known[i] && !ok; i++)
            ok = !strcmp(k, known[i]);
        for (int i = 0; pci_known[i] && !ok && pci; i++)
            ok = !strcmp(k, pci_known[i]);
        if (!ok)
            return fail("-device %s: unsupported property '%s'", dv->driver, k);
    }
    return true;
}

static bool add_blk(VirtioPlan *p, const TernOptions *o, const TernDrive *d, const char *what) {
    char err[512];
    VirtioBlkOpts bo = {.read_only = d->readonly, .snapshot = d->snapshot || o->snapshot,
                        .no_locking = d->no_locking};
    VirtioDevice *dev = virtio_blk_open(d->file, &bo, err, sizeof err);
    if (!dev)
        return fail("%s: %s", what, err);
    return plan_add(p, dev, what);
}

static bool add_net(VirtioPlan *p, const TernNetdev *nd, const char *mac_str, const char *what) {
    uint8_t mac[6] = VIRTIO_NET_DEFAULT_MAC;
    mac[5] = (uint8_t)(mac[5] + p->n_nics);
    if (mac_str && !virtio_net_parse_mac(mac_str, mac))
        return fail("%s: bad mac '%s' (expected a unicast xx:xx:xx:xx:xx:xx)", what, mac_str);
    char err[512];
    NetPeer *peer = slirp_net_create(nd->opts, err, sizeof err);
    if (!peer)
        return fail("%s", err);
    p->n_nics++;
    return plan_add(p, virtio_net_create(mac, peer), what);
}

/* The chardev -chardev id=ID opened for a device (NULL id: a null backend, as QEMU's
   virtconsole without chardev=). When only dumping the device tree nothing is opened. */
static bool open_chardev(Virt *v, Machine *m, const TernOptions *o, const char *id,
                         bool dumping, CharDev **out) {
    *out = NULL;
    if (dumping)
        return true;
    int i = -1;
    if (id) {
        for (int k = 0; k < o->n_chardevs && i < 0; k++)
            if (!strcmp(o->chardevs[k].id, id))
                i = k;
        if (i < 0)
            return fail("-device: no -chardev with id '%s'", id);
        if (v->chardevs[i])
            return fail("-chardev %s is already in use by another device", id);
        v->chardevs[i] = chardev_open_labeled(o->chardevs[i].spec, id, m);
        *out = v->chardevs[i];
        return *out != NULL;
    }
    for (int k = 0; k < OPTS_MAX_DEVS; k++)
        if (!v->chardevs[k]) {
            v->chardevs[k] = chardev_open("null", m);
            *out = v->chardevs[k];
            return *out != NULL;
        }
    return fail("-device: too many character devices");
}

static bool add_console(Virt *v, VirtioPlan *p, Machine *m, const TernOptions *o,
                        const char *chardev_id, bool dumping, const char *what) {
    CharDev *chr;
    if (!open_chardev(v, m, o, chardev_id, dumping, &chr))
        return false;
    return plan_add(p, virtio_console_create(chr), what);
}

/* QEMU's names of a virtio device type BASE: BASE-device on virtio-mmio, BASE-pci on the PCI
   bus, and BASE alone, which QEMU 7.2's qdev alias table makes BASE-pci on riscv (and arm)
   virt. */
static bool virtio_name(const char *drv, const char *base, bool *pci) {
    size_t n = strlen(base);
    if (strncmp(drv, base, n))
        return false;
    *pci = !drv[n] || !strcmp(drv + n, "-pci");
    return *pci || !strcmp(drv + n, "-device");
}

static const char *const virtio_bases[] = {"virtio-blk", "virtio-net", "virtio-rng",
                                           "virtio-serial", "virtio-9p", NULL};

/* -device virtio-9p-{device,pci},fsdev=ID,mount_tag=TAG (-virtfs makes one). */
static bool add_9p(VirtioPlan *p, const TernOptions *o, const TernDevice *dv,
                   const char *what) {
    char id[256], tag[VIRTIO_9P_MAX_TAG + 2], err[512];
    if (!options_get_prop(dv->props, "fsdev", id, sizeof id) || !*id)
        return fail("%s: missing fsdev=ID", what);
    if (!options_get_prop(dv->props, "mount_tag", tag, sizeof tag) || !*tag ||
        strlen(tag) > VIRTIO_9P_MAX_TAG)
        return fail("%s: missing mount_tag=TAG (1 to %d bytes)", what, VIRTIO_9P_MAX_TAG);
    const TernFsdev *fs = options_find_fsdev(o, id);
    if (!fs)
        return fail("%s: no -fsdev with id '%s'", what, id);
    P9Server *srv = p9_server_open(fs->path, (P9SecurityModel)fs->security_model,
                                   fs->readonly, err, sizeof err);
    if (!srv)
        return fail("-fsdev %s: %s", id, err);
    VirtioDevice *d = virtio_9p_create(srv, tag, err, sizeof err);
    if (!d)
        return fail("%s: %s", what, err);
    return plan_add(p, d, what);
}

/* bus=, addr=SLOT[.0], disable-legacy=, disable-modern=, romfile= of a -device NAME-pci: the
   slot it asks for in p->pci_slot (-1: the next free one, as QEMU numbers them). */
static bool pci_props(VirtioPlan *p, const TernDevice *dv, const char *what) {
    char val[64];
    p->pci_slot = -1;
    if (options_get_prop(dv->props, "bus", val, sizeof val) && strcmp(val, "pcie.0"))
        return fail("%s: bus=%s: the only PCI bus is pcie.0", what, val);
    /* tern's virtio-pci functions are modern only: what QEMU makes of these two settings. */
    if (options_get_prop(dv->props, "disable-legacy", val, sizeof val) && strcmp(val, "on"))
        return fail("%s: disable-legacy=%s: tern's virtio-pci has no legacy interface (only "
                    "disable-legacy=on)", what, val);
    if (options_get_prop(dv->props, "disable-modern", val, sizeof val) && strcmp(val, "off"))
        return fail("%s: disable-modern=%s: tern's virtio-pci is modern only", what, val);
    if (options_get_prop(dv->props, "romfile", val, sizeof val) && *val)
        return fail("%s: romfile=%s: option ROMs are not supported (romfile= is)", what, val);
    if (options_get_prop(dv->props, "addr", val, sizeof val)) {
        char *end;
        unsigned long slot = strtoul(val, &end, 16);
        if (end == val || (*end && strcmp(end, ".0")) || slot >= PCI_SLOTS)
            return fail("%s: addr=%s: expected a slot 1..0x1f, function 0 (e.g. addr=0x3 or "
                        "addr=03.0)", what, val);
        if (slot == 0)
            return fail("%s: addr=%s: slot 0 is the host bridge", what, val);
        p->pci_slot = (int)slot;
    }
    return true;
}

static bool add_device(Virt *v, VirtioPlan *p, Machine *m, const TernOptions *o, int idx,
                       bool dumping) {
    const TernDevice *dv = &o->devices[idx];
    const char *drv = dv->driver;
    char val[256], what[300];
    bool pci = false;
    snprintf(what, sizeof what, "-device %s", drv);
    for (int i = 0; virtio_bases[i]; i++)
        if (virtio_name(drv, virtio_bases[i], &pci))
            break;
    if (pci && !pci_props(p, dv, what))
        return false;
    if (virtio_name(drv, "virtio-blk", &pci)) {
        static const char *const known[] = {"drive", NULL};
        if (!check_props(dv, known, pci))
            return false;
        if (!options_get_prop(dv->props, "drive", val, sizeof val) || !*val)
            return fail("%s: missing drive=ID", what);
        for (int i = 0; i < o->n_drives; i++) {
            const TernDrive *d = &o->drives[i];
            if (!d->id || strcmp(d->id, val))
                continue;
            if (d->if_virtio || p->drive_used[i])
                return fail("%s: drive '%s' is already in use (use if=none for -device)",
                            what, val);
            p->drive_used[i] = true;
            p->to_pci = pci;
            return add_blk(p, o, d, what);
        }
        return fail("%s: no -drive with id '%s'", what, val);
    }
    if (virtio_name(drv, "virtio-rng", &pci)) {
        static const char *const known[] = {"rng", NULL};
        if (!check_props(dv, known, pci))
            return false;
        p->to_pci = pci;
        if (!options_get_prop(dv->props, "rng", val, sizeof val))
            return plan_add(p, virtio_rng_create(), what);
        const TernObject *ob = options_find_object(o, val);
        if (!ob)
            return fail("%s: no -object with id '%s'", what, val);
        if (!ob->filename)                  /* rng-builtin */
            return plan_add(p, virtio_rng_create(), what);
        int fd = open(ob->filename, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return fail("-object rng-random,id=%s: cannot open %s: %s", ob->id, ob->filename,
                        strerror(errno));
        return plan_add(p, virtio_rng_create_fd(fd), what);
    }
    if (virtio_name(drv, "virtio-net", &pci)) {
        static const char *const known[] = {"netdev", "mac", NULL};
        if (!check_props(dv, known, pci))
            return false;
        if (!options_get_prop(dv->props, "netdev", val, sizeof val) || !*val)
            return fail("%s: missing netdev=ID", what);
        char mac[32];
        bool has_mac = options_get_prop(dv->props, "mac", mac, sizeof mac);
        for (int i = 0; i < o->n_netdevs; i++) {
            if (strcmp(o->netdevs[i].id, val))
                continue;
            if (p->netdev_used[i])
                return fail("%s: netdev '%s' is already in use", what, val);
            p->netdev_used[i] = true;
            p->to_pci = pci;
            return add_net(p, &o->netdevs[i], has_mac ? mac : NULL, what);
        }
        return fail("%s: no -netdev with id '%s'", what, val);
    }
    if (virtio_name(drv, "virtio-9p", &pci)) {
        static const char *const known[] = {"fsdev", "mount_tag", NULL};
        if (!check_props(dv, known, pci))
            return false;
        p->to_pci = pci;
        return add_9p(p, o, dv, what);
    }
    if (!strcmp(drv, "virtio-console-device")) {
        static const char *const known[] = {"chardev", NULL};
        if (!check_props(dv, known, pci))
            return false;
        bool has = options_get_prop(dv->props, "chardev", val, sizeof val);
        p->to_pci = false;
        return add_console(v, p, m, o, has ? val : NULL, dumping, what);
    }
    if (virtio_name(drv, "virtio-serial", &pci)) {
        /* QEMU's spelling: the bus device, then its console port -device virtconsole. tern's
           device has one port: it takes the next virtconsole's chardev. */
        static const char *const known[] = {NULL};
        if (!check_props(dv, known, pci))
            return false;
        bool has = false, other;
        for (int j = idx + 1; j < o->n_devices; j++) {
            const TernDevice *port = &o->devices[j];
            if (virtio_name(port->driver, "virtio-serial", &other))
                break;
            if (!strcmp(port->driver, "virtconsole")) {
                static const char *const pknown[] = {"chardev", "name", "nr", NULL};
                if (!check_props(port, pknown, false))
                    return false;
                p->device_done[j] = true;
                has = options_get_prop(port->props, "chardev", val, sizeof val);
                break;
            }
        }
        p->to_pci = pci;
        return add_console(v, p, m, o, has ? val : NULL, dumping, what);
    }
    if (!strcmp(drv, "loader"))
        return true;                    /* an image, not a device: load_all places it */
    if (!strcmp(drv, "virtconsole"))
        return fail("-device virtconsole: needs a -device virtio-serial-pci (or "
                    "virtio-serial-device) before it");
    return fail("%s: unknown device for -machine virt (virtio-blk-pci, virtio-net-pci, "
                "virtio-rng-pci, virtio-serial-pci + virtconsole, virtio-9p-pci; the same with -device for "
                "virtio-mmio; virtio-console-device)", what);
}

/* QEMU's order: -device devices as given, then a virtio-blk-pci per -drive if=virtio (QEMU
   7.2 makes them PCI functions on virt), then -nic NICs (virtio-mmio unless
   model=virtio-net-pci; QEMU 7.2's riscv virt makes none). On PCI they take the free slots
   in that order; on virtio-mmio the first goes in the last slot (7), which the device tree
   lists first, so Linux probes it first (the first disk is vda). */
static bool create_virtio(Virt *v, Machine *m, const TernOptions *o, bool dumping) {
    VirtioPlan p;
    memset(&p, 0, sizeof p);
    p.v = v;
    p.m = m;
    p.pci_slot = -1;
    bool ok = true;
    for (int i = 0; ok && i < o->n_devices; i++)
        if (!p.device_done[i])
            ok = add_device(v, &p, m, o, i, dumping);
    p.to_pci = true;                    /* QEMU 7.2: if=virtio is a virtio-blk-pci */
    for (int i = 0; ok && i < o->n_drives; i++)
        if (o->drives[i].if_virtio)
            ok = add_blk(&p, o, &o->drives[i], "-drive");
    for (int i = 0; ok && i < o->n_nics; i++) {
        p.to_pci = o->nics[i].model_pci;
        ok = add_net(&p, &o->nics[i], o->nics[i].mac, "-nic");
    }
    /* Drives no device took: QEMU still opens them (its errors are ours), the guest never
       sees them. */
    for (int i = 0; ok && i < o->n_drives; i++) {
        const TernDrive *d = &o->drives[i];
        if (d->if_virtio || p.drive_used[i])
            continue;
        char err[512];
        VirtioBlkOpts bo = {.read_only = d->readonly, .snapshot = d->snapshot || o->snapshot,
                            .no_locking = d->no_locking};
        VirtioDevice *dev = virtio_blk_open(d->file, &bo, err, sizeof err);
        if (!dev)
            ok = fail("-drive: %s", err);
        else
            dev->ops->free(dev);
        if (ok && !d->if_given)
            fprintf(stderr, "tern: warning: -drive file=%s has no if= and no -device uses it: "
                            "the guest does not see it (QEMU's default on riscv virt is "
                            "if=none; add if=virtio)\n", d->file);
    }
    for (int i = 0; ok && i < o->n_netdevs; i++)
        if (!p.netdev_used[i])
            fprintf(stderr, "tern: warning: -netdev %s has no device (add -device "
                            "virtio-net-device,netdev=%s)\n", o->netdevs[i].id,
                    o->netdevs[i].id);
    for (int slot = VIRT_VIRTIO_COUNT - 1; slot >= 0; slot--) {
        int k = VIRT_VIRTIO_COUNT - 1 - slot;
        VirtioDevice *d = k < p.n ? p.devs[k] : NULL;
        if (k < p.n)
            p.devs[k] = NULL;
        if (!ok) {
            if (d)
                d->ops->free(d);
            continue;
        }
        uint64_t base = VIRT_VIRTIO_BASE + (uint64_t)slot * VIRT_VIRTIO_SIZE;
        v->vio[slot] = virtio_mmio_create(&m->mem, base,
                                          plic_irq(v->plic, VIRT_VIRTIO_IRQ + slot), d);
        if (!v->vio[slot]) {
            if (d)
                d->ops->free(d);
            ok = fail("-machine virt: cannot map virtio-mmio slot %d", slot);
            continue;
        }
        virtio_mmio_attach_machine(v->vio[slot], m);
    }
    /* A failure part way leaves devs not yet placed: release them. */
    for (int k = 0; k < p.n; k++)
        if (p.devs[k])
            p.devs[k]->ops->free(p.devs[k]);
    return ok;
}

/* -rtc base=: where the clock starts (utc: the host's time; localtime: the host's local
   time read as UTC, as QEMU does for guests that keep local time; DATE). */
static void set_rtc_base(GoldfishRtc *rtc, const TernOptions *o) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    if (o->rtc_base == RTC_BASE_LOCALTIME) {
        struct tm tm;
        time_t t = ts.tv_sec;
        localtime_r(&t, &tm);
        now += (uint64_t)((int64_t)tm.tm_gmtoff * 1000000000ll);
    } else if (o->rtc_base == RTC_BASE_DATE) {
        now = (uint64_t)o->rtc_date * 1000000000ull;
    }
    goldfish_rtc_set_time(rtc, now);
}

static bool create_devices(Virt *v, Machine *m, const TernOptions *o, bool dumping) {
    MemMap *mem = &m->mem;
    v->test = sifive_test_create(mem, VIRT_TEST_BASE, on_test_exit, on_test_reset, m);
    v->clint = riscv_wire_clint(m, VIRT_CLINT_BASE);
    if (!v->test || !v->clint)
        return fail("-machine virt: cannot create the test device or the CLINT");
    /* riscv,ndev sources plus the nonexistent source 0 */
    v->plic = riscv_wire_plic(m, VIRT_PLIC_BASE, VIRT_PLIC_NDEV + 1);
    if (!v->plic)
        return fail("-machine virt: cannot create the PLIC");
    /* -rtc clock=host follows the host's wall clock (NULL); rt and vm the monotonic clock
       that mtime counts, so host clock changes do not move them. */
    v->rtc = goldfish_rtc_create(mem, VIRT_RTC_BASE, plic_irq(v->plic, VIRT_RTC_IRQ),
                                 o->rtc_clock == RTC_CLOCK_HOST ? NULL : host_clock_ns);
    if (!v->rtc)
        return fail("-machine virt: cannot create the RTC");
    set_rtc_base(v->rtc, o);
    if (!dumping) {
        const char *spec = o->serial_spec ? o->serial_spec : chardev_opts_default_serial(o);
        const char *id = chardev_opts_ref(spec);
        if (id && !open_chardev(v, m, o, id, false, &v->serial))
            return false;
        if (!id)
            v->serial = chardev_open_labeled(spec, "serial0", m);
        if (!v->serial)
            return false;
    }
    v->uart = uart16550_create(mem, VIRT_UART0_BASE, plic_irq(v->plic, VIRT_UART0_IRQ),
                               v->serial);
    if (!v->uart)
        return fail("-machine virt: cannot create the UART");
    PciHostConfig pc;
    virt_pcie_config(v->ram_size, &pc);
    for (int i = 0; i < 4; i++)
        pc.intx[i] = plic_irq(v->plic, VIRT_PCIE_IRQ + i);
    v->pci = pci_host_create(mem, &pc);
    if (!v->pci)
        return fail("-machine virt: cannot create the PCIe host");
    return create_virtio(v, m, o, dumping);
}

static bool virt_init(Machine *m, const TernOptions *o, BootInfo *boot) {
    char store[1024];
    VirtProps p;
    if (!parse_props(o, &p, store, sizeof store))
        return false;
    Virt *v = calloc(1, sizeof *v);
    if (!v || !(v->blobs = boot_blobs_new())) {
        free(v);
        return fail("out of memory");
    }
    v->rtc_deadline = UINT64_MAX;
    timer_init(&v->rtc_timer, &m->timers, rtc_timer_cb, v);
    m->board = v;
    m->board_free = virt_free;

    uint64_t ram = o->ram_size ? o->ram_size : board_virt.default_ram;
    if (ram > UINT64_MAX - VIRT_DRAM_BASE || ram < 16 * MiB)
        return fail("-m: RAM size must be at least 16 MiB for -machine virt");
    if (!memmap_add_ram(&m->mem, "riscv.virt.ram", VIRT_DRAM_BASE, ram) ||
        !memmap_add_ram(&m->mem, "riscv.virt.mrom", VIRT_MROM_BASE, VIRT_MROM_SIZE))
        return false;

    v->ram_size = ram;
    bool dumped = false;
    if (!create_devices(v, m, o, p.dumpdtb != NULL) || !load_all(v, m, o, &p, &dumped))
        return false;
    if (dumped) {
        /* QEMU writes the tree and exits 0 before running anything. */
        machine_request_exit(m, 0);
    }
    m->poll = virt_poll;
    m->board_reset = virt_reset;
    m->cpu_qom_prefix = "/machine/soc0/harts";   /* QEMU 7.2 riscv virt's RISCVHartArrayState */
    boot->entry = VIRT_MROM_BASE;
    boot->dtb_addr = v->dtb_addr;
    return true;
}

const Board board_virt = {
    .name = "virt",
    .arch = "riscv64",
    .desc = "RISC-V VirtIO board (QEMU 7.2 compatible)",
    .default_ram = 1ull << 30,
    /* QEMU 7.2 puts the 16 GiB high PCIe MMIO window on the next 16 GiB boundary above RAM:
       RAM ends at most 16 GiB below the top of the physical address space. */
    .max_ram = (1ull << BOARD_PHYS_ADDR_BITS) - 16 * GiB - VIRT_DRAM_BASE,
    .max_cpus = VIRT_MAX_HARTS,
    .smp = true,
    .init = virt_init,
};
