/* SPDX-License-Identifier: MIT */
/* RISC-V disassembler for traces (-d in_asm): RV64GC, Zba/Zbb/Zbs, Zicsr/Zifencei and the
   privileged instructions (unprivileged ISA ch. 2-16, 27-28, 37; privileged ISA ch. 3, 10).
   Text follows `objdump -M no-aliases`: ABI register names, c.* mnemonics, hex shifts/U-imms,
   absolute branch targets. Unknown or reserved encodings return 0. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/riscv/cpu.h"

static const char *const xname[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "t3", "t4", "t5", "t6",
};
static const char *const fname[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1",
    "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};
static const char *const rm_name[8] = {"rne", "rtz", "rdn", "rup", "rmm", NULL, NULL, "dyn"};

typedef struct Out {
    char *buf;
    size_t n;
} Out;

__attribute__((format(printf, 2, 3)))
static int emit(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (o->n)
        vsnprintf(o->buf, o->n, fmt, ap);
    va_end(ap);
    return 1;
}

static int64_t sext(uint64_t v, unsigned bits) {
    uint64_t m = 1ull << (bits - 1);
    v &= (bits == 64) ? ~0ull : (1ull << bits) - 1;
    return (int64_t)((v ^ m) - m);
}

/* ---- CSR names (privileged spec 1.12, tables 2.2-2.6) ---- */

static bool csr_name(unsigned csr, char *b, size_t n) {
    static const struct { unsigned num; const char *name; } named[] = {
        {0x001, "fflags"}, {0x002, "frm"}, {0x003, "fcsr"},
        {0xc00, "cycle"}, {0xc01, "time"}, {0xc02, "instret"},
        {0xc80, "cycleh"}, {0xc81, "timeh"}, {0xc82, "instreth"},
        {0x100, "sstatus"}, {0x104, "sie"}, {0x105, "stvec"}, {0x106, "scounteren"},
        {0x10a, "senvcfg"}, {0x140, "sscratch"}, {0x141, "sepc"}, {0x142, "scause"},
        {0x143, "stval"}, {0x144, "sip"}, {0x14d, "stimecmp"}, {0x15d, "stimecmph"},
        {0x180, "satp"}, {0x5a8, "scontext"}, {0xda0, "scountovf"},
        {0xf11, "mvendorid"}, {0xf12, "marchid"}, {0xf13, "mimpid"}, {0xf14, "mhartid"},
        {0xf15, "mconfigptr"}, {0x300, "mstatus"}, {0x301, "misa"}, {0x302, "medeleg"},
        {0x303, "mideleg"}, {0x304, "mie"}, {0x305, "mtvec"}, {0x306, "mcounteren"},
        {0x30a, "menvcfg"}, {0x310, "mstatush"}, {0x31a, "menvcfgh"}, {0x320, "mcountinhibit"},
        {0x340, "mscratch"}, {0x341, "mepc"}, {0x342, "mcause"}, {0x343, "mtval"},
        {0x344, "mip"}, {0x34a, "mtinst"}, {0x34b, "mtval2"}, {0x747, "mseccfg"},
        {0x757, "mseccfgh"}, {0xb00, "mcycle"}, {0xb02, "minstret"}, {0xb80, "mcycleh"},
        {0xb82, "minstreth"}, {0x7a0, "tselect"}, {0x7a1, "tdata1"}, {0x7a2, "tdata2"},
        {0x7a3, "tdata3"}, {0x7a4, "tinfo"}, {0x7a5, "tcontrol"}, {0x7a8, "mcontext"},
        {0x7b0, "dcsr"}, {0x7b1, "dpc"}, {0x7b2, "dscratch0"}, {0x7b3, "dscratch1"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].num == csr) {
            snprintf(b, n, "%s", named[i].name);
            return true;
        }
    /* Numbered families */
    if (csr >= 0xc03 && csr <= 0xc1f)
        snprintf(b, n, "hpmcounter%u", csr - 0xc00);
    else if (csr >= 0xc83 && csr <= 0xc9f)
        snprintf(b, n, "hpmcounter%uh", csr - 0xc80);
    else if (csr >= 0xb03 && csr <= 0xb1f)
        snprintf(b, n, "mhpmcounter%u", csr - 0xb00);
    else if (csr >= 0xb83 && csr <= 0xb9f)
        snprintf(b, n, "mhpmcounter%uh", csr - 0xb80);
    else if (csr >= 0x323 && csr <= 0x33f)
        snprintf(b, n, "mhpmevent%u", csr - 0x320);
    else if (csr >= 0x3a0 && csr <= 0x3af)
        snprintf(b, n, "pmpcfg%u", csr - 0x3a0);
    else if (csr >= 0x3b0 && csr <= 0x3ef)
        snprintf(b, n, "pmpaddr%u", csr - 0x3b0);
    else {
        snprintf(b, n, "0x%x", csr);
        return false;
    }
    return true;
}

