#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches a Debian kernel and busybox-static for a guest architecture through apt (private
# state, host package database untouched) and builds the busybox initramfs that tern's virt
# boards boot. Outputs in the cache: Image, initramfs.cpio.gz, manifest.txt.
# See docs/guest-images.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
arch=riscv64
suite=trixie
cache=""
refresh=0

usage() {
  cat <<EOF
usage: $0 [--arch riscv64|arm64] [--suite SUITE] [--cache DIR] [--refresh]
  --arch ARCH   Debian architecture of the guest (default riscv64; aarch64 means arm64)
  --suite SUITE Debian release (default trixie; arm64 also has bookworm)
  --cache DIR   where to keep debs and outputs (default: $root/.cache/debian-ARCH, with
                -SUITE appended for a suite other than trixie)
  --refresh     re-download the packages even if they are cached
Environment: TERN_DEBIAN_MIRROR overrides the mirror URI otherwise copied from the host's
apt sources.
EOF
}

while (($#)); do
  case $1 in
    --arch) arch=${2:?--arch needs an architecture}; shift 2 ;;
    --arch=*) arch=${1#--arch=}; shift ;;
    --suite) suite=${2:?--suite needs a release name}; shift 2 ;;
    --suite=*) suite=${1#--suite=}; shift ;;
    --cache) cache=${2:?--cache needs a directory}; shift 2 ;;
    --cache=*) cache=${1#--cache=}; shift ;;
    --refresh) refresh=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ $arch == aarch64 ]] && arch=arm64
log() { echo "fetch-debian-$arch: $*" >&2; }

# Modules /init loads, in addition to their dependencies (found from the .ko files themselves:
# the debs ship no modules.dep). Console, interrupt controller, timer and RTC are built in;
# these are for virtio disks, network and entropy, ext4 on a virtio disk (crc32c_generic:
# ext4's metadata checksums reach it through the crypto API, so no depends= names it), and
# virtio-9p shares (9pnet_virtio brings 9pnet; 9p brings netfs).
modules=(virtio_mmio virtio_blk virtio_net virtio_rng crc32c_generic ext4 9pnet_virtio 9p)
case $arch in
  riscv64)
    # Image header (Documentation/arch/riscv/boot-image-header.rst): magic "RISCV" at 0x30.
    magic_off=48 magic_want=RISCV
    # Debian's OpenSBI, the virt board's default firmware.
    firmware=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ;;
  arm64)
    # Image header (Documentation/arch/arm64/booting.rst): magic "ARM\x64" at 0x38.
    magic_off=56 magic_want=ARMd
    firmware="" ;;   # the arm virt board needs no firmware: tern serves PSCI itself
  *) log "unknown architecture '$arch' (riscv64 or arm64)"; exit 2 ;;
esac
if [[ -z $cache ]]; then
  cache=$root/.cache/debian-$arch
  [[ $suite == trixie ]] || cache+=-$suite
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# Host tools come from scripts/deps.sh (this script installs nothing: it runs from tests, in
# parallel with others, and must not race them on the dpkg lock).
for tool in apt-get apt-cache dpkg-deb xz cpio gzip sha256sum; do
  command -v "$tool" >/dev/null || { log "missing host tool $tool (run scripts/deps.sh)"; exit 1; }
done
[[ -z $firmware || -f $firmware ]] || { log "missing $firmware (run scripts/deps.sh)"; exit 1; }

initramfs_src=$root/scripts/initramfs
outputs=("$cache/Image" "$cache/initramfs.cpio.gz" "$cache/manifest.txt")

