/* SPDX-License-Identifier: MIT */
/* The RV64 hart behind the CPU interface (translate/guest.h CpuClass, docs/cpu-interface.md):
   the table tern's machine, loop, monitor and gdbstub use, its -cpu models (models.c), the RISC-V
   boot protocol (a0 = hart id, a1 = fdt: Linux Documentation/arch/riscv/boot.rst) and the
   debugger-facing views of the state. */
#include <ctype.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/riscv/gdb_regs.h"
#include "cpu/riscv/priv.h"

static void rv_class_init(CPUCommon *env, int index, const CpuModel *model) {
    rv_cpu_init(rv_cpu(env), index, env->mem);
    if (model && model->config)
        rv_cpu_set_config(rv_cpu(env), model->config);
}

const RVCpuConfig *rv_cpu_config(CPUCommon *env) { return &rv_cpu(env)->cfg; }

static void rv_class_reset(CPUCommon *env) {
    RVCPU *cpu = rv_cpu(env);
    rv_cpu_reset(cpu, 0);
    __atomic_store_n(&cpu->mip_ext, 0, __ATOMIC_RELEASE);   /* device lines low */
}

static void rv_boot(CPUCommon *env, uint64_t entry, uint64_t fdt_addr) {
    RVCPU *cpu = rv_cpu(env);
    cpu->c.pc = entry;
    cpu->x[10] = cpu->mhartid;
    cpu->x[11] = fdt_addr;
}

static int rv_insn_len(uint16_t lo16) { return (lo16 & 3) == 3 ? 4 : 2; }

static void rv_set_irq(CPUCommon *env, int n, int level) { rv_cpu_set_irq(rv_cpu(env), n, level); }

static const char *const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static bool rv_reg_by_name(CPUCommon *env, const char *name, uint64_t *v) {
    RVCPU *cpu = rv_cpu(env);
    if (!strcmp(name, "pc")) {
        *v = env->pc;
        return true;
    }
    int idx = -1;
    if (!strcmp(name, "fp")) {
        idx = 8;
    } else if (name[0] == 'x' && isdigit((unsigned char)name[1])) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (!*end && n >= 0 && n < 32)
            idx = (int)n;
    } else {
        for (int i = 0; i < 32; i++)
            if (!strcmp(name, abi_names[i]))
                idx = i;
    }
    if (idx < 0)
        return false;
    *v = cpu->x[idx];
    return true;
}

static bool rv_debug_translate(CPUCommon *env, uint64_t vaddr, bool write, uint64_t *paddr) {
    return rv_gdb_translate(rv_cpu(env), vaddr, write, paddr);
}

static void rv_describe(CPUCommon *env, char *buf, size_t n) {
    static const char *const prv[4] = {"U", "S", "?", "M"};
    RVCPU *cpu = rv_cpu(env);
    snprintf(buf, n, "hart %d [%s, %s-mode]", env->cpu_index, env->halted ? "wfi" : "running",
             prv[cpu->priv & 3]);
}

static int rv_gdb_read(CPUCommon *env, int regno, uint8_t *out) {
    return rv_gdb_read_reg(rv_cpu(env), regno, out);
}

static bool rv_gdb_write(CPUCommon *env, int regno, const uint8_t *in, size_t len) {
    return rv_gdb_write_reg(rv_cpu(env), regno, in, len);
}

_Static_assert(RV_GDB_REG_MAX <= CPU_GDB_REG_MAX, "gdbstub register buffer too small");

const CpuClass riscv64_cpu_class = {
    .name = "riscv64",
    .models = rv_cpu_models,             /* models.c */
    .n_models = RV_CPU_N_MODELS,
    .configure = rv_cpu_configure,
    .state_size = sizeof(RVCPU),
    .init = rv_class_init,
    .reset = rv_class_reset,
    .boot = rv_boot,
    .elf_machine = EM_RISCV,
    .globals = rv_ir_globals,
    .n_globals = RV_N_GLOBALS,
    .tb_flags = rv_cpu_tb_flags,
    .fetch_mmu_shift = 0,            /* the privilege is the fetch MMU index (RV_TBF_PRIV) */
    .fetch_mmu_bits = 2,
    .n_mmu_modes = 4,                /* RV_MMU_U, S, S_SUM, M */
    .translate = rv_translate,
    .insn_len = rv_insn_len,
    .disas = rv_disas,
    .tlb_fill = rv_tlb_fill,
    .raise_mem_fault = rv_raise_mem_fault,
    .handle_interrupt = rv_handle_interrupt,
    .has_work = rv_has_work,
    .set_irq = rv_set_irq,
    .n_irq_lines = 64,               /* mip bits; devices drive MSI, SEI, MEI (RV_IRQ_*) */
    .dump_state = rv_dump_state,
    .reg_by_name = rv_reg_by_name,
    .debug_translate = rv_debug_translate,
    .describe = rv_describe,
    .gdb_read_reg = rv_gdb_read,
    .gdb_write_reg = rv_gdb_write,
    .gdb_g_regs = RV_GDB_G_REGS,
    .gdb_xml = rv_gdb_xml,
};