/* fence predecessor/successor set: i o r w, "unknown" when empty (as objdump). */
static void fence_set(unsigned s, char *b) {
    char *p = b;
    if (s & 8) *p++ = 'i';
    if (s & 4) *p++ = 'o';
    if (s & 2) *p++ = 'r';
    if (s & 1) *p++ = 'w';
    *p = 0;
    if (p == b)
        strcpy(b, "unknown");
}

/* ---- 16-bit (C extension, RV64) ---- */

static int disas16(uint64_t pc, uint32_t in, Out *o) {
    unsigned op = in & 3, f3 = (in >> 13) & 7;
    unsigned rd = (in >> 7) & 31, rs2 = (in >> 2) & 31;
    unsigned rdp = 8 + ((in >> 2) & 7), rs1p = 8 + ((in >> 7) & 7);  /* x8..x15 */
    int64_t imm6 = sext(((in >> 7) & 0x20) | ((in >> 2) & 0x1f), 6);
    unsigned shamt = ((in >> 7) & 0x20) | ((in >> 2) & 0x1f);
    unsigned uimm;

    if (op == 0) {
        switch (f3) {
        case 0:
            uimm = ((in >> 7) & 0x30) | ((in >> 1) & 0x3c0) | ((in >> 4) & 0x4) | ((in >> 2) & 0x8);
            if (!uimm)
                return 0;                       /* includes the all-zero illegal instruction */
            return emit(o, "c.addi4spn\t%s,sp,%u", xname[rdp], uimm);
        case 1:
        case 3:
        case 5:
        case 7:
            uimm = ((in >> 7) & 0x38) | ((in << 1) & 0xc0);
            if (f3 == 1)
                return emit(o, "c.fld\t%s,%u(%s)", fname[rdp], uimm, xname[rs1p]);
            if (f3 == 3)
                return emit(o, "c.ld\t%s,%u(%s)", xname[rdp], uimm, xname[rs1p]);
            if (f3 == 5)
                return emit(o, "c.fsd\t%s,%u(%s)", fname[rdp], uimm, xname[rs1p]);
            return emit(o, "c.sd\t%s,%u(%s)", xname[rdp], uimm, xname[rs1p]);
        case 2:
        case 6:
            uimm = ((in >> 7) & 0x38) | ((in >> 4) & 0x4) | ((in << 1) & 0x40);
            return emit(o, "%s\t%s,%u(%s)", f3 == 2 ? "c.lw" : "c.sw", xname[rdp], uimm,
                        xname[rs1p]);
        default:
            return 0;
        }
    }
    if (op == 1) {
        switch (f3) {
        case 0:
            if (rd == 0 && imm6 == 0)
                return emit(o, "c.nop");
            return emit(o, "c.addi\t%s,%" PRId64, xname[rd], imm6);
        case 1:
            if (rd == 0)
                return 0;
            return emit(o, "c.addiw\t%s,%" PRId64, xname[rd], imm6);
        case 2:
            return emit(o, "c.li\t%s,%" PRId64, xname[rd], imm6);
        case 3:
            if (rd == 2) {
                int64_t imm = sext(((in >> 3) & 0x200) | ((in >> 2) & 0x10) | ((in << 1) & 0x40) |
                                   ((in << 4) & 0x180) | ((in << 3) & 0x20), 10);
                if (!imm)
                    return 0;
                return emit(o, "c.addi16sp\tsp,%" PRId64, imm);
            }
            if (imm6 == 0)
                return 0;
            return emit(o, "c.lui\t%s,0x%" PRIx64, xname[rd], (uint64_t)imm6 & 0xfffff);
        case 4:
            switch ((in >> 10) & 3) {
            case 0:
                if (!shamt)
                    return emit(o, "c.srli64\t%s", xname[rs1p]);
                return emit(o, "c.srli\t%s,0x%x", xname[rs1p], shamt);
            case 1:
                if (!shamt)
                    return emit(o, "c.srai64\t%s", xname[rs1p]);
                return emit(o, "c.srai\t%s,0x%x", xname[rs1p], shamt);
            case 2:
                return emit(o, "c.andi\t%s,%" PRId64, xname[rs1p], imm6);
            default: {
                static const char *const ops[8] = {"c.sub", "c.xor", "c.or", "c.and",
                                                   "c.subw", "c.addw", NULL, NULL};
                const char *m = ops[((in >> 10) & 4) | ((in >> 5) & 3)];
                if (!m)
                    return 0;
                return emit(o, "%s\t%s,%s", m, xname[rs1p], xname[rdp]);
            }
            }
        case 5: {
            int64_t off = sext(((in >> 1) & 0x800) | ((in >> 7) & 0x10) | ((in >> 1) & 0x300) |
                               ((in << 2) & 0x400) | ((in >> 1) & 0x40) | ((in << 1) & 0x80) |
                               ((in >> 2) & 0xe) | ((in << 3) & 0x20), 12);
            return emit(o, "c.j\t0x%" PRIx64, pc + (uint64_t)off);
        }
        default: {
            int64_t off = sext(((in >> 4) & 0x100) | ((in >> 7) & 0x18) | ((in << 1) & 0xc0) |
                               ((in >> 2) & 0x6) | ((in << 3) & 0x20), 9);
            return emit(o, "%s\t%s,0x%" PRIx64, f3 == 6 ? "c.beqz" : "c.bnez", xname[rs1p],
                        pc + (uint64_t)off);
        }
        }
    }
    if (op == 2) {
        switch (f3) {
        case 0:
            if (!shamt)
                return emit(o, "c.slli64\t%s", xname[rd]);
            return emit(o, "c.slli\t%s,0x%x", xname[rd], shamt);
        case 1:
        case 3:
            uimm = ((in >> 7) & 0x20) | ((in >> 2) & 0x18) | ((in << 4) & 0x1c0);
            if (f3 == 1)
                return emit(o, "c.fldsp\t%s,%u(sp)", fname[rd], uimm);
            if (rd == 0)
                return 0;
            return emit(o, "c.ldsp\t%s,%u(sp)", xname[rd], uimm);
        case 2:
            if (rd == 0)
                return 0;
            uimm = ((in >> 7) & 0x20) | ((in >> 2) & 0x1c) | ((in << 4) & 0xc0);
            return emit(o, "c.lwsp\t%s,%u(sp)", xname[rd], uimm);
        case 4:
            if (!(in & 0x1000)) {
                if (rs2)
                    return emit(o, "c.mv\t%s,%s", xname[rd], xname[rs2]);
                if (!rd)
                    return 0;
                return emit(o, "c.jr\t%s", xname[rd]);
            }
            if (rs2)
                return emit(o, "c.add\t%s,%s", xname[rd], xname[rs2]);
            if (!rd)
                return emit(o, "c.ebreak");
            return emit(o, "c.jalr\t%s", xname[rd]);
        case 5:
        case 7:
            uimm = ((in >> 7) & 0x38) | ((in >> 1) & 0x1c0);
            if (f3 == 5)
                return emit(o, "c.fsdsp\t%s,%u(sp)", fname[rs2], uimm);
            return emit(o, "c.sdsp\t%s,%u(sp)", xname[rs2], uimm);
        default:
            uimm = ((in >> 7) & 0x3c) | ((in >> 1) & 0xc0);
            return emit(o, "c.swsp\t%s,%u(sp)", xname[rs2], uimm);
        }
    }
    return 0;
}

