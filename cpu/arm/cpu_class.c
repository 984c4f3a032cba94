/* SPDX-License-Identifier: MIT */
/* The AArch64 CPU behind the CPU interface (translate/guest.h CpuClass, docs/cpu-interface.md):
   -cpu models with QEMU 7.2's names and identification registers (target/arm/cpu64.c), honest
   ID_AA64* (a feature is advertised only when tern implements it), the reset state of QEMU's
   virt board without firmware (EL1h, DAIF masked, MMU off), TB flags, and the debugger views
   (GDB's org.gnu.gdb.aarch64.core, monitor `info registers`). */
#include <ctype.h>
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/arm/cpu.h"

/* Flip when cpu/arm implements FP and Advanced SIMD: ID_AA64PFR0.FP/AdvSIMD (0xf = absent). */
#define ARM_IMPL_FPSIMD 0
/* 4 KiB granule only is tested; ID_AA64MMFR0.TGran16 = 0 (absent), TGran64 = 0xf (absent). */
#define PFR0 (0x11ull | (ARM_IMPL_FPSIMD ? 0 : 0xffull << 16))   /* EL0/EL1 AArch64 only */
#define MMFR0(parange) ((parange) | 0x20ull | 0xf000000ull)      /* 16-bit ASIDs, 4K pages */
#define ISAR0_CRC32 (1ull << 16)
#define ISAR0_LSE (2ull << 20)
#define ISAR0_FLAGM2 (2ull << 52)
#define MMFR1_PAN (1ull << 20)
#define CCSIDR_A57 { 0x701fe00a, 0x201fe012, 0x707fe07a, 0 }

static const ArmModel model_a57 = {
    .midr = 0x411fd070, .ctr = 0x8444c004, .clidr = 0x0a200023, .ccsidr = CCSIDR_A57,
    .isar0 = ISAR0_CRC32, .mmfr0 = MMFR0(4), .pfr0 = PFR0, .dfr0 = 0x10305106 & ~0xfull,
};
static const ArmModel model_a53 = {
    .midr = 0x410fd034, .ctr = 0x84448004, .clidr = 0x0a200023,
    .ccsidr = { 0x700fe01a, 0x201fe00a, 0x707fe07a, 0 },
    .isar0 = ISAR0_CRC32, .mmfr0 = MMFR0(2), .pfr0 = PFR0, .dfr0 = 0x10305106 & ~0xfull,
};
static const ArmModel model_a72 = {
    .midr = 0x410fd083, .ctr = 0x8444c004, .clidr = 0x0a200023,
    .ccsidr = { 0x701fe00a, 0x201fe012, 0x707fe07a, 0 },
    .isar0 = ISAR0_CRC32, .mmfr0 = MMFR0(4), .pfr0 = PFR0, .dfr0 = 0x10305106 & ~0xfull,
};
/* max: everything tern implements (QEMU's max: implementer 0, part 0x051). */
static const ArmModel model_max = {
    .midr = 0x000f0510, .ctr = 0x8444c004, .clidr = 0x0a200023, .ccsidr = CCSIDR_A57,
    .isar0 = ISAR0_CRC32 | ISAR0_LSE | ISAR0_FLAGM2, .mmfr0 = MMFR0(5), .mmfr1 = MMFR1_PAN,
    .pfr0 = PFR0, .dfr0 = 0x10305106 & ~0xfull,
};

static const CpuModel arm_models[] = {
    {.name = "cortex-a57", .desc = "ARM Cortex-A57 (A64 integer, EL0/EL1, VMSAv8-64 4K)",
     .config = &model_a57},
    {.name = "cortex-a53", .desc = "ARM Cortex-A53", .config = &model_a53},
    {.name = "cortex-a72", .desc = "ARM Cortex-A72", .config = &model_a72},
    {.name = "max", .desc = "every AArch64 feature tern implements (LSE, FlagM2, PAN)",
     .config = &model_max},
};

