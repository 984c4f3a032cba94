/* SPDX-License-Identifier: MIT */
/* The CPU interface (translate/guest.h CpuClass, docs/cpu-interface.md): the built front ends
   are found by architecture and model name, have every required hook and a sane TB-flags and
   MMU-mode layout; RISC-V's hooks behave as the machine, monitor and gdbstub expect (fetch
   MMU index from the TB flags, instruction length, boot protocol, reset of input lines,
   registers by name); and a translation naming an MMU index beyond the front end's count is
   refused. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu/cpus.h"
#include "cpu/arm/cpu.h"
#include "cpu/riscv/cpu.h"
#include "system/memmap.h"
#include "translate/backend.h"
#include "translate/tb.h"

#include "tests/unit/check.h"

static void test_registry(void) {
    const CpuClass *rv = cpu_class_find("riscv64");
    CHECK(rv == &riscv64_cpu_class, "riscv64 not registered");
    CHECK(cpu_class_default() == rv, "default architecture");
    CHECK(cpu_class_find("sparc64") == NULL && cpu_class_find(NULL) == NULL, "unknown arch");
    CHECK(cpu_class_of_model("rv64") == rv, "rv64 model's architecture");
    CHECK(cpu_class_of_model("pentium") == NULL, "unknown model");
    CHECK(cpu_model_find(rv, "rv64") == &rv->models[0], "model lookup");
    CHECK(strstr(cpu_class_names(), "riscv64") != NULL, "names: %s", cpu_class_names());
}

static void test_required_hooks(const CpuClass *cc) {
    CHECK(cc->n_models >= 1 && cc->models && cc->state_size >= sizeof(CPUCommon), "%s models",
          cc->name);
    CHECK(cc->init && cc->reset && cc->boot && cc->elf_machine, "%s life cycle hooks",
          cc->name);
    CHECK(cc->tb_flags && cc->translate && cc->insn_len && cc->globals, "%s translation",
          cc->name);
    CHECK(cc->n_mmu_modes >= 1 && cc->n_mmu_modes <= TLB_MAX_MMU_MODES, "%s n_mmu_modes %d",
          cc->name, cc->n_mmu_modes);
    CHECK((1u << cc->fetch_mmu_bits) >= cc->n_mmu_modes && cc->fetch_mmu_shift < 64,
          "%s fetch MMU field", cc->name);
    CHECK(cc->tlb_fill && cc->raise_mem_fault, "%s memory hooks", cc->name);
    CHECK(cc->handle_interrupt && cc->has_work && cc->set_irq && cc->n_irq_lines > 0,
          "%s interrupt hooks", cc->name);
    CHECK(cc->dump_state && cc->reg_by_name && cc->debug_translate && cc->describe,
          "%s debug hooks", cc->name);
    CHECK(cc->gdb_read_reg && cc->gdb_write_reg && cc->gdb_xml && cc->gdb_g_regs > 0,
          "%s gdb hooks", cc->name);
    size_t len = 0;
    CHECK(cc->gdb_xml("target.xml", &len) != NULL && len > 0, "%s target.xml", cc->name);
}

static CPUCommon *new_cpu(const CpuClass *cc, int index, MemMap *mem) {
    void *p = NULL;
    if (posix_memalign(&p, 64, cc->state_size))
        abort();
    memset(p, 0, cc->state_size);
    CPUCommon *env = p;
    env->mem = mem;
    cc->init(env, index, &cc->models[0]);
    return env;
}

static void test_riscv_hooks(void) {
    const CpuClass *cc = &riscv64_cpu_class;
    MemMap mm;
    memmap_init(&mm);
    CPUCommon *env = new_cpu(cc, 1, &mm);
    RVCPU *cpu = rv_cpu(env);
    CHECK(env->ops == cc && env->cpu_index == 1, "init");
    /* The fetch MMU index of the flags is the privilege's, whatever MPRV/SUM do for data. */
    static const struct { int priv; int mmu; } fetch[] = {
        {PRV_U, RV_MMU_U}, {PRV_S, RV_MMU_S}, {PRV_M, RV_MMU_M}};
    for (unsigned i = 0; i < 3; i++) {
        cpu->priv = (uint64_t)fetch[i].priv;
        cpu->mstatus |= 1ull << 18;           /* SUM: data accesses of S use RV_MMU_S_SUM */
        CHECK(cpu_fetch_mmu(cc, cc->tb_flags(env)) == fetch[i].mmu, "fetch MMU of priv %d",
              fetch[i].priv);
    }
    CHECK(cc->insn_len(0x4501) == 2 && cc->insn_len(0x0513) == 4, "instruction lengths");
    cc->boot(env, 0x80200000, 0x87e00000);
    CHECK(env->pc == 0x80200000 && cpu->x[10] == 1 && cpu->x[11] == 0x87e00000,
          "boot registers: pc %llx a0 %llx a1 %llx", (unsigned long long)env->pc,
          (unsigned long long)cpu->x[10], (unsigned long long)cpu->x[11]);
    uint64_t v = 0;
    CHECK(cc->reg_by_name(env, "a1", &v) && v == 0x87e00000, "$a1");
    CHECK(cc->reg_by_name(env, "x10", &v) && v == 1, "$x10");
    CHECK(cc->reg_by_name(env, "pc", &v) && v == 0x80200000, "$pc");
    CHECK(!cc->reg_by_name(env, "r0", &v), "$r0 exists");
    cc->set_irq(env, RV_IRQ_MEI, 1);
    CHECK(cpu->mip_ext & (1ull << RV_IRQ_MEI), "input line");
    cc->reset(env);
    CHECK(cpu->mip_ext == 0 && cpu->priv == PRV_M, "reset leaves a line high or priv %llu",
          (unsigned long long)cpu->priv);
    char text[64];
    cc->describe(env, text, sizeof text);
    CHECK(strstr(text, "M-mode") != NULL, "describe: %s", text);
    cpu_forget(env);
    free(env);
    memmap_free(&mm);
}

