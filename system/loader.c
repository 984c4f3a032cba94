/* SPDX-License-Identifier: MIT */
/* ELF64 and raw image loader (System V gABI, "ELF-64 Object File Format"; e_machine as the
   CPU's CpuClass.elf_machine) and gzip (RFC 1952, through zlib). All offsets and
   sizes from the file are checked with overflow-safe arithmetic and every segment is checked
   against guest RAM before anything is written. */
#include "loader.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* The ELF structures are read with memcpy, which needs a little-endian host like the file. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "loader assumes a little-endian host");

__attribute__((format(printf, 2, 3)))
static bool fail(LoadedImage *img, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(img->error, sizeof img->error, fmt, ap);
    va_end(ap);
    return false;
}

/* off + len <= total without overflow. */
static bool in_file(uint64_t off, uint64_t len, uint64_t total) {
    return off <= total && len <= total - off;
}

static const char *machine_name(unsigned m) {
    switch (m) {
    case EM_386: return "Intel 80386";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "ARM";
    case EM_AARCH64: return "AArch64";
    case EM_MIPS: return "MIPS";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC64";
    case EM_S390: return "S/390";
    case EM_SPARCV9: return "SPARC v9";
    case EM_LOONGARCH: return "LoongArch";
    case EM_RISCV: return "RISC-V";
    default: return "unknown";
    }
}

bool loader_pread_all(int fd, uint8_t *dst, uint64_t len, uint64_t off, char *err,
                      size_t errlen) {
    uint64_t done = 0;
    while (done < len) {
        uint64_t want = len - done;
        ssize_t r = pread(fd, dst + done, want > (1u << 30) ? (1u << 30) : (size_t)want,
                          (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            snprintf(err, errlen, "read error: %s", r < 0 ? strerror(errno) : "short read");
            return false;
        }
        done += (uint64_t)r;
    }
    return true;
}

bool loader_read_file_fd(const char *path, uint8_t **buf, size_t *len, int *fd_out,
                         struct stat *st_out, char *err, size_t errlen) {
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s", S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return false;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *b = malloc(size ? size : 1);
    if (!b) {
        snprintf(err, errlen, "file too large to read (%zu bytes)", size);
        close(fd);
        return false;
    }
    if (!loader_pread_all(fd, b, size, 0, err, errlen)) {
        free(b);
        close(fd);
        return false;
    }
    if (fd_out) {
        *fd_out = fd;
        *st_out = st;
    } else {
        close(fd);
    }
    *buf = b;
    *len = size;
    return true;
}

bool loader_read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen) {
    return loader_read_file_fd(path, buf, len, NULL, NULL, err, errlen);
}

static bool check_header(const uint8_t *buf, size_t len, uint16_t machine, Elf64_Ehdr *eh,
                         LoadedImage *img) {
    if (len < SELFMAG && !memcmp(buf, ELFMAG, len))
        return fail(img, "truncated ELF file: %zu bytes", len);
    if (len < SELFMAG || memcmp(buf, ELFMAG, SELFMAG))
        return fail(img, "not an ELF file (bad magic)");
    if (len < EI_NIDENT || len < sizeof *eh)
        return fail(img, "truncated ELF file: %zu bytes, the ELF header alone needs %zu", len,
                    sizeof *eh);
    memcpy(eh, buf, sizeof *eh);
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(img, "not a 64-bit ELF (class %u%s); tern runs 64-bit programs",
                    eh->e_ident[EI_CLASS], eh->e_ident[EI_CLASS] == ELFCLASS32 ? ", ELF32" : "");
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(img, "not a little-endian ELF (data encoding %u)", eh->e_ident[EI_DATA]);
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(img, "unsupported ELF version %u", eh->e_ident[EI_VERSION]);
    if (eh->e_machine != machine)
        return fail(img, "ELF machine is %u (%s), not %s (%u)", eh->e_machine,
                    machine_name(eh->e_machine), machine_name(machine), machine);
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(img, "ELF type %u is not an executable%s", eh->e_type,
                    eh->e_type == ET_REL ? " (a relocatable object: link it first)" : "");
    if (eh->e_phnum == PN_XNUM)
        return fail(img, "too many program headers (PN_XNUM) is not supported");
    if (eh->e_phnum == 0)
        return fail(img, "ELF has no program headers: nothing to load");
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(img, "bad program header entry size %u (expected %zu)", eh->e_phentsize,
                    sizeof(Elf64_Phdr));
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), len))
        return fail(img, "program headers (offset 0x%" PRIx64 ", %u entries) extend past the "
                    "end of the file (%zu bytes): truncated ELF?", (uint64_t)eh->e_phoff,
                    eh->e_phnum, len);
    return true;
}

