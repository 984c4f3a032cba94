/* SPDX-License-Identifier: MIT */
/* Unit tests of system/loader.c: ELF64 images built in memory (valid and corrupted in every
   header field the loader validates), symbol lookup, raw images, file errors, and truncated
   or bit-flipped images that must fail cleanly. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "system/loader.h"
#include "system/memmap.h"

#include "tests/unit/check.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x100000ull

static MemMap mm;

/* A small executable: 2 PT_LOAD segments (text 16 bytes file-backed, data 8 bytes file +
   24 bytes bss), a symtab with tohost/fromhost/_start and section headers at the end. */
typedef struct Img {
    uint8_t b[4096];
    size_t len;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    Elf64_Shdr *sh;
    Elf64_Sym *sym;
    size_t strtab_off, strtab_size;
} Img;

#define TEXT_ADDR (RAM_BASE + 0x1000)
#define DATA_ADDR (RAM_BASE + 0x2000)

static void build(Img *im) {
    memset(im, 0, sizeof *im);
    uint8_t *b = im->b;
    size_t off = 0;
    im->eh = (Elf64_Ehdr *)b;
    off = sizeof(Elf64_Ehdr);
    im->ph = (Elf64_Phdr *)(b + off);
    size_t phoff = off;
    off += 2 * sizeof(Elf64_Phdr);
    size_t text_off = off;
    for (int i = 0; i < 16; i++)
        b[off++] = (uint8_t)(0x10 + i);
    size_t data_off = off;
    for (int i = 0; i < 8; i++)
        b[off++] = (uint8_t)(0xd0 + i);
    /* string table */
    static const char strs[] = "\0tohost\0fromhost\0_start\0";
    im->strtab_off = off;
    im->strtab_size = sizeof strs;
    memcpy(b + off, strs, sizeof strs);
    off += sizeof strs;
    off = (off + 7) & ~(size_t)7;
    size_t symoff = off;
    im->sym = (Elf64_Sym *)(b + off);
    /* null, tohost, fromhost, _start */
    im->sym[1] = (Elf64_Sym){.st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
                             .st_value = DATA_ADDR, .st_size = 8};
    im->sym[2] = (Elf64_Sym){.st_name = 8, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
                             .st_value = DATA_ADDR + 0x40, .st_size = 8};
    im->sym[3] = (Elf64_Sym){.st_name = 17, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
                             .st_value = TEXT_ADDR, .st_size = 0};
    off += 4 * sizeof(Elf64_Sym);
    size_t shoff = off;
    im->sh = (Elf64_Shdr *)(b + off);
    /* sections: null, .symtab (link 2), .strtab */
    im->sh[1] = (Elf64_Shdr){.sh_type = SHT_SYMTAB, .sh_offset = symoff,
                             .sh_size = 4 * sizeof(Elf64_Sym), .sh_link = 2,
                             .sh_entsize = sizeof(Elf64_Sym)};
    im->sh[2] = (Elf64_Shdr){.sh_type = SHT_STRTAB, .sh_offset = im->strtab_off,
                             .sh_size = im->strtab_size};
    off += 3 * sizeof(Elf64_Shdr);
    im->len = off;

    Elf64_Ehdr *eh = im->eh;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_RISCV;
    eh->e_version = EV_CURRENT;
    eh->e_entry = TEXT_ADDR + 4;
    eh->e_phoff = phoff;
    eh->e_shoff = shoff;
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shnum = 3;
    eh->e_shstrndx = 0;
    im->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = text_off,
                             .p_vaddr = TEXT_ADDR, .p_paddr = TEXT_ADDR, .p_filesz = 16,
                             .p_memsz = 16, .p_align = 0x1000};
    im->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = data_off,
                             .p_vaddr = DATA_ADDR, .p_paddr = DATA_ADDR, .p_filesz = 8,
                             .p_memsz = 32, .p_align = 0x1000};
}

