#!/bin/sh
# SPDX-License-Identifier: MIT
# A64 differential oracle: generate N random sequences (seed SEED), run them natively under
# qemu-aarch64 (risu_a64) and with tern's A64 front end (risu_host check), compare.
# Usage: run.sh RISU_HOST RISU_A64 [N] [SEED] [WORK_DIR]
set -eu
HOST=$1
REF=$2
N=${3:-3000}
SEED=${4:-1}
OUT=${5:-${TMPDIR:-/tmp}/tern-a64-risu.$$}
QEMU=${QEMU:-qemu-aarch64}
if [ -z "$REF" ] || [ ! -x "$REF" ]; then
    echo "a64 risu: no aarch64 reference program (aarch64-linux-gnu-gcc missing), skipping"
    exit 77
fi
if ! command -v "$QEMU" > /dev/null 2>&1; then
    echo "a64 risu: $QEMU not found, skipping"
    exit 77
fi
mkdir -p "$OUT"
"$HOST" gen "$N" "$SEED" "$OUT/cases.bin"
"$QEMU" "$REF" "$OUT/cases.bin" "$OUT/ref.bin"
"$HOST" check "$OUT/cases.bin" "$OUT/ref.bin"
