/* SPDX-License-Identifier: MIT */
/* The guest architectures built into this tern (cpus.c lists each front end's CpuClass) and
   their -cpu models: how the machine, -arch, -cpu and tern-system-ARCH find a front end. */
#ifndef TERN_CPUS_H
#define TERN_CPUS_H

#include <stdio.h>

#include "translate/guest.h"

/* The architecture called name ("riscv64"), or NULL when it is not built. */
const CpuClass *cpu_class_find(const char *name);
/* The architecture plain `tern` runs (riscv64). */
const CpuClass *cpu_class_default(void);
/* The model called name of cc, or NULL. */
const CpuModel *cpu_model_find(const CpuClass *cc, const char *name);
/* The architecture that has a model called name, or NULL (-cpu alone selects it). */
const CpuClass *cpu_class_of_model(const char *name);
/* "riscv64, aarch64": the built architectures, for messages. */
const char *cpu_class_names(void);
/* -cpu help: every model of cc (every architecture when cc is NULL). */
void cpu_models_print(FILE *f, const CpuClass *cc);

#endif
