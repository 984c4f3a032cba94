/* SPDX-License-Identifier: MIT */
/* Guest virtual memory access for translated code and helpers: the C slow path behind the
   inline TLB fast path (TLB refill through CpuClass.tlb_fill, MMIO dispatch, code-page
   invalidation, misaligned and page-crossing accesses). */
#ifndef TERN_SOFTMMU_H
#define TERN_SOFTMMU_H

#include <stdint.h>

#include "guest.h"

/* memop as in ir.h (size, sign, MMU index). env->pc must hold the accessing instruction. */
uint64_t softmmu_load(CPUCommon *env, uint64_t vaddr, unsigned memop);
void softmmu_store(CPUCommon *env, uint64_t vaddr, uint64_t val, unsigned memop);
/* Host pointer for a naturally aligned RAM access of size bytes at vaddr with access kind
   (MMU_READ/MMU_WRITE; atomics pass MMU_WRITE), or NULL when it is MMIO (then use the two calls
   above). Raises the guest's page/access fault. Handles code-page invalidation for writes. */
void *softmmu_host_ptr(CPUCommon *env, uint64_t vaddr, int access, int mmu_idx, unsigned size);
/* Instruction fetch: the physical page of vaddr (executable RAM) and its host address, through
   the execute TLB of mmu; raises the guest's instruction page/access fault. */
uint64_t softmmu_code_page(CPUCommon *env, uint64_t vaddr, int mmu, const uint8_t **host);
/* A page of host RAM at hp now holds translated code: make env's TLB send writes to it
   through the slow path (which invalidates the code). */
void tlb_protect_code(CPUCommon *env, const uint8_t *hp);
/* Fast-path mirror in C, for the interpreter and helpers. */
static inline uint64_t softmmu_tag_for(uint64_t vaddr, unsigned size) {
    return vaddr & (TARGET_PAGE_MASK | (uint64_t)(size - 1));
}

#endif
