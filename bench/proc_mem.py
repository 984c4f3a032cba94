# SPDX-License-Identifier: MIT
"""Host memory of an emulator process, from /proc: status fields (VmHWM, the peak RSS) and the
Rss of its guest-RAM mapping, so benchmarks can report the overhead beyond guest RAM touched."""
import re


def proc_status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def guest_ram_rss_kib(pid, ram_kib):
    """Rss of the emulator's guest-RAM mapping: the most resident anonymous (or memfd) mapping
    of the guest's RAM size (up to 1 % more, for alignment or guard pages). None if there is
    none. The size matters: QEMU's TCG code buffer is another ~1 GiB anonymous mapping (1 GiB
    less one page in 7.2) with hundreds of MiB resident."""
    best, cur = None, None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                    name = head[5] if len(head) > 5 else ""
                    cur = {"anon": name == "" or name.startswith(("/memfd:", "[anon"))}
                elif head and head[0] == "Size:" and cur is not None:
                    cur["size"] = int(head[1])
                elif head and head[0] == "Rss:" and cur is not None:
                    rss = int(head[1])
                    if cur["anon"] and ram_kib <= cur.get("size", 0) <= ram_kib * 1.01 and \
                            (best is None or rss > best):
                        best = rss
    except OSError:
        return None
    return best