static void arm_class_reset(CPUCommon *env)
{
    ARMCPU *cpu = arm_cpu(env);
    memset(cpu->x, 0, sizeof cpu->x);
    cpu->sp = cpu->sp_el[0] = cpu->sp_el[1] = 0;
    arm_set_nzcv(cpu, 0);
    cpu->el = 1;
    cpu->spsel = 1;
    cpu->daif = 0xf << 6;
    cpu->pan = 0;
    cpu->sctlr = 0x00c50838;           /* QEMU's reset value: MMU and caches off */
    cpu->tcr = cpu->ttbr0 = cpu->ttbr1 = cpu->mair = cpu->amair = cpu->vbar = 0;
    cpu->esr = cpu->far = cpu->elr = cpu->spsr = cpu->par = 0;
    cpu->cpacr = cpu->contextidr = cpu->tpidr_el1 = cpu->tpidr_el0 = cpu->tpidrro_el0 = 0;
    cpu->cntkctl = cpu->csselr = cpu->mdscr = 0;
    cpu->cntv_ctl = cpu->cntp_ctl = 0;
    cpu->cntv_cval = cpu->cntp_cval = 0;
    cpu->cnt_base_ns = host_clock_ns();
    cpu->pmcr = 0x41002000;            /* IMP = 'A', N = 0 event counters */
    cpu->pmcntenset = cpu->pmccfiltr = cpu->pmuserenr = cpu->pmccntr_off = 0;
    cpu->fpcr = cpu->fpsr = 0;
    cpu->excl_addr = ARM_EXCL_NONE;
    cpu->exception = cpu->syndrome = 0;
    __atomic_store_n(&cpu->irq_lines, 0, __ATOMIC_RELEASE);
    for (int t = 0; t < 2; t++)
        if (cpu->timer_level[t]) {
            cpu->timer_level[t] = 0;
            irq_set(cpu->timer_out[t], 0);
        }
    env->halted = 0;
    /* Every entry invalid (a zeroed TLB would map page 0), nothing marked used. */
    memset(env->tlb, 0xff, sizeof env->tlb);
    memset(env->tlb_used, 0, sizeof env->tlb_used);
    memset(env->tlb_global, 0, sizeof env->tlb_global);
    memset(env->jmp_cache, 0, sizeof env->jmp_cache);
    env->tlb_large_lo = UINT64_MAX;
    env->tlb_large_hi = 0;
}

static void arm_class_init(CPUCommon *env, int index, const CpuModel *model)
{
    ARMCPU *cpu = arm_cpu(env);
    extern const CpuClass aarch64_cpu_class;
    env->ops = &aarch64_cpu_class;
    env->cpu_index = index;
    for (int s = 0; s < CPU_TIMER_SLOTS; s++)
        env->timer_deadline[s] = UINT64_MAX;
    cpu->system = true;
    cpu->model = model && model->config ? model->config : &model_a57;
    arm_class_reset(env);
}

static void arm_boot(CPUCommon *env, uint64_t entry, uint64_t fdt_addr)
{
    ARMCPU *cpu = arm_cpu(env);
    env->pc = entry;
    cpu->x[0] = fdt_addr;              /* Linux arm64 booting.txt: x0 = dtb, 0 without */
}

uint64_t arm_cpu_tb_flags(CPUCommon *env)
{
    ARMCPU *cpu = arm_cpu(env);
    return cpu->el | (cpu->el == 1 && cpu->pan ? ARM_TBF_PAN : 0);
}

static void arm_connect_out(CPUCommon *env, int n, IrqLine line)
{
    arm_cpu(env)->timer_out[n] = line;
}

static int arm_insn_len(uint16_t lo16) { (void)lo16; return 4; }

