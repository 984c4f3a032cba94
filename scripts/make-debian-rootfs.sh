#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds a bootable Debian trixie riscv64 root file system image (ext4 on the whole disk, for
# -drive file=IMG,format=raw,if=virtio) and the initramfs that mounts it. Host side:
# debootstrap --foreign, the kernel's modules, mke2fs -d (no mount, no loop device). Guest side:
# tern (or qemu) boots the image and runs the second stage and the configuration. See
# docs/debian-rootfs.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
kcache=$root/.cache/debian-riscv64
out=$root/.cache/debian-riscv64-rootfs/rootfs.img
size=4G
suite=trixie
emulator=tern
tern_bin=""
# One hart: on tern a second hart made the second stage slower, not faster (302 s vs 324 s).
smp=1
force=0
keep=0
# systemd-networkd (in the systemd package) does DHCP, so no ifupdown or DHCP client.
include=systemd,systemd-sysv,udev,kmod,dbus,libpam-systemd,openssh-server,sudo,iproute2
# Modules the initramfs loads (with their dependencies) to mount an ext4 root on virtio-blk.
# crc32c_generic: ext4's metadata checksums reach it through the crypto API (no depends=).
initrd_modules=(virtio_mmio virtio_blk crc32c_generic ext4)
fw_dynamic=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

usage() {
  cat <<EOF
usage: $0 [--size SIZE] [--out IMG] [--emulator tern|qemu] [--tern PATH] [--smp N]
          [--force] [--keep-dir]
  --size SIZE      image size for mke2fs (default $size)
  --out IMG        image path (default $out); the initramfs, ssh key pair, console log
                   and manifest go next to it
  --emulator E     run the second stage on tern (default) or qemu-system-riscv64
  --tern PATH      tern binary (default: build/tern, else tern on PATH)
  --smp N          harts for the second stage (default $smp)
  --force          rebuild even if IMG exists
  --keep-dir       keep the debootstrap directory (work/root next to IMG)
Environment: TERN_DEBIAN_MIRROR overrides the mirror URI otherwise copied from the host's
apt sources.
EOF
}

while (($#)); do
  case $1 in
    --size) size=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --emulator) emulator=${2:?}; shift 2 ;;
    --tern) tern_bin=${2:?}; shift 2 ;;
    --smp) smp=${2:?}; shift 2 ;;
    --force) force=1; shift ;;
    --keep-dir) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
log() { echo "make-debian-rootfs: $*" >&2; }
die() { log "$*"; exit 1; }

outdir=$(dirname "$out")
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
out=$outdir/$(basename "$out")
if [[ -s $out && $force == 0 ]]; then
  log "$out exists (--force rebuilds)"
  exit 0
fi

sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"

# --- host tools (installed by scripts/deps.sh; this script installs nothing) ---
for p in debootstrap e2fsprogs xz-utils cpio gzip openssh-client; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    die "missing host package $p (run scripts/deps.sh)"
done
[[ -r /usr/share/keyrings/debian-archive-keyring.gpg ]] ||
  die "missing the Debian archive keyring (run scripts/deps.sh)"

case $emulator in
  tern)
    if [[ -z $tern_bin ]]; then
      if [[ -x $root/build/tern ]]; then tern_bin=$root/build/tern
      else tern_bin=$(command -v tern || true); fi
    fi
    [[ -n $tern_bin && -x $tern_bin ]] || die "no tern binary (build it or pass --tern)" ;;
  qemu) command -v qemu-system-riscv64 >/dev/null || die "no qemu-system-riscv64" ;;
  *) die "--emulator must be tern or qemu" ;;
esac

# Kernel, busybox and OpenSBI come from the fetch script (a no-op when its cache is current).
"$root/scripts/fetch-debian-riscv64.sh" --cache "$kcache"
first() { [[ -e $1 ]] && echo "$1"; }
kdeb=$(first "$kcache"/debs/linux-image-[0-9]*.deb) || die "no kernel deb in $kcache/debs"
bdeb=$(first "$kcache"/debs/busybox-static_*.deb) || die "no busybox deb in $kcache/debs"
image=$kcache/Image

# shellcheck source=scripts/lib/debian-apt.sh
. "$root/scripts/lib/debian-apt.sh"

work=$outdir/work
dir=$work/root
$sudo rm -rf "$work"
mkdir -p "$work/kernel" "$work/busybox" "$work/initrd" "$outdir/debs"

# --- host side: debootstrap's first stage (downloads and unpacks; nothing runs) ---
uri=$(debian_mirror_uri)
[[ -n $uri ]] || die "no Debian mirror in the host's apt sources; set TERN_DEBIAN_MIRROR"
t_start=$(date +%s)
log "debootstrap --foreign $suite riscv64 from $uri"
$sudo debootstrap --foreign --arch=riscv64 --variant=minbase --include="$include" \
  --cache-dir="$outdir/debs" --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  "$suite" "$dir" "$uri" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap first stage failed"; }
t_first=$(date +%s)
log "first stage: $((t_first - t_start)) s, $(ls "$dir"/var/cache/apt/archives/*.deb | wc -l) packages"

# The kernel's modules, so the installed system can load virtio and ext4 drivers itself.
dpkg-deb -x "$kdeb" "$work/kernel"
moddir=$(first "$work"/kernel/usr/lib/modules/* || first "$work"/kernel/lib/modules/*) ||
  die "no modules in $kdeb"
kver=${moddir##*/}
$sudo mkdir -p "$dir/lib/modules"   # lib is usr/lib on a merged-/usr system: mkdir follows it
$sudo cp -a "$moddir" "$dir/lib/modules/"

