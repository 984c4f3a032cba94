#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots the Debian riscv64 root file system (scripts/make-debian-rootfs.sh) under tern or
# qemu-system-riscv64 with systemd, waits for the serial login prompt, logs in over ssh through
# user-mode networking (key, then password), powers the guest off from inside and checks that
# the file system is clean. Boots a sparse copy, so the built image stays pristine.
# usage: rootfs_test.sh [--emulator tern|qemu] [--tern PATH] [--image IMG] [--port N]
#                       [--smp N] [--log FILE] [--timeout S]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
emulator=tern
tern_bin=""
image=$root/.cache/debian-riscv64-rootfs/rootfs.img
port=""
smp=2
log=""
timeout_login=1800
while (($#)); do
  case $1 in
    --emulator) emulator=${2:?}; shift 2 ;;
    --tern) tern_bin=${2:?}; shift 2 ;;
    --image) image=${2:?}; shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --smp) smp=${2:?}; shift 2 ;;
    --log) log=${2:?}; shift 2 ;;
    --timeout) timeout_login=${2:?}; shift 2 ;;
    *) echo "rootfs_test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
say() { echo "rootfs_test ($emulator): $*"; }
fail() { say "FAIL: $*"; exit 1; }

if [[ -z $tern_bin ]]; then
  tern_bin=$root/build/tern
  [[ -x $tern_bin ]] || tern_bin=$(command -v tern || true)
fi
case $emulator in
  tern) [[ -x $tern_bin ]] || fail "no tern binary (--tern PATH)"; port=${port:-2222} ;;
  qemu) command -v qemu-system-riscv64 >/dev/null || fail "no qemu-system-riscv64"
        port=${port:-2223} ;;
  *) fail "--emulator must be tern or qemu" ;;
esac

# The image is built (on tern, unless tern is missing) when it is not there yet.
if [[ ! -s $image ]]; then
  say "building $image"
  args=(--out "$image")
  [[ -x $tern_bin ]] && args+=(--tern "$tern_bin") || args+=(--emulator qemu)
  "$root/scripts/make-debian-rootfs.sh" "${args[@]}"
fi
idir=$(dirname "$image")
kernel=$root/.cache/debian-riscv64/Image
initrd=$idir/initramfs.cpio.gz
key=$idir/id_ed25519
for f in "$kernel" "$initrd" "$key"; do [[ -s $f ]] || fail "missing $f"; done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tern-rootfs.XXXXXX")
[[ -n $log ]] || log=$tmp/console.log
: >"$log"
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
disk=$tmp/disk.img
cp --sparse=always "$image" "$disk"

append="root=/dev/vda rw console=ttyS0"
case $emulator in
  tern) cmd=("$tern_bin" -machine virt -m 1G -smp "$smp" -nographic -bios default
             -kernel "$kernel" -initrd "$initrd" -append "$append"
             -drive "file=$disk,format=raw,if=virtio" -nic "user,hostfwd=tcp:127.0.0.1:$port-:22") ;;
  qemu) cmd=(qemu-system-riscv64 -machine virt -m 1G -smp "$smp" -nographic
             -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
             -kernel "$kernel" -initrd "$initrd" -append "$append"
             -drive "file=$disk,format=raw,if=virtio"
             -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device "virtio-net-device,netdev=n0") ;;
esac

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)
"${cmd[@]}" </dev/null >"$log" 2>&1 &
pid=$!
say "booting (pid $pid, console log $log, ssh port $port)"

alive() { kill -0 "$pid" 2>/dev/null; }
broken() { grep -aE 'Kernel panic|Oops|BUG:|Unable to handle kernel' "$log" | head -n 5; }

# Wall-clock times at which boot milestones first appear on the console (1 s resolution):
# where the time goes when one emulator is slower than the other.
milestones=('Run /init as init process' 'EXT4-fs (vda): mounted'
            'running in system mode' 'Reached target.*sysinit.target'
            'Reached target.*multi-user.target')
