#!/bin/sh
# SPDX-License-Identifier: MIT
# Console and management plumbing as syzkaller, VM managers and CI farms drive QEMU (issue 10):
# QMP through a real socket (a Python client: greeting, negotiation, each command, events,
# errors), the human monitor on a socket and on stdio, the guest console on -serial tcp:/unix:,
# -chardev socket (server, client, logfile=) and -chardev pty, and the refusals. The guest is a
# bare-metal echo program on -machine virt's UART.
# Usage: qmp_test.sh TERN CASE     (exit 0 pass, 1 fail, 77 skipped)
set -u
tern=$1
case=$2
cc=${RISCV_ELF_GCC:-riscv64-unknown-elf-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

# Prints "ready\n", then echoes every byte it receives; 'q' exits through the test device.
cat >"$tmp/echo.S" <<'EOF'
  .globl _start
_start:
  li s0, 0x10000000
  la a1, msg
1: lbu a0, 0(a1)
  beqz a0, 2f
  sb a0, 0(s0)
  addi a1, a1, 1
  j 1b
2: lbu t0, 5(s0)
  andi t0, t0, 1
  beqz t0, 2b
  lbu a0, 0(s0)
  li t1, 'q'
  beq a0, t1, 3f
  sb a0, 0(s0)
  j 2b
3: li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
4: j 4b
msg: .asciz "ready\n"
EOF
"$cc" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--no-relax \
  -Wl,-Ttext=0x80000000 -o "$tmp/echo.elf" "$tmp/echo.S" || { echo "FAIL: fixture"; exit 1; }

cat >"$tmp/drive.py" <<'EOF'
import json, os, re, socket, subprocess, sys, time

tern, kernel, tmp, case = sys.argv[1:5]
BASE = [tern, "-machine", "virt", "-bios", "none", "-kernel", kernel]
procs = []

def fail(msg, p=None):
    print("FAIL [%s]: %s" % (case, msg))
    for q in procs:
        if q.poll() is None:
            q.kill()
        out, err = q.communicate()
        print("--- stdout:\n%s--- stderr:\n%s" % (out.decode("latin-1")[-2000:],
                                                  err.decode("latin-1")[-2000:]))
    sys.exit(1)

def start(*extra, stdin=subprocess.DEVNULL):
    p = subprocess.Popen(BASE + list(extra), stdin=stdin, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    procs.append(p)
    return p

def finish(p, want=0, secs=10):
    try:
        out, err = p.communicate(timeout=secs)
    except subprocess.TimeoutExpired:
        fail("tern did not exit")
    procs.remove(p)
    if p.returncode != want:
        print("--- stderr:\n" + err.decode("latin-1"))
        fail("exit status %d, expected %d" % (p.returncode, want))
    return out, err

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

def connect(addr, secs=10):
    end = time.time() + secs
    while True:
        for p in procs:
            if p.poll() is not None:
                fail("tern exited (%d) before accepting a connection" % p.returncode)
        s = socket.socket(socket.AF_UNIX if isinstance(addr, str) else socket.AF_INET)
        try:
            s.connect(addr)
            s.settimeout(10)
            return s
        except OSError:
            s.close()
            if time.time() > end:
                fail("cannot connect to %r" % (addr,))
            time.sleep(0.05)

def read_until(s, what, buf=b""):
    end = time.time() + 10
    while what not in buf:
        if time.time() > end:
            fail("timed out waiting for %r; got %r" % (what, buf))
        try:
            d = s.recv(4096)
        except socket.timeout:
            continue
        if not d:
            fail("connection closed waiting for %r; got %r" % (what, buf))
        buf += d
    return buf

class Qmp:
    def __init__(self, sock):
        self.s = sock
        self.f = sock.makefile("rb")
        self.events = []

    def raw(self):
        line = self.f.readline()
        if not line:
            fail("QMP connection closed")
        if not line.endswith(b"\r\n"):
            fail("QMP line not ended by CR LF: %r" % line)
        return json.loads(line)

    def send(self, text):
        self.s.sendall(text.encode() + b"\n")

    def reply(self):
        """The next reply; events before it are kept."""
        while True:
            m = self.raw()
            if "event" in m:
                check_event(m)
                self.events.append(m)
            else:
                return m

    def cmd(self, name, args=None, id=None):
        req = {"execute": name}
        if args is not None:
            req["arguments"] = args
        if id is not None:
            req["id"] = id
        self.send(json.dumps(req))
        r = self.reply()
        if id is not None and r.get("id") != id:
            fail("id not echoed: %r" % r)
        return r

    def ok(self, name, args=None):
        r = self.cmd(name, args, id="t-" + name)
        if "return" not in r:
            fail("%s failed: %r" % (name, r))
        return r["return"]

    def event(self, name):
        end = time.time() + 10
        while True:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            if time.time() > end:
                fail("no %s event" % name)
            m = self.raw()
            if "event" not in m:
                fail("unexpected reply %r waiting for %s" % (m, name))
            check_event(m)
            self.events.append(m)

def check_event(e):
    ts = e.get("timestamp", {})
    if not isinstance(ts.get("seconds"), int) or not isinstance(ts.get("microseconds"), int):
        fail("event without timestamp: %r" % e)
    if abs(ts["seconds"] - time.time()) > 60:
        fail("event timestamp not the wall clock: %r" % e)

def expect_error(r, cls, desc_part):
    err = r.get("error")
    if not err or err.get("class") != cls or desc_part not in err.get("desc", ""):
        fail("expected %s error with %r, got %r" % (cls, desc_part, r))

def greeting(q):
    g = q.raw()
    v = g.get("QMP", {}).get("version", {})
    if v.get("qemu") != {"micro": 0, "minor": 2, "major": 7} or \
            not v.get("package", "").startswith("tern") or \
            g["QMP"].get("capabilities") != ["oob"]:
        fail("bad greeting %r" % g)

if case == "qmp-unix":
    path = os.path.join(tmp, "qmp.sock")
    p = start("-qmp", "unix:%s,server,nowait" % path, "-serial", "null")
    q = Qmp(connect(path))
    greeting(q)
    # Capabilities negotiation first, as QEMU insists.
    expect_error(q.cmd("query-status", id=1), "CommandNotFound", "qmp_capabilities")
    r = q.cmd("qmp_capabilities", id="neg")
    if r != {"return": {}, "id": "neg"}:
        fail("qmp_capabilities: %r" % r)
    expect_error(q.cmd("qmp_capabilities", id=2), "CommandNotFound", "already complete")
    v = q.ok("query-version")
    if v["qemu"] != {"micro": 0, "minor": 2, "major": 7} or "tern" not in v["package"]:
        fail("query-version %r" % v)
    st = q.ok("query-status")
    if st != {"status": "running", "singlestep": False, "running": True}:
        fail("query-status %r" % st)
    if q.ok("query-name") != {}:
        fail("query-name without -name")
    cpus = q.ok("query-cpus-fast")
    if len(cpus) != 1 or cpus[0]["cpu-index"] != 0 or cpus[0]["target"] != "riscv64" or \
            cpus[0]["qom-path"] != "/machine/soc0/harts[0]" or \
            not isinstance(cpus[0]["thread-id"], int):
        fail("query-cpus-fast %r" % cpus)
    names = [c["name"] for c in q.ok("query-commands")]
    for n in ("qmp_capabilities", "query-status", "human-monitor-command", "quit"):
        if n not in names:
            fail("query-commands lacks %s" % n)
    # stop: STOP before the reply (QEMU's vm_stop), then paused; cont: RESUME.
    q.ok("stop")
    q.event("STOP")
    st = q.ok("query-status")
    if st["status"] != "paused" or st["running"]:
        fail("query-status after stop %r" % st)
    out = q.ok("human-monitor-command", {"command-line": "info status"})
    if out != "VM status: paused\r\n":
        fail("human-monitor-command %r" % out)
    q.ok("stop")                      # already stopped: no second STOP
    q.ok("cont")
    q.event("RESUME")
    if q.ok("query-status")["status"] != "running":
        fail("not running after cont")
    if any(e["event"] == "STOP" for e in q.events):
        fail("STOP sent for a VM already stopped: %r" % q.events)
    # HMP through QMP: a command that changes state emits its event too.
    q.ok("human-monitor-command", {"command-line": "stop"})
    q.event("STOP")
    q.ok("human-monitor-command", {"command-line": "cont"})
    q.event("RESUME")
    out = q.ok("human-monitor-command", {"command-line": "xp /2xw 0x80000000"})
    if not out.startswith("0000000080000000: 0x"):
        fail("xp through human-monitor-command %r" % out)
    out = q.ok("human-monitor-command", {"command-line": "nosuchcmd"})
    if "unknown command" not in out:
        fail("HMP error text not returned: %r" % out)
    # Errors as QEMU's.
    expect_error(q.cmd("no-such-command", id=7), "CommandNotFound",
                 "The command no-such-command has not been found")
    expect_error(q.cmd("stop", {"force": True}, id=8), "GenericError",
                 "Parameter 'force' is unexpected")
    expect_error(q.cmd("human-monitor-command", {}, id=9), "GenericError",
                 "Parameter 'command-line' is missing")
    expect_error(q.cmd("human-monitor-command", {"command-line": 5}, id=10), "GenericError",
                 "Invalid parameter type for 'command-line'")
    q.send('{"execute": "stop", "bogus": 1, "id": 11}')
    expect_error(q.reply(), "GenericError", "QMP input member 'bogus' is unexpected")
    q.send('{"id": 12}')
    expect_error(q.reply(), "GenericError", "lacks member 'execute'")
    q.send('[1, 2]')
    expect_error(q.reply(), "GenericError", "must be a JSON object")
    q.send('{"execute": }')
    expect_error(q.reply(), "GenericError", "JSON parse error")
    # Two requests in one write, one split across writes: the stream is framed.
    q.s.sendall(b'{"execute": "query-name", "id": "a"}{"execute": "query-kvm", "id": "b"}')
    if q.reply().get("id") != "a" or q.reply() != {"return": {"enabled": False,
                                                               "present": False}, "id": "b"}:
        fail("two requests in one write")
    q.s.sendall(b'{"execute": "query-')
    time.sleep(0.2)
    q.s.sendall(b'name", "id": "c"}')
    if q.reply() != {"return": {}, "id": "c"}:
        fail("request split across writes")
    # system_reset: reply, then RESET (host); system_powerdown: POWERDOWN only (riscv virt
    # has no power button in QEMU 7.2), the guest keeps running.
    q.ok("system_reset")
    e = q.event("RESET")
    if e.get("data") != {"guest": False, "reason": "host-qmp-system-reset"}:
        fail("RESET data %r" % e)
    q.ok("system_powerdown")
    q.event("POWERDOWN")
    time.sleep(0.3)
    if p.poll() is not None or q.ok("query-status")["status"] != "running":
        fail("system_powerdown stopped the machine")
    r = q.cmd("quit", id="bye")
    if r != {"return": {}, "id": "bye"}:
        fail("quit: %r" % r)
    e = q.event("SHUTDOWN")
    if e.get("data") != {"guest": False, "reason": "host-qmp-quit"}:
        fail("SHUTDOWN data %r" % e)
    finish(p, 0)
    if os.path.exists(path):
        fail("the QMP socket file was left behind")
elif case == "qmp-tcp-guest":
    # -chardev socket,host=,port= with -mon mode=control; the guest's own power-off is a
    # SHUTDOWN with guest: true; a second client gets its own greeting after the first leaves.
    port, sport = free_port(), free_port()
    p = start("-chardev", "socket,id=qmp0,host=127.0.0.1,port=%d,server=on,wait=off" % port,
              "-mon", "chardev=qmp0,mode=control",
              "-serial", "tcp:127.0.0.1:%d,server=on,wait=off" % sport)
    q = Qmp(connect(("127.0.0.1", port)))
    greeting(q)
    q.ok("qmp_capabilities")
    q.s.close()
    q = Qmp(connect(("127.0.0.1", port)))
    greeting(q)
    expect_error(q.cmd("query-status", id=1), "CommandNotFound", "qmp_capabilities")
    q.ok("qmp_capabilities", {"enable": ["oob"]})
    con = connect(("127.0.0.1", sport))
    con.sendall(b"x")
    read_until(con, b"x")
    con.sendall(b"q")
    e = q.event("SHUTDOWN")
    if e.get("data") != {"guest": True, "reason": "guest-shutdown"}:
        fail("SHUTDOWN data %r" % e)
    finish(p, 0)
elif case == "qmp-no-shutdown":
    # -no-shutdown: the guest's power-off is SHUTDOWN then STOP, status "shutdown"; cont is
    # refused until system_reset, as in QEMU.
    path, sport = os.path.join(tmp, "q.sock"), free_port()
    p = start("-no-shutdown", "-qmp", "unix:%s,server=on,wait=off" % path,
              "-serial", "tcp:127.0.0.1:%d,server=on,wait=off" % sport)
    q = Qmp(connect(path))
    greeting(q)
    q.ok("qmp_capabilities")
    con = connect(("127.0.0.1", sport))
    con.sendall(b"q")
    e = q.event("SHUTDOWN")
    if e.get("data") != {"guest": True, "reason": "guest-shutdown"}:
        fail("SHUTDOWN data %r" % e)
    q.event("STOP")
    if q.ok("query-status") != {"status": "shutdown", "singlestep": False, "running": False}:
        fail("status after a -no-shutdown power-off")
    expect_error(q.cmd("cont", id=1), "GenericError", "Resetting the Virtual Machine is required")
    q.ok("system_reset")
    q.event("RESET")
    q.ok("cont")
    q.event("RESUME")
    if q.ok("query-status")["status"] != "running":
        fail("not running after system_reset and cont")
    q.ok("quit")
    q.event("SHUTDOWN")
    finish(p, 0)
elif case == "qmp-stdio":
    # -qmp stdio (with -qmp-pretty on a second monitor): requests on stdin, replies on stdout.
    path = os.path.join(tmp, "pretty.sock")
    p = start("-qmp", "stdio", "-qmp-pretty", "unix:%s,server=on,wait=off" % path,
              "-S", stdin=subprocess.PIPE)
    qp = connect(path)
    pretty = read_until(qp, b"\r\n}\r\n")
    if not pretty.startswith(b'{\r\n    "QMP": {\r\n        "version": {') or \
            json.loads(pretty)["QMP"]["capabilities"] != ["oob"]:
        fail("-qmp-pretty greeting %r" % pretty)
    p.stdin.write(b'{"execute": "qmp_capabilities"}\n{"execute": "query-status", "id": 1}\n'
                  b'{"execute": "cont"}\n{"execute": "quit"}\n')
    p.stdin.flush()
    out, _ = finish(p, 0)
    lines = [json.loads(l) for l in out.decode().splitlines() if l.strip()]
    if lines[2] != {"return": {"status": "prelaunch", "singlestep": False, "running": False},
                    "id": 1}:
        fail("-S status %r" % lines[2])
    if [l.get("event") for l in lines if "event" in l] != ["RESUME", "SHUTDOWN"]:
        fail("events on stdio %r" % lines)
elif case == "qmp-sigterm":
    # What VM managers do: SIGTERM, then wait for SHUTDOWN (host-signal); no stdio chardev
    # here, the socket's own input thread handles the signal; the socket file is removed.
    import signal
    path = os.path.join(tmp, "q.sock")
    p = start("-qmp", "unix:%s,server=on,wait=off" % path, "-serial", "null")
    q = Qmp(connect(path))
    greeting(q)
    q.ok("qmp_capabilities")
    p.send_signal(signal.SIGTERM)
    e = q.event("SHUTDOWN")
    if e.get("data") != {"guest": False, "reason": "host-signal"}:
        fail("SHUTDOWN data %r" % e)
    finish(p, 128 + signal.SIGTERM)
    if os.path.exists(path):
        fail("the QMP socket file was left behind")
elif case == "monitor-unix":
    path = os.path.join(tmp, "mon.sock")
    p = start("-monitor", "unix:%s,server,nowait" % path, "-serial", "null")
    s = connect(path)
    buf = read_until(s, b"(qemu) ")
    if b"monitor - type 'help' for more information\r\n" not in buf:
        fail("no monitor banner: %r" % buf)
    s.sendall(b"info status\n")
    read_until(s, b"VM status: running\r\n(qemu) ")
    s.sendall(b"stop\ninfo status\n")
    read_until(s, b"VM status: paused\r\n")
    s.close()
    s = connect(path)                 # a new client gets a new session
    read_until(s, b"(qemu) ")
    s.sendall(b"quit\n")
    finish(p, 0)
elif case == "monitor-stdio":
    p = start("-monitor", "stdio", "-serial", "null", stdin=subprocess.PIPE)
    p.stdin.write(b"info status\nquit\n")
    p.stdin.flush()
    out, _ = finish(p, 0)
    if b"VM status: running" not in out:
        fail("monitor output %r" % out)
elif case == "mon-readline":
    # -mon on a mux=on chardev shared with the serial port (the long form of mon:stdio), and
    # -mon on a socket chardev of its own.
    path = os.path.join(tmp, "m.sock")
    p = start("-chardev", "stdio,id=c0,mux=on", "-serial", "chardev:c0", "-mon", "chardev=c0",
              "-chardev", "socket,id=m1,path=%s,server=on,wait=off" % path,
              "-mon", "chardev=m1,mode=readline", stdin=subprocess.PIPE)
    s = connect(path)
    read_until(s, b"(qemu) ")
    s.sendall(b"info cpus\n")
    read_until(s, b"CPU #0: pc=0x")
    p.stdin.write(b"ab")
    p.stdin.flush()
    time.sleep(1)                     # the guest echoes before the monitor takes the input
    p.stdin.write(b"\x01cinfo status\n")
    p.stdin.flush()
    time.sleep(0.5)
    p.stdin.write(b"quit\n")
    p.stdin.flush()
    out, _ = finish(p, 0)
    if not out.startswith(b"ready\nab") or b"VM status: running" not in out:
        fail("console + monitor on one mux chardev: %r" % out)
elif case == "serial-tcp":
    # QEMU's default for a server: wait for the first client before the guest runs.
    port = free_port()
    p = start("-serial", "tcp:127.0.0.1:%d,server=on" % port)
    s = connect(("127.0.0.1", port))
    read_until(s, b"ready\n")
    s.sendall(b"hello")
    read_until(s, b"hello")
    s.sendall(b"q")
    _, err = finish(p, 0)
    if b"waiting for connection on: disconnected:tcp:127.0.0.1:%d,server=on" % port not in err:
        fail("no waiting message: %r" % err)
elif case == "serial-unix":
    # Legacy spelling, server,nowait: the guest runs at once; a client that comes later gets
    # what the guest writes from then on; after it leaves, the next one is served.
    path = os.path.join(tmp, "ser.sock")
    p = start("-serial", "unix:%s,server,nowait" % path)
    s = connect(path)
    s.sendall(b"a1")
    read_until(s, b"a1")
    s.close()
    s = connect(path)
    s.sendall(b"b2")
    read_until(s, b"b2")
    s.sendall(b"q")
    finish(p, 0)
elif case == "serial-mon-socket":
    # mon: before a socket: the console and the monitor share it, Ctrl-A c switches, Ctrl-A x
    # quits; the monitor's newlines go out as CR LF.
    path = os.path.join(tmp, "mux.sock")
    p = start("-serial", "mon:unix:%s,server=on,wait=off" % path)
    s = connect(path)
    s.sendall(b"x")
    buf = read_until(s, b"x")
    s.sendall(b"\x01cinfo status\r")
    buf = read_until(s, b"VM status: running\r\n", buf)
    s.sendall(b"\x01cy")
    buf = read_until(s, b"y", buf.split(b"VM status")[-1])
    s.sendall(b"\x01x")
    finish(p, 0)
elif case == "chardev-socket":
    # -chardev socket,path=,server=on,wait=off,logfile= carries the console; the log has all
    # of it, including what was written before anyone connected.
    path, log = os.path.join(tmp, "c.sock"), os.path.join(tmp, "c.log")
    p = start("-chardev", "socket,id=con0,path=%s,server=on,wait=off,logfile=%s" % (path, log),
              "-serial", "chardev:con0")
    s = connect(path)
    s.sendall(b"xyz")
    read_until(s, b"xyz")
    s.sendall(b"q")
    finish(p, 0)
    with open(log, "rb") as f:
        if f.read() != b"ready\nxyz":
            fail("logfile content")
elif case == "chardev-client":
    # server=off: tern connects to a listener (how VM managers hand it a console).
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    port = ls.getsockname()[1]
    p = start("-chardev", "socket,id=c,host=127.0.0.1,port=%d" % port, "-serial", "chardev:c")
    ls.settimeout(10)
    try:
        s, _ = ls.accept()
    except OSError as e:
        fail("tern did not connect: %s" % e)
    s.settimeout(10)
    read_until(s, b"ready\n")
    s.sendall(b"q")
    finish(p, 0)
elif case in ("chardev-pty", "serial-pty"):
    qpath = os.path.join(tmp, "q.sock")
    args = ["-chardev", "pty,id=mypty", "-serial", "chardev:mypty"] \
        if case == "chardev-pty" else ["-serial", "pty", "-qmp", "unix:%s,server,nowait" % qpath]
    label = b"mypty" if case == "chardev-pty" else b"serial0"
    p = start(*args)
    line = p.stderr.readline()
    m = re.search(rb"char device redirected to (/dev/pts/\d+) \(label ([^)]+)\)", line)
    if not m or m.group(2) != label:
        fail("pty message %r" % line)
    fd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
    buf = b""
    end = time.time() + 10
    def more():
        global buf
        try:
            buf += os.read(fd, 100)
        except OSError as e:
            fail("reading the pty: %s (read %r)" % (e, buf))
    while b"ready\n" not in buf and time.time() < end:
        more()
    os.write(fd, b"p")
    while b"p" not in buf.split(b"ready\n", 1)[-1] and time.time() < end:
        more()
    if buf != b"ready\np":
        fail("pty console %r" % buf)
    if case == "serial-pty":
        # query-chardev: how libvirt finds the pty of a serial port.
        q = Qmp(connect(qpath))
        greeting(q)
        q.ok("qmp_capabilities")
        got = {c["label"]: c for c in q.ok("query-chardev")}
        want = {"serial0": {"label": "serial0", "filename": "pty:" + m.group(1).decode(),
                            "frontend-open": True},
                "compat_monitor0": {"label": "compat_monitor0", "frontend-open": True,
                                    "filename": "unix:%s,server=on" % qpath}}
        if got != want:
            fail("query-chardev %r, want %r" % (got, want))
        out = q.ok("human-monitor-command", {"command-line": "info chardev"})
        if "serial0: filename=pty:%s\r\n" % m.group(1).decode() not in out:
            fail("info chardev %r" % out)
    os.write(fd, b"q")
    finish(p, 0)
    os.close(fd)
elif case == "chardev-errors":
    def refused(args, msg):
        p = start(*args)
        _, err = finish(p, 1)
        lines = err.decode().strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("tern: ") or msg not in lines[0]:
            fail("%r: expected one line with %r, got %r" % (args, msg, err))
    refused(["-chardev", "socket,id=s"], "needs path=PATH or host=HOST,port=PORT")
    refused(["-chardev", "socket,id=s,path=/x,port=4"], "exclude each other")
    refused(["-chardev", "pty"], "missing id=ID")
    refused(["-chardev", "socket,id=s,path=/x,server=on,telnet=on"], "telnet=on is not supported")
    refused(["-chardev", "serial,id=s,path=/dev/ttyS0"], "backend 'serial' is not supported")
    refused(["-chardev", "socket,id=s,path=/x,server=maybe"], "server=maybe")
    refused(["-serial", "tcp:nohost"], "expected HOST:PORT")
    refused(["-serial", "chardev:nope"], "chardev 'nope' not found")
    refused(["-mon", "chardev=nope"], "chardev 'nope' not found")
    refused(["-mon", "chardev=c,mode=json"], "expected readline or control")
    refused(["-qmp", "vc"], "unsupported character device")
    refused(["-chardev", "socket,id=s,path=%s/no/such/dir/s,server=on,wait=off" % tmp,
             "-serial", "chardev:s"], "cannot listen on")
    refused(["-serial", "tcp:127.0.0.1:1"], "failed to connect to")
    refused(["-qmp", "stdio", "-monitor", "stdio"], "stdio is already in use")
else:
    fail("unknown case")
print("PASS [%s]" % case)
EOF
timeout 80 python3 "$tmp/drive.py" "$tern" "$tmp/echo.elf" "$tmp" "$case"
