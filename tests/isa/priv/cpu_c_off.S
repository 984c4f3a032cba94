/* SPDX-License-Identifier: MIT */
/* -cpu rv64,c=off (unprivileged spec 1.5 and ch. "C"; privileged spec 3.1.1, 3.1.14): misa
   has no C, a compressed instruction is illegal (mtval = its 16 bits), IALIGN = 32 so a jump
   or taken branch to a target that is 2 mod 4 raises instruction-address-misaligned on the
   jump (mtval = target, rd unwritten), and mepc[1] is masked on reads. Built without C. */
#include "priv_macros.h"

  .text
  .globl test_main
test_main:
  mv s1, ra

  /* 1: misa.C is clear, the other letters are there */
  TEST 1
  csrr t0, misa
  CHECK_FIELD t0, (1 << 2), 0
  CHECK_FIELD t0, (1 << 0) | (1 << 12), (1 << 0) | (1 << 12)

  /* 2: c.li a0, 0 is illegal */
  TEST 2
  la s11, 2f
1:
  .2byte 0x4501
  .2byte 0x0001
  j fail
2:
  CHECK_MTRAP CAUSE_ILLEGAL_INSN, 1b
  CHECK_IMM s10, 0x4501

  /* 3: jal to a 2 mod 4 target */
  TEST 3
  la s11, 3f
1:
  jal t1, mis_target
  j fail
3:
  CHECK_MTRAP CAUSE_MISALIGNED_FETCH, 1b
  CHECK_LABEL s10, mis_target

  /* 4: jalr to a 2 mod 4 target leaves rd alone */
  TEST 4
  la t0, mis_target
  li t1, 0
  la s11, 4f
1:
  jalr t1, 0(t0)
  j fail
4:
  CHECK_MTRAP CAUSE_MISALIGNED_FETCH, 1b
  CHECK_LABEL s10, mis_target
  CHECK_IMM t1, 0

  /* 5: a taken branch to it faults, a branch not taken goes on */
  TEST 5
  li t0, 1
  bne t0, t0, mis_target
  la s11, 5f
1:
  beq t0, t0, mis_target
  j fail
5:
  CHECK_MTRAP CAUSE_MISALIGNED_FETCH, 1b
  CHECK_LABEL s10, mis_target

  /* 6: mepc[1] reads as 0 */
  TEST 6
  li t0, 0x80001006
  csrw mepc, t0
  csrr t1, mepc
  CHECK_IMM t1, 0x80001004

  mv ra, s1
  ret

  .align 2
  .2byte 0
mis_target:
  .2byte 0
  .4byte 0
