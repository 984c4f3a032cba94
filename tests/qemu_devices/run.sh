#!/bin/sh
# SPDX-License-Identifier: MIT
# Replays qtest_replay's register sequence on QEMU's arm virt (GICv2 and GICv3) and on tern's
# device models and compares every read. Skipped (77) without qemu-system-aarch64.
# usage: run.sh QTEST_REPLAY_BINARY WORKDIR
set -e
bin=$1
work=$2
command -v qemu-system-aarch64 >/dev/null 2>&1 || { echo "no qemu-system-aarch64: skipped"; exit 77; }
mkdir -p "$work"

# QEMU's qtest does not exit at the end of its input: stop it once every command has a reply.
qtest() {  # ops replies machine-options...
    ops=$1 replies=$2
    shift 2
    n=$(wc -l < "$ops")
    qemu-system-aarch64 "$@" -cpu cortex-a57 -display none -qtest stdio \
        < "$ops" > "$replies" 2>/dev/null &
    pid=$!
    tries=0
    while [ "$(grep -c '^OK' "$replies" || true)" -lt "$n" ]; do
        tries=$((tries + 1))
        if [ $tries -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
            kill $pid 2>/dev/null || true
            echo "qemu-system-aarch64 $*: $(grep -c '^OK' "$replies" || true) of $n replies"
            exit 1
        fi
        sleep 0.1
    done
    kill $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
}

"$bin" ops v2 > "$work/ops-v2.txt"
"$bin" ops v3 > "$work/ops-v3.txt"
qtest "$work/ops-v2.txt" "$work/qemu-v2.txt" -M virt -smp 1
qtest "$work/ops-v3.txt" "$work/qemu-v3.txt" -M virt,gic-version=3 -smp 2
"$bin" check v2 "$work/qemu-v2.txt"
"$bin" check v3 "$work/qemu-v3.txt"
