/* SPDX-License-Identifier: MIT */
/* The x86-64 JIT backend object (translate/backend.h): the RWX code buffer, the exec
   trampoline (System V AMD64 ABI: saves callee-saved registers, rbp = env, 16-byte aligned
   frame), block chaining by patching 4-byte aligned rel32 jump fields, host feature detection
   (CPUID) and the -d out_asm dump through capstone. */
#include <capstone/capstone.h>
#include <cpuid.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "translate/x86_64/x86_internal.h"

static X86Backend *xb_of(Backend *be)
{
    return (X86Backend *)be;
}

static unsigned detect_features(void)
{
    unsigned a, b, c, d, f = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_POPCNT))
        f |= X86_FEAT_POPCNT;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & bit_BMI)
            f |= X86_FEAT_BMI1;
        if (b & bit_BMI2)
            f |= X86_FEAT_BMI2;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & bit_LZCNT))
        f |= X86_FEAT_LZCNT;
    return f;
}

unsigned x86_backend_host_features(Backend *be)
{
    return xb_of(be)->host_feat;
}

void x86_backend_set_features(Backend *be, unsigned feat)
{
    X86Backend *xb = xb_of(be);
    xb->feat = feat & xb->host_feat;
}

/* Prefer a buffer within +-2 GiB of our own code so helper calls are direct rel32 calls. */
static uint8_t *map_code(size_t size)
{
    uintptr_t text = (uintptr_t)&map_code;
    static const int64_t tries[] = { 1ll << 30, -(1ll << 30), 1ll << 29, -(1ll << 29) };
    int prot = PROT_READ | PROT_WRITE | PROT_EXEC;
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        uintptr_t hint = (uintptr_t)((int64_t)(text & ~(uintptr_t)0xfffff) + tries[i]);
        void *p = mmap((void *)hint, size, prot, flags, -1, 0);
        if (p == MAP_FAILED)
            continue;
        int64_t lo = (int64_t)(uintptr_t)p - (int64_t)text;
        int64_t hi = lo + (int64_t)size;
        if (lo > -(1ll << 31) + (1ll << 24) && hi < (1ll << 31) - (1ll << 24))
            return p;
        munmap(p, size);
    }
    void *p = mmap(NULL, size, prot, flags, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void gen_trampoline(X86Backend *xb)
{
    static const X86Reg saved[6] = { X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15 };
    X86Buf b;
    x86_buf_init(&b, xb->buf, xb->buf + 256);
    for (int i = 0; i < 6; i++)
        x86_push(&b, saved[i]);
    x86_alu_ri(&b, 8, X86_SUB, X86_RSP, X86_FRAME_SIZE);
    x86_mov_rr(&b, 8, X86_ENV, X86_RDI);
    x86_mov_rm(&b, 8, X86_ICOUNT, x86_mem(X86_ENV, offsetof(CPUCommon, insn_count)));
    x86_jmp_r(&b, X86_RSI);
    while ((uintptr_t)b.ptr & 15)
        x86_byte(&b, 0xcc);
    xb->epilogue = b.ptr;
    x86_mov_mr(&b, 8, x86_mem(X86_ENV, offsetof(CPUCommon, insn_count)), X86_ICOUNT);
    x86_alu_ri(&b, 8, X86_ADD, X86_RSP, X86_FRAME_SIZE);
    for (int i = 5; i >= 0; i--)
        x86_pop(&b, saved[i]);
    x86_ret(&b);
    xb->tramp = (uintptr_t (*)(CPUCommon *, const uint8_t *))(void *)xb->buf;
    xb->code_start = (uint8_t *)(((uintptr_t)b.ptr + 63) & ~(uintptr_t)63);
    xb->ptr = xb->code_start;
}

static bool x86_be_gen(Backend *be, TB *tb, IrBlock *ir)
{
    return x86_gen_block(xb_of(be), tb, ir);
}

static uintptr_t x86_be_exec(Backend *be, CPUCommon *env, TB *tb)
{
    return xb_of(be)->tramp(env, tb->code + tb->unchecked_off);
}

static void patch_jump(TB *from, int slot, const uint8_t *target)
{
    uint8_t *field = from->code + from->jmp_off[slot];
    int32_t rel = (int32_t)(target - (field + 4));
    /* The field is 4-byte aligned: one atomic store, safe against a concurrent fetch. */
    __atomic_store_n((int32_t *)(void *)field, rel, __ATOMIC_RELEASE);
}

static void x86_be_chain(Backend *be, TB *from, int slot, TB *to)
{
    (void)be;
    if (from->jmp_off[slot] == TB_NO_JUMP)
        return;
    /* A block chained to itself jumps to its loop head (x86_gen.c), past the entry loads. */
    uint32_t head = 0;
    if (from == to)
        memcpy(&head, to->code - X86_LOOP_HDR, sizeof head);
    patch_jump(from, slot, to->code + head);
}

static void x86_be_unchain(Backend *be, TB *from, int slot)
{
    (void)be;
    if (from->jmp_off[slot] != TB_NO_JUMP)
        patch_jump(from, slot, from->code + from->jmp_reset[slot]);
}

static void x86_be_flush(Backend *be)
{
    X86Backend *xb = xb_of(be);
    xb->ptr = xb->code_start;
}

static void x86_be_dump(Backend *be, TB *tb, FILE *f)
{
    (void)be;
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        fprintf(f, "  (capstone unavailable)\n");
        return;
    }
    cs_insn *insn;
    size_t n = cs_disasm(cs, tb->code, tb->code_size, (uint64_t)(uintptr_t)tb->code, 0, &insn);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  0x%" PRIx64 ":  %-8s %s\n", insn[i].address, insn[i].mnemonic,
                insn[i].op_str);
    if (n)
        cs_free(insn, n);
    cs_close(&cs);
}

static void x86_be_destroy(Backend *be)
{
    X86Backend *xb = xb_of(be);
    if (xb->gen) {
        free(xb->gen->loc);
        free(xb->gen->slow);
        free(xb->gen->fp_slow);
        free(xb->gen->wb);
        free(xb->gen->stub);
        free(xb->gen);
    }
    munmap(xb->buf, xb->size);
    free(xb);
}

Backend *backend_x86_create(size_t code_bytes)
{
    if (code_bytes < 65536)
        code_bytes = 65536;
    code_bytes = (code_bytes + 4095) & ~(size_t)4095;
    X86Backend *xb = calloc(1, sizeof *xb);
    if (!xb)
        return NULL;
    xb->gen = calloc(1, sizeof *xb->gen);
    xb->buf = map_code(code_bytes);
    if (!xb->gen || !xb->buf) {
        free(xb->gen);
        free(xb);
        return NULL;
    }
    xb->size = code_bytes;
    xb->host_feat = xb->feat = detect_features();
    gen_trampoline(xb);
    xb->be.name = "x86_64";
    xb->be.gen = x86_be_gen;
    xb->be.exec = x86_be_exec;
    xb->be.chain = x86_be_chain;
    xb->be.unchain = x86_be_unchain;
    xb->be.flush = x86_be_flush;
    xb->be.tb_free = NULL;
    xb->be.destroy = x86_be_destroy;
    xb->be.dump_code = x86_be_dump;
    return &xb->be;
}