/* ---- 32-bit ---- */

static int disas_fp(uint32_t in, Out *o) {
    unsigned f7 = in >> 25, rd = (in >> 7) & 31, rs1 = (in >> 15) & 31, rs2 = (in >> 20) & 31;
    unsigned rm = (in >> 12) & 7;
    unsigned fmt = f7 & 3;
    if (fmt > 1)
        return 0;                                   /* H and Q are not implemented */
    char sz = fmt ? 'd' : 's';
    char rms[8] = "";
    if (rm != 7)
        snprintf(rms, sizeof rms, ",%s", rm_name[rm] ? rm_name[rm] : "?");
    bool rm_ok = rm_name[rm] != NULL;
    switch (f7 >> 2) {
    case 0x00: case 0x01: case 0x02: case 0x03: {
        static const char *const ar[4] = {"fadd", "fsub", "fmul", "fdiv"};
        if (!rm_ok)
            return 0;
        return emit(o, "%s.%c\t%s,%s,%s%s", ar[f7 >> 2], sz, fname[rd], fname[rs1], fname[rs2],
                    rms);
    }
    case 0x0b:
        if (rs2 || !rm_ok)
            return 0;
        return emit(o, "fsqrt.%c\t%s,%s%s", sz, fname[rd], fname[rs1], rms);
    case 0x04: {
        static const char *const sg[3] = {"fsgnj", "fsgnjn", "fsgnjx"};
        if (rm > 2)
            return 0;
        return emit(o, "%s.%c\t%s,%s,%s", sg[rm], sz, fname[rd], fname[rs1], fname[rs2]);
    }
    case 0x05:
        if (rm > 1)
            return 0;
        return emit(o, "%s.%c\t%s,%s,%s", rm ? "fmax" : "fmin", sz, fname[rd], fname[rs1],
                    fname[rs2]);
    case 0x08:
        /* fcvt.s.d (fmt s, rs2 1) rounds; fcvt.d.s (fmt d, rs2 0) is exact */
        if (fmt == 0 && rs2 == 1 && rm_ok)
            return emit(o, "fcvt.s.d\t%s,%s%s", fname[rd], fname[rs1], rms);
        if (fmt == 1 && rs2 == 0 && rm_ok)
            return emit(o, "fcvt.d.s\t%s,%s", fname[rd], fname[rs1]);
        return 0;
    case 0x14: {
        static const char *const cmp[3] = {"fle", "flt", "feq"};
        if (rm > 2)
            return 0;
        return emit(o, "%s.%c\t%s,%s,%s", cmp[rm], sz, xname[rd], fname[rs1], fname[rs2]);
    }
    case 0x18: {
        static const char *const ty[4] = {"w", "wu", "l", "lu"};
        if (rs2 > 3 || !rm_ok)
            return 0;
        return emit(o, "fcvt.%s.%c\t%s,%s%s", ty[rs2], sz, xname[rd], fname[rs1], rms);
    }
    case 0x1a: {
        static const char *const ty[4] = {"w", "wu", "l", "lu"};
        if (rs2 > 3 || !rm_ok)
            return 0;
        /* int -> double is exact for 32-bit sources: objdump omits the rounding mode */
        bool exact = fmt == 1 && rs2 < 2;
        return emit(o, "fcvt.%c.%s\t%s,%s%s", sz, ty[rs2], fname[rd], xname[rs1],
                    exact ? "" : rms);
    }
    case 0x1c:
        if (rs2)
            return 0;
        if (rm == 0)
            return emit(o, "fmv.x.%c\t%s,%s", fmt ? 'd' : 'w', xname[rd], fname[rs1]);
        if (rm == 1)
            return emit(o, "fclass.%c\t%s,%s", sz, xname[rd], fname[rs1]);
        return 0;
    case 0x1e:
        if (rs2 || rm)
            return 0;
        return emit(o, "fmv.%c.x\t%s,%s", fmt ? 'd' : 'w', fname[rd], xname[rs1]);
    default:
        return 0;
    }
}