declare -A seen_at=()
note_milestones() {
  local m
  for m in "${milestones[@]}"; do
    [[ -n ${seen_at[$m]:-} ]] && continue
    grep -aq -- "$m" "$log" && seen_at[$m]=$(since "$t0")
  done
  return 0
}

# 1. The serial getty's prompt, printed once systemd has started the console getty.
while note_milestones; ! grep -aq 'tern-rootfs login:' "$log"; do
  alive || { tail -n 30 "$log"; fail "emulator exited before the login prompt"; }
  [[ -z $(broken) ]] || { broken; tail -n 30 "$log"; fail "kernel error before the login prompt"; }
  if (($(printf '%.0f' "$(since "$t0")") > timeout_login)); then
    tail -n 30 "$log"; fail "no login prompt after $timeout_login s"
  fi
  sleep 1
done
t_login=$(since "$t0")
for m in "${milestones[@]}"; do
  printf '  %6s s  %s\n' "${seen_at[$m]:--}" "$m"
done
say "login prompt after $t_login s"

# 2. ssh with the image's key pair (sshd may start a little after the getty).
ssh_opts=(-p "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
          -o LogLevel=ERROR -o ConnectTimeout=30 -o ServerAliveInterval=15)
out=""
for _ in $(seq 1 30); do
  if out=$(timeout 180 ssh "${ssh_opts[@]}" -o BatchMode=yes -o IdentitiesOnly=yes -i "$key" \
             tern@127.0.0.1 'uname -a; id -un; hostname' 2>&1); then
    break
  fi
  out=""
  alive || fail "emulator exited while waiting for ssh"
  sleep 5
done
[[ -n $out ]] || fail "ssh with the key never succeeded"
t_ssh=$(since "$t0")
echo "$out" | sed 's/^/  guest: /'
echo "$out" | head -n1 | grep -q 'riscv64' || fail "uname -a did not say riscv64"
echo "$out" | sed -n 2p | grep -qx tern || fail "logged in as someone else than tern"
say "ssh (key) after $t_ssh s"

# 3. Password login, when sshpass is installed.
if command -v sshpass >/dev/null; then
  pw=$(timeout 180 sshpass -p tern ssh "${ssh_opts[@]}" -o PubkeyAuthentication=no \
         tern@127.0.0.1 'id -un' 2>&1) || fail "password login failed: $pw"
  [[ $pw == tern ]] || fail "password login answered '$pw'"
  say "ssh (password) ok"
fi

# 4. Power off from inside, as the system would be shut down normally.
t_off=$(now)
timeout 180 ssh "${ssh_opts[@]}" -o BatchMode=yes -o IdentitiesOnly=yes -i "$key" \
  tern@127.0.0.1 'echo tern | sudo -S -p "" systemctl poweroff' >/dev/null 2>&1 || true
for _ in $(seq 1 300); do alive || break; sleep 1; done
alive && { tail -n 30 "$log"; fail "guest did not power off within 300 s"; }
wait "$pid" || true
pid=""
t_off=$(since "$t_off")
say "powered off in $t_off s"

failed_units=$(grep -a 'FAILED' "$log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u || true)
[[ -n $(broken) ]] && { broken; fail "kernel error in the console log"; }
grep -aq 'reboot: Power down' "$log" || fail "no 'reboot: Power down' from the kernel"

# 5. The file system the guest used must be clean after the shutdown.
fsck_out=$(e2fsck -fn "$disk" 2>&1) || { echo "$fsck_out"; fail "e2fsck -fn found problems"; }
say "e2fsck -fn clean"
if [[ -n $failed_units ]]; then
  say "systemd reported failures:"
  echo "$failed_units" | sed 's/^/  /'
fi
say "PASS: login prompt ${t_login} s, ssh ${t_ssh} s, poweroff ${t_off} s"