# Fast path: everything present and the initramfs is newer than its sources and this script.
up_to_date=1
for f in "${outputs[@]}"; do [[ -s $f ]] || up_to_date=0; done
if ((up_to_date && !refresh)); then
  for src in "$root/scripts/fetch-debian-guest.sh" "$initramfs_src"/*; do
    [[ $src -nt $cache/initramfs.cpio.gz ]] && up_to_date=0
  done
  if ((up_to_date)); then
    log "cached in $cache"
    exit 0
  fi
fi

debs=$cache/debs

# shellcheck source=scripts/lib/debian-apt.sh
. "$root/scripts/lib/debian-apt.sh"

fetch_debs() {
  debian_apt_update "$cache/apt" "$suite" "$arch"

  # The meta package's versioned kernel: the ABI moves with the archive, so resolve every time.
  local kpkg
  kpkg=$(apt-cache "${DEBIAN_APT_OPTS[@]}" depends "linux-image-$arch" |
         awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
  [[ -n $kpkg ]] || { log "cannot resolve linux-image-$arch to a kernel package"; exit 1; }
  log "kernel package: $kpkg"

  # Download next to the old debs and swap, so a failed download keeps the previous image.
  rm -rf "$debs.new"
  mkdir -p "$debs.new"
  (cd "$debs.new" && apt-get "${DEBIAN_APT_OPTS[@]}" download "linux-image-$arch" "$kpkg" busybox-static >&2)
  rm -rf "$debs" "$cache/apt"
  mv "$debs.new" "$debs"
}

have_debs() {
  compgen -G "$debs/linux-image-${arch}_*.deb" >/dev/null &&
  compgen -G "$debs/linux-image-[0-9]*.deb" >/dev/null &&
  compgen -G "$debs/busybox-static_*.deb" >/dev/null
}

if ((refresh)) || ! have_debs; then
  fetch_debs
else
  log "using cached debs in $debs"
fi

first() { [[ -e $1 ]] && echo "$1"; }
kdeb=$(first "$debs"/linux-image-[0-9]*.deb)
bdeb=$(first "$debs"/busybox-static_*.deb)

work=$cache/work
rm -rf "$work"
mkdir -p "$work/kernel" "$work/busybox" "$work/root"
dpkg-deb -x "$kdeb" "$work/kernel"
dpkg-deb -x "$bdeb" "$work/busybox"

# Debian's /boot/vmlinu[xz]-* is an uncompressed Image with an EFI stub for riscv64 (trixie) and
# arm64 (bookworm, trixie); a gzip'ed one (other releases) is unpacked.
vmlinuz=$(first "$work"/kernel/boot/vmlinu[xz]-* || true)
[[ -n $vmlinuz ]] || { log "no /boot/vmlinu[xz]-* in $kdeb"; exit 1; }
if [[ $(head -c2 "$vmlinuz" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
  gzip -dc "$vmlinuz" >"$cache/Image.tmp"
else
  cp "$vmlinuz" "$cache/Image.tmp"
fi
magic=$(dd if="$cache/Image.tmp" bs=1 skip="$magic_off" count=${#magic_want} status=none)
[[ $magic == "$magic_want" ]] || { log "$vmlinuz is not an $arch Image (magic '$magic')"; exit 1; }
kver=${vmlinuz##*/vmlinu[xz]-}
mv "$cache/Image.tmp" "$cache/Image"

# --- initramfs ---
r=$work/root
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,mnt,lib/modules}
bb=""
for c in usr/bin/busybox bin/busybox; do [[ -f $work/busybox/$c ]] && bb=$work/busybox/$c && break; done
[[ -n $bb ]] || { log "no busybox binary in $bdeb"; exit 1; }
install -m 0755 "$bb" "$r/bin/busybox"
# sh must exist before /init can run (its #! line); the rest come from busybox --install -s.
ln -s busybox "$r/bin/sh"
install -m 0755 "$initramfs_src/init" "$r/init"
install -m 0644 "$initramfs_src/profile" "$r/etc/profile"
# Debian's busybox looks for udhcpc's hook in /etc/udhcpc (upstream: /usr/share/udhcpc).
install -D -m 0755 "$initramfs_src/udhcpc.script" "$r/etc/udhcpc/default.script"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
printf 'root:x:0:\n' >"$r/etc/group"

