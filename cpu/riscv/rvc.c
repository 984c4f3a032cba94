/* SPDX-License-Identifier: MIT */
/* RVC for RV64 (ISA manual vol. I, "C Extension for Compressed Instructions", RVC instruction
   set listings): each 16-bit instruction is rewritten into its 32-bit equivalent, which the
   normal decoder then translates (with length 2). Reserved encodings give 0; HINTs expand to
   their harmless base forms (writes to x0). */
#include "cpu/riscv/trans.h"

enum {
    OPC_LOAD = 0x03, OPC_LOAD_FP = 0x07, OPC_OP_IMM = 0x13, OPC_OP_IMM32 = 0x1b,
    OPC_STORE = 0x23, OPC_STORE_FP = 0x27, OPC_OP = 0x33, OPC_LUI = 0x37, OPC_OP32 = 0x3b,
    OPC_BRANCH = 0x63, OPC_JALR = 0x67, OPC_JAL = 0x6f,
};

static uint32_t bits(uint32_t c, int hi, int lo)
{
    return (c >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Sign-extend the low n bits. */
static int32_t sext(uint32_t v, int n)
{
    return (int32_t)(v << (32 - n)) >> (32 - n);
}

static uint32_t enc_i(uint32_t opc, unsigned rd, unsigned f3, unsigned rs1, int32_t imm)
{
    return ((uint32_t)imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static uint32_t enc_s(uint32_t opc, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5 & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           ((u & 31) << 7) | opc;
}

static uint32_t enc_r(uint32_t opc, unsigned f7, unsigned rd, unsigned f3, unsigned rs1,
                      unsigned rs2)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 12 & 1) << 31) | ((u >> 5 & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) |
           (f3 << 12) | ((u >> 1 & 0xf) << 8) | ((u >> 11 & 1) << 7) | OPC_BRANCH;
}

static uint32_t enc_j(unsigned rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 20 & 1) << 31) | ((u >> 1 & 0x3ff) << 21) | ((u >> 11 & 1) << 20) |
           (u & 0xff000) | (rd << 7) | OPC_JAL;
}

/* Offsets of the load/store forms (zero-extended, scaled). */
static uint32_t uimm_w(uint32_t c)      /* c.lw/c.sw: [5:3]=12:10, [2]=6, [6]=5 */
{
    return bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 6;
}
static uint32_t uimm_d(uint32_t c)      /* c.ld/c.sd/c.fld/c.fsd: [5:3]=12:10, [7:6]=6:5 */
{
    return bits(c, 12, 10) << 3 | bits(c, 6, 5) << 6;
}
static uint32_t uimm_lwsp(uint32_t c)   /* [5]=12, [4:2]=6:4, [7:6]=3:2 */
{
    return bits(c, 12, 12) << 5 | bits(c, 6, 4) << 2 | bits(c, 3, 2) << 6;
}
static uint32_t uimm_ldsp(uint32_t c)   /* [5]=12, [4:3]=6:5, [8:6]=4:2 */
{
    return bits(c, 12, 12) << 5 | bits(c, 6, 5) << 3 | bits(c, 4, 2) << 6;
}
static uint32_t uimm_swsp(uint32_t c)   /* [5:2]=12:9, [7:6]=8:7 */
{
    return bits(c, 12, 9) << 2 | bits(c, 8, 7) << 6;
}
static uint32_t uimm_sdsp(uint32_t c)   /* [5:3]=12:10, [8:6]=9:7 */
{
    return bits(c, 12, 10) << 3 | bits(c, 9, 7) << 6;
}

static uint32_t expand_q0(uint32_t c)
{
    unsigned rdp = bits(c, 4, 2) + 8, rs1p = bits(c, 9, 7) + 8;
    switch (bits(c, 15, 13)) {
    case 0: {                                                   /* c.addi4spn */
        uint32_t imm = bits(c, 12, 11) << 4 | bits(c, 10, 7) << 6 | bits(c, 6, 6) << 2 |
                       bits(c, 5, 5) << 3;
        return imm ? enc_i(OPC_OP_IMM, rdp, 0, 2, (int32_t)imm) : 0;
    }
    case 1: return enc_i(OPC_LOAD_FP, rdp, 3, rs1p, (int32_t)uimm_d(c));     /* c.fld */
    case 2: return enc_i(OPC_LOAD, rdp, 2, rs1p, (int32_t)uimm_w(c));        /* c.lw */
    case 3: return enc_i(OPC_LOAD, rdp, 3, rs1p, (int32_t)uimm_d(c));        /* c.ld */
    case 5: return enc_s(OPC_STORE_FP, 3, rs1p, rdp, (int32_t)uimm_d(c));    /* c.fsd */
    case 6: return enc_s(OPC_STORE, 2, rs1p, rdp, (int32_t)uimm_w(c));       /* c.sw */
    case 7: return enc_s(OPC_STORE, 3, rs1p, rdp, (int32_t)uimm_d(c));       /* c.sd */
    default: return 0;
    }
}

