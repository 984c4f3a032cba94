/* SPDX-License-Identifier: MIT */
/* Public extras of the x86-64 JIT backend beyond the Backend interface (backend.h): which
   optional host instructions it uses, so tests can also exercise the fallback sequences. */
#ifndef TERN_X86_BACKEND_H
#define TERN_X86_BACKEND_H

#include "translate/backend.h"

#define X86_FEAT_LZCNT  1u   /* ABM lzcnt (else bsr + cmov) */
#define X86_FEAT_BMI1   2u   /* tzcnt, andn (else bsf + cmov, not + and) */
#define X86_FEAT_BMI2   4u   /* shlx/shrx/sarx/rorx (else shifts by cl) */
#define X86_FEAT_POPCNT 8u   /* popcnt (else a bit-twiddling sequence) */

/* Features detected at creation (CPUID). */
unsigned x86_backend_host_features(Backend *be);
/* Restrict code generation to feat & host features (takes effect for the next gen). */
void x86_backend_set_features(Backend *be, unsigned feat);

#endif