static void fill_ram(uint8_t v) { memset(memmap_ram_ptr(&mm, RAM_BASE, RAM_SIZE), v, RAM_SIZE); }
static uint8_t ram_at(uint64_t a) { return *memmap_ram_ptr(&mm, a, 1); }

/* Loading must fail with a message containing want, leaving RAM untouched. */
static void expect_fail(Img *im, const char *want, const char *what) {
    LoadedImage li;
    fill_ram(0x5a);
    bool ok = loader_load_elf_buf(&mm, im->b, im->len, EM_RISCV, &li);
    CHECK(!ok, "%s: load succeeded", what);
    if (!ok)
        CHECK(strstr(li.error, want) != NULL, "%s: error '%s' lacks '%s'", what, li.error, want);
    CHECK(ram_at(TEXT_ADDR) == 0x5a && ram_at(DATA_ADDR) == 0x5a, "%s: RAM was modified", what);
    loader_image_free(&li);
}

static void test_valid(void) {
    Img im;
    build(&im);
    fill_ram(0xaa);
    LoadedImage li;
    bool ok = loader_load_elf_buf(&mm, im.b, im.len, EM_RISCV, &li);
    CHECK(ok, "valid ELF rejected: %s", li.error);
    if (!ok)
        return;
    CHECK(li.is_elf, "is_elf not set");
    CHECK(li.entry == TEXT_ADDR + 4, "entry 0x%llx", (unsigned long long)li.entry);
    CHECK(li.low == TEXT_ADDR && li.high == DATA_ADDR + 32, "range [0x%llx,0x%llx)",
          (unsigned long long)li.low, (unsigned long long)li.high);
    bool text_ok = true;
    for (int i = 0; i < 16; i++)
        text_ok &= ram_at(TEXT_ADDR + (uint64_t)i) == 0x10 + i;
    CHECK(text_ok, "text bytes not copied");
    CHECK(ram_at(TEXT_ADDR + 16) == 0xaa, "byte after text segment was written");
    CHECK(ram_at(DATA_ADDR + 7) == 0xd7, "data bytes not copied");
    bool bss_zero = true;
    for (int i = 8; i < 32; i++)
        bss_zero &= ram_at(DATA_ADDR + (uint64_t)i) == 0;
    CHECK(bss_zero, "bss not zeroed");
    CHECK(ram_at(DATA_ADDR + 32) == 0xaa, "byte after bss was written");
    uint64_t v = 0, sz = 0;
    CHECK(loader_find_symbol(&li, "tohost", &v, &sz) && v == DATA_ADDR && sz == 8,
          "tohost = 0x%llx size %llu", (unsigned long long)v, (unsigned long long)sz);
    CHECK(loader_find_symbol(&li, "fromhost", &v, NULL) && v == DATA_ADDR + 0x40, "fromhost");
    CHECK(loader_find_symbol(&li, "_start", &v, NULL) && v == TEXT_ADDR, "_start");
    CHECK(!loader_find_symbol(&li, "begin_signature", &v, NULL), "found a missing symbol");
    CHECK(!loader_find_symbol(&li, "tohos", &v, NULL), "prefix matched a symbol");
    loader_image_free(&li);

    /* Without section headers there are no symbols, but the image loads. */
    build(&im);
    im.eh->e_shoff = 0;
    im.eh->e_shnum = 0;
    ok = loader_load_elf_buf(&mm, im.b, im.len, EM_RISCV, &li);
    CHECK(ok && li.n_syms == 0, "ELF without sections: ok=%d n_syms=%zu", ok, li.n_syms);
    loader_image_free(&li);
}