/* ---- memops beyond n_mmu_modes ---- */

#define RAM 0x10000ull
static int bad_mmu;

static uint64_t fake_flags(CPUCommon *env) { (void)env; return 0; }
static bool fake_fill(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                      uint64_t *paddr, int *prot, bool *large) {
    (void)env, (void)access, (void)mmu_idx, (void)probe;
    *paddr = vaddr;
    *prot = PROT_R_BIT | PROT_W_BIT | PROT_X_BIT;
    *large = false;
    return true;
}
static void fake_translate(CPUCommon *env, TranslateCtx *ctx, IrBlock *b) {
    (void)env;
    uint16_t insn;
    tr_fetch16(ctx, b, ctx->vpc, &insn);
    ir_insn_start(b, ctx->vpc);
    ir_ld(b, (IrVal)0, (IrVal)0, 0, IR_MEMOP(3, 0, bad_mmu));
    ir_exit(b, ir_const(b, (int64_t)ctx->vpc + 2));
}
static const IrGlobalDesc fake_globals[1] = {{"r0", offsetof(CPUCommon, insn_count)}};
static const CpuClass fake_class = {
    .name = "fake", .globals = fake_globals, .n_globals = 1, .tb_flags = fake_flags,
    .fetch_mmu_bits = 1, .n_mmu_modes = 2, .translate = fake_translate,
    .tlb_fill = fake_fill,
};

