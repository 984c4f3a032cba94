/* SPDX-License-Identifier: MIT */
/* What every guest CPU shares with the translator: the common head of the CPU state (exit
   request word, pc, softmmu TLB, jump cache) and the CPU interface a guest front end provides
   (CpuClass, one table per architecture, docs/cpu-interface.md). The execution loop (exec.c),
   softmmu (softmmu.c), the machine, monitor, gdbstub and logs work only through these. */
#ifndef TERN_GUEST_H
#define TERN_GUEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hw/irq.h"
#include "ir.h"

struct TB;
struct TBCache;
struct TranslateCtx;
struct MemMap;
struct Machine;

/* Softmmu TLB: per MMU index, direct-mapped by virtual page number. A tag is the page-aligned
   virtual address the entry maps for that access kind; TLB_INVALID or any low flag bit makes the
   inline fast path miss, so the C slow path handles MMIO, code pages and unmapped pages. */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))
#define TLB_BITS 10
#define TLB_SIZE (1 << TLB_BITS)
#define TLB_MAX_MMU_MODES 8          /* every index a memop can name (IR_MEM_MMU: 3 bits);
                                        a guest uses CpuClass.n_mmu_modes of them */
#define TLB_INVALID (~0ull)
#define TLB_FLAG_SLOW (1ull << 11)   /* MMIO or a code page (for tag_w): always take the slow path */

typedef struct TlbEntry {
    uint64_t tag_r, tag_w, tag_x;
    uintptr_t addend;                /* host address = guest virtual address + addend (RAM) */
} TlbEntry;

/* Access kinds. */
enum { MMU_READ = 0, MMU_WRITE = 1, MMU_EXEC = 2 };
#define PROT_R_BIT 1
#define PROT_W_BIT 2
#define PROT_X_BIT 4
#define PROT_NOCACHE 8   /* the permission holds for this access only (e.g. a PMP region
                            smaller than the page): every access takes the slow path */
#define PROT_GLOBAL 16   /* the mapping is the same in every address space (RISC-V G bit,
                            or no translation at all): tlb_flush_nonglobal keeps it */
/* Fault kinds for CpuClass.raise_mem_fault. */
enum { FAULT_ACCESS = 0, FAULT_MISALIGNED = 1, FAULT_PAGE = 2 };

/* Jump cache: virtual pc -> TB, for indirect jumps and the loop. An entry is only a hint: a
   hit also requires the TB's flags to be the run-time cur_flags and the execute TLB entry of
   the pc's page, in the fetch MMU index of those flags, to map it to the TB's physical page
   (tb_jmp_cache_find), so TLB flushes (sfence.vma, satp writes) never need to clear it: they
   make that check fail. */
#define JMP_CACHE_BITS 16
#define JMP_CACHE_SIZE (1 << JMP_CACHE_BITS)
#define JMP_CACHE_PC_SHIFT 1         /* instructions are at least 2-byte aligned in every guest;
                                        the JIT's inline probe computes the same index */
static inline unsigned jmp_cache_index(uint64_t pc) {
    return (unsigned)(pc >> JMP_CACHE_PC_SHIFT) & (JMP_CACHE_SIZE - 1);
}

/* Host deadlines that kick a CPU (cpu_set_timer). The front end owns slots 0 and 1 (its own
   timers), the board slot 2 (device alarms). */
#define CPU_TIMER_SLOTS 3
enum { CPU_TIMER_CPU0 = 0, CPU_TIMER_CPU1 = 1, CPU_TIMER_BOARD = 2 };

typedef struct CpuStats {
    uint64_t tbs_translated, tb_lookups, tb_lookup_misses, tb_hash_probes, chains, exits,
        exits_nochain;
    uint64_t tlb_slow_loads, tlb_slow_stores, tlb_fills, tlb_flushes;
    uint64_t helper_calls, interrupts, exceptions, code_invalidations, translate_ns;
} CpuStats;

