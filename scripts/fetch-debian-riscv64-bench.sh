#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the benchmark initramfs: the busybox initramfs of scripts/fetch-debian-riscv64.sh plus
# Debian trixie's riscv64 `sysbench`, the shared libraries it loads and the dynamic loader, so
# that `sysbench cpu --time=10 run` works in the guest (bench/compare, docs/performance.md).
# Outputs in the cache: initramfs.cpio.gz, manifest.txt. The kernel is the base cache's Image.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/.cache/debian-riscv64-bench
base=$root/.cache/debian-riscv64
refresh=0
suite=trixie
packages=(sysbench)      # what the guest gets, with the libraries its binaries need
binaries=(usr/bin/sysbench)

usage() {
  cat <<EOF
usage: $0 [--cache DIR] [--base DIR] [--refresh]
  --cache DIR   debs and outputs (default: $root/.cache/debian-riscv64-bench)
  --base DIR    cache of scripts/fetch-debian-riscv64.sh, whose initramfs.cpio.gz this one
                extends (default: $root/.cache/debian-riscv64; built when missing)
  --refresh     re-download the packages even if they are cached
Environment: TERN_DEBIAN_MIRROR overrides the mirror URI otherwise copied from the host's
apt sources.
EOF
}

while (($#)); do
  case $1 in
    --cache) cache=${2:?--cache needs a directory}; shift 2 ;;
    --cache=*) cache=${1#--cache=}; shift ;;
    --base) base=${2:?--base needs a directory}; shift 2 ;;
    --base=*) base=${1#--base=}; shift ;;
    --refresh) refresh=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
log() { echo "fetch-debian-riscv64-bench: $*" >&2; }
mkdir -p "$cache" "$base"
cache=$(cd "$cache" && pwd)
base=$(cd "$base" && pwd)

# The base image (kernel + busybox initramfs); that script is a no-op when it is up to date.
"$root/scripts/fetch-debian-riscv64.sh" --cache "$base"
base_initrd=$base/initramfs.cpio.gz
[[ -s $base_initrd ]] || { log "no $base_initrd"; exit 1; }

for tool in apt-get apt-cache dpkg-deb readelf cpio gzip sha256sum; do
  command -v "$tool" >/dev/null || { log "missing host tool $tool (apt-get install apt dpkg binutils cpio gzip)"; exit 1; }
done

out=$cache/initramfs.cpio.gz
debs=$cache/debs
if ((!refresh)) && [[ -s $out && -s $cache/manifest.txt && $out -nt $base_initrd &&
                      $out -nt $root/scripts/fetch-debian-riscv64-bench.sh ]]; then
  log "cached in $cache"
  exit 0
fi

# shellcheck source=scripts/lib/debian-apt.sh
. "$root/scripts/lib/debian-apt.sh"

fetch_debs() {
  debian_apt_update "$cache/apt" "$suite"

  # Runtime dependency closure: Depends and Pre-Depends, recursively (every alternative and
  # every provider of a virtual package; those only cost download). Lines in column 0 are the
  # packages visited; <name> is a virtual package with no deb of its own.
  local closure
  closure=$(apt-cache "${DEBIAN_APT_OPTS[@]}" depends --recurse --no-recommends --no-suggests \
              --no-conflicts --no-breaks --no-replaces --no-enhances "${packages[@]}" |
            awk '/^[a-z0-9]/ { sub(/:riscv64$/, "", $1); print $1 }' | LC_ALL=C sort -u)
  [[ -n $closure ]] || { log "cannot resolve ${packages[*]}"; exit 1; }
  log "dependency closure: $(echo $closure)"

  rm -rf "$debs.new"
  mkdir -p "$debs.new"
  # shellcheck disable=SC2086
  (cd "$debs.new" && apt-get "${DEBIAN_APT_OPTS[@]}" download $closure >&2)
  rm -rf "$debs" "$cache/apt"
  mv "$debs.new" "$debs"
}

have_debs() {
  local p
  for p in "${packages[@]}"; do compgen -G "$debs/${p}_*.deb" >/dev/null || return 1; done
}
if ((refresh)) || ! have_debs; then
  fetch_debs