static int disas_amo(uint32_t in, Out *o) {
    unsigned f3 = (in >> 12) & 7, f5 = in >> 27;
    unsigned rd = (in >> 7) & 31, rs1 = (in >> 15) & 31, rs2 = (in >> 20) & 31;
    if (f3 != 2 && f3 != 3)
        return 0;
    static const char *const ord[4] = {"", ".rl", ".aq", ".aqrl"};
    const char *sfx = ord[(in >> 25) & 3];
    char w = f3 == 2 ? 'w' : 'd';
    const char *m;
    switch (f5) {
    case 0x02:
        if (rs2)
            return 0;
        return emit(o, "lr.%c%s\t%s,(%s)", w, sfx, xname[rd], xname[rs1]);
    case 0x03: m = "sc"; break;
    case 0x00: m = "amoadd"; break;
    case 0x01: m = "amoswap"; break;
    case 0x04: m = "amoxor"; break;
    case 0x08: m = "amoor"; break;
    case 0x0c: m = "amoand"; break;
    case 0x10: m = "amomin"; break;
    case 0x14: m = "amomax"; break;
    case 0x18: m = "amominu"; break;
    case 0x1c: m = "amomaxu"; break;
    default: return 0;
    }
    return emit(o, "%s.%c%s\t%s,%s,(%s)", m, w, sfx, xname[rd], xname[rs2], xname[rs1]);
}