/* Translates one block with a load in MMU index mmu; returns the child's wait status. */
static int translate_with_mmu(int mmu) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        MemMap mm;
        memmap_init(&mm);
        memmap_add_ram(&mm, "ram", RAM, 0x1000);
        Backend *be = backend_interp_create();
        TBCache *tbc = tb_cache_create(be, &mm);
        void *p = NULL;
        if (posix_memalign(&p, 64, sizeof(CPUCommon)))
            _exit(3);
        memset(p, 0, sizeof(CPUCommon));
        CPUCommon *env = p;
        env->ops = &fake_class;
        env->mem = &mm;
        env->tbc = tbc;
        env->pc = RAM;
        memset(env->tlb, 0xff, sizeof env->tlb);
        bad_mmu = mmu;
        _exit(tb_lookup(env) ? 0 : 2);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

static void test_memop_bound(void) {
    int st = translate_with_mmu(1);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a load in MMU index 1 of 2 refused (%d)", st);
    st = translate_with_mmu(5);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
          "a load in MMU index 5 of 2 translated (status %d)", st);
}

/* AArch64: registered with QEMU's model names; reset at EL1h with DAIF masked and the MMU off;
   the EL is the fetch MMU index and PAN selects the data index; MIDR per model. */
extern const CpuClass aarch64_cpu_class;
static void test_aarch64(void) {
    const CpuClass *cc = cpu_class_find("aarch64");
    CHECK(cc == &aarch64_cpu_class, "aarch64 not registered");
    if (!cc)
        return;
    test_required_hooks(cc);
    CHECK(cpu_class_of_model("cortex-a57") == cc && cpu_class_of_model("cortex-a53") == cc &&
          cpu_class_of_model("cortex-a72") == cc && cpu_model_find(cc, "max") != NULL,
          "aarch64 models");
    CHECK(!strcmp(cc->models[0].name, "cortex-a57"), "default model %s", cc->models[0].name);
    MemMap mm;
    memmap_init(&mm);
    CPUCommon *env = new_cpu(cc, 0, &mm);
    ARMCPU *cpu = arm_cpu(env);
    CHECK(cpu->el == 1 && cpu->spsel == 1 && cpu->daif == 0x3c0 && !(cpu->sctlr & 1),
          "reset state el %u spsel %u daif %#x sctlr %#llx", cpu->el, cpu->spsel, cpu->daif,
          (unsigned long long)cpu->sctlr);
    CHECK(cpu->model->midr == 0x411fd070, "a57 MIDR %#llx", (unsigned long long)cpu->model->midr);
    uint64_t f = cc->tb_flags(env);
    CHECK(cpu_fetch_mmu(cc, f) == ARM_MMU_EL1 && arm_tbf_data_mmu(f) == ARM_MMU_EL1, "EL1 flags");
    cpu->pan = 1;
    f = cc->tb_flags(env);
    CHECK(cpu_fetch_mmu(cc, f) == ARM_MMU_EL1 && arm_tbf_data_mmu(f) == ARM_MMU_EL1_PAN,
          "PAN flags %#llx", (unsigned long long)f);
    arm_set_el_sp(cpu, 0, 0);
    f = cc->tb_flags(env);
    CHECK(cpu_fetch_mmu(cc, f) == ARM_MMU_EL0 && arm_tbf_data_mmu(f) == ARM_MMU_EL0, "EL0 flags");
    CHECK(cc->insn_len(0) == 4 && cc->elf_machine == 183, "insn_len, EM_AARCH64");
    cc->boot(env, 0x40080000, 0x44000000);
    uint64_t v = 0;
    CHECK(env->pc == 0x40080000 && cc->reg_by_name(env, "x0", &v) && v == 0x44000000, "boot");
    uint8_t buf[CPU_GDB_REG_MAX];
    CHECK(cc->gdb_read_reg(env, 32, buf) == 8 && cc->gdb_read_reg(env, 33, buf) == 4 &&
          cc->gdb_read_reg(env, 34, buf) == 0, "gdb register sizes");
    cpu_forget(env);
    free(env);
    memmap_free(&mm);
}

int main(void) {
    test_registry();
    test_required_hooks(&riscv64_cpu_class);
    test_aarch64();
    test_riscv_hooks();
    test_memop_bound();
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
