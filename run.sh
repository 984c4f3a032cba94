#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds tern and runs the default guest. Until the `virt` board boots Linux this is the
# bare-metal demo on `-machine spike`. Extra arguments go to tern.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target tern demo_guest
exec build/tern -machine spike -bios none -nographic -kernel build/roms/demo/demo_guest.elf "$@"
