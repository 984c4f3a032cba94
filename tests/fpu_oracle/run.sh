#!/bin/sh
# SPDX-License-Identifier: MIT
# FPU differential oracle: builds oracle_rv (riscv64, static) and oracle_host
# (tern's soft-float), runs the first under qemu-riscv64 user mode, and diffs the
# per-chunk hashes; for mismatching chunks prints the first differing cases.
# Usage: run.sh [N operand sets per op (default 200000)] [seed] [build dir]
set -eu
N=${1:-200000}
SEED=${2:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${3:-${TMPDIR:-/tmp}/tern-fpu-oracle.$$}
mkdir -p "$OUT"
CC_RV=${CC_RV:-riscv64-linux-gnu-gcc}
CC=${CC:-gcc}
QEMU=${QEMU:-qemu-riscv64}
for t in "$CC_RV" "$QEMU" "$CC"; do
    if ! command -v "$t" > /dev/null 2>&1; then
        echo "fpu oracle: $t not found, skipping"
        exit 77
    fi
done
W="-std=gnu11 -O2 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Werror"

$CC_RV $W -static -march=rv64gc -mabi=lp64d -o "$OUT/oracle_rv" "$HERE/oracle_rv.c"
$CC $W -I "$ROOT/cpu/riscv" -o "$OUT/oracle_host" "$HERE/oracle_host.c" "$ROOT/cpu/riscv/fpu.c" "$ROOT/cpu/riscv/fpu_arith.c" "$ROOT/cpu/riscv/fpu_cvt.c" -lm

$QEMU "$OUT/oracle_rv" "$N" "$SEED" > "$OUT/rv.txt" &
QPID=$!
"$OUT/oracle_host" "$N" "$SEED" > "$OUT/host.txt"
wait $QPID

if cmp -s "$OUT/rv.txt" "$OUT/host.txt"; then
    grep ' cases ' "$OUT/host.txt" | awk '{s += $3} END {print "fpu oracle: all " NR " ops match, " s " cases"}'
    rm -rf "$OUT"
    exit 0
fi
echo "fpu oracle: MISMATCH (outputs in $OUT)"
diff "$OUT/rv.txt" "$OUT/host.txt" | grep '^[<>].* operands ' | head -n 4 | sed 's/^/generator diverged: /' || true
diff "$OUT/rv.txt" "$OUT/host.txt" | grep '^<.* chunk ' | head -n 8 | while read -r _ op _ chunk _; do
    echo "== $op chunk $chunk (rv first line, host second)"
    $QEMU "$OUT/oracle_rv" "$N" "$SEED" "$op" "$chunk" > "$OUT/v_rv.txt"
    "$OUT/oracle_host" "$N" "$SEED" "$op" "$chunk" > "$OUT/v_host.txt"
    diff "$OUT/v_rv.txt" "$OUT/v_host.txt" | grep '^[<>]' | head -n 10 || true
done
exit 1