static void read_phdr(const uint8_t *buf, const Elf64_Ehdr *eh, unsigned i, Elf64_Phdr *ph) {
    memcpy(ph, buf + eh->e_phoff + (uint64_t)i * sizeof *ph, sizeof *ph);
}

/* How many leading bytes of a segment to leave out because they fall below RAM. GNU ld maps
   the ELF and program headers in the page before the first section (e.g. -Ttext=0x80000000
   gives a segment from 0x7ffff000); QEMU quietly drops what misses RAM. tern drops only such
   a leading part, and only when it holds nothing but the headers and zero padding. */
static bool segment_skip(const MemMap *mem, const uint8_t *buf, const Elf64_Ehdr *eh,
                         const Elf64_Phdr *ph, uint64_t *skip) {
    *skip = 0;
    if (memmap_ram_ptr(mem, ph->p_paddr, ph->p_memsz))
        return true;
    const MemRegion *r = memmap_find(mem, ph->p_paddr + ph->p_memsz - 1);
    if (!r || !r->ram || r->base <= ph->p_paddr)
        return false;
    uint64_t s = r->base - ph->p_paddr;
    if (s > ph->p_filesz || !memmap_ram_ptr(mem, r->base, ph->p_memsz - s))
        return false;
    uint64_t hdr_end = eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (hdr_end < sizeof(Elf64_Ehdr))
        hdr_end = sizeof(Elf64_Ehdr);
    for (uint64_t off = ph->p_offset; off < ph->p_offset + s; off++)
        if (off >= hdr_end && buf[off])
            return false;
    *skip = s;
    return true;
}

/* Checks every PT_LOAD segment against the file and guest RAM; nothing is written. */
static bool check_segments(const MemMap *mem, const uint8_t *buf, size_t len,
                           const Elf64_Ehdr *eh, LoadedImage *img) {
    unsigned n_load = 0;
    bool entry_ok = false;
    img->low = UINT64_MAX;
    img->high = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        read_phdr(buf, eh, i, &ph);
        if (ph.p_type != PT_LOAD)
            continue;
        n_load++;
        if (ph.p_filesz > ph.p_memsz)
            return fail(img, "segment %u: file size 0x%" PRIx64 " exceeds memory size 0x%" PRIx64,
                        i, (uint64_t)ph.p_filesz, (uint64_t)ph.p_memsz);
        if (!in_file(ph.p_offset, ph.p_filesz, len))
            return fail(img, "segment %u: data at offset 0x%" PRIx64 " size 0x%" PRIx64
                        " extends past the end of the file (%zu bytes): truncated ELF?", i,
                        (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz, len);
        if (ph.p_memsz == 0)
            continue;
        if (ph.p_paddr + ph.p_memsz < ph.p_paddr)
            return fail(img, "segment %u: address 0x%" PRIx64 " + size 0x%" PRIx64
                        " wraps around", i, (uint64_t)ph.p_paddr, (uint64_t)ph.p_memsz);
        uint64_t skip;
        if (!segment_skip(mem, buf, eh, &ph, &skip))
            return fail(img, "segment %u: [0x%" PRIx64 ", 0x%" PRIx64 ") is not inside guest "
                        "RAM", i, (uint64_t)ph.p_paddr, (uint64_t)(ph.p_paddr + ph.p_memsz));
        if (ph.p_paddr + skip < img->low)
            img->low = ph.p_paddr + skip;
        if (ph.p_paddr + ph.p_memsz > img->high)
            img->high = ph.p_paddr + ph.p_memsz;
        /* The entry is a virtual address; accept it in either view of a segment. */
        uint64_t e = eh->e_entry;
        if ((e >= ph.p_paddr + skip && e - ph.p_paddr < ph.p_memsz) ||
            (e >= ph.p_vaddr + skip && e - ph.p_vaddr < ph.p_memsz))
            entry_ok = true;
    }
    if (n_load == 0)
        return fail(img, "ELF has no loadable (PT_LOAD) segment");
    if (img->high == 0)
        return fail(img, "ELF loadable segments are all empty");
    if (!entry_ok)
        return fail(img, "entry point 0x%" PRIx64 " is outside every loadable segment",
                    (uint64_t)eh->e_entry);
    return true;
}