# Guest-side configuration and the test login's public key.
key=$outdir/id_ed25519
[[ -s $key ]] || ssh-keygen -q -t ed25519 -N "" -C "tern-rootfs" -f "$key"
$sudo install -m 0755 "$root/scripts/rootfs-initramfs/tern-setup.sh" "$dir/root/tern-setup.sh"
$sudo install -m 0644 "$key.pub" "$dir/root/tern-authorized_keys"

# --- initramfs: busybox, the block/ext4 modules in dependency order, our /init ---
dpkg-deb -x "$bdeb" "$work/busybox"
r=$work/initrd
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,root,newroot,lib/modules}
bb=$(first "$work/busybox/usr/bin/busybox" || first "$work/busybox/bin/busybox") ||
  die "no busybox in $bdeb"
install -m 0755 "$bb" "$r/bin/busybox"
ln -s busybox "$r/bin/sh"
install -m 0755 "$root/scripts/rootfs-initramfs/init" "$r/init"

# Index every .ko by module name (dashes and underscores are the same), then follow the
# depends= field in each module's .modinfo, emitting dependencies first.
declare -A ko_path=() seen=()
while IFS= read -r -d '' ko; do
  n=${ko##*/}; n=${n%%.ko*}; n=${n//-/_}
  ko_path[$n]=$ko
done < <(find "$moddir" -name '*.ko*' -print0)
order=()
add_module() {
  local m=$1 ko plain deps d
  [[ -n ${seen[$m]:-} ]] && return
  seen[$m]=1
  ko=${ko_path[$m]:-}
  if [[ -z $ko ]]; then
    sed 's#.*/##; s#\.ko$##; s#-#_#g' "$moddir/modules.builtin" 2>/dev/null | grep -qx "$m" &&
      return
    die "module $m: neither a .ko nor built in"
  fi
  plain=$r/lib/modules/$m.ko
  case $ko in
    *.ko.xz) xz -dc "$ko" >"$plain" ;;
    *.ko.zst) zstd -qdc "$ko" >"$plain" ;;
    *.ko.gz) gzip -dc "$ko" >"$plain" ;;
    *) cp "$ko" "$plain" ;;
  esac
  deps=$(tr '\0' '\n' <"$plain" | sed -n 's/^depends=//p' | head -n1)
  for d in ${deps//,/ }; do add_module "${d//-/_}"; done
  order+=("$m")
}
for m in "${initrd_modules[@]}"; do add_module "$m"; done
printf '%s\n' "${order[@]}" >"$r/lib/modules/load-order"
log "initramfs modules (load order): ${order[*]}"

# /dev/console must exist before /init runs; an appended newc archive creates it without mknod
# (Documentation/driver-api/early-userspace/buffer-format.rst: header + name padded to 4).
newc_entry() { # name mode(octal) rdevmajor rdevminor
  local name=$1 namesize=$((${#1} + 1))
  printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    0 "$((8#$2))" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
  printf '%s\0' "$name"
  head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}
initrd=$outdir/initramfs.cpio.gz
{ (cd "$r" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --owner=0:0 --quiet)
  newc_entry dev/console 020600 5 1
  newc_entry TRAILER!!! 0 0 0
} | gzip -9n >"$initrd.tmp"
mv "$initrd.tmp" "$initrd"

# --- the file system, straight from the directory ---
img=$out.tmp
rm -f "$img"
$sudo mke2fs -q -t ext4 -d "$dir" -L root -F "$img" "$size"
[[ -n $sudo ]] && $sudo chown "$(id -u):$(id -g)" "$img"
t_mkfs=$(date +%s)
log "mke2fs: $((t_mkfs - t_first)) s (modules $kver, $(du -sh "$dir" | cut -f1) of files)"

# --- guest side: second stage + configuration, then power off ---
console=$outdir/setup-console.log
append="console=ttyS0 tern.rootfs=setup"
case $emulator in
  tern) cmd=("$tern_bin" -machine virt -m 1G -smp "$smp" -nographic -bios default) ;;
  qemu) cmd=(qemu-system-riscv64 -machine virt -m 1G -smp "$smp" -nographic -bios "$fw_dynamic") ;;
esac
cmd+=(-kernel "$image" -initrd "$initrd" -append "$append"
      -drive "file=$img,format=raw,if=virtio" -no-reboot)
log "second stage on $emulator (-smp $smp); console: $console"
t0=$(date +%s.%N)
rc=0
timeout 3600 "${cmd[@]}" </dev/null >"$console" 2>&1 || rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
log "guest stage: $secs s on $emulator (exit status $rc)"
grep -q '^tern-rootfs: setup: ok' "$console" || {
  tail -n 40 "$console" >&2
  die "guest stage failed (see $console)"
}
grep -q '^tern-setup: done' "$console" || die "configuration did not finish (see $console)"
e2fsck -fn "$img" >"$work/e2fsck.log" 2>&1 ||
  { cat "$work/e2fsck.log" >&2; die "e2fsck -fn found problems in the new image"; }
mv "$img" "$out"

{
  echo "# tern Debian $suite riscv64 root file system ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo "image $out size $size label root"
  echo "initramfs $initrd modules ${order[*]}"
  echo "kernel $image release $kver"
  echo "include $include"
  echo "ssh_key $key (user tern)"
  echo "first_stage_s $((t_first - t_start))"
  echo "guest_stage_s $secs emulator $emulator smp $smp"
} >"$outdir/manifest.txt"
if ((keep)); then log "kept $dir"; else $sudo rm -rf "$work"; fi
log "done: $out ($((t_mkfs - t_start)) s host side, $secs s guest side)"
