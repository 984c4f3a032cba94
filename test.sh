#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds tern and runs its test suite: unit, ISA programs, differential, command line, Linux
# boot and virtio guest tests. The full-Debian image test (label "slow": builds a Debian
# rootfs, boots it with systemd, logs in over ssh; ~10 minutes) runs only when asked for:
# ./test.sh -L slow. Extra arguments replace the default "-LE slow" and go to ctest
# (e.g. ./test.sh -L unit, ./test.sh -R isa.rv64um).
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
build=${TERN_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
(($# > 0)) || set -- -LE slow
ctest --output-on-failure -j "$(nproc)" "$@"