static int disas_system(uint32_t in, Out *o) {
    unsigned f3 = (in >> 12) & 7, rd = (in >> 7) & 31, rs1 = (in >> 15) & 31;
    unsigned rs2 = (in >> 20) & 31, csr = in >> 20;
    if (f3 == 0) {
        switch (in) {
        case 0x00000073: return emit(o, "ecall");
        case 0x00100073: return emit(o, "ebreak");
        case 0x10200073: return emit(o, "sret");
        case 0x30200073: return emit(o, "mret");
        case 0x10500073: return emit(o, "wfi");
        case 0x7b200073: return emit(o, "dret");
        default: break;
        }
        if ((in >> 25) == 0x09 && rd == 0)
            return emit(o, "sfence.vma\t%s,%s", xname[rs1], xname[rs2]);
        return 0;
    }
    if (f3 == 4)
        return 0;
    static const char *const cs[8] = {NULL, "csrrw", "csrrs", "csrrc", NULL, "csrrwi", "csrrsi",
                                      "csrrci"};
    char cn[24];
    csr_name(csr, cn, sizeof cn);
    if (f3 < 4)
        return emit(o, "%s\t%s,%s,%s", cs[f3], xname[rd], cn, xname[rs1]);
    return emit(o, "%s\t%s,%s,%u", cs[f3], xname[rd], cn, rs1);
}

static int disas_op(uint32_t in, Out *o, bool w32) {
    unsigned f3 = (in >> 12) & 7, f7 = in >> 25;
    unsigned rd = (in >> 7) & 31, rs1 = (in >> 15) & 31, rs2 = (in >> 20) & 31;
    const char *m = NULL;
    if (!w32) {
        static const char *const base[8] = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
        static const char *const mul[8] = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem",
                                           "remu"};
        switch (f7) {
        case 0x00: m = base[f3]; break;
        case 0x01: m = mul[f3]; break;
        case 0x20:
            m = f3 == 0 ? "sub" : f3 == 5 ? "sra" : f3 == 7 ? "andn" : f3 == 6 ? "orn" :
                f3 == 4 ? "xnor" : NULL;
            break;
        case 0x10: m = f3 == 2 ? "sh1add" : f3 == 4 ? "sh2add" : f3 == 6 ? "sh3add" : NULL; break;
        case 0x05:
            m = f3 == 4 ? "min" : f3 == 5 ? "minu" : f3 == 6 ? "max" : f3 == 7 ? "maxu" : NULL;
            break;
        case 0x30: m = f3 == 1 ? "rol" : f3 == 5 ? "ror" : NULL; break;
        case 0x24: m = f3 == 1 ? "bclr" : f3 == 5 ? "bext" : NULL; break;
        case 0x14: m = f3 == 1 ? "bset" : NULL; break;
        case 0x34: m = f3 == 1 ? "binv" : NULL; break;
        default: break;
        }
    } else {
        switch (f7) {
        case 0x00: m = f3 == 0 ? "addw" : f3 == 1 ? "sllw" : f3 == 5 ? "srlw" : NULL; break;
        case 0x20: m = f3 == 0 ? "subw" : f3 == 5 ? "sraw" : NULL; break;
        case 0x01:
            m = f3 == 0 ? "mulw" : f3 == 4 ? "divw" : f3 == 5 ? "divuw" : f3 == 6 ? "remw" :
                f3 == 7 ? "remuw" : NULL;
            break;
        case 0x04:
            if (f3 == 0)
                m = "add.uw";
            else if (f3 == 4 && rs2 == 0)
                return emit(o, "zext.h\t%s,%s", xname[rd], xname[rs1]);
            break;
        case 0x10:
            m = f3 == 2 ? "sh1add.uw" : f3 == 4 ? "sh2add.uw" : f3 == 6 ? "sh3add.uw" : NULL;
            break;
        case 0x30: m = f3 == 1 ? "rolw" : f3 == 5 ? "rorw" : NULL; break;
        default: break;
        }
    }
    if (!m)
        return 0;
    return emit(o, "%s\t%s,%s,%s", m, xname[rd], xname[rs1], xname[rs2]);
}