static void arm_dump_state(CPUCommon *env, FILE *f)
{
    ARMCPU *cpu = arm_cpu(env);
    uint64_t ps = arm_pstate(cpu);
    fprintf(f, " PC=%016" PRIx64 " ", env->pc);
    for (int i = 0; i < 31; i++)
        fprintf(f, "X%02d=%016" PRIx64 "%s", i, cpu->x[i], i % 4 == 2 ? "\n" : " ");
    fprintf(f, " SP=%016" PRIx64 "\n", cpu->sp);
    fprintf(f, "PSTATE=%08" PRIx64 " %c%c%c%c EL%u%c\n", ps, ps >> 31 & 1 ? 'N' : '-',
            ps >> 30 & 1 ? 'Z' : '-', ps >> 29 & 1 ? 'C' : '-', ps >> 28 & 1 ? 'V' : '-',
            cpu->el, cpu->el && cpu->spsel ? 'h' : 't');
    fprintf(f, "SCTLR_EL1=%016" PRIx64 " TCR_EL1=%016" PRIx64 " VBAR_EL1=%016" PRIx64 "\n",
            cpu->sctlr, cpu->tcr, cpu->vbar);
    fprintf(f, "TTBR0_EL1=%016" PRIx64 " TTBR1_EL1=%016" PRIx64 " MAIR_EL1=%016" PRIx64 "\n",
            cpu->ttbr0, cpu->ttbr1, cpu->mair);
    fprintf(f, "ESR_EL1=%016" PRIx64 " FAR_EL1=%016" PRIx64 " ELR_EL1=%016" PRIx64
               " SPSR_EL1=%016" PRIx64 "\n", cpu->esr, cpu->far, cpu->elr, cpu->spsr);
    fprintf(f, "SP_EL0=%016" PRIx64 " SP_EL1=%016" PRIx64 "\n",
            cpu->el && cpu->spsel ? cpu->sp_el[0] : cpu->sp,
            cpu->el && cpu->spsel ? cpu->sp : cpu->sp_el[1]);
}

static bool arm_reg_by_name(CPUCommon *env, const char *name, uint64_t *v)
{
    ARMCPU *cpu = arm_cpu(env);
    if (!strcmp(name, "pc")) { *v = env->pc; return true; }
    if (!strcmp(name, "sp")) { *v = cpu->sp; return true; }
    if (!strcmp(name, "lr")) { *v = cpu->x[30]; return true; }
    if (!strcmp(name, "fp")) { *v = cpu->x[29]; return true; }
    if (!strcmp(name, "cpsr") || !strcmp(name, "pstate")) { *v = arm_pstate(cpu); return true; }
    if ((name[0] == 'x' || name[0] == 'w') && isdigit((unsigned char)name[1])) {
        char *end;
        long n = strtol(name + 1, &end, 10);
        if (*end || n < 0 || n > 30)
            return false;
        *v = name[0] == 'w' ? (uint32_t)cpu->x[n] : cpu->x[n];
        return true;
    }
    return false;
}

static bool arm_debug_translate(CPUCommon *env, uint64_t vaddr, bool write, uint64_t *paddr)
{
    int prot;
    bool large;
    ARMCPU *cpu = arm_cpu(env);
    return arm_walk(cpu, vaddr, write ? MMU_WRITE : MMU_READ, cpu->el ? ARM_MMU_EL1 : ARM_MMU_EL0,
                    paddr, &prot, &large) == 0;
}

static void arm_describe(CPUCommon *env, char *buf, size_t n)
{
    snprintf(buf, n, "cpu %d [%s, EL%u]", env->cpu_index, env->halted ? "wfi" : "running",
             arm_cpu(env)->el);
}

/* GDB: x0-x30 (0-30), sp (31), pc (32), cpsr (33, 32-bit): org.gnu.gdb.aarch64.core. */
static int arm_gdb_read(CPUCommon *env, int regno, uint8_t *out)
{
    ARMCPU *cpu = arm_cpu(env);
    uint64_t v;
    if (regno < 0 || regno > 33)
        return 0;
    v = regno < 31 ? cpu->x[regno] : regno == 31 ? cpu->sp : regno == 32 ? env->pc
                                                                           : arm_pstate(cpu);
    int size = regno == 33 ? 4 : 8;
    for (int i = 0; i < size; i++)
        out[i] = (uint8_t)(v >> (8 * i));
    return size;
}

static bool arm_gdb_write(CPUCommon *env, int regno, const uint8_t *in, size_t len)
{
    ARMCPU *cpu = arm_cpu(env);
    uint64_t v = 0;
    if (regno < 0 || regno > 33 || len < (regno == 33 ? 4u : 8u))
        return false;
    for (size_t i = 0; i < (regno == 33 ? 4u : 8u); i++)
        v |= (uint64_t)in[i] << (8 * i);
    if (regno < 31)
        cpu->x[regno] = v;
    else if (regno == 31)
        cpu->sp = v;
    else if (regno == 32)
        env->pc = v;
    else
        arm_set_nzcv(cpu, v);
    return true;
}