typedef struct CPUCommon {
    /* Nonzero: leave translated code at the next block entry. Set by cpu_kick from any thread. */
    volatile int32_t exit_request;
    int32_t halted;                  /* waits for an interrupt: the loop sleeps until has_work() */
    uint64_t pc;                     /* guest pc whenever control is in C */
    uint64_t cur_flags;              /* tb flags the next block runs under: set by the loop, and
                                        by helpers that change them and end their block
                                        (xRET, status CSR writes); the jump cache keys on it */
    uint64_t insn_count;             /* guest instructions retired, added per block by the front
                                        end (ld_env/add/st_env); the x86-64 JIT keeps it in a
                                        host register while its code runs, env holds it
                                        whenever C code runs */
    uint64_t slice_end;              /* with Backend.slice_checks: blocks leave on entry once
                                        insn_count reaches this (end of the CPU's turn) */
    const struct CpuClass *ops;     /* the front end this CPU belongs to */
    struct MemMap *mem;
    struct TBCache *tbc;
    struct Machine *machine;
    int cpu_index;
    bool singlestep;                 /* one guest instruction per block (-singlestep, gdbstub) */
    bool nochain;                    /* never chain blocks (-d nochain) */
    uint64_t tlb_large_lo, tlb_large_hi; /* range of superpage mappings in the TLB (512 GiB
                                        granules): page flushes inside it flush everything */
    unsigned access_size;            /* bytes of the access being translated (for tlb_fill's
                                        sub-page checks such as PMP); set by softmmu */
    sigjmp_buf jmpbuf;               /* guest exceptions longjmp here (cpu_loop_exit) */
    struct TB *last_tb;              /* last executed block, for chaining; NULL after an exception */
    int last_slot;
    int32_t running;                 /* thread=multi: between cpu_exec_start and cpu_exec_end
                                        (exclusive.h); atomic */
    bool has_waiter;                 /* an exclusive section waits for it (under its lock) */
    uint64_t timer_deadline[CPU_TIMER_SLOTS]; /* host monotonic ns; UINT64_MAX = none */
    CpuStats stats;
    struct TB *jmp_cache[JMP_CACHE_SIZE];
    TlbEntry tlb[TLB_MAX_MMU_MODES][TLB_SIZE];
    uint64_t tlb_paddr[TLB_MAX_MMU_MODES][TLB_SIZE]; /* physical page of each entry */
    uint64_t tlb_used[TLB_MAX_MMU_MODES][TLB_SIZE / 64]; /* entries filled since the last flush:
                                        a flush touches only those (tlb_mark_used) */
    uint64_t tlb_global[TLB_MAX_MMU_MODES][TLB_SIZE / 64]; /* entries filled with PROT_GLOBAL */
} CPUCommon;

/* A -cpu model of an architecture. */
typedef struct CpuModel {
    const char *name;                /* as for QEMU's -cpu (e.g. "rv64", "cortex-a57") */
    const char *desc;                /* -cpu help; for a hidden model, why it is refused */
    const void *config;              /* the front end's configuration of the model */
    bool hidden;                     /* a name QEMU has that tern refuses: not in -cpu help,
                                        and configure says why */
} CpuModel;

/* The CPU interface: everything outside cpu/<arch>/ reaches a guest CPU through this table
   (QEMU's CPUClass + TCGCPUOps). Grouped by who calls it; docs/cpu-interface.md says what each
   hook is for and where RISC-V implements it. Hooks marked optional may be NULL. */
