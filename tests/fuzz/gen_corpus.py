#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/seed-*): a handful of
small well-formed inputs each, in the input formats documented at the top of each fuzz_*.c and
virtio_fuzz.h. Other files (crash-*: inputs that once crashed, kept as regression tests;
min-*: small inputs picked from long runs) are left alone. Run from anywhere:
tests/fuzz/gen_corpus.py"""
import gzip
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def desc(addr, length, flags=0, nxt=0):
    return struct.pack("<QIHH", addr, length, flags, nxt)


NEXT, WRITE, INDIRECT = 1, 2, 4

# ---- virtqueue (fuzz_virtqueue.c) ----


def vq_poke(addr, data):
    out = b""
    for i in range(0, len(data), 255):
        chunk = data[i:i + 255]
        out += bytes([5]) + struct.pack("<HB", addr + i, len(chunk)) + chunk
    return out


def vq_input(log2, flags, descs, heads, ops, table_addr=0x0, avail=0x100, used=0x200,
             extra=b""):
    hdr = bytes([log2 | flags]) + struct.pack("<HHH", table_addr, avail, used) + struct.pack("<H", 0)
    avail_ring = struct.pack("<HH", 0, len(heads)) + b"".join(struct.pack("<H", h) for h in heads)
    return hdr + vq_poke(table_addr, b"".join(descs)) + vq_poke(avail, avail_ring) + extra + ops


POP, PUSH, UNPOP, READ, WRITE_OP, NOTIFY, BREAK = 0, 1, 2, 3, 4, 6, 7


def push(i, n):
    return bytes([PUSH, i]) + struct.pack("<I", n)


def rw(op, i, off, n):
    return bytes([op, i]) + struct.pack("<HH", off, n)


def gen_virtqueue():
    t = "virtqueue"
    write(t, "simple", vq_input(3, 0, [desc(0x1000, 16, NEXT, 1), desc(0x2000, 64, WRITE)], [0],
                                bytes([POP]) + rw(READ, 0, 0, 16) + rw(WRITE_OP, 0, 0, 64) +
                                push(0, 64) + bytes([NOTIFY])))
    itab = desc(0x1000, 8, NEXT, 1) + desc(0x1100, 8, NEXT, 2) + desc(0x2000, 32, WRITE)
    write(t, "indirect", vq_input(3, 16 | 64, [desc(0x3000, 48, INDIRECT)], [0],
                                  bytes([POP]) + rw(WRITE_OP, 0, 4, 40) + push(0, 32) +
                                  bytes([NOTIFY]), extra=vq_poke(0x3000, itab)))
    write(t, "event-idx", vq_input(2, 32, [desc(0x1000, 4), desc(0x1100, 4, WRITE)], [0, 1],
                                   bytes([POP, POP]) + push(1, 4) + bytes([NOTIFY]) +
                                   push(0, 0) + bytes([NOTIFY, POP])))
    write(t, "second-region", vq_input(3, 0, [desc(0x9000, 0x800, NEXT, 1),
                                              desc(0x9800, 0x800, WRITE)], [0],
                                       bytes([POP]) + rw(READ, 0, 0x7f0, 0x20) + push(0, 0x800)))
    write(t, "loop", vq_input(3, 0, [desc(0x1000, 4, NEXT, 1), desc(0x1000, 4, NEXT, 0)], [0],
                              bytes([POP, POP])))
    write(t, "unpop", vq_input(3, 0, [desc(0x1000, 4), desc(0x1100, 4)], [0, 1],
                               bytes([POP, UNPOP, POP, POP]) + push(0, 0) + push(0, 0)))
    write(t, "to-device", vq_input(3, 0, [desc(0x7ff0, 0x20)], [0], bytes([POP])))
    write(t, "wrap", vq_input(0, 0, [desc(0x1000, 4)], [0],
                              bytes([POP]) + push(0, 0) +
                              vq_poke(0x102, struct.pack("<H", 2)) + bytes([POP]) + push(0, 1)))

# ---- virtio devices (virtio_fuzz.h) ----


ALL_FEATURES = 0xffffffffffffffff
Q0 = (0x0000, 0x0400, 0x0800)
Q1 = (0x1000, 0x1400, 0x1800)


def dev_poke(addr, data):
    out = b""
    for i in range(0, len(data), 255):
        chunk = data[i:i + 255]
        out += bytes([2]) + struct.pack("<HB", addr + i, len(chunk)) + chunk
    return out


def dev_header(log2=4, flags=0, features=ALL_FEATURES):
    return (bytes([log2 | flags]) + struct.pack("<Q", features) +
            struct.pack("<HHH", *Q0) + struct.pack("<HHH", *Q1) + struct.pack("<H", 0))


def chains(q, chain_list, start_idx=0):
    """chain_list: list of lists of (addr, len, write). Lays descriptors out consecutively;
    returns the pokes that write the table and the avail ring (idx = start + count)."""
    table, heads, i = b"", [], 0
    for c in chain_list:
        heads.append(i)
        for k, (a, n, w) in enumerate(c):
            last = k == len(c) - 1
            table += desc(a, n, (WRITE if w else 0) | (0 if last else NEXT), 0 if last else i + 1)
            i += 1
    qd, qa, _ = q
    ring = struct.pack("<HH", 0, start_idx + len(heads))
    ring += b"".join(struct.pack("<H", h) for h in heads)
    return dev_poke(qd, table) + dev_poke(qa, ring)


def notify(q):
    return bytes([q << 3])


DRAIN = bytes([1])


def host_input(data):
    return bytes([5]) + struct.pack("<H", len(data)) + data


def blk_req(slot, typ, sector, data_len, dev_writes):
    hdr = 0x2000 + 16 * slot
    status = 0x2800 + slot
    data = 0x3000 + 0x400 * slot
    pokes = dev_poke(hdr, struct.pack("<IIQ", typ, 0, sector))
    c = [(hdr, 16, False)]
    if data_len:
        c.append((data, data_len, dev_writes))
    c.append((status, 1, True))
    return pokes, c


def gen_virtio_blk():
    t = "virtio_blk"
    reqs = [("read", 0, 1, 512, True), ("write", 1, 2, 512, False), ("flush", 4, 0, 0, False),
            ("get-id", 8, 0, 20, True), ("unknown", 99, 0, 0, False)]
    for name, typ, sector, n, w in reqs:
        p, c = blk_req(0, typ, sector, n, w)
        write(t, name, dev_header() + p + chains(Q0, [c]) + notify(0) + DRAIN)
    # discard and write-zeroes carry segments (sector u64, num_sectors u32, flags u32)
    for name, typ in (("discard", 11), ("write-zeroes", 13)):
        p, c = blk_req(0, typ, 0, 16, False)
        seg = dev_poke(0x3000, struct.pack("<QII", 4, 8, 1))
        write(t, name, dev_header() + p + seg + chains(Q0, [c]) + notify(0) + DRAIN)
    p0, c0 = blk_req(0, 0, 0, 1024, True)
    p1, c1 = blk_req(1, 1, 8, 1024, False)
    write(t, "two-in-flight", dev_header() + p0 + p1 + chains(Q0, [c0, c1]) + notify(0) + DRAIN)
    p, c = blk_req(0, 1, 1, 512, False)
    write(t, "read-only-write", dev_header(flags=1 << 5) + p + chains(Q0, [c]) + notify(0))
    write(t, "snapshot-write", dev_header(flags=2 << 5) + p + chains(Q0, [c]) + notify(0) + DRAIN)
    write(t, "past-end", dev_header() + blk_req(0, 0, 200, 512, True)[0] +
          chains(Q0, [blk_req(0, 0, 200, 512, True)[1]]) + notify(0) + DRAIN)
    write(t, "reset-in-flight", dev_header() + p0 + chains(Q0, [c0]) + notify(0) + bytes([6]) +
          DRAIN)


ETH = bytes.fromhex("ffffffffffff525400123456" "0806") + bytes(46)


def gen_virtio_net():
    t = "virtio_net"
    hdr = bytes(12)
    tx = dev_poke(0x2000, hdr + ETH) + chains(Q1, [[(0x2000, 12, False), (0x200c, 60, False)]])
    write(t, "tx", dev_header() + tx + notify(1) + DRAIN)
    write(t, "tx-one-desc", dev_header() + dev_poke(0x2000, hdr + ETH) +
          chains(Q1, [[(0x2000, 72, False)]]) + notify(1))
    write(t, "tx-backend-full", dev_header() + bytes([7]) + tx + notify(1) + DRAIN +
          bytes([7]) + DRAIN)
    rx = chains(Q0, [[(0x4000, 1526, True)], [(0x4800, 1526, True)]])
    write(t, "rx", dev_header() + rx + notify(0) + host_input(ETH) + DRAIN)
    small = chains(Q0, [[(0x4000, 32, True)], [(0x4100, 32, True)], [(0x4200, 32, True)]])
    write(t, "rx-mergeable", dev_header() + small + notify(0) + host_input(ETH) + DRAIN)
    write(t, "rx-no-mrg", dev_header(features=1 << 32 | 1 << 5) + small + notify(0) +
          host_input(ETH) + DRAIN)
    write(t, "rx-before-buffers", dev_header() + host_input(ETH) + rx + notify(0) + DRAIN)


def gen_virtio_console():
    t = "virtio_console"
    write(t, "tx", dev_header() + dev_poke(0x2000, b"hello\n") +
          chains(Q1, [[(0x2000, 6, False)]]) + notify(1) + DRAIN)
    rx = chains(Q0, [[(0x3000, 8, True)], [(0x3100, 8, True)]])
    write(t, "rx", dev_header() + rx + notify(0) + host_input(b"typed input, longer than one") +
          DRAIN)
    write(t, "input-first", dev_header() + host_input(b"ls\n") + rx + notify(0) + DRAIN)
    write(t, "tx-chain", dev_header() + dev_poke(0x2000, b"abcdefgh") +
          chains(Q1, [[(0x2000, 4, False), (0x2004, 4, False)]]) + notify(1))
    write(t, "config-read", dev_header() + bytes([4]) + struct.pack("<HB", 0x100, 2) +
          bytes([4]) + struct.pack("<HB", 0x104, 3))


def gen_virtio_rng():
    t = "virtio_rng"
    write(t, "one", dev_header() + chains(Q0, [[(0x2000, 64, True)]]) + notify(0) + DRAIN)
    write(t, "two-seg", dev_header() + chains(Q0, [[(0x2000, 16, True), (0x2100, 16, True)]]) +
          notify(0))
    write(t, "readable", dev_header() + chains(Q0, [[(0x2000, 16, False)]]) + notify(0))
    write(t, "indirect", dev_header() + dev_poke(0x3000, desc(0x2000, 32, WRITE)) +
          dev_poke(Q0[0], desc(0x3000, 16, INDIRECT)) +
          dev_poke(Q0[1], struct.pack("<HHH", 0, 1, 0)) + notify(0))
    # Registers only: the driver's own init sequence through op 3 (register writes).
    regs = b"".join(bytes([3, off // 4]) + struct.pack("<I", v) for off, v in
                    [(0x70, 0), (0x70, 1), (0x70, 3), (0x24, 1), (0x20, 1), (0x70, 0xb),
                     (0x30, 0), (0x38, 8), (0x80, 0), (0x90, 0x400), (0xa0, 0x800), (0x44, 1),
                     (0x70, 0xf)])
    write(t, "raw-registers", bytes([4 | 16]) + bytes(8) + bytes(12) + bytes(2) + regs +
          chains(Q0, [[(0x2000, 8, True)]]) + notify(0))

# ---- loader ----


def elf(entry=0x80000000, paddr=0x80000000, code=b"\x13\x00\x00\x00" * 4, symbols=True,
        memsz_extra=16):
    ehsize, phsize = 64, 56
    phoff = ehsize
    code_off = phoff + phsize
    strtab = b"\0_start\0tohost\0"
    syms = bytes(24)
    syms += struct.pack("<IBBHQQ", 1, 0x12, 0, 1, entry, 4)
    syms += struct.pack("<IBBHQQ", 8, 0x11, 0, 1, paddr + 0x100, 8)
    sym_off = code_off + len(code)
    str_off = sym_off + len(syms)
    sh_off = str_off + len(strtab)
    shnum = 3 if symbols else 0
    eh = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    eh += struct.pack("<HHIQQQIHHHHHH", 2, 243, 1, entry, phoff, sh_off if symbols else 0, 0,
                      ehsize, phsize, 1, 64, shnum, 0)
    ph = struct.pack("<IIQQQQQQ", 1, 5, code_off, paddr, paddr, len(code),
                     len(code) + memsz_extra, 4096)
    out = eh + ph + code
    if symbols:
        out += syms + strtab
        sh = bytes(64)
        sh += struct.pack("<IIQQQQIIQQ", 0, 2, 0, 0, sym_off, len(syms), 2, 1, 8, 24)
        sh += struct.pack("<IIQQQQIIQQ", 0, 3, 0, 0, str_off, len(strtab), 0, 0, 1, 0)
        out += sh
    return out


def image(text_offset=0x200000 * 0, image_size=0, body=b"\x13\x00\x00\x00" * 8):
    h = struct.pack("<IIQQQIIQ", 0x0000006f, 0, text_offset, image_size, 0, 2, 0, 0)
    h += b"RISCV\0\0\0" + b"RSC\x05" + bytes(4)
    return h + body


def gen_loader():
    t = "loader"
    write(t, "elf", elf())
    write(t, "elf-nosyms", elf(symbols=False))
    write(t, "elf-below-ram", elf(paddr=0x7ffff000, entry=0x80000000,
                                  code=bytes(0x1000) + b"\x13\x00\x00\x00"))
    write(t, "elf-truncated", elf()[:100])
    write(t, "image", image(image_size=0x1000))
    write(t, "image-offset", image(text_offset=0x1000, image_size=0x2000))
    write(t, "raw", b"\x13\x00\x00\x00\x73\x00\x10\x00")
    write(t, "gzip-elf", gzip.compress(elf(), mtime=0))
    write(t, "gzip-image", gzip.compress(image(image_size=0x1000), mtime=0))
    write(t, "gzip-truncated", gzip.compress(image(), mtime=0)[:30])

# ---- dtb (a minimal flattened device tree writer, devicetree spec v0.4 ch. 5) ----


def fdt(nodes):
    """nodes: list of ('begin', name) | ('prop', name, bytes) | ('end',)"""
    strings, struct_blk = b"", b""
    offs = {}
    for n in nodes:
        if n[0] == "begin":
            name = n[1].encode() + b"\0"
            struct_blk += struct.pack(">I", 1) + name + bytes((-len(name)) % 4)
        elif n[0] == "prop":
            key = n[1]
            if key not in offs:
                offs[key] = len(strings)
                strings += key.encode() + b"\0"
            val = n[2]
            struct_blk += struct.pack(">III", 3, len(val), offs[key]) + val + bytes((-len(val)) % 4)
        else:
            struct_blk += struct.pack(">I", 2)
    struct_blk += struct.pack(">I", 9)
    rsv = bytes(16)
    off_rsv = 40
    off_struct = off_rsv + len(rsv)
    off_strings = off_struct + len(struct_blk)
    total = off_strings + len(strings)
    hdr = struct.pack(">10I", 0xd00dfeed, total, off_struct, off_strings, off_rsv, 17, 16, 0,
                      len(strings), len(struct_blk))
    return hdr + rsv + struct_blk + strings


def u32(*v):
    return b"".join(struct.pack(">I", x) for x in v)


def gen_dtb():
    t = "dtb"
    base = [("begin", ""), ("prop", "#address-cells", u32(2)), ("prop", "#size-cells", u32(2)),
            ("prop", "compatible", b"riscv-virtio\0")]
    mem = [("begin", "memory@80000000"), ("prop", "device_type", b"memory\0"),
           ("prop", "reg", u32(0, 0x80000000, 0, 0x8000000)), ("end",)]
    write(t, "minimal", fdt(base + [("end",)]))
    write(t, "memory", fdt(base + mem + [("end",)]))
    write(t, "chosen", fdt(base + [("begin", "chosen"), ("prop", "bootargs", b"console=hvc0\0"),
                                   ("prop", "stdout-path", b"/soc/serial\0"), ("end",)] + mem +
                           [("end",)]))
    cpus = [("begin", "cpus"), ("prop", "#address-cells", u32(1)), ("prop", "#size-cells", u32(0)),
            ("begin", "cpu@0"), ("prop", "device_type", b"cpu\0"), ("prop", "reg", u32(0)),
            ("prop", "riscv,isa", b"rv64imafdc\0"), ("end",), ("end",)]
    write(t, "cpus", fdt(base + cpus + mem + [("end",)]))
    write(t, "truncated", fdt(base + mem + [("end",)])[:60])

# ---- gdbstub ----


def pkt(s):
    b = s.encode("latin-1") if isinstance(s, str) else s
    return b"$" + b + b"#" + ("%02x" % (sum(b) & 0xff)).encode()


def gen_gdbstub():
    t = "gdbstub"
    write(t, "handshake", b"\0+" + pkt("qSupported:multiprocess+;swbreak+;xmlRegisters=riscv") +
          b"+" + pkt("?") + pkt("qfThreadInfo") + pkt("qsThreadInfo") + pkt("Hg0") +
          pkt("qXfer:features:read:target.xml:0,ffb"))
    write(t, "registers", b"\0" + pkt("g") + pkt("p20") + pkt("P1=0100000000000000") +
          pkt("p41") + pkt("G" + "00" * 8 * 33))
    write(t, "memory", b"\0" + pkt("m80000000,10") + pkt("M80000000,4:13000000") +
          pkt("m10000000,8") + pkt(b"X80000010,4:\x7d\x03\x7d\x04ab") + pkt("m0,4"))
    write(t, "breakpoints", b"\0" + pkt("Z0,80000004,4") + pkt("z0,80000004,4") +
          pkt("Z1,80000000,4") + pkt("vCont?") + pkt("vCont;s:1") + b"\x03" + pkt("c"))
    write(t, "run-control", b"\0" + pkt("s") + pkt("?") + pkt("T1") + pkt("D") + pkt("k"))
    write(t, "bad-checksum", b"\x01$g#00-$m80000000,4#00")

# ---- monitor ----


def gen_monitor():
    t = "monitor"
    write(t, "info", b"\0info registers\ninfo mtree\ninfo jit\ninfo status\ninfo cpus\nhelp")
    write(t, "x", b"\0xp /4xw 0x80000000\nxp/2xg 0x80000000\nx /3i $pc\nx/s 0x80000000\n"
          b"xp /10xb 0x10000000\nx/2c $sp+8")
    write(t, "control", b"\0stop\ninfo status\ncont\ncpu 0\nsystem_reset\nquit")
    write(t, "editor", b"\x01info reg\x7f\x7fgisters\rx\x1b[D\x1b[C/4xw 0x80000000\r\x1b[A\r"
          b"\x1b[B\x15xp 0\r")
    write(t, "errors", b"\0x /0xq 0\nxp\nfoo\ncpu 7\ninfo\ninfo nothing\nx /4xw $bogus")

# ---- options ----


def argv(*a):
    return b"\0".join(x.encode() for x in a)


def gen_options():
    t = "options"
    write(t, "virt", argv("-machine", "virt", "-m", "256M", "-smp", "2", "-bios", "default",
                          "-kernel", "Image", "-append", "console=ttyS0", "-initrd", "initrd.gz",
                          "-nographic"))
    write(t, "drives", argv("-drive", "file=disk.img,format=raw,if=virtio,readonly=on",
                            "-drive", "file=b.img,if=none,id=d1,snapshot=on",
                            "-device", "virtio-blk-device,drive=d1", "-snapshot"))
    write(t, "net", argv("-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:2222-:22",
                         "-device", "virtio-net-device,netdev=n0", "-nic",
                         "user,mac=52:54:00:12:34:57"))
    write(t, "misc", argv("-accel", "tcg,tb-size=32", "-d", "in_asm,guest_errors", "-D",
                          "log.txt", "-serial", "mon:stdio", "-chardev", "stdio,id=c0",
                          "-gdb", "tcp::1234", "-S", "-dtb", "x.dtb", "-no-reboot"))
    write(t, "help", argv("-machine", "help"))
    write(t, "bad", argv("-m", "", "-smp", "0", "-machine", "virt,aclint=on,dumpdtb=",
                         "--bogus"))


def main():
    for gen in (gen_virtqueue, gen_virtio_blk, gen_virtio_net, gen_virtio_console,
                gen_virtio_rng, gen_loader, gen_dtb, gen_gdbstub, gen_monitor, gen_options):
        gen()
    return 0


if __name__ == "__main__":
    sys.exit(main())
