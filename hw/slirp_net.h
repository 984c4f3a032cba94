/* SPDX-License-Identifier: MIT */
/* User-mode networking (QEMU's -netdev user) through libslirp: a NetPeer for virtio-net whose
   slirp instance lives on its own thread (poll loop over slirp's sockets, its timers, frames
   from the guest); every slirp call happens on that thread. Frames for the guest go to
   virtio_net_receive. Defaults as QEMU: network 10.0.2.0/24, host/gateway 10.0.2.2 (the host's
   loopback services), DNS 10.0.2.3, DHCP from 10.0.2.15; IPv6 fec0::/64. */
#ifndef TERN_SLIRP_NET_H
#define TERN_SLIRP_NET_H

#include <stddef.h>

#include "hw/virtio_net.h"

#define SLIRP_NET_MAX_FWD 16
#define SLIRP_NET_TX_MAX 256u            /* guest frames waiting for the slirp thread */

/* opts: QEMU's -netdev user parameters (without type and id), comma separated, may be NULL:
   net=ADDR[/MASK], host=ADDR, dhcpstart=ADDR, dns=ADDR, restrict=on|off, ipv4=on|off,
   ipv6=on|off, hostname=NAME, domainname=NAME, tftp=DIR (read-only TFTP server on the
   host address), bootfile=FILE (DHCP boot file name), tftp-server-name=NAME,
   hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT (repeatable). NULL with a
   message in err on bad options or when a forwarded port cannot be bound. The slirp thread starts with NetPeerOps.start. */
NetPeer *slirp_net_create(const char *opts, char *err, size_t errlen);

#endif
