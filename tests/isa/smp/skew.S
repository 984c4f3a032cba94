/* SPDX-License-Identifier: MIT */
/* Two harts, the handshake of OpenSBI 1.1's hart start (lib/sbi/sbi_hsm.c): hart 0 publishes
   "go" before it writes the data that goes with it, a short sequence later; hart 1 polls for
   "go" and reads the data a few thousand instructions after it saw it. Real harts advance at
   comparable rates, so hart 1 always reads the new data. Each round hart 0's short sequence
   runs through freshly written code (new blocks to translate: slow in host time), which is
   where a scheduler that gives harts turns of host time switched to hart 1 for a whole turn,
   and hart 1 then read the old data. Runs on -machine virt -smp 2 -bios none (harts start at
   _start with a0 = hartid); exits through the SiFive test device: 0 = pass, 1 = hart 1 read
   stale data. */
#define SIFIVE_TEST 0x100000
#define ROUNDS   500
#define REACTION 3000          /* hart 1's loop after "go": 2 instructions per pass */

  .section .text.init, "ax"
  .globl _start
_start:
  bnez a0, poller

  /* hart 0 */
  li s0, ROUNDS
  li s1, 0
round:
  addi s1, s1, 1
  /* fresh code for the short sequence: copy the template over wbuf (invalidates its blocks) */
  la t0, window_tpl
  la t1, wbuf
  la t2, window_end
1:
  lw t3, 0(t0)
  sw t3, 0(t1)
  addi t0, t0, 4
  addi t1, t1, 4
  bltu t0, t2, 1b
  fence.i
  /* go, then the short sequence, then the data */
  li t0, 1
  la t1, go
  amoswap.w zero, t0, (t1)
  la t0, wbuf
  jalr t0
  la t1, data
  sd s1, 0(t1)
  /* wait until hart 1 has checked this round */
  la t1, ack
2:
  ld t2, 0(t1)
  bne t2, s1, 2b
  bltu s1, s0, round
  li a0, 0x5555              /* pass */
  j report

  /* hart 1 */
poller:
  li s1, 0
3:
  la t1, go
  lw t2, 0(t1)
  beqz t2, 3b
  sw zero, 0(t1)
  addi s1, s1, 1
  li t3, REACTION
4:
  addi t3, t3, -1
  bnez t3, 4b
  la t1, data
  ld t2, 0(t1)
  bne t2, s1, stale
  la t1, ack
  sd s1, 0(t1)
  j 3b
stale:
  li a0, (1 << 16) | 0x3333  /* exit(1) */
report:
  li t0, SIFIVE_TEST
  sw a0, 0(t0)
5:
  j 5b

  /* the short sequence: 256 blocks of two instructions (copied as words: no RVC) */
  .balign 4
  .option push
  .option norvc
window_tpl:
  .rept 256
  addi a5, a5, 1
  j .+4
  .endr
  ret
window_end:
  .option pop

  .data
  .balign 4096
wbuf:
  .fill 1024, 4, 0x00000013
  .balign 8
go:   .dword 0
data: .dword 0
ack:  .dword 0

