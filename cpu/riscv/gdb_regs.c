/* SPDX-License-Identifier: MIT */
/* RISC-V registers and target description for the gdbstub (GDB manual, "RISC-V Features";
   numbering of gdb/riscv-tdep.h). CSRs go through rv_csr_access with the hart's privilege
   raised to M for the access, so the debugger sees every implemented CSR whatever mode the
   hart is in; the feature lists exactly the CSRs csr.c implements. */
#include "cpu/riscv/gdb_regs.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/priv.h"

static void put_le(uint8_t *out, uint64_t v, int size) {
    for (int i = 0; i < size; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, size_t size) {
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

/* fflags, frm and fcsr live in the fpu feature (32 bits wide there), not in the csr one. */
static bool is_fp_csr(int csrno) {
    return csrno >= 0x001 && csrno <= 0x003;
}

static bool csr_exists(int csrno) {
    return rv_csr_name(csrno) != NULL && !is_fp_csr(csrno);
}

/* The debugger's access: M privilege, so only existence and read-only bits apply. */
static bool csr_debug_access(RVCPU *cpu, int csrno, bool write, uint64_t val, uint64_t *old) {
    uint64_t saved = cpu->priv;
    cpu->priv = PRV_M;
    bool ok = rv_csr_access(cpu, csrno, 1, val, write, old);
    cpu->priv = saved;
    return ok;
}

int rv_gdb_read_reg(RVCPU *cpu, int regno, uint8_t *out) {
    uint64_t v;
    int size = 8;
    if (regno >= 0 && regno < 32) {
        v = regno ? cpu->x[regno] : 0;
    } else if (regno == RV_GDB_PC) {
        v = cpu->c.pc;
    } else if (regno >= RV_GDB_F0 && regno < RV_GDB_F0 + 32) {
        v = cpu->f[regno - RV_GDB_F0];
    } else if (regno == RV_GDB_FFLAGS) {
        v = cpu->fflags & 0x1f;
        size = 4;
    } else if (regno == RV_GDB_FRM) {
        v = cpu->frm & 7;
        size = 4;
    } else if (regno == RV_GDB_FCSR) {
        v = (cpu->frm & 7) << 5 | (cpu->fflags & 0x1f);
        size = 4;
    } else if (regno == RV_GDB_PRIV) {
        v = cpu->priv;
        size = 1;
    } else if (regno >= RV_GDB_CSR0 && regno < RV_GDB_CSR0 + 4096 &&
               csr_exists(regno - RV_GDB_CSR0)) {
        if (!csr_debug_access(cpu, regno - RV_GDB_CSR0, false, 0, &v))
            return -8;
    } else {
        return 0;
    }
    put_le(out, v, size);
    return size;
}

bool rv_gdb_write_reg(RVCPU *cpu, int regno, const uint8_t *in, size_t len) {
    uint8_t probe[RV_GDB_REG_MAX];
    int size = rv_gdb_read_reg(cpu, regno, probe);
    if (size < 0)
        size = -size;
    if (size == 0 || len != (size_t)size)
        return false;
    uint64_t v = get_le(in, len);
    if (regno >= 0 && regno < 32) {
        if (regno)
            cpu->x[regno] = v;
    } else if (regno == RV_GDB_PC) {
        cpu->c.pc = v;
    } else if (regno >= RV_GDB_F0 && regno < RV_GDB_F0 + 32) {
        cpu->f[regno - RV_GDB_F0] = v;
    } else if (regno == RV_GDB_FFLAGS) {
        cpu->fflags = v & 0x1f;
    } else if (regno == RV_GDB_FRM) {
        cpu->frm = v & 7;
    } else if (regno == RV_GDB_FCSR) {
        cpu->fflags = v & 0x1f;
        cpu->frm = (v >> 5) & 7;
    } else if (regno == RV_GDB_PRIV) {
        if (v != PRV_U && v != PRV_S && v != PRV_M)
            return false;                /* 2 is reserved (no H extension) */
        cpu->priv = v;
    } else {
        uint64_t old;
        return csr_debug_access(cpu, regno - RV_GDB_CSR0, true, v, &old);
    }
    return true;
}

/* ---- target description ---- */

typedef struct Sbuf {
    char *p;
    size_t len, cap;
    bool oom;
} Sbuf;

__attribute__((format(printf, 2, 3))) static void sb_printf(Sbuf *b, const char *fmt, ...) {
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if (b->p && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap <= b->len + (size_t)n)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

#define XML_HEAD "<?xml version=\"1.0\"?>\n<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"

static const char target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
    "  <architecture>riscv:rv64</architecture>\n"
    "  <xi:include href=\"riscv-64bit-cpu.xml\"/>\n"
    "  <xi:include href=\"riscv-64bit-fpu.xml\"/>\n"
    "  <xi:include href=\"riscv-64bit-virtual.xml\"/>\n"
    "  <xi:include href=\"riscv-64bit-csr.xml\"/>\n"
    "</target>\n";

/* CSR families that csr.c names once for a whole range: give each member its own name. */
static const struct {
    const char *name;
    int first;                       /* CSR number of member 0 */
} csr_families[] = {
    {"hpmcounter", 0xc00}, {"mhpmcounter", 0xb00}, {"mhpmevent", 0x320}, {"pmpaddr", 0x3b0},
};

static void csr_reg_name(int csrno, char *buf, size_t n) {
    const char *name = rv_csr_name(csrno);
    for (size_t i = 0; i < sizeof csr_families / sizeof csr_families[0]; i++) {
        if (!strcmp(name, csr_families[i].name)) {
            snprintf(buf, n, "%s%d", name, csrno - csr_families[i].first);
            return;
        }
    }
    /* Any other shared name still needs to be unique in the description. */
    if ((csrno > 0 && rv_csr_name(csrno - 1) == name) ||
        (csrno < 4095 && rv_csr_name(csrno + 1) == name)) {
        snprintf(buf, n, "%s_%03x", name, csrno);
        return;
    }
    snprintf(buf, n, "%s", name);
}

static Sbuf cpu_xml, fpu_xml, virt_xml, csr_xml;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void build_xml(void) {
    static const char *const types[32] = {[1] = "code_ptr", [2] = "data_ptr", [3] = "data_ptr",
                                          [4] = "data_ptr", [8] = "data_ptr"};
    sb_printf(&cpu_xml, XML_HEAD "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++)
        sb_printf(&cpu_xml, "  <reg name=\"x%d\" bitsize=\"64\" type=\"%s\" regnum=\"%d\"/>\n",
                  i, types[i] ? types[i] : "int", i);
    sb_printf(&cpu_xml, "  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n"
                        "</feature>\n", RV_GDB_PC);

    sb_printf(&fpu_xml, XML_HEAD "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
                        "  <union id=\"riscv_double\">\n"
                        "    <field name=\"float\" type=\"ieee_single\"/>\n"
                        "    <field name=\"double\" type=\"ieee_double\"/>\n"
                        "  </union>\n");
    for (int i = 0; i < 32; i++)
        sb_printf(&fpu_xml,
                  "  <reg name=\"f%d\" bitsize=\"64\" type=\"riscv_double\" regnum=\"%d\"/>\n",
                  i, RV_GDB_F0 + i);
    sb_printf(&fpu_xml, "  <reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"%d\"/>\n"
                        "  <reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"%d\"/>\n"
                        "  <reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"%d\"/>\n"
                        "</feature>\n", RV_GDB_FFLAGS, RV_GDB_FRM, RV_GDB_FCSR);

    sb_printf(&virt_xml, XML_HEAD "<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
                         "  <reg name=\"priv\" bitsize=\"8\" type=\"int\" regnum=\"%d\"/>\n"
                         "</feature>\n", RV_GDB_PRIV);

    sb_printf(&csr_xml, XML_HEAD "<feature name=\"org.gnu.gdb.riscv.csr\">\n");
    for (int c = 0; c < 4096; c++) {
        if (!csr_exists(c))
            continue;
        char name[48];
        csr_reg_name(c, name, sizeof name);
        sb_printf(&csr_xml, "  <reg name=\"%s\" bitsize=\"64\" type=\"int\" regnum=\"%d\"/>\n",
                  name, RV_GDB_CSR0 + c);
    }
    sb_printf(&csr_xml, "</feature>\n");
}

const char *rv_gdb_xml(const char *annex, size_t *len) {
    pthread_once(&xml_once, build_xml);
    const Sbuf *b = NULL;
    if (!strcmp(annex, "target.xml")) {
        *len = sizeof target_xml - 1;
        return target_xml;
    }
    if (!strcmp(annex, "riscv-64bit-cpu.xml"))
        b = &cpu_xml;
    else if (!strcmp(annex, "riscv-64bit-fpu.xml"))
        b = &fpu_xml;
    else if (!strcmp(annex, "riscv-64bit-virtual.xml"))
        b = &virt_xml;
    else if (!strcmp(annex, "riscv-64bit-csr.xml"))
        b = &csr_xml;
    if (!b || b->oom || !b->p)
        return NULL;
    *len = b->len;
    return b->p;
}

/* ---- memory ---- */

static bool probe(RVCPU *cpu, uint64_t vaddr, int access, int mmu_idx, uint64_t *paddr) {
    int prot;
    bool large;
    return cpu->c.ops->tlb_fill(&cpu->c, vaddr, access, mmu_idx, true, paddr, &prot, &large);
}

bool rv_gdb_translate(RVCPU *cpu, uint64_t vaddr, bool write, uint64_t *paddr) {
    /* S looks through RV_MMU_S_SUM so that it sees U pages too, and MXR makes execute-only
       code readable; the probe fills no TLB and mstatus is put back. */
    uint64_t mstatus = cpu->mstatus;
    unsigned access_size = cpu->c.access_size;
    cpu->mstatus |= RV_MSTATUS_MXR;
    cpu->c.access_size = 1;
    int idx = cpu->priv == PRV_M ? RV_MMU_M : cpu->priv == PRV_S ? RV_MMU_S_SUM : RV_MMU_U;
    bool ok = (write && probe(cpu, vaddr, MMU_WRITE, idx, paddr)) ||
              probe(cpu, vaddr, MMU_READ, idx, paddr);
    /* A hart stopped in U mode: the kernel's view still covers what the debugger wants. */
    if (!ok && cpu->priv == PRV_U)
        ok = (write && probe(cpu, vaddr, MMU_WRITE, RV_MMU_S_SUM, paddr)) ||
             probe(cpu, vaddr, MMU_READ, RV_MMU_S_SUM, paddr);
    cpu->mstatus = mstatus;
    cpu->c.access_size = access_size;
    if (ok)
        return true;
    /* Translation off (M mode or bare satp): PMP denied it; the debugger reads physically. */
    if (cpu->priv == PRV_M || (cpu->satp >> RV_SATP_MODE_SHIFT) == RV_SATP_MODE_BARE) {
        *paddr = vaddr;
        return true;
    }
    return false;
}