static void test_header_errors(void) {
    Img im;
    build(&im);
    im.b[1] = 'X';
    expect_fail(&im, "magic", "bad magic");
    build(&im);
    im.eh->e_ident[EI_CLASS] = ELFCLASS32;
    expect_fail(&im, "64-bit", "ELF32");
    build(&im);
    im.eh->e_ident[EI_DATA] = ELFDATA2MSB;
    expect_fail(&im, "little-endian", "big-endian");
    build(&im);
    im.eh->e_machine = EM_X86_64;
    expect_fail(&im, "x86-64", "x86 machine");
    build(&im);
    im.eh->e_machine = EM_AARCH64;
    expect_fail(&im, "not RISC-V", "arm machine");
    build(&im);
    im.eh->e_type = ET_REL;
    expect_fail(&im, "relocatable", "ET_REL");
    build(&im);
    im.eh->e_type = ET_CORE;
    expect_fail(&im, "not an executable", "ET_CORE");
    build(&im);
    im.eh->e_version = 7;
    expect_fail(&im, "version", "bad version");
    build(&im);
    im.eh->e_phentsize = 32;
    expect_fail(&im, "program header entry size", "phentsize");
    build(&im);
    im.eh->e_phnum = 0;
    expect_fail(&im, "no program headers", "phnum 0");
    build(&im);
    im.eh->e_phnum = PN_XNUM;
    expect_fail(&im, "PN_XNUM", "PN_XNUM");
    build(&im);
    im.eh->e_phoff = im.len - 8;
    expect_fail(&im, "past the end", "phoff near end");
    build(&im);
    im.eh->e_phoff = UINT64_MAX - 16;     /* offset + size wraps */
    expect_fail(&im, "past the end", "phoff overflow");
    build(&im);
    im.len = 40;
    expect_fail(&im, "truncated", "header cut short");
    build(&im);
    im.len = 2;
    expect_fail(&im, "truncated", "two bytes of magic");
}

static void test_segment_errors(void) {
    Img im;
    build(&im);
    im.ph[1].p_filesz = 64;
    expect_fail(&im, "exceeds memory size", "filesz > memsz");
    build(&im);
    im.ph[0].p_offset = im.len - 4;
    expect_fail(&im, "past the end of the file", "segment data past EOF");
    build(&im);
    im.ph[0].p_offset = UINT64_MAX - 4;
    expect_fail(&im, "past the end of the file", "segment offset overflow");
    build(&im);
    im.ph[0].p_paddr = 0x10000;           /* below RAM */
    im.eh->e_entry = 0x10004;
    expect_fail(&im, "not inside guest RAM", "segment below RAM");
    build(&im);
    im.ph[1].p_paddr = RAM_BASE + RAM_SIZE - 16;   /* bss runs past the end of RAM */
    expect_fail(&im, "not inside guest RAM", "segment crossing the end of RAM");
    build(&im);
    im.ph[1].p_paddr = UINT64_MAX - 8;
    expect_fail(&im, "wraps around", "segment address overflow");
    build(&im);
    im.ph[1].p_memsz = UINT64_MAX;
    im.ph[1].p_filesz = 8;
    expect_fail(&im, "", "huge memsz");
    build(&im);
    im.ph[0].p_type = PT_NOTE;
    im.ph[1].p_type = PT_NULL;
    expect_fail(&im, "no loadable", "no PT_LOAD");
    build(&im);
    im.eh->e_entry = RAM_BASE + 0x8000;
    expect_fail(&im, "entry point", "entry outside segments");
}

/* GNU ld's header page: a segment that starts below RAM with only the ELF headers (and zero
   padding) there loads from the first byte inside RAM; anything else below RAM is an error. */