# Modules: index every .ko by its module name (dashes and underscores are the same name), then
# walk the depends= fields of the wanted ones and emit them dependencies first.
moddir=$work/kernel/usr/lib/modules/$kver   # merged /usr (trixie)
[[ -d $moddir ]] || moddir=$work/kernel/lib/modules/$kver
declare -A ko_path=() visited=()
while IFS= read -r -d '' ko; do
  n=${ko##*/}; n=${n%%.ko*}; n=${n//-/_}
  ko_path[$n]=$ko
done < <(find "$moddir" -name '*.ko*' -print0)

builtin_mod() {
  [[ -f $moddir/modules.builtin ]] &&
    sed 's#.*/##; s#\.ko$##; s#-#_#g' "$moddir/modules.builtin" | grep -qx "$1"
}

order=()
visit() {
  local m=$1 d
  [[ -n ${visited[$m]:-} ]] && return
  visited[$m]=1
  if [[ -z ${ko_path[$m]:-} ]]; then
    builtin_mod "$m" && return
    log "module $m: neither a .ko nor built in"; exit 1
  fi
  local ko=${ko_path[$m]} plain=$work/mod.ko
  case $ko in
    *.ko.xz) xz -dc "$ko" >"$plain" ;;
    *.ko.zst) zstd -qdc "$ko" >"$plain" ;;
    *.ko.gz) gzip -dc "$ko" >"$plain" ;;
    *) cp "$ko" "$plain" ;;
  esac
  local deps
  deps=$(tr '\0' '\n' <"$plain" | sed -n 's/^depends=//p' | head -n1)
  mv "$plain" "$r/lib/modules/$m.ko"
  for d in ${deps//,/ }; do visit "${d//-/_}"; done
  order+=("$m")
}
for m in "${modules[@]}"; do visit "$m"; done
printf '%s\n' "${order[@]}" >"$r/lib/modules/load-order"
log "modules (load order): ${order[*]}"

# One newc entry, header fields as the kernel's initramfs parser reads them
# (Documentation/driver-api/early-userspace/buffer-format.rst): name padded so that header+name
# is a multiple of 4; no data follows for the entries written here.
newc_entry() { # name mode(octal) rdevmajor rdevminor
  local name=$1 namesize=$((${#1} + 1))
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    0 "$((8#$2))" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
  printf '%s\0' "$name"
  head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}
# The kernel opens /dev/console for /init before anything mounts devtmpfs, so the archive must
# carry the node; a second archive appended to the first creates it without mknod (no root).
console_archive() {
  newc_entry dev/console 020600 5 1
  newc_entry TRAILER!!! 0 0 0
}

{ (cd "$r" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet)
  console_archive
} | gzip -9n >"$cache/initramfs.cpio.gz.tmp"
mv "$cache/initramfs.cpio.gz.tmp" "$cache/initramfs.cpio.gz"

{
  echo "# tern guest image: Debian $suite $arch ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo "kernel_release $kver"
  for deb in "$debs"/*.deb; do
    printf 'package %s %s %s sha256:%s\n' "$(dpkg-deb -f "$deb" Package)" \
      "$(dpkg-deb -f "$deb" Version)" "${deb##*/}" "$(sha256sum "$deb" | cut -d' ' -f1)"
  done
  echo "modules ${order[*]}"
  printf 'output %s sha256:%s\n' Image "$(sha256sum "$cache/Image" | cut -d' ' -f1)"
  printf 'output %s sha256:%s\n' initramfs.cpio.gz \
    "$(sha256sum "$cache/initramfs.cpio.gz" | cut -d' ' -f1)"
  [[ -z $firmware ]] ||
    echo "firmware $firmware (host package opensbi $(dpkg-query -W -f='${Version}' opensbi))"
} >"$cache/manifest.txt"
rm -rf "$work"
log "done: $cache/Image $cache/initramfs.cpio.gz (manifest.txt${firmware:+; firmware $firmware})"
