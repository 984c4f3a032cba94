/* SPDX-License-Identifier: MIT */
/* The table of built front ends. Each cpu/<arch>/ directory defines one CpuClass; CMake
   compiles an architecture's sources with TERN_ARCH_<ARCH> defined here so that its entry is
   listed (a static library would drop a front end that only registered itself from a
   constructor). */
#include "cpu/cpus.h"

#include <string.h>

#ifdef TERN_ARCH_RISCV64
extern const CpuClass riscv64_cpu_class;
#endif
#ifdef TERN_ARCH_AARCH64
extern const CpuClass aarch64_cpu_class;
#endif

static const CpuClass *const classes[] = {
#ifdef TERN_ARCH_RISCV64
    &riscv64_cpu_class,
#endif
#ifdef TERN_ARCH_AARCH64
    &aarch64_cpu_class,
#endif
};
#define N_CLASSES (sizeof classes / sizeof classes[0])

const CpuClass *cpu_class_find(const char *name) {
    for (size_t i = 0; name && i < N_CLASSES; i++)
        if (!strcmp(classes[i]->name, name))
            return classes[i];
    return NULL;
}

const CpuClass *cpu_class_default(void) { return N_CLASSES ? classes[0] : NULL; }

const CpuModel *cpu_model_find(const CpuClass *cc, const char *name) {
    for (int i = 0; cc && name && i < cc->n_models; i++)
        if (!strcmp(cc->models[i].name, name))
            return &cc->models[i];
    return NULL;
}

const CpuClass *cpu_class_of_model(const char *name) {
    for (size_t i = 0; i < N_CLASSES; i++)
        if (cpu_model_find(classes[i], name))
            return classes[i];
    return NULL;
}

const char *cpu_class_names(void) {
    static char buf[128];
    if (!buf[0])
        for (size_t i = 0; i < N_CLASSES; i++) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", i ? ", " : "", classes[i]->name);
        }
    return buf;
}

void cpu_models_print(FILE *f, const CpuClass *cc) {
    for (size_t i = 0; i < N_CLASSES; i++) {
        if (cc && classes[i] != cc)
            continue;
        fprintf(f, "Available CPUs (%s):\n", classes[i]->name);
        for (int k = 0; k < classes[i]->n_models; k++) {
            const CpuModel *md = &classes[i]->models[k];
            if (!md->hidden)
                fprintf(f, "  %-16s %s%s\n", md->name, md->desc, k == 0 ? " (default)" : "");
        }
    }
}
