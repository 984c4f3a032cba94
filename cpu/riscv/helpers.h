/* SPDX-License-Identifier: MIT */
/* The C helpers that RISC-V translated code calls for what is rare or complex. Every helper
   has the IrHelper type: uint64_t fn(void *env, uint64_t a, b, c, d). The comment of each says
   its arguments, result and which IR_CALL_* flags the front end must give it. */
#ifndef TERN_RISCV_HELPERS_H
#define TERN_RISCV_HELPERS_H

#include <stdint.h>

#define RV_HELPER(name) uint64_t name(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)

/* --- system (csr.c, trap.c; owned by the privileged-architecture code) --- */
/* Zicsr: a = the instruction's 32 bits (csr number, funct3, rd, rs1/uimm are decoded from it),
   b = the source value (x[rs1] or uimm). Performs the access with all its checks (illegal
   instruction with mtval = insn on any violation) and returns the old CSR value for rd.
   Writes that can change translation or enable an interrupt kick the hart. Flags: TRAPS. */
RV_HELPER(helper_csr);
/* helper_csr for sstatus/mstatus/sie/mie/sip/mip writes; also sets csr_flags_changed to whether
   the TB flags now differ from those of the running block (env->cur_flags), and cur_flags to
   the new flags (the block ends right after, through the jump cache). TRAPS. */
RV_HELPER(helper_csr_status);
/* a = insn: raise illegal instruction with tval = a. TRAPS. */
RV_HELPER(helper_illegal);
/* Raise exception a with tval b. TRAPS. */
RV_HELPER(helper_raise);
/* Without C: raise instruction-address-misaligned with tval a when jump target a is not
   4-byte aligned (jalr). TRAPS. */
RV_HELPER(helper_check_ialign);
/* ecall: environment call from the current privilege. TRAPS. */
RV_HELPER(helper_ecall);
/* mret / sret: check privilege (TSR), restore state, set env's cur_flags to the new TB flags,
   return the new pc. TRAPS; end the block with goto_ptr(result) (the jump cache). */
RV_HELPER(helper_mret);
RV_HELPER(helper_sret);
/* wfi: a = insn (for the illegal-instruction tval when TW forbids it). Halts the hart unless an
   interrupt is pending. TRAPS; end the block with exit(pc + 4). */
RV_HELPER(helper_wfi);
/* sfence.vma: a = vaddr (x[rs1] or 0), b = nonzero if rs1 != x0, c = insn (tval), d = nonzero
   if rs2 != x0 (an ASID is given). TRAPS; end the block with exit(pc + 4). */
RV_HELPER(helper_sfence_vma);
/* Mark mstatus.FS dirty (and SD). No flags. Emitted before the first FP instruction of a block
   that writes FP state when the block's flags say FS is not dirty yet. */
RV_HELPER(helper_fs_dirty);
/* A fence that orders earlier stores before later loads (x86-TSO's only reordering): a host
   full barrier (mfence). Emitted only with a host thread per hart. No flags. */
RV_HELPER(helper_fence);

/* --- atomics (amo.c, owned by the front end) --- */
/* AMOs: a = address, b = source value, c = (funct5 << 8) | log2 size (2 or 3), d = mmu index.
   Return the old value (sign-extended for .w). Misaligned -> store/AMO misaligned exception.
   TRAPS. */
RV_HELPER(helper_amo);
/* LR: a = address, b = log2 size, c = mmu index. Sets the reservation. TRAPS. */
RV_HELPER(helper_lr);
/* SC: a = address, b = value, c = log2 size, d = mmu index. Returns 0 on success, 1 on
   failure; always clears the reservation. TRAPS. */
RV_HELPER(helper_sc);

#endif