static uint32_t expand_q1(uint32_t c)
{
    unsigned rd = bits(c, 11, 7), rdp = bits(c, 9, 7) + 8, rs2p = bits(c, 4, 2) + 8;
    int32_t imm6 = sext(bits(c, 12, 12) << 5 | bits(c, 6, 2), 6);
    unsigned shamt = bits(c, 12, 12) << 5 | bits(c, 6, 2);

    switch (bits(c, 15, 13)) {
    case 0: return enc_i(OPC_OP_IMM, rd, 0, rd, imm6);                       /* c.addi */
    case 1: return rd ? enc_i(OPC_OP_IMM32, rd, 0, rd, imm6) : 0;            /* c.addiw */
    case 2: return enc_i(OPC_OP_IMM, rd, 0, 0, imm6);                        /* c.li */
    case 3:
        if (rd == 2) {                                                       /* c.addi16sp */
            int32_t imm = sext(bits(c, 12, 12) << 9 | bits(c, 6, 6) << 4 | bits(c, 5, 5) << 6 |
                               bits(c, 4, 3) << 7 | bits(c, 2, 2) << 5, 10);
            return imm ? enc_i(OPC_OP_IMM, 2, 0, 2, imm) : 0;
        }
        if (imm6 == 0)                                                       /* c.lui */
            return 0;
        return ((uint32_t)imm6 << 12) | (rd << 7) | OPC_LUI;
    case 4:
        switch (bits(c, 11, 10)) {
        case 0: return enc_i(OPC_OP_IMM, rdp, 5, rdp, (int32_t)shamt);          /* c.srli */
        case 1: return enc_i(OPC_OP_IMM, rdp, 5, rdp, (int32_t)(shamt | 0x400)); /* c.srai */
        case 2: return enc_i(OPC_OP_IMM, rdp, 7, rdp, imm6);                    /* c.andi */
        default: break;
        }
        if (bits(c, 12, 12) == 0) {
            static const uint8_t f3[4] = { 0, 4, 6, 7 };                 /* sub xor or and */
            unsigned op = bits(c, 6, 5);
            return enc_r(OPC_OP, op == 0 ? 0x20 : 0, rdp, f3[op], rdp, rs2p);
        }
        switch (bits(c, 6, 5)) {
        case 0: return enc_r(OPC_OP32, 0x20, rdp, 0, rdp, rs2p);            /* c.subw */
        case 1: return enc_r(OPC_OP32, 0x00, rdp, 0, rdp, rs2p);            /* c.addw */
        default: return 0;
        }
    case 5: {                                                               /* c.j */
        int32_t imm = sext(bits(c, 12, 12) << 11 | bits(c, 11, 11) << 4 | bits(c, 10, 9) << 8 |
                           bits(c, 8, 8) << 10 | bits(c, 7, 7) << 6 | bits(c, 6, 6) << 7 |
                           bits(c, 5, 3) << 1 | bits(c, 2, 2) << 5, 12);
        return enc_j(0, imm);
    }
    default: {                                                              /* c.beqz/bnez */
        int32_t imm = sext(bits(c, 12, 12) << 8 | bits(c, 11, 10) << 3 | bits(c, 6, 5) << 6 |
                           bits(c, 4, 3) << 1 | bits(c, 2, 2) << 5, 9);
        return enc_b(bits(c, 13, 13), rdp, 0, imm);
    }
    }
}

static uint32_t expand_q2(uint32_t c)
{
    unsigned rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
    unsigned shamt = bits(c, 12, 12) << 5 | bits(c, 6, 2);

    switch (bits(c, 15, 13)) {
    case 0: return enc_i(OPC_OP_IMM, rd, 1, rd, (int32_t)shamt);                 /* c.slli */
    case 1: return enc_i(OPC_LOAD_FP, rd, 3, 2, (int32_t)uimm_ldsp(c));          /* c.fldsp */
    case 2: return rd ? enc_i(OPC_LOAD, rd, 2, 2, (int32_t)uimm_lwsp(c)) : 0;     /* c.lwsp */
    case 3: return rd ? enc_i(OPC_LOAD, rd, 3, 2, (int32_t)uimm_ldsp(c)) : 0;     /* c.ldsp */
    case 4:
        if (bits(c, 12, 12) == 0) {
            if (rs2)
                return enc_r(OPC_OP, 0, rd, 0, 0, rs2);                          /* c.mv */
            return rd ? enc_i(OPC_JALR, 0, 0, rd, 0) : 0;                        /* c.jr */
        }
        if (rs2)
            return enc_r(OPC_OP, 0, rd, 0, rd, rs2);                             /* c.add */
        if (rd == 0)
            return 0x00100073;                                                   /* c.ebreak */
        return enc_i(OPC_JALR, 1, 0, rd, 0);                                     /* c.jalr */
    case 5: return enc_s(OPC_STORE_FP, 3, 2, rs2, (int32_t)uimm_sdsp(c));        /* c.fsdsp */
    case 6: return enc_s(OPC_STORE, 2, 2, rs2, (int32_t)uimm_swsp(c));           /* c.swsp */
    default: return enc_s(OPC_STORE, 3, 2, rs2, (int32_t)uimm_sdsp(c));          /* c.sdsp */
    }
}

uint32_t rv_expand_rvc(uint16_t c)
{
    switch (c & 3) {
    case 0: return expand_q0(c);
    case 1: return expand_q1(c);
    default: return expand_q2(c);
    }
}