static void test_header_page(void) {
    Img im;
    build(&im);
    uint64_t text_off = im.ph[0].p_offset;
    uint64_t hdr_end = im.eh->e_phoff + 2 * sizeof(Elf64_Phdr);
    uint64_t below = 0x40;                  /* < hdr_end: only headers fall below RAM */
    im.ph[0].p_offset = 0;
    im.ph[0].p_paddr = im.ph[0].p_vaddr = RAM_BASE - below;
    im.ph[0].p_filesz = im.ph[0].p_memsz = text_off + 16;
    im.eh->e_entry = RAM_BASE - below + text_off;
    fill_ram(0xaa);
    LoadedImage li;
    bool ok = loader_load_elf_buf(&mm, im.b, im.len, EM_RISCV, &li);
    CHECK(ok, "header page rejected: %s", li.error);
    CHECK(ok && li.low == RAM_BASE, "low 0x%llx", (unsigned long long)li.low);
    CHECK(ram_at(RAM_BASE + text_off - below) == 0x10 && ram_at(RAM_BASE + hdr_end - below) == 0x10,
          "text not at its address");
    CHECK(ram_at(RAM_BASE) == im.b[below], "first byte in RAM");
    loader_image_free(&li);

    im.eh->e_entry = RAM_BASE - 8;          /* entry in the dropped part */
    expect_fail(&im, "entry point", "entry below RAM");

    build(&im);
    im.ph[0].p_offset = 0;
    below = text_off + 4;                   /* four bytes of code would fall below RAM */
    im.ph[0].p_paddr = im.ph[0].p_vaddr = RAM_BASE - below;
    im.ph[0].p_filesz = im.ph[0].p_memsz = text_off + 16;
    im.eh->e_entry = RAM_BASE + 4;
    expect_fail(&im, "not inside guest RAM", "code below RAM");
}

static void test_symtab_errors(void) {
    Img im;
    build(&im);
    im.eh->e_shentsize = 40;
    expect_fail(&im, "section header entry size", "shentsize");
    build(&im);
    im.eh->e_shoff = im.len - 16;
    expect_fail(&im, "past the end", "section headers past EOF");
    build(&im);
    im.sh[1].sh_link = 9;
    expect_fail(&im, "string table index", "bad sh_link");
    build(&im);
    im.sh[1].sh_link = 1;                 /* points at the symtab itself */
    expect_fail(&im, "not a string table", "sh_link to a non-strtab");
    build(&im);
    im.sh[1].sh_size = 0x100000;
    expect_fail(&im, "past the end", "symtab size too big");
    build(&im);
    im.sh[2].sh_offset = UINT64_MAX - 2;
    expect_fail(&im, "past the end", "strtab offset overflow");
    build(&im);
    im.sym[2].st_name = 1000;
    expect_fail(&im, "string table", "symbol name out of range");
    build(&im);
    /* a name running to the end of the string table without a terminator */
    im.b[im.strtab_off + im.strtab_size - 1] = 'x';
    im.b[im.strtab_off + im.strtab_size - 2] = 'x';
    im.sym[3].st_name = (uint32_t)im.strtab_size - 2;
    expect_fail(&im, "string table", "unterminated name");
    build(&im);
    im.sh[1].sh_entsize = 16;
    expect_fail(&im, "entry size", "symtab entsize");
}

/* Every strict prefix of a valid image is invalid (its section headers are at the end) and
   must be rejected without reading past the buffer (run with TERN_SANITIZE to be sure). */
static void test_truncation_and_flips(void) {
    Img im;
    build(&im);
    int bad = 0;
    for (size_t len = 0; len < im.len; len++) {
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, im.b, len);
        LoadedImage li;
        if (loader_load_elf_buf(&mm, copy, len, EM_RISCV, &li))
            bad++;
        loader_image_free(&li);
        free(copy);
    }
    CHECK(bad == 0, "%d truncated images were accepted", bad);

    /* Random byte corruption: any outcome but a crash is fine; count to show it ran. */
    uint64_t s = 0x243f6a8885a308d3ull;
    int loaded = 0, rejected = 0;
    for (int iter = 0; iter < 4000; iter++) {
        Img c;
        build(&c);
        for (int k = 0; k < 3; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            c.b[(s >> 8) % c.len] = (uint8_t)s;
        }
        LoadedImage li;
        if (loader_load_elf_buf(&mm, c.b, c.len, EM_RISCV, &li))
            loaded++;
        else
            rejected++;
        loader_image_free(&li);
    }
    CHECK(loaded + rejected == 4000 && rejected > 0, "corruption: %d loaded, %d rejected",
          loaded, rejected);
}