static int disas_opimm(uint32_t in, Out *o) {
    unsigned f3 = (in >> 12) & 7, rd = (in >> 7) & 31, rs1 = (in >> 15) & 31;
    unsigned imm12 = in >> 20, f6 = in >> 26, sh = (in >> 20) & 63;
    int64_t imm = sext(imm12, 12);
    static const char *const ar[8] = {"addi", NULL, "slti", "sltiu", "xori", NULL, "ori", "andi"};
    if (ar[f3])
        return emit(o, "%s\t%s,%s,%" PRId64, ar[f3], xname[rd], xname[rs1], imm);
    const char *m = NULL;
    if (f3 == 1) {
        switch (imm12) {
        case 0x600: m = "clz"; break;
        case 0x601: m = "ctz"; break;
        case 0x602: m = "cpop"; break;
        case 0x604: m = "sext.b"; break;
        case 0x605: m = "sext.h"; break;
        default: break;
        }
        if (m)
            return emit(o, "%s\t%s,%s", m, xname[rd], xname[rs1]);
        m = f6 == 0x00 ? "slli" : f6 == 0x0a ? "bseti" : f6 == 0x12 ? "bclri" :
            f6 == 0x1a ? "binvi" : NULL;
    } else {
        if (imm12 == 0x6b8)
            return emit(o, "rev8\t%s,%s", xname[rd], xname[rs1]);
        if (imm12 == 0x287)
            return emit(o, "orc.b\t%s,%s", xname[rd], xname[rs1]);
        m = f6 == 0x00 ? "srli" : f6 == 0x10 ? "srai" : f6 == 0x18 ? "rori" :
            f6 == 0x12 ? "bexti" : NULL;
    }
    if (!m)
        return 0;
    return emit(o, "%s\t%s,%s,0x%x", m, xname[rd], xname[rs1], sh);
}

static int disas_opimm32(uint32_t in, Out *o) {
    unsigned f3 = (in >> 12) & 7, rd = (in >> 7) & 31, rs1 = (in >> 15) & 31;
    unsigned imm12 = in >> 20, f7 = in >> 25, f6 = in >> 26;
    const char *m = NULL;
    unsigned sh = (in >> 20) & 31;
    switch (f3) {
    case 0:
        return emit(o, "addiw\t%s,%s,%" PRId64, xname[rd], xname[rs1], sext(imm12, 12));
    case 1:
        if (imm12 == 0x600 || imm12 == 0x601 || imm12 == 0x602) {
            static const char *const u[3] = {"clzw", "ctzw", "cpopw"};
            return emit(o, "%s\t%s,%s", u[imm12 - 0x600], xname[rd], xname[rs1]);
        }
        if (f6 == 0x02)
            return emit(o, "slli.uw\t%s,%s,0x%x", xname[rd], xname[rs1], (in >> 20) & 63);
        m = f7 == 0 ? "slliw" : NULL;
        break;
    case 5:
        m = f7 == 0 ? "srliw" : f7 == 0x20 ? "sraiw" : f7 == 0x30 ? "roriw" : NULL;
        break;
    default:
        break;
    }
    if (!m)
        return 0;
    return emit(o, "%s\t%s,%s,0x%x", m, xname[rd], xname[rs1], sh);
}

