#!/bin/sh
# SPDX-License-Identifier: MIT
# The gdbstub against real gdb-multiarch (batch mode) and a raw RSP client: tern runs a
# bare-metal program built here with -gdb tcp::0 -S (port 0: tern prints the port it got).
# Cases: gdb-session (registers, memory, breakpoint on a symbol, stepi, x/i, exit status),
# gdb-mmu (S mode under Sv39 at a virtual address: breakpoints, stepping and memory through
# the MMU), gdb-interrupt (Ctrl-C while running, malformed packets, kill; needs python3).
# Usage: gdb_test.sh TERN CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
case=$2
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
gdb=${GDB:-gdb-multiarch}
tmp=$(mktemp -d)
tern_pid=
cleanup() {
  [ -n "$tern_pid" ] && kill "$tern_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }
command -v "$gdb" >/dev/null 2>&1 || { echo "SKIP: $gdb not found"; exit 77; }

fail() {
  echo "FAIL [$case]: $*"
  echo "--- gdb:"; cat "$tmp/gdb.out" 2>/dev/null | tail -60
  echo "--- tern stderr:"; head -20 "$tmp/err" 2>/dev/null
  exit 1
}
expect() { grep -qE -- "$1" "$tmp/gdb.out" || fail "gdb output lacks /$1/"; }

build() { # build NAME SOURCES...
  name=$1; shift
  "$cc" -march=rv64gc -mabi=lp64d -O1 -g -nostdlib -nostartfiles -static -mcmodel=medany \
    -Wl,--no-relax -T "$tmp/link.ld" -o "$tmp/$name" "$@" || fail "cannot build $name"
}

# Start tern in the background, stopped before its first instruction; sets $port.
start_tern() { # start_tern KERNEL [extra options]
  kernel=$1; shift
  "$tern" -gdb tcp::0 -S "$@" -kernel "$kernel" >"$tmp/out" 2>"$tmp/err" &
  tern_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on port \([0-9][0-9]*\).*/\1/p' "$tmp/err" 2>/dev/null)
    [ -n "$port" ] && break
    kill -0 "$tern_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    # Until the command line hands -gdb/-S to gdbstub_start (system/options.c, main.c).
    fail "tern did not report a gdb port"
  fi
}

# Wait for tern to exit (at most 20 s) and check its status.
expect_exit() {
  for _ in $(seq 200); do
    kill -0 "$tern_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$tern_pid" 2>/dev/null && fail "tern still running"
  wait "$tern_pid"
  rc=$?
  tern_pid=
  [ "$rc" -eq "$1" ] || fail "tern exit status $rc, expected $1"
}

run_gdb() { # run_gdb ELF SCRIPT
  timeout 60 "$gdb" -batch -nx -ex "set pagination off" -ex "set confirm off" \
    -ex "target remote 127.0.0.1:$port" -x "$2" "$1" >"$tmp/gdb.out" 2>&1
}

cat >"$tmp/link.ld" <<'EOF'
OUTPUT_ARCH("riscv")
ENTRY(_start)
SECTIONS
{
  . = 0x80000000;
  .text.init : { *(.text.init) }
  .text : { *(.text) *(.text.*) }
  . = ALIGN(0x1000);
  .tohost : { *(.tohost) }
  .data : { *(.data) *(.data.*) *(.sdata*) *(.rodata*) *(.srodata*) }
  .bss : { *(.sbss*) *(.bss) *(.bss.*) *(COMMON) }
  . = ALIGN(16);
  . += 0x4000;
  __stack_top = .;
}
EOF

# HTIF exit shared by the programs: tohost = code << 1 | 1.
cat >"$tmp/htif.c" <<'EOF'
volatile unsigned long tohost __attribute__((section(".tohost"), aligned(64)));
volatile unsigned long fromhost __attribute__((section(".tohost"), aligned(64)));
void __attribute__((noreturn)) finish(long code)
{
    tohost = ((unsigned long)code << 1) | 1;
    for (;;)
        ;
}
EOF

case "$case" in
gdb-session)
  cat >"$tmp/start.S" <<'EOF'
    .section .text.init
    .globl _start
_start:
    la sp, __stack_top
    call main
    call finish
EOF
  cat >"$tmp/prog.c" <<'EOF'