static void test_raw_and_files(void) {
    LoadedImage li;
    uint8_t raw[100];
    for (int i = 0; i < 100; i++)
        raw[i] = (uint8_t)(i * 7);
    fill_ram(0);
    CHECK(loader_load_raw_buf(&mm, raw, sizeof raw, RAM_BASE, &li), "raw: %s", li.error);
    CHECK(li.entry == RAM_BASE && !li.is_elf, "raw entry");
    CHECK(ram_at(RAM_BASE + 99) == (uint8_t)(99 * 7), "raw bytes");
    CHECK(!loader_load_raw_buf(&mm, raw, 0, RAM_BASE, &li) && strstr(li.error, "empty"),
          "empty raw: %s", li.error);
    CHECK(!loader_load_raw_buf(&mm, raw, sizeof raw, RAM_BASE + RAM_SIZE - 50, &li) &&
              strstr(li.error, "does not fit"), "raw past RAM end: %s", li.error);

    CHECK(!loader_load_kernel(&mm, "/nonexistent/tern-kernel", RAM_BASE, EM_RISCV, &li) &&
              strstr(li.error, "No such file"), "missing file: %s", li.error);
    CHECK(!loader_load_kernel(&mm, "/", RAM_BASE, EM_RISCV, &li) && strstr(li.error, "directory"),
          "directory: %s", li.error);

    char path[] = "/tmp/tern-test-loader-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    /* Not an ELF: a raw image at raw_base, like QEMU's -kernel. */
    const char text[] = "this is not an ELF file";
    CHECK(write(fd, text, sizeof text) == (ssize_t)sizeof text, "write");
    fill_ram(0);
    bool ok = loader_load_kernel(&mm, path, RAM_BASE + 0x200, EM_RISCV, &li);
    CHECK(ok && !li.is_elf && li.entry == RAM_BASE + 0x200 &&
              !memcmp(memmap_ram_ptr(&mm, RAM_BASE + 0x200, sizeof text), text, sizeof text),
          "garbage file as raw: %s", li.error);
    loader_image_free(&li);
    /* A file with the ELF magic is held to the ELF rules. */
    Img im;
    build(&im);
    im.eh->e_machine = EM_X86_64;
    CHECK(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "truncate");
    CHECK(write(fd, im.b, im.len) == (ssize_t)im.len, "write elf");
    CHECK(!loader_load_kernel(&mm, path, RAM_BASE, EM_RISCV, &li) && strstr(li.error, "x86-64"),
          "x86 ELF file: %s", li.error);
    build(&im);
    CHECK(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "truncate");
    CHECK(write(fd, im.b, im.len) == (ssize_t)im.len, "write elf");
    ok = loader_load_kernel(&mm, path, RAM_BASE, EM_RISCV, &li);
    CHECK(ok && li.is_elf && li.entry == TEXT_ADDR + 4, "valid ELF file: %s", li.error);
    loader_image_free(&li);
    CHECK(ftruncate(fd, 0) == 0, "truncate");
    CHECK(!loader_load_kernel(&mm, path, RAM_BASE, EM_RISCV, &li) && strstr(li.error, "empty"),
          "empty file: %s", li.error);
    close(fd);
    unlink(path);
}

int main(void) {
    memmap_init(&mm);
    if (!memmap_add_ram(&mm, "ram", RAM_BASE, RAM_SIZE)) {
        printf("cannot create RAM\n");
        return 1;
    }
    test_valid();
    test_header_errors();
    test_segment_errors();
    test_header_page();
    test_symtab_errors();
    test_truncation_and_flips();
    test_raw_and_files();
    memmap_free(&mm);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