static int disas32(uint64_t pc, uint32_t in, Out *o) {
    unsigned opc = in & 0x7f, f3 = (in >> 12) & 7;
    unsigned rd = (in >> 7) & 31, rs1 = (in >> 15) & 31, rs2 = (in >> 20) & 31;
    int64_t iimm = sext(in >> 20, 12);
    int64_t simm = sext(((in >> 20) & 0xfe0) | ((in >> 7) & 0x1f), 12);
    switch (opc) {
    case 0x37:
        return emit(o, "lui\t%s,0x%x", xname[rd], in >> 12);
    case 0x17:
        return emit(o, "auipc\t%s,0x%x", xname[rd], in >> 12);
    case 0x6f: {
        int64_t off = sext(((in >> 11) & 0x100000) | (in & 0xff000) | ((in >> 9) & 0x800) |
                           ((in >> 20) & 0x7fe), 21);
        return emit(o, "jal\t%s,0x%" PRIx64, xname[rd], pc + (uint64_t)off);
    }
    case 0x67:
        if (f3)
            return 0;
        return emit(o, "jalr\t%s,%" PRId64 "(%s)", xname[rd], iimm, xname[rs1]);
    case 0x63: {
        static const char *const br[8] = {"beq", "bne", NULL, NULL, "blt", "bge", "bltu", "bgeu"};
        if (!br[f3])
            return 0;
        int64_t off = sext(((in >> 19) & 0x1000) | ((in << 4) & 0x800) | ((in >> 20) & 0x7e0) |
                           ((in >> 7) & 0x1e), 13);
        return emit(o, "%s\t%s,%s,0x%" PRIx64, br[f3], xname[rs1], xname[rs2],
                    pc + (uint64_t)off);
    }
    case 0x03: {
        static const char *const ld[8] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", NULL};
        if (!ld[f3])
            return 0;
        return emit(o, "%s\t%s,%" PRId64 "(%s)", ld[f3], xname[rd], iimm, xname[rs1]);
    }
    case 0x23: {
        static const char *const st[4] = {"sb", "sh", "sw", "sd"};
        if (f3 > 3)
            return 0;
        return emit(o, "%s\t%s,%" PRId64 "(%s)", st[f3], xname[rs2], simm, xname[rs1]);
    }
    case 0x07:
        if (f3 != 2 && f3 != 3)
            return 0;
        return emit(o, "%s\t%s,%" PRId64 "(%s)", f3 == 2 ? "flw" : "fld", fname[rd], iimm,
                    xname[rs1]);
    case 0x27:
        if (f3 != 2 && f3 != 3)
            return 0;
        return emit(o, "%s\t%s,%" PRId64 "(%s)", f3 == 2 ? "fsw" : "fsd", fname[rs2], simm,
                    xname[rs1]);
    case 0x13:
        return disas_opimm(in, o);
    case 0x1b:
        return disas_opimm32(in, o);
    case 0x33:
        return disas_op(in, o, false);
    case 0x3b:
        return disas_op(in, o, true);
    case 0x0f:
        /* The spec reserves rd, rs1 (and fence.i's imm) for future fences; like objdump,
           only the all-zero forms are shown as fences. */
        if (rd || rs1)
            return 0;
        if (f3 == 1)
            return (in >> 20) ? 0 : emit(o, "fence.i");
        if (f3 == 0) {
            unsigned fm = in >> 28, pred = (in >> 24) & 15, succ = (in >> 20) & 15;
            if (fm == 8 && pred == 3 && succ == 3)
                return emit(o, "fence.tso");
            if (fm != 0)
                return 0;
            char p[8], s[8];
            fence_set(pred, p);
            fence_set(succ, s);
            return emit(o, "fence\t%s,%s", p, s);
        }
        return 0;
    case 0x2f:
        return disas_amo(in, o);
    case 0x73:
        return disas_system(in, o);
    case 0x43: case 0x47: case 0x4b: case 0x4f: {
        static const char *const fm[4] = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
        unsigned fmt = (in >> 25) & 3, rs3 = in >> 27, rm = f3;
        if (fmt > 1 || !rm_name[rm])
            return 0;
        char rms[8] = "";
        if (rm != 7)
            snprintf(rms, sizeof rms, ",%s", rm_name[rm]);
        return emit(o, "%s.%c\t%s,%s,%s,%s%s", fm[(opc >> 2) & 3], fmt ? 'd' : 's', fname[rd],
                    fname[rs1], fname[rs2], fname[rs3], rms);
    }
    case 0x53:
        return disas_fp(in, o);
    default:
        return 0;
    }
}

int rv_disas(uint64_t pc, uint32_t insn, char *buf, size_t n) {
    Out o = {buf, n};
    if ((insn & 3) != 3) {
        uint32_t h = insn & 0xffff;
        if (disas16(pc, h, &o))
            return 2;
        emit(&o, ".2byte\t0x%x", h);
        return 0;
    }
    if ((insn & 0x1c) != 0x1c && disas32(pc, insn, &o))
        return 4;
    emit(&o, ".4byte\t0x%x", insn);
    return 0;
}