/* Reads .symtab (the one SHT_SYMTAB section) and its string table. A file without section
   headers simply has no symbols; malformed headers are errors. */
static bool read_symbols(const uint8_t *buf, size_t len, const Elf64_Ehdr *eh,
                         LoadedImage *img) {
    if (eh->e_shoff == 0 || eh->e_shnum == 0)
        return true;
    if (eh->e_shentsize != sizeof(Elf64_Shdr))
        return fail(img, "bad section header entry size %u (expected %zu)", eh->e_shentsize,
                    sizeof(Elf64_Shdr));
    if (!in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), len))
        return fail(img, "section headers (offset 0x%" PRIx64 ", %u entries) extend past the "
                    "end of the file (%zu bytes): truncated ELF?", (uint64_t)eh->e_shoff,
                    eh->e_shnum, len);
    const uint8_t *shtab = buf + eh->e_shoff;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        Elf64_Shdr sh;
        memcpy(&sh, shtab + (uint64_t)i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        if (sh.sh_entsize != sizeof(Elf64_Sym))
            return fail(img, "symbol table: bad entry size %" PRIu64, (uint64_t)sh.sh_entsize);
        if (!in_file(sh.sh_offset, sh.sh_size, len))
            return fail(img, "symbol table extends past the end of the file: truncated ELF?");
        if (sh.sh_link == 0 || sh.sh_link >= eh->e_shnum)
            return fail(img, "symbol table: bad string table index %u", sh.sh_link);
        Elf64_Shdr st;
        memcpy(&st, shtab + (uint64_t)sh.sh_link * sizeof st, sizeof st);
        if (st.sh_type != SHT_STRTAB)
            return fail(img, "symbol table: section %u is not a string table", sh.sh_link);
        if (!in_file(st.sh_offset, st.sh_size, len))
            return fail(img, "string table extends past the end of the file: truncated ELF?");
        const char *strs = (const char *)buf + st.sh_offset;
        uint64_t n = sh.sh_size / sizeof(Elf64_Sym);
        img->syms = calloc(n ? n : 1, sizeof *img->syms);
        if (!img->syms)
            return fail(img, "out of memory reading %" PRIu64 " symbols", n);
        for (uint64_t k = 0; k < n; k++) {
            Elf64_Sym sym;
            memcpy(&sym, buf + sh.sh_offset + k * sizeof sym, sizeof sym);
            if (sym.st_name == 0)
                continue;
            if (sym.st_name >= st.sh_size ||
                !memchr(strs + sym.st_name, 0, st.sh_size - sym.st_name))
                return fail(img, "symbol %" PRIu64 ": name outside the string table", k);
            char *name = strdup(strs + sym.st_name);
            if (!name)
                return fail(img, "out of memory reading symbols");
            img->syms[img->n_syms++] = (LoaderSym){name, sym.st_value, sym.st_size};
        }
        return true;            /* ELF allows one SHT_SYMTAB */
    }
    return true;
}

bool loader_load_elf_buf(const MemMap *mem, const uint8_t *buf, size_t len, uint16_t machine,
                         LoadedImage *img) {
    memset(img, 0, sizeof *img);
    img->is_elf = true;
    Elf64_Ehdr eh;
    if (!check_header(buf, len, machine, &eh, img) || !check_segments(mem, buf, len, &eh, img) ||
        !read_symbols(buf, len, &eh, img)) {
        loader_image_free(img);
        return false;
    }
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        read_phdr(buf, &eh, i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t skip;
        segment_skip(mem, buf, &eh, &ph, &skip);
        if (!memmap_write_buf(mem, ph.p_paddr + skip, buf + ph.p_offset + skip,
                              ph.p_filesz - skip)) {
            loader_image_free(img);
            return fail(img, "segment %u: cannot write guest memory", i);
        }
        /* .bss: the part of the segment not backed by the file reads as zero. */
        uint8_t *bss = memmap_ram_ptr(mem, ph.p_paddr + ph.p_filesz, ph.p_memsz - ph.p_filesz);
        if (bss)
            memset(bss, 0, ph.p_memsz - ph.p_filesz);
    }
    img->entry = eh.e_entry;
    return true;
}