void finish(long code) __attribute__((noreturn));
volatile long counter;
long __attribute__((noinline)) bump(long x)
{
    counter += x;
    return counter;
}
int main(void)
{
    long s = 0;
    for (long i = 1; i <= 10; i++)
        s += bump(i);
    return s == 220 ? 7 : 1;      /* sum of 1, 3, 6, ..., 55 */
}
EOF
  build prog "$tmp/start.S" "$tmp/prog.c" "$tmp/htif.c"
  bump=$(riscv64-unknown-elf-nm "$tmp/prog" | sed -n 's/^0*\([0-9a-f]*\) T bump$/\1/p')
  [ -n "$bump" ] || fail "no symbol bump"
  start_tern "$tmp/prog"
  cat >"$tmp/cmds" <<'EOF'
echo STOPPED-AT\n
p/x $pc
info registers
x/2xw _start
p $mhartid
p $priv
p $misa != 0
break bump
continue
echo HIT-1\n
p/x $pc
p $a0
p counter
continue
echo HIT-2\n
p $a0
p counter
python
pc = int(gdb.parse_and_eval("$pc"))
n = gdb.selected_frame().architecture().disassemble(pc)[0]["length"]
gdb.execute("stepi")
now = int(gdb.parse_and_eval("$pc"))
print("STEPI %s" % ("ok" if now == pc + n else "moved %#x -> %#x, insn %d" % (pc, now, n)))
end
x/4i $pc
set var counter = 1000
p counter
set var counter = 1
delete
continue
EOF
  run_gdb "$tmp/prog" "$tmp/cmds"
  expect "^STOPPED-AT"
  expect '^\$1 = 0x80000000$'                           # -S: stopped at the entry point
  expect '^ra +0x0'
  expect '^sp +0x0'
  expect '^pc +0x80000000'
  expect '^0x80000000 <_start>:'
  expect '^\$2 = 0$'                                    # mhartid
  expect '^\$3 = 3'                                     # priv: M
  expect '^\$4 = 1$'
  expect "^Breakpoint 1 at 0x$bump"
  expect '^Breakpoint 1, bump \(x=x@entry=1\)'
  expect "^\\\$5 = 0x$bump\$"
  expect '^\$6 = 1$'                                    # a0 = first argument
  expect '^\$7 = 0$'
  expect '^Breakpoint 1, bump \(x=x@entry=2\)'           # continue steps over the breakpoint
  expect '^\$8 = 2$'
  expect '^\$9 = 1$'
  expect '^STEPI ok'
  expect '^=> 0x[0-9a-f]+ <bump\+[0-9]+>:'
  [ "$(grep -cE '^(=>|  ) 0x[0-9a-f]+ <bump\+[0-9]+>:' "$tmp/gdb.out")" -ge 4 ] ||
    fail "x/4i did not list 4 instructions of bump"
  expect '^\$10 = 1000$'
  # counter was set back so the guest's own check still passes: exit code 7.
  expect 'exited with code 07'
  expect_exit 7
  ;;

gdb-mmu)
  # M mode maps VA 0x40000000 (one Sv39 gigapage) to RAM at 0x80000000, drops to S mode at
  # the virtual alias of s_code; there is no identity mapping, so in S mode the symbols'
  # physical addresses are unmapped and everything the debugger reads goes through the MMU.
  cat >"$tmp/mmu.S" <<'EOF'
    .section .text.init
    .option norvc
    .globl _start
_start:
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f                   /* NAPOT, RWX: S may use all memory */
    csrw pmpcfg0, t0
    la t0, trap
    csrw mtvec, t0
    la t0, pt
    li t1, 0x200000cf             /* PPN 0x80000, D A X W R V */
    sd t1, 8(t0)                  /* entry 1: VA 0x40000000 */
    srli t0, t0, 12
    li t1, 8 << 60                /* Sv39 */
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    la t0, s_code
    li t1, 0x40000000
    sub t0, t0, t1
    csrw mepc, t0
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11                /* MPP = S */
    csrs mstatus, t0
    mret
s_code:
    li a1, 0
    .globl s_loop
s_loop:
    addi a1, a1, 1
    li t2, 5
    bne a1, t2, s_loop
    ecall
    .align 2
trap:                             /* M mode, bare: exit with a1 */
    mv a0, a1
    la sp, __stack_top
    call finish
    .section .data
    .align 12
pt: .zero 4096
EOF
  build mmu "$tmp/mmu.S" "$tmp/htif.c"
  start_tern "$tmp/mmu"
  cat >"$tmp/cmds" <<'EOF'