typedef struct CpuClass {
    const char *name;                /* architecture, as in -arch and tern-system-NAME */
    /* ---- models and life cycle (system/machine.c) ---- */
    const CpuModel *models;          /* models[0] is the default */
    int n_models;
    size_t state_size;               /* bytes of the CPU state; it begins with CPUCommon */
    /* Set up a zeroed state once (env->machine, mem, tbc are set): the front end's own
       fields, env->ops, cpu_index = index, timers off; then as after reset. */
    void (*init)(CPUCommon *env, int index, const CpuModel *model);
    /* -cpu MODEL,PROPS: a new malloc'ed model (and its config, in the same allocation) from
       model and its comma-separated QEMU properties (props may be ""), which init then
       copies; NULL with a one-line reason in err (an unknown or unimplemented property, a
       hidden model). Optional: without it a model takes no properties. */
    CpuModel *(*configure)(const CpuModel *model, const char *props, char *err, size_t errlen);
    /* Power-on reset: architectural reset state, input lines low, TLB and jump cache empty. */
    void (*reset)(CPUCommon *env);
    /* Registers the boot protocol gives the kernel or firmware at entry (pc = entry; RISC-V:
       a0 = hart id, a1 = fdt). */
    void (*boot)(CPUCommon *env, uint64_t entry, uint64_t fdt_addr);
    uint16_t elf_machine;            /* e_machine of the ELF programs it runs (system/loader) */
    /* ---- translation (translate/tb.c) ---- */
    const IrGlobalDesc *globals;     /* guest registers kept in IR globals */
    int n_globals;
    /* Flags that select a translation (privilege, MMU index, FP enabled...): part of the TB key.
       The field [fetch_mmu_shift, +fetch_mmu_bits) holds the MMU index of instruction fetch. */
    uint64_t (*tb_flags)(CPUCommon *env);
    uint8_t fetch_mmu_shift, fetch_mmu_bits;
    uint8_t n_mmu_modes;             /* MMU indexes memops may name: 1..TLB_MAX_MMU_MODES */
    /* Build the IR of the block at ctx->vpc under ctx->flags (see translate_ctx in tb.h). */
    void (*translate)(CPUCommon *env, struct TranslateCtx *ctx, IrBlock *b);
    /* Bytes of the instruction whose first 16 bits (little-endian) are lo16. */
    int (*insn_len)(uint16_t lo16);
    /* Disassemble one instruction (its bytes little-endian in insn) for -d in_asm and the
       monitor; returns its length in bytes (0 if unknown). Optional. */
    int (*disas)(uint64_t pc, uint32_t insn, char *buf, size_t n);
    /* ---- memory (translate/softmmu.c) ---- */
    /* Translate vaddr for an access (MMU_*) in mmu_idx. On success set *paddr and *prot
       (PROT_*_BIT of what the page allows in this mmu_idx, used to fill the TLB), *large when
       the mapping is a superpage, and return true. On failure return false if probe, else raise
       the guest fault (does not return). */
    bool (*tlb_fill)(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, bool probe,
                     uint64_t *paddr, int *prot, bool *large);
    /* Exception entry for memory: raise an access fault (FAULT_ACCESS: nothing at the physical
       address) or misaligned fault for vaddr; env->pc is the faulting instruction. Does not
       return. */
    void (*raise_mem_fault)(CPUCommon *env, uint64_t vaddr, int access, int kind);
    /* ---- interrupts (translate/exec.c, devices through cpu_irq_line) ---- */
    /* Take a pending enabled interrupt if any (exception entry: redirect env->pc); true if one
       was taken. Called by the loop whenever exit_request was seen. Also refreshes time-based
       pending bits and re-arms the front end's timers. */
    bool (*handle_interrupt)(CPUCommon *env);
    /* A halted CPU wakes when this is true (an interrupt is pending, even if disabled). */
    bool (*has_work)(CPUCommon *env);
    /* Drive input line n (0..n_irq_lines-1) to level; thread-safe, kicks the CPU. */
    void (*set_irq)(CPUCommon *env, int n, int level);
    int n_irq_lines;
    /* Output line n (0..n_out_lines-1) of the CPU, e.g. its generic timers' interrupts, is
       wired to line (a board does it through cpu_connect_out, after init). Optional. */
    void (*connect_out)(CPUCommon *env, int n, IrqLine line);
    int n_out_lines;
    /* ---- debug access (system/monitor.c, system/gdbstub.c, -d cpu) ---- */
    void (*dump_state)(CPUCommon *env, FILE *f);   /* `info registers`, -d cpu */
    /* A register by its assembler name (monitor $name), false if there is none. */
    bool (*reg_by_name)(CPUCommon *env, const char *name, uint64_t *val);
    /* Physical address of vaddr as a debugger sees it (the current privilege's view). */
    bool (*debug_translate)(CPUCommon *env, uint64_t vaddr, bool write, uint64_t *paddr);
    /* One line about the CPU's state for gdb's thread list, e.g. "[running, M-mode]". */
    void (*describe)(CPUCommon *env, char *buf, size_t n);
    /* GDB: registers by GDB number, little-endian; read returns the size in bytes, 0 when no
       such register exists, -size when it exists but cannot be read now. */
    int (*gdb_read_reg)(CPUCommon *env, int regno, uint8_t *out);
    bool (*gdb_write_reg)(CPUCommon *env, int regno, const uint8_t *in, size_t len);
    int gdb_g_regs;                  /* registers of the 'g' packet: 0..gdb_g_regs-1 */
    /* Target description document annex (target.xml and what it includes), or NULL. */
    const char *(*gdb_xml)(const char *annex, size_t *len);
} CpuClass;

