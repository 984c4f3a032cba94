#!/bin/sh
# SPDX-License-Identifier: MIT
# Configures the Debian riscv64 root file system after debootstrap's second stage. Runs inside
# the guest, chrooted into /dev/vda, from the rootfs initramfs in tern.rootfs=setup mode
# (scripts/make-debian-rootfs.sh copies it to /root/tern-setup.sh). Accounts and networking are
# documented in docs/debian-rootfs.md.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C
say() { echo "tern-setup: $*"; }

echo tern-rootfs >/etc/hostname
cat >/etc/hosts <<'EOF'
127.0.0.1	localhost
127.0.1.1	tern-rootfs
::1		localhost ip6-localhost ip6-loopback
EOF

# The image is exactly one ext4 file system on the whole virtio disk.
cat >/etc/fstab <<'EOF'
# <file system>	<mount point>	<type>	<options>		<dump>	<pass>
/dev/vda	/		ext4	errors=remount-ro	0	1
EOF

# Accounts: root/root on the console only (sshd refuses root), tern/tern with sudo.
echo 'root:root' | chpasswd
id tern >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo tern
echo 'tern:tern' | chpasswd
install -d -m 0700 -o tern -g tern /home/tern/.ssh
if [ -s /root/tern-authorized_keys ]; then
  install -m 0600 -o tern -g tern /root/tern-authorized_keys /home/tern/.ssh/authorized_keys
  rm -f /root/tern-authorized_keys
fi

cat >/etc/ssh/sshd_config.d/tern.conf <<'EOF'
# tern test image: password and key logins for ordinary users, none for root.
PermitRootLogin no
PasswordAuthentication yes
PubkeyAuthentication yes
EOF

# Network: systemd-networkd (part of the systemd package), DHCP on every Ethernet interface.
# virtio-net on virtio-mmio has no PCI slot for predictable naming, so the NIC is eth0.
cat >/etc/systemd/network/20-wired.network <<'EOF'
[Match]
Type=ether

[Network]
DHCP=yes
EOF
# No systemd-resolved: user-mode networking's DNS relay is at 10.0.2.3.
rm -f /etc/resolv.conf
echo 'nameserver 10.0.2.3' >/etc/resolv.conf
systemctl enable systemd-networkd.service
systemctl enable ssh.service 2>/dev/null || true
# Nothing here needs the network to be up before it starts; do not wait for it.
systemctl mask systemd-networkd-wait-online.service

# A machine id now, so the first boot is not a "first boot" (no systemd-firstboot prompts).
rm -f /etc/machine-id
systemd-machine-id-setup

# Module dependencies for the kernel modules the host copied into /lib/modules.
for d in /lib/modules/*/; do
  [ -d "$d/kernel" ] || continue
  v=${d%/}; v=${v##*/}
  depmod -a "$v"
  say "depmod $v: $(wc -l <"/lib/modules/$v/modules.dep") modules"
done

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
say "done"