set $w = *(unsigned int *)&s_loop
p $w != 0
break *((unsigned long)&s_loop - 0x40000000)
continue
echo HIT\n
p $priv
p/x $pc
p/x (unsigned long)$satp >> 60
p *(unsigned int *)$pc == $w
x/2i $pc
p $a1
stepi
p $a1
p/x $pc
python
try:
    gdb.execute("x/xw &s_loop", to_string=True)
    print("PHYS-READABLE")
except gdb.MemoryError as e:
    print("PHYS-UNMAPPED %s" % e)
end
delete
continue
EOF
  run_gdb "$tmp/mmu" "$tmp/cmds"
  expect '^\$1 = 1$'
  expect '^HIT'
  expect '^\$2 = 1'                                     # S mode
  expect '^\$3 = 0x400000[0-9a-f]{2}$'                   # the virtual alias
  expect '^\$4 = 0x8$'                                  # Sv39 on
  expect '^\$5 = 1$'                                    # same word as at the physical address
  expect '^=> 0x400000[0-9a-f]{2}:[[:space:]]+(addi|add|c\.addi)[[:space:]]+a1,a1,1'
  expect '^\$6 = 0$'
  expect '^\$7 = 1$'                                    # stepi ran the addi
  expect '^\$8 = 0x400000[0-9a-f]{2}$'
  expect '^PHYS-UNMAPPED Cannot access memory at address 0x800000'  # not mapped in S
  expect 'exited with code 05'
  expect_exit 5
  ;;

gdb-interrupt)
  command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
  cat >"$tmp/loop.S" <<'EOF'
    .section .text.init
    .globl _start
_start:
    li t0, 0
1:  addi t0, t0, 1
    j 1b
EOF
  build loop "$tmp/loop.S" "$tmp/htif.c"
  start_tern "$tmp/loop"
  cat >"$tmp/rsp.py" <<'EOF'
import re, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(10)
buf = b""
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
def send(d, raw=False):
    s.sendall(d if raw else b"$%s#%02x" % (d, sum(d) & 0xff))
def recv():
    global buf
    while True:
        m = re.search(rb"\$([^#]*)#([0-9a-f]{2})", buf, re.S)
        if m:
            buf = buf[m.end():]
            if sum(m.group(1)) & 0xff != int(m.group(2), 16):
                fail("bad checksum from the stub")
            return m.group(1)
        d = s.recv(65536)
        if not d:
            fail("connection closed")
        buf += d
def cmd(d):
    send(d)
    return recv()
def t0():
    return int.from_bytes(bytes.fromhex(cmd(b"p5").decode()), "little")
if cmd(b"?") != b"T05thread:1;": fail("initial stop")
if cmd(b"QStartNoAckMode") != b"OK": fail("no-ack")
before = t0()
send(b"vCont;c")
time.sleep(0.5)
send(b"\x03", raw=True)
r = recv()
if r != b"T02thread:1;": fail("Ctrl-C stop reply %r" % r)
after = t0()
if after <= before + 1000: fail("guest did not run: t0 %d -> %d" % (before, after))
# While stopped the guest stays put.
time.sleep(0.2)
if t0() != after: fail("guest ran while stopped")
# Malformed and oversized packets get an error, and the stub keeps serving.
send(b"$" + b"A" * 100000 + b"#00", raw=True)
if recv() != b"E01": fail("huge packet")
for bad in [b"mzz,4", b"m80000000", b"M80000000,4:zz", b"G00", b"Pzz=1", b"Z0",
            b"vCont;q", b"Hg77", b"X80000000,4:", b"qXfer:features:read:x:0,1"]:
    r = cmd(bad)
    if not r.startswith(b"E"): fail("%r got %r" % (bad, r))
if cmd(b"m0,4") != b"E14": fail("unmapped read")
if len(cmd(b"g")) != 33 * 16: fail("g after errors")
# Another round: continue, interrupt, then kill.
send(b"c")
time.sleep(0.2)
send(b"\x03", raw=True)
if not recv().startswith(b"T02"): fail("second Ctrl-C")
send(b"k")
print("RSP-OK")
EOF
  timeout 60 python3 "$tmp/rsp.py" "$port" >"$tmp/gdb.out" 2>&1
  expect '^RSP-OK'
  expect_exit 0
  ;;

*)
  echo "unknown case $case"
  exit 1
  ;;
esac
exit 0