/* Widest register any front end hands to the gdbstub (AArch64 SVE may need more later). */
#define CPU_GDB_REG_MAX 64

/* The fetch MMU index that a set of TB flags selects. */
static inline int cpu_fetch_mmu(const CpuClass *cc, uint64_t flags) {
    return (int)((flags >> cc->fetch_mmu_shift) & ((1u << cc->fetch_mmu_bits) - 1));
}

/* Slot of vaddr in each MMU index's TLB. */
static inline unsigned tlb_index(uint64_t vaddr) {
    return (unsigned)(vaddr >> TARGET_PAGE_BITS) & (TLB_SIZE - 1);
}

static inline void tlb_mark_used(CPUCommon *env, int mmu, unsigned i) {
    env->tlb_used[mmu][i / 64] |= 1ull << (i % 64);
}

/* Does env's current execute mapping (fetch MMU index mmu) still put pc in physical page
   ppage? The check behind every jump-cache hit. */
static inline bool jmp_cache_valid(const CPUCommon *env, int mmu, uint64_t pc, uint64_t ppage) {
    unsigned i = tlb_index(pc);
    return env->tlb[mmu][i].tag_x == (pc & TARGET_PAGE_MASK) && env->tlb_paddr[mmu][i] == ppage;
}

/* Leave translated code/the current instruction and go back to the loop (after the guest
   state, including env->pc, has been set up, e.g. for a trap). */
_Noreturn void cpu_loop_exit(CPUCommon *env);
/* End the CPU's turn at the next block boundary when several CPUs share the thread (no
   effect otherwise): for a CPU that waits (WFI), whose further instructions only poll. */
static inline void cpu_end_turn(CPUCommon *env) {
    env->slice_end = 0;
}
/* Make the CPU leave translated code soon and wake it from WFI. Thread-safe. */
void cpu_kick(CPUCommon *env);
/* Kick the CPU at host monotonic time deadline_ns (UINT64_MAX cancels); one per slot. */
void cpu_set_timer(CPUCommon *env, int slot, uint64_t deadline_ns);
/* Before freeing a CPU: drop it from the timer thread's list. */
void cpu_forget(CPUCommon *env);
/* Host monotonic clock in ns. */
uint64_t host_clock_ns(void);

/* Run the CPU until the machine asks to stop. Returns when machine_should_stop(). */
void cpu_exec(CPUCommon *env);
/* Run all of m's CPUs on this thread, round-robin in time slices, until the machine stops. */
void cpu_exec_multi(struct Machine *m);
/* Run each of m's CPUs on a host thread of its own (-accel tcg,thread=multi) until the
   machine stops; returns when all have. */
void cpu_exec_threads(struct Machine *m);

/* TLB maintenance (softmmu.c). The jump cache needs none: see jmp_cache_valid. */
void tlb_flush(CPUCommon *env);                      /* all MMU indexes */
void tlb_flush_page(CPUCommon *env, uint64_t vaddr); /* all MMU indexes */
/* Drop every entry not filled with PROT_GLOBAL: an address-space switch (new ASID or page
   table) keeps the global (kernel) mappings and the untranslated ones. */
void tlb_flush_nonglobal(CPUCommon *env);

#endif
