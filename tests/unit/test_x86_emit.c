/* SPDX-License-Identifier: MIT */
/* Unit test of the x86-64 encoder (translate/x86_64/x86_emit.c): encodes instructions over
   all registers and addressing special cases (rsp/r12 need a SIB, rbp/r13 need a disp,
   REX for spl..dil and r8..r15) and checks capstone's disassembly against the expected text. */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "translate/x86_64/x86_emit.h"

static csh cs;
static int n_pass, n_fail;
static uint8_t code[2048];

static const char *const r64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
static const char *const r32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                     "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
static const char *const r16[16] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
                                     "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w" };
static const char *const r8n[16] = { "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                                     "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b" };

static void check(X86Buf *b, const char *expect, const char *what)
{
    size_t len = (size_t)(b->ptr - b->start);
    cs_insn *insn = NULL;
    size_t n = cs_disasm(cs, code, len, 0x1000, 0, &insn);
    char got[256] = "<undecodable>";
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += insn[i].size;
    if (n == 1)
        snprintf(got, sizeof got, "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
                 insn[0].op_str);
    else if (n > 1)
        snprintf(got, sizeof got, "<%zu instructions>", n);
    if (n >= 1)
        cs_free(insn, n);
    if (b->overflow || n != 1 || used != len || strcmp(got, expect) != 0) {
        n_fail++;
        printf("FAIL %s: expected '%s', got '%s' (", what, expect, got);
        for (size_t i = 0; i < len; i++)
            printf("%02x", code[i]);
        printf(")\n");
    } else {
        n_pass++;
    }
}

#define T(expect, stmt) do { \
        X86Buf b_; x86_buf_init(&b_, code, code + sizeof code); \
        X86Buf *b = &b_; stmt; check(b, expect, #stmt); \
    } while (0)

/* Capstone prints immediates/displacements up to 9 in decimal and larger ones in hex. */
static void fmt_num(char *s, size_t n, uint64_t v)
{
    if (v > 9)
        snprintf(s, n, "0x%" PRIx64, v);
    else
        snprintf(s, n, "%" PRIu64, v);
}

static void fmt_mem(char *s, size_t n, const char *size, const char *base, int32_t disp)
{
    char d[32];
    if (disp == 0) {
        snprintf(s, n, "%s ptr [%s]", size, base);
        return;
    }
    fmt_num(d, sizeof d, disp < 0 ? (uint64_t)(-(int64_t)disp) : (uint64_t)disp);
    snprintf(s, n, "%s ptr [%s %c %s]", size, base, disp < 0 ? '-' : '+', d);
}

static void test_all_regs(void)
{
    char e[160], m[96], what[64];
    static const int32_t disps[] = { 0, 8, -8, 127, 128, -128, -129, 0x12345678, -0x7fffffff };
    for (int d = 0; d < 16; d++) {
        for (int s = 0; s < 16; s++) {
            snprintf(e, sizeof e, "mov %s, %s", r64[d], r64[s]);
            snprintf(what, sizeof what, "mov_rr %d %d", d, s);
            X86Buf bb; x86_buf_init(&bb, code, code + sizeof code);
            x86_mov_rr(&bb, 8, (X86Reg)d, (X86Reg)s);
            check(&bb, e, what);

            snprintf(e, sizeof e, "add %s, %s", r32[d], r32[s]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_alu_rr(&bb, 4, X86_ADD, (X86Reg)d, (X86Reg)s);
            check(&bb, e, "add32_rr");

            snprintf(e, sizeof e, "movzx %s, %s", r32[d], r8n[s]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_movzx_rr(&bb, 1, (X86Reg)d, (X86Reg)s);
            check(&bb, e, "movzx8");

            snprintf(e, sizeof e, "movsxd %s, %s", r64[d], r32[s]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_movsx_rr(&bb, 4, (X86Reg)d, (X86Reg)s);
            check(&bb, e, "movsxd");

            snprintf(e, sizeof e, "cmovl %s, %s", r64[d], r64[s]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_cmov(&bb, 8, X86_CC_L, (X86Reg)d, (X86Reg)s);
            check(&bb, e, "cmovl");

            snprintf(e, sizeof e, "shlx %s, %s, %s", r64[d], r64[s], r64[(d + s) & 15]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_shlx(&bb, 8, (X86Reg)d, (X86Reg)s, (X86Reg)((d + s) & 15));
            check(&bb, e, "shlx");
        }
        /* Memory operands with every base register and many displacements. */
        for (size_t k = 0; k < sizeof disps / sizeof disps[0]; k++) {
            int base = (d + 3) & 15;
            X86Buf bb;
            fmt_mem(m, sizeof m, "qword", r64[d], disps[k]);
            snprintf(e, sizeof e, "mov %s, %s", r64[d], m);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_mov_rm(&bb, 8, (X86Reg)d, x86_mem((X86Reg)d, disps[k]));
            check(&bb, e, "mov_rm same base");

            fmt_mem(m, sizeof m, "dword", r64[base], disps[k]);
            snprintf(e, sizeof e, "mov %s, %s", m, r32[d]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_mov_mr(&bb, 4, x86_mem((X86Reg)base, disps[k]), (X86Reg)d);
            check(&bb, e, "mov_mr32");

            fmt_mem(m, sizeof m, "byte", r64[base], disps[k]);
            snprintf(e, sizeof e, "mov %s, %s", m, r8n[d]);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_mov_mr(&bb, 1, x86_mem((X86Reg)base, disps[k]), (X86Reg)d);
            check(&bb, e, "mov_mr8");

            fmt_mem(m, sizeof m, "word", r64[base], disps[k]);
            snprintf(e, sizeof e, "movsx %s, %s", r64[d], m);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_movsx_rm(&bb, 2, (X86Reg)d, x86_mem((X86Reg)base, disps[k]));
            check(&bb, e, "movsx_rm16");

            fmt_mem(m, sizeof m, "qword", r64[base], disps[k]);
            snprintf(e, sizeof e, "sub %s, %s", r64[d], m);
            x86_buf_init(&bb, code, code + sizeof code);
            x86_alu_rm(&bb, 8, X86_SUB, (X86Reg)d, x86_mem((X86Reg)base, disps[k]));
            check(&bb, e, "sub_rm");
        }
    }
}

static void test_misc(void)
{
    /* Base special cases: rsp/r12 need a SIB, rbp/r13 can't use mod=00. */
    T("mov rax, qword ptr [rsp]", x86_mov_rm(b, 8, X86_RAX, x86_mem(X86_RSP, 0)));
    T("mov rax, qword ptr [r12]", x86_mov_rm(b, 8, X86_RAX, x86_mem(X86_R12, 0)));
    T("mov rax, qword ptr [rbp]", x86_mov_rm(b, 8, X86_RAX, x86_mem(X86_RBP, 0)));
    T("mov rax, qword ptr [r13]", x86_mov_rm(b, 8, X86_RAX, x86_mem(X86_R13, 0)));
    T("mov r9, qword ptr [rsp + 0x100]", x86_mov_rm(b, 8, X86_R9, x86_mem(X86_RSP, 256)));
    T("lea r11, [r10 + rbp + 0x8080]",
      x86_lea(b, 8, X86_R11, x86_mem_idx(X86_R10, X86_RBP, 1, 0x8080)));
    T("lea rax, [rbp + r13*8 - 8]",
      x86_lea(b, 8, X86_RAX, x86_mem_idx(X86_RBP, X86_R13, 8, -8)));
    T("lea eax, [rdi + rsi*4]", x86_lea(b, 4, X86_RAX, x86_mem_idx(X86_RDI, X86_RSI, 4, 0)));
    T("add r11, qword ptr [rbp + r10 + 0x8018]",
      x86_alu_rm(b, 8, X86_ADD, X86_R11, x86_mem_idx(X86_RBP, X86_R10, 1, 0x8018)));
    T("cmp r11, qword ptr [r10 + rbp + 0x8000]",
      x86_alu_rm(b, 8, X86_CMP, X86_R11, x86_mem_idx(X86_R10, X86_RBP, 1, 0x8000)));
    /* Immediates. */
    T("mov eax, 0", x86_mov_ri(b, X86_RAX, 0));
    T("mov r15d, 0xffffffff", x86_mov_ri(b, X86_R15, 0xffffffffu));
    T("mov rcx, -1", x86_mov_ri(b, X86_RCX, ~0ull));
    T("mov r8, -0x80000000", x86_mov_ri(b, X86_R8, 0xffffffff80000000ull));
    T("movabs r12, 0x123456789abcdef0", x86_mov_ri(b, X86_R12, 0x123456789abcdef0ull));
    T("movabs rax, 0x100000000", x86_mov_ri(b, X86_RAX, 0x100000000ull));
    T("xor r9d, r9d", x86_zero(b, X86_R9));
    T("add rax, 1", x86_alu_ri(b, 8, X86_ADD, X86_RAX, 1));
    T("add r13, 0x7f", x86_alu_ri(b, 8, X86_ADD, X86_R13, 127));
    T("add r13, 0x80", x86_alu_ri(b, 8, X86_ADD, X86_R13, 128));
    T("sub rsp, 0x808", x86_alu_ri(b, 8, X86_SUB, X86_RSP, 0x808));
    T("and r10d, 0x1fe0", x86_alu_ri(b, 4, X86_AND, X86_R10, 0x1fe0));
    T("and r11, 0xfffffffffffff007", x86_alu_ri(b, 8, X86_AND, X86_R11, -4089));
    T("or rdi, 0xffffffffffffffff", x86_alu_ri(b, 8, X86_OR, X86_RDI, -1));
    T("xor esi, 0x12345678", x86_alu_ri(b, 4, X86_XOR, X86_RSI, 0x12345678));
    T("cmp r12, -0x80000000", x86_alu_ri(b, 8, X86_CMP, X86_R12, INT32_MIN));
    T("cmp dword ptr [rbp], 0", x86_alu_mi(b, 4, X86_CMP, x86_mem(X86_RBP, 0), 0));
    T("cmp byte ptr [r11 + 0x30], 0", x86_alu_mi(b, 1, X86_CMP, x86_mem(X86_R11, 0x30), 0));
    T("cmp qword ptr [r10 + 8], 0x1234",
      x86_alu_mi(b, 8, X86_CMP, x86_mem(X86_R10, 8), 0x1234));
    T("add qword ptr [rbp + 0x10], rdx",
      x86_alu_mr(b, 8, X86_ADD, x86_mem(X86_RBP, 16), X86_RDX));
    T("sub r8, r9", x86_alu_rr(b, 8, X86_SUB, X86_R8, X86_R9));
    T("and rax, r15", x86_alu_rr(b, 8, X86_AND, X86_RAX, X86_R15));
    T("cmp rsi, rdi", x86_alu_rr(b, 8, X86_CMP, X86_RSI, X86_RDI));
    T("test r11, r11", x86_test_rr(b, 8, X86_R11, X86_R11));
    T("test ecx, 0x100", x86_test_ri(b, 4, X86_RCX, 0x100));
    T("mov qword ptr [rbp + 8], 0x1234", x86_mov_mi(b, 8, x86_mem(X86_RBP, 8), 0x1234));
    T("mov qword ptr [rbp + 8], -1",
      x86_mov_mi(b, 8, x86_mem(X86_RBP, 8), -1));
    T("mov dword ptr [r11], 0x1234", x86_mov_mi(b, 4, x86_mem(X86_R11, 0), 0x1234));
    T("mov word ptr [r11], 0x1234", x86_mov_mi(b, 2, x86_mem(X86_R11, 0), 0x1234));
    T("mov byte ptr [r11], 0x12", x86_mov_mi(b, 1, x86_mem(X86_R11, 0), 0x12));
    T("mov word ptr [r11], si", x86_mov_mr(b, 2, x86_mem(X86_R11, 0), X86_RSI));
    T("mov byte ptr [rax], sil", x86_mov_mr(b, 1, x86_mem(X86_RAX, 0), X86_RSI));
    T("mov qword ptr [r11], r14", x86_mov_mr(b, 8, x86_mem(X86_R11, 0), X86_R14));
    /* Loads with extension. */
    T("movzx eax, byte ptr [r11]", x86_movzx_rm(b, 1, X86_RAX, x86_mem(X86_R11, 0)));
    T("movzx r9d, word ptr [r11]", x86_movzx_rm(b, 2, X86_R9, x86_mem(X86_R11, 0)));
    T("mov edi, dword ptr [r11]", x86_movzx_rm(b, 4, X86_RDI, x86_mem(X86_R11, 0)));
    T("mov rdi, qword ptr [r11]", x86_movzx_rm(b, 8, X86_RDI, x86_mem(X86_R11, 0)));
    T("movsx rbx, byte ptr [r11]", x86_movsx_rm(b, 1, X86_RBX, x86_mem(X86_R11, 0)));
    T("movsxd r12, dword ptr [r11]", x86_movsx_rm(b, 4, X86_R12, x86_mem(X86_R11, 0)));
    T("movzx esi, dil", x86_movzx_rr(b, 1, X86_RSI, X86_RDI));
    T("movzx eax, r12w", x86_movzx_rr(b, 2, X86_RAX, X86_R12));
    T("mov r9d, r10d", x86_movzx_rr(b, 4, X86_R9, X86_R10));
    T("movsx rax, spl", x86_movsx_rr(b, 1, X86_RAX, X86_RSP));
    T("movsx r14, r15w", x86_movsx_rr(b, 2, X86_R14, X86_R15));
    /* Multiply, divide, unary. */
    T("imul rax, rbx", x86_imul_rr(b, 8, X86_RAX, X86_RBX));
    T("imul r10, r11", x86_imul_rr(b, 8, X86_R10, X86_R11));
    T("imul r10, r11, 0x64", x86_imul_rri(b, 8, X86_R10, X86_R11, 100));
    T("imul ecx, edx, 0x12345", x86_imul_rri(b, 4, X86_RCX, X86_RDX, 0x12345));
    T("mul r11", x86_unary(b, 8, X86_MUL, X86_R11));
    T("imul rcx", x86_unary(b, 8, X86_IMUL1, X86_RCX));
    T("div r8", x86_unary(b, 8, X86_DIV, X86_R8));
    T("idiv esi", x86_unary(b, 4, X86_IDIV, X86_RSI));
    T("neg r13", x86_unary(b, 8, X86_NEG, X86_R13));
    T("not rbx", x86_unary(b, 8, X86_NOT, X86_RBX));
    T("cqo", x86_cqo(b));
    T("cdq", x86_cdq(b));
    /* Shifts. */
    T("shl rax, 3", x86_shift_ri(b, 8, X86_SHL, X86_RAX, 3));
    T("shr r10, 7", x86_shift_ri(b, 8, X86_SHR, X86_R10, 7));
    T("sar r15d, 0x1f", x86_shift_ri(b, 4, X86_SAR, X86_R15, 31));
    T("rol rdx, 1", x86_shift_ri(b, 8, X86_ROL, X86_RDX, 1));
    T("ror r9, 0x3f", x86_shift_ri(b, 8, X86_ROR, X86_R9, 63));
    T("shl r12, cl", x86_shift_cl(b, 8, X86_SHL, X86_R12));
    T("sar rsi, cl", x86_shift_cl(b, 8, X86_SAR, X86_RSI));
    T("ror eax, cl", x86_shift_cl(b, 4, X86_ROR, X86_RAX));
    T("shrx r8, r15, rcx", x86_shrx(b, 8, X86_R8, X86_R15, X86_RCX));
    T("sarx rax, rbx, r12", x86_sarx(b, 8, X86_RAX, X86_RBX, X86_R12));
    T("sarx eax, ebx, r12d", x86_sarx(b, 4, X86_RAX, X86_RBX, X86_R12));
    T("andn rax, r9, r14", x86_andn(b, 8, X86_RAX, X86_R9, X86_R14));
    T("andn r12d, ecx, edx", x86_andn(b, 4, X86_R12, X86_RCX, X86_RDX));
    T("rorx r11, rdx, 0x3c", x86_rorx(b, 8, X86_R11, X86_RDX, 60));
    /* Conditions. */
    T("sete al", x86_setcc(b, X86_CC_E, X86_RAX));
    T("setl sil", x86_setcc(b, X86_CC_L, X86_RSI));
    T("setb r10b", x86_setcc(b, X86_CC_B, X86_R10));
    T("seta bpl", x86_setcc(b, X86_CC_A, X86_RBP));
    T("cmovae r8, r9", x86_cmov(b, 8, X86_CC_AE, X86_R8, X86_R9));
    T("cmovne rax, r11", x86_cmov(b, 8, X86_CC_NE, X86_RAX, X86_R11));
    /* Bit counting. */
    T("lzcnt rax, r9", x86_lzcnt(b, 8, X86_RAX, X86_R9));
    T("tzcnt r10, rbx", x86_tzcnt(b, 8, X86_R10, X86_RBX));
    T("popcnt r15, r15", x86_popcnt(b, 8, X86_R15, X86_R15));
    T("bsr rcx, rdx", x86_bsr(b, 8, X86_RCX, X86_RDX));
    T("bsf r12, r13", x86_bsf(b, 8, X86_R12, X86_R13));
    T("bswap rax", x86_bswap(b, 8, X86_RAX));
    T("bswap r14", x86_bswap(b, 8, X86_R14));
    T("bswap esi", x86_bswap(b, 4, X86_RSI));
    /* SSE2 scalar double (the inline FP fast paths). */
    T("addsd xmm0, xmm1", x86_sse_sd(b, X86_ADDSD, 0, 1));
    T("subsd xmm1, xmm0", x86_sse_sd(b, X86_SUBSD, 1, 0));
    T("mulsd xmm0, xmm1", x86_sse_sd(b, X86_MULSD, 0, 1));
    T("divsd xmm0, xmm1", x86_sse_sd(b, X86_DIVSD, 0, 1));
    T("sqrtsd xmm0, xmm0", x86_sse_sd(b, X86_SQRTSD, 0, 0));
    T("ucomisd xmm0, xmm1", x86_ucomisd(b, 0, 1));
    T("xorps xmm1, xmm1", x86_xorps(b, 1, 1));
    T("movq xmm0, rsi", x86_movq_xr(b, 0, X86_RSI));
    T("movq xmm1, r13", x86_movq_xr(b, 1, X86_R13));
    T("movq r11, xmm0", x86_movq_rx(b, X86_R11, 0));
    T("movq rax, xmm1", x86_movq_rx(b, X86_RAX, 1));
    T("cvtsi2sd xmm0, r9", x86_cvtsi2sd(b, 0, X86_R9));
    T("cvtsi2sd xmm1, rdi", x86_cvtsi2sd(b, 1, X86_RDI));
    T("cvttsd2si r11, xmm0", x86_cvttsd2si(b, X86_R11, 0));
    T("cvttsd2si rdx, xmm1", x86_cvttsd2si(b, X86_RDX, 1));
    /* Control flow (capstone assigns address 0x1000 to the first byte). */
    T("jne 0x1006", x86_jcc_rel32(b, X86_CC_NE));
    T("jmp 0x1005", x86_jmp_rel32(b));
    T("call 0x1005", x86_call_rel32(b));
    T("je 0x1002", x86_jcc_rel8(b, X86_CC_E));
    T("jmp 0x1002", x86_jmp_rel8(b));
    T("jg 0x1000", x86_jcc_to(b, X86_CC_G, b->ptr));
    T("jmp 0x1000", x86_jmp_to(b, b->ptr));
    T("jl 0x1400", x86_jcc_to(b, X86_CC_L, b->ptr + 0x400));
    T("call rax", x86_call_r(b, X86_RAX));
    T("call r11", x86_call_r(b, X86_R11));
    T("jmp rsi", x86_jmp_r(b, X86_RSI));
    T("jmp qword ptr [r10 + 0x28]", x86_jmp_m(b, x86_mem(X86_R10, 0x28)));
    T("push rbp", x86_push(b, X86_RBP));
    T("push r15", x86_push(b, X86_R15));
    T("pop rbx", x86_pop(b, X86_RBX));
    T("pop r12", x86_pop(b, X86_R12));
    T("ret", x86_ret(b));
    T("mfence", x86_mfence(b));
    {
        /* Multi-byte NOPs (SDM table 4-12), one instruction each. */
        static const char *const nops[9] = {
            "", "nop", "nop", "nop dword ptr [rax]", "nop dword ptr [rax]",
            "nop dword ptr [rax + rax]", "nop word ptr [rax + rax]", "nop dword ptr [rax]",
            "nop dword ptr [rax + rax]" };
        for (int n = 1; n <= 8; n++)
            T(nops[n], x86_nops(b, n));
    }
    /* 16-bit forms. */
    {
        char e[64];
        snprintf(e, sizeof e, "add %s, %s", r16[3], r16[9]);
        T(e, x86_alu_rr(b, 2, X86_ADD, X86_RBX, X86_R9));
    }
    /* Overflow is reported, nothing written past the end. */
    {
        uint8_t small[4] = { 0xaa, 0xaa, 0xaa, 0xaa };
        X86Buf bb;
        x86_buf_init(&bb, small, small + 3);
        x86_mov_ri(&bb, X86_RAX, 0x123456789abcdefull);
        if (!bb.overflow || small[3] != 0xaa) {
            n_fail++;
            printf("FAIL overflow not detected\n");
        } else {
            n_pass++;
        }
    }
}

int main(void)
{
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK) {
        printf("capstone unavailable\n");
        return 1;
    }
    test_all_regs();
    test_misc();
    cs_close(&cs);
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