bool loader_load_raw_buf(const MemMap *mem, const uint8_t *buf, size_t len, uint64_t addr,
                         LoadedImage *img) {
    memset(img, 0, sizeof *img);
    if (len == 0)
        return fail(img, "empty file");
    if (!memmap_ram_ptr(mem, addr, len))
        return fail(img, "raw image of %zu bytes does not fit in guest RAM at 0x%" PRIx64, len,
                    addr);
    memmap_write_buf(mem, addr, buf, len);
    img->entry = addr;
    img->low = addr;
    img->high = addr + len;
    return true;
}

bool loader_load_kernel(const MemMap *mem, const char *path, uint64_t raw_base,
                        uint16_t machine, LoadedImage *img) {
    memset(img, 0, sizeof *img);
    uint8_t *buf;
    size_t len;
    if (!loader_read_file(path, &buf, &len, img->error, sizeof img->error))
        return false;
    bool ok;
    /* A file that starts like an ELF is held to the ELF rules; anything else is a raw image,
       as QEMU's load_kernel of its boards falls back to. */
    size_t cmp = len < SELFMAG ? len : SELFMAG;
    if (len > 0 && !memcmp(buf, ELFMAG, cmp))
        ok = loader_load_elf_buf(mem, buf, len, machine, img);
    else
        ok = loader_load_raw_buf(mem, buf, len, raw_base, img);
    free(buf);
    return ok;
}

bool loader_find_symbol(const LoadedImage *img, const char *name, uint64_t *value,
                        uint64_t *size) {
    for (size_t i = 0; i < img->n_syms; i++) {
        if (!strcmp(img->syms[i].name, name)) {
            if (value)
                *value = img->syms[i].value;
            if (size)
                *size = img->syms[i].size;
            return true;
        }
    }
    return false;
}

void loader_image_free(LoadedImage *img) {
    for (size_t i = 0; i < img->n_syms; i++)
        free(img->syms[i].name);
    free(img->syms);
    img->syms = NULL;
    img->n_syms = 0;
}

bool loader_is_gzip(const uint8_t *buf, size_t len) {
    return len >= 3 && buf[0] == 0x1f && buf[1] == 0x8b && buf[2] == 8;
}

bool loader_gunzip(const uint8_t *in, size_t len, size_t max_out, uint8_t **out,
                   size_t *out_len, char *err, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {     /* 16: expect a gzip wrapper */
        snprintf(err, errlen, "cannot initialise zlib");
        return false;
    }
    size_t cap = len * 4 < (1u << 20) ? (1u << 20) : len * 4;
    if (cap > max_out)
        cap = max_out;
    uint8_t *buf = malloc(cap ? cap : 1);
    size_t used = 0;
    int rc = Z_OK;
    bool ok = buf != NULL;
    if (!ok)
        snprintf(err, errlen, "out of memory decompressing");
    z.next_in = (Bytef *)(uintptr_t)in;
    while (ok) {
        /* zlib counts in uInt: feed at most 1 GiB per call. */
        if (z.avail_in == 0) {
            size_t left = len - (size_t)((const uint8_t *)z.next_in - in);
            z.avail_in = (uInt)(left > (1u << 30) ? (1u << 30) : left);
        }
        if (used == cap) {
            if (cap >= max_out) {
                snprintf(err, errlen, "decompressed data larger than %zu bytes", max_out);
                ok = false;
                break;
            }
            size_t ncap = cap * 2 > max_out || cap * 2 < cap ? max_out : cap * 2;
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                snprintf(err, errlen, "out of memory decompressing (%zu bytes)", ncap);
                ok = false;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t room = cap - used;
        z.next_out = buf + used;
        z.avail_out = (uInt)(room > (1u << 30) ? (1u << 30) : room);
        uInt before = z.avail_out;
        uInt in_before = z.avail_in;
        rc = inflate(&z, Z_NO_FLUSH);
        used += before - z.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && in_before == 0) {
            snprintf(err, errlen, "truncated gzip data");
            ok = false;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(err, errlen, "corrupt gzip data (%s)", z.msg ? z.msg : zError(rc));
            ok = false;
        }
    }
    inflateEnd(&z);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = used;
    return true;
}