static const char gdb_target_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target><architecture>aarch64</architecture><xi:include href=\"aarch64-core.xml\"/>"
    "</target>";
static const char gdb_core_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE feature SYSTEM \"gdb-target.dtd\">"
    "<feature name=\"org.gnu.gdb.aarch64.core\">"
    "<reg name=\"x0\" bitsize=\"64\"/><reg name=\"x1\" bitsize=\"64\"/>"
    "<reg name=\"x2\" bitsize=\"64\"/><reg name=\"x3\" bitsize=\"64\"/>"
    "<reg name=\"x4\" bitsize=\"64\"/><reg name=\"x5\" bitsize=\"64\"/>"
    "<reg name=\"x6\" bitsize=\"64\"/><reg name=\"x7\" bitsize=\"64\"/>"
    "<reg name=\"x8\" bitsize=\"64\"/><reg name=\"x9\" bitsize=\"64\"/>"
    "<reg name=\"x10\" bitsize=\"64\"/><reg name=\"x11\" bitsize=\"64\"/>"
    "<reg name=\"x12\" bitsize=\"64\"/><reg name=\"x13\" bitsize=\"64\"/>"
    "<reg name=\"x14\" bitsize=\"64\"/><reg name=\"x15\" bitsize=\"64\"/>"
    "<reg name=\"x16\" bitsize=\"64\"/><reg name=\"x17\" bitsize=\"64\"/>"
    "<reg name=\"x18\" bitsize=\"64\"/><reg name=\"x19\" bitsize=\"64\"/>"
    "<reg name=\"x20\" bitsize=\"64\"/><reg name=\"x21\" bitsize=\"64\"/>"
    "<reg name=\"x22\" bitsize=\"64\"/><reg name=\"x23\" bitsize=\"64\"/>"
    "<reg name=\"x24\" bitsize=\"64\"/><reg name=\"x25\" bitsize=\"64\"/>"
    "<reg name=\"x26\" bitsize=\"64\"/><reg name=\"x27\" bitsize=\"64\"/>"
    "<reg name=\"x28\" bitsize=\"64\"/><reg name=\"x29\" bitsize=\"64\"/>"
    "<reg name=\"x30\" bitsize=\"64\"/><reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/><reg name=\"cpsr\" bitsize=\"32\"/>"
    "</feature>";

static const char *arm_gdb_xml(const char *annex, size_t *len)
{
    const char *doc = !strcmp(annex, "target.xml") ? gdb_target_xml
                      : !strcmp(annex, "aarch64-core.xml") ? gdb_core_xml : NULL;
    if (doc)
        *len = strlen(doc);
    return doc;
}

const CpuClass aarch64_cpu_class = {
    .name = "aarch64",
    .models = arm_models,
    .n_models = sizeof arm_models / sizeof arm_models[0],
    .state_size = sizeof(ARMCPU),
    .init = arm_class_init,
    .reset = arm_class_reset,
    .boot = arm_boot,
    .elf_machine = EM_AARCH64,
    .globals = arm_ir_globals,
    .n_globals = ARM_N_GLOBALS,
    .tb_flags = arm_cpu_tb_flags,
    .fetch_mmu_shift = 0,            /* the EL is the fetch MMU index */
    .fetch_mmu_bits = 2,
    .n_mmu_modes = ARM_N_MMU,        /* EL0, EL1, EL1 with PAN */
    .translate = arm_translate,
    .insn_len = arm_insn_len,
    .disas = arm_disas,
    .tlb_fill = arm_tlb_fill,
    .raise_mem_fault = arm_raise_mem_fault,
    .handle_interrupt = arm_handle_interrupt,
    .has_work = arm_has_work,
    .set_irq = arm_set_irq,
    .n_irq_lines = 2,                /* IRQ, FIQ */
    .connect_out = arm_connect_out,
    .n_out_lines = 2,                /* ARM_OUT_CNTV, ARM_OUT_CNTP */
    .dump_state = arm_dump_state,
    .reg_by_name = arm_reg_by_name,
    .debug_translate = arm_debug_translate,
    .describe = arm_describe,
    .gdb_read_reg = arm_gdb_read,
    .gdb_write_reg = arm_gdb_write,
    .gdb_g_regs = 34,
    .gdb_xml = arm_gdb_xml,
};
