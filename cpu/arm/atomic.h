/* SPDX-License-Identifier: MIT */
/* Helpers of the exclusives and LSE atomics (atomic.c), called from translated code with
   IR_CALL_TRAPS. arg packs log2 size (bits 1:0) and MMU index (bits 8+); arm_helper_lse's arg
   also the ARM_LSE_* operation (bits 3:0) and the size in bits 5:4. Values returned are the
   old memory contents, zero-extended from the access size. */
#ifndef TERN_ARM_ATOMIC_H
#define TERN_ARM_ATOMIC_H

#include <stdint.h>

/* The LSE operations, numbered as o3:opc of the encoding (SWP is o3=1, opc=000). */
enum { ARM_LSE_ADD, ARM_LSE_CLR, ARM_LSE_EOR, ARM_LSE_SET, ARM_LSE_SMAX, ARM_LSE_SMIN,
       ARM_LSE_UMAX, ARM_LSE_UMIN, ARM_LSE_SWP };

/* LDXR/LDAXR: a = address. Arms the monitor; returns the value. */
uint64_t arm_helper_ldxr(void *env, uint64_t a, uint64_t arg, uint64_t c, uint64_t d);
/* STXR/STLXR: a = address, b = value. Returns the status (0 = stored). Disarms the monitor. */
uint64_t arm_helper_stxr(void *env, uint64_t a, uint64_t b, uint64_t arg, uint64_t d);
/* LDXP/LDAXP: a = address, arg's size is of one register (2 or 3). Returns the first
   register's value (32-bit pairs: both, low word first); the second of a 64-bit pair is left
   in ARMCPU.helper_hi. STXP/STLXP: a = address, b, c = the two registers. Returns the status. */
uint64_t arm_helper_ldxp(void *env, uint64_t a, uint64_t arg, uint64_t c, uint64_t d);
uint64_t arm_helper_stxp(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t arg);
/* CASP (64-bit registers): a = address, b, c = the compare pair, d = first new value; the
   second new value in ARMCPU.helper_hi, the MMU index in helper_arg bits 8+. Returns the old
   first doubleword, the second in helper_hi. (32-bit CASP is a 64-bit CAS.) */
uint64_t arm_helper_casp(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d);
/* LDADD...LDUMIN, SWP: a = address, b = Rs. Returns the old value. */
uint64_t arm_helper_lse(void *env, uint64_t a, uint64_t b, uint64_t arg, uint64_t d);
/* CAS: a = address, b = compare value (Rs), c = new value (Rt). Returns the old value. */
uint64_t arm_helper_cas(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t arg);

#endif
