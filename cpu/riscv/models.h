/* SPDX-License-Identifier: MIT */
/* RISC-V -cpu models and properties (QEMU's target/riscv/cpu.c names): the configuration of a
   hart, which extensions it has, its paging modes, PMP and ID registers, and the device-tree
   view of it (riscv,isa, riscv,isa-extensions, mmu-type: Linux riscv/cpus.yaml). */
#ifndef TERN_RISCV_MODELS_H
#define TERN_RISCV_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "translate/guest.h"

/* Extensions a tern hart can have (each one implemented and switchable). */
enum {
    RV_EXT_I, RV_EXT_M, RV_EXT_A, RV_EXT_F, RV_EXT_D, RV_EXT_C,
    RV_EXT_ZICNTR, RV_EXT_ZICSR, RV_EXT_ZIFENCEI, RV_EXT_ZIHINTPAUSE, RV_EXT_ZIHPM,
    RV_EXT_ZBA, RV_EXT_ZBB, RV_EXT_ZBS, RV_EXT_SSTC,
    RV_EXT_COUNT
};
#define RV_EXT(e) (1u << RV_EXT_##e)

typedef struct RVCpuConfig {
    uint32_t ext;                /* RV_EXT() bits */
    uint8_t satp_max;            /* highest satp MODE: 8 Sv39, 9 Sv48; 0 no MMU (Bare only) */
    bool pmp;                    /* PMP CSRs and checks */
    uint64_t mvendorid, marchid, mimpid;
} RVCpuConfig;

static inline bool rv_has(const RVCpuConfig *c, unsigned ext) { return (c->ext >> ext) & 1; }

/* The default configuration (model rv64). */
extern const RVCpuConfig rv_cpu_config_default;
/* The models of -cpu (models[0] = rv64) and CpuClass.configure. */
#define RV_CPU_N_MODELS 9
extern const CpuModel rv_cpu_models[RV_CPU_N_MODELS];
CpuModel *rv_cpu_configure(const CpuModel *model, const char *props, char *err, size_t errlen);
/* misa of a configuration: MXL = 2, its letters, S and U. */
uint64_t rv_cpu_config_misa(const RVCpuConfig *c);
/* Device tree: "rv64imafdc_zicsr...", the riscv,isa-extensions list as NUL-separated names
   (returns its length including the last NUL), mmu-type ("riscv,sv48") or NULL without MMU. */
void rv_isa_string(const RVCpuConfig *c, char *buf, size_t n);
size_t rv_isa_extensions(const RVCpuConfig *c, char *buf, size_t n);
const char *rv_mmu_type(const RVCpuConfig *c);
/* The configuration of a hart of the riscv64 class. */
const RVCpuConfig *rv_cpu_config(CPUCommon *env);

#endif