else
  log "using cached debs in $debs"
fi

work=$cache/work
rm -rf "$work"
mkdir -p "$work/x" "$work/root"
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
x=$work/x
r=$work/root

# Libraries are looked up as the loader would: the multiarch directories first. Both /lib and
# /usr/lib forms are searched because trixie is merged-/usr but older debs may not be.
libdirs=(usr/lib/riscv64-linux-gnu lib/riscv64-linux-gnu usr/lib lib usr/lib64/lp64d lib64/lp64d)
find_lib() {
  local d
  for d in "${libdirs[@]}"; do
    [[ -e $x/$d/$1 ]] && { echo "$x/$d/$1"; return; }
  done
  return 1
}
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

declare -A seen=()
libs=()
walk() {
  local f=$1 n p
  for n in $(needed "$f"); do
    [[ -n ${seen[$n]:-} ]] && continue
    seen[$n]=1
    p=$(find_lib "$n") || { log "library $n (needed by ${f#"$x"/}) is in none of the debs"; exit 1; }
    libs+=("$n")
    walk "$p"
  done
}

interp=""
for b in "${binaries[@]}"; do
  [[ -f $x/$b ]] || { log "no /$b in the debs"; exit 1; }
  install -D -m 0755 "$x/$b" "$r/$b"
  i=$(readelf -l "$x/$b" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')
  [[ -z $interp || $interp == "$i" ]] || { log "binaries disagree on the loader"; exit 1; }
  interp=$i
  walk "$x/$b"
done
[[ -n $interp ]] || { log "no PT_INTERP in ${binaries[*]}"; exit 1; }

# Libraries in /usr/lib/riscv64-linux-gnu (a default directory of Debian's loader), copied
# through their symlinks under the soname the binaries ask for.
for n in "${libs[@]}"; do
  [[ $n == "${interp##*/}" ]] && continue    # libc's NEEDED loader: it is already loaded
  install -D -m 0755 "$(readlink -f "$(find_lib "$n")")" "$r/usr/lib/riscv64-linux-gnu/$n"
done
# The loader at the path written into the binaries (/lib/ld-linux-riscv64-lp64d.so.1): trixie
# ships it in /usr/lib/riscv64-linux-gnu and relies on the merged-/usr /lib symlink, which the
# busybox initramfs does not have (its /lib is a directory).
ld=$(find_lib "${interp##*/}") || { log "loader ${interp##*/} is in none of the debs"; exit 1; }
install -D -m 0755 "$(readlink -f "$ld")" "$r/${interp#/}"
# sysbench's Lua test scripts (oltp_*, select_random_*): the cpu test is built in, these are
# for completeness.
if [[ -d $x/usr/share/sysbench ]]; then
  mkdir -p "$r/usr/share"
  cp -a "$x/usr/share/sysbench" "$r/usr/share/"
fi
log "loader $interp, libraries: ${libs[*]}"

# The kernel unpacks concatenated (separately compressed) cpio archives in order into the same
# rootfs (Documentation/driver-api/early-userspace/buffer-format.rst), so the base initramfs is
# kept byte for byte and the additions follow it.
{ cat "$base_initrd"
  (cd "$r" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
     cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n
} >"$out.tmp"
mv "$out.tmp" "$out"

{
  echo "# tern benchmark initramfs: Debian $suite riscv64 ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  printf 'base %s sha256:%s\n' "$base_initrd" "$(sha256sum "$base_initrd" | cut -d' ' -f1)"
  for deb in "$debs"/*.deb; do
    printf 'package %s %s %s sha256:%s\n' "$(dpkg-deb -f "$deb" Package)" \
      "$(dpkg-deb -f "$deb" Version)" "${deb##*/}" "$(sha256sum "$deb" | cut -d' ' -f1)"
  done
  echo "binaries ${binaries[*]}"
  echo "loader $interp"
  echo "libraries ${libs[*]}"
  printf 'output %s sha256:%s\n' initramfs.cpio.gz "$(sha256sum "$out" | cut -d' ' -f1)"
} >"$cache/manifest.txt"
rm -rf "$work"
log "done: $out (kernel: $base/Image)"
