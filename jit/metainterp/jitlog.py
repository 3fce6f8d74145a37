"""KILNLOG: the JIT's log sections, in RPython's PYPYLOG syntax and output format.
Subset code: it runs inside the translated binary.

    KILNLOG=jit-summary:-            the jit-summary section, on stderr
    KILNLOG=jit-log-opt,jit-backend-dump:log.txt

The part before the first ':' is a comma-separated list of section-name prefixes (as in
RPython, `jit` enables every `jit-...` section); after it, `-` for stderr or a file name.
Each section is written as RPython's debug_start/debug_stop write it:

    [<timestamp>] {jit-summary
    ...
    [<timestamp>] jit-summary}

Timestamps are hexadecimal, in units of 2**-20 s since the log started (RPython prints
CPU ticks; only their order and differences matter): `time.time()` is the one clock
the subset has, and splitting seconds from microseconds keeps the number from
overflowing a 32-bit word.

What the JIT calls (`JITLOG` is the one prebuilt log):

- `count(counter, n)` with the counter constants below, `start_timer(TRACING)` /
  `stop_timer(TRACING)` (also BACKEND; nested timers pause the outer one, so times are
  exclusive, as in RPython's profiler), `abort(reason)` with a reason's text;
- `log_loop(kind, number, location, text)`: a `jit-log-opt-loop` (kind "loop") or
  `jit-log-opt-bridge` (kind "bridge") section holding a trace's text
  (`resoperation.format_trace`, with any `# <location>` lines the caller put in);
- `dump_code(address, size, objdump)`: the machine code into `<log file>.<n>.bin`,
  and the command that disassembles it into the `jit-backend-dump` section;
- `finish()` at exit (the woven entry point calls `finish_jitlog()`): prints
  jit-summary and closes the file.
"""

from __future__ import annotations

import os
import time

from toolchain.rlib.rawmem import raw_load_byte

# Counters, with RPython's names.
OPS = 0                      # operations the tracer executed
RECORDED_OPS = 1             # operations it recorded
CALLS = 2                    # recorded calls
GUARDS = 3                   # recorded guards
OPT_OPS = 4                  # operations after the optimizer
OPT_GUARDS = 5               # guards after the optimizer
OPT_FORCINGS = 6             # virtuals the optimizer had to allocate
NVIRTUALS = 7                # virtuals described in resume data
TOTAL_COMPILED_LOOPS = 8
TOTAL_COMPILED_BRIDGES = 9
TOTAL_FREED_LOOPS = 10
TOTAL_FREED_BRIDGES = 11
NUM_COUNTERS = 12

# Timers.
TRACING = 0
BACKEND = 1
NUM_TIMERS = 2

# The abort reasons RPython always prints (the JIT may add its own: `abort(text)`).
ABORT_TOO_LONG = "trace too long"
ABORT_BRIDGE = "compiling"
ABORT_BAD_LOOP = "bad loop"

# objdump invocations for dump_code, one per backend architecture.
OBJDUMP_X86_64 = "objdump -D -b binary -m i386:x86-64"
OBJDUMP_I386 = "objdump -D -b binary -m i386"
OBJDUMP_AARCH64 = "aarch64-linux-gnu-objdump -D -b binary -m aarch64"
OBJDUMP_ARM = "arm-linux-gnueabihf-objdump -D -b binary -m arm"

STDERR = 2
UNCONFIGURED = -2            # `fd` before KILNLOG was read
DISABLED = -1


class JitLog:
    def __init__(self) -> None:
        self.fd = UNCONFIGURED
        self.filename = ""           # "" when writing to stderr
        self.prefixes: list[str] = []
        self.reset()

    def reset(self) -> None:
        """Every count and time back to zero: the binary starts from here, whatever a
        host process that used the prebuilt log before translating it had counted."""
        self.start_time = 0.0
        self.counters = [0] * NUM_COUNTERS
        self.times = [0.0] * NUM_TIMERS
        self.timer_counts = [0] * NUM_TIMERS
        self.running: list[int] = []  # the timer stack, innermost last
        self.last_switch = 0.0
        self.abort_names = [ABORT_TOO_LONG, ABORT_BRIDGE, ABORT_BAD_LOOP]
        self.abort_counts = [0, 0, 0]
        self.dumps = 0

    # -- setting up ---------------------------------------------------------------------

    def configure(self, spec: str | None) -> None:
        """Reads a KILNLOG value (None or "": logging off).  Also starts the clock."""
        self.start_time = time.time()
        self.last_switch = self.start_time
        self.fd = DISABLED
        if spec is None or spec == "":
            return
        colon = spec.find(":")
        if colon < 0:
            os.write(STDERR, ("KILNLOG: expected SECTIONS:FILE (e.g. jit-summary:-), got '"
                              + spec + "'; logging is off\n").encode("latin-1"))
            return
        self.prefixes = [p for p in spec[:colon].split(",") if p != ""]
        target = spec[colon + 1:]
        if target == "-" or target == "":
            self.fd = STDERR
            return
        try:
            self.fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            self.filename = target
        except OSError:
            os.write(STDERR, ("KILNLOG: cannot open '" + target
                              + "'; logging on stderr\n").encode("latin-1"))
            self.fd = STDERR

    def ensure_configured(self) -> None:
        if self.fd == UNCONFIGURED:
            self.configure(os.getenv("KILNLOG"))

    def enabled(self, section: str) -> bool:
        """Whether `section` is logged: some KILNLOG prefix starts its name."""
        self.ensure_configured()
        if self.fd < 0:
            return False
        for prefix in self.prefixes:
            if section.startswith(prefix):
                return True
        return False

    # -- counting -----------------------------------------------------------------------

    def count(self, counter: int, n: int) -> None:
        self.counters[counter] += n

    def abort(self, reason: str) -> None:
        for i in range(len(self.abort_names)):
            if self.abort_names[i] == reason:
                self.abort_counts[i] += 1
                return
        self.abort_names.append(reason)
        self.abort_counts.append(1)

    def start_timer(self, timer: int) -> None:
        self.ensure_configured()
        self._switch()
        self.timer_counts[timer] += 1
        self.running.append(timer)

    def stop_timer(self, timer: int) -> None:
        """Stops `timer`, which must be the innermost running one."""
        self.ensure_configured()
        self._switch()
        if len(self.running) > 0 and self.running[-1] == timer:
            self.running.pop()

    def _switch(self) -> None:
        """Charges the time since the last start or stop to the innermost timer."""
        now = time.time()
        if len(self.running) > 0:
            self.times[self.running[-1]] += now - self.last_switch
        self.last_switch = now

    # -- sections -----------------------------------------------------------------------

    def timestamp(self) -> str:
        elapsed = time.time() - self.start_time
        if elapsed < 0.0:
            elapsed = 0.0
        seconds = int(elapsed)
        micro = int((elapsed - float(seconds)) * 1048576.0)
        digits = "%x" % micro
        return "%x" % seconds + "0" * (5 - len(digits)) + digits

    def write_section(self, section: str, body: str) -> None:
        """One whole section, written at once, if it is enabled."""
        if not self.enabled(section):
            return
        text = ("[" + self.timestamp() + "] {" + section + "\n" + body
                + "[" + self.timestamp() + "] " + section + "}\n")
        write_all(self.fd, text.encode("latin-1"))

    def log_loop(self, kind: str, number: int, location: str, text: str) -> None:
        """A trace as jit-log-opt-<kind> (kind "loop" or "bridge"); for a bridge,
        `number` is the guard's number it leaves from."""
        section = "jit-log-opt-" + kind
        if not self.enabled(section):
            return
        nops = 0
        lines = text.split("\n")
        for i in range(1, len(lines)):      # line 0 holds the input arguments
            if lines[i] != "" and not lines[i].startswith("#"):
                nops += 1
        if kind == "bridge":
            head = "# bridge out of Guard 0x%x with %d ops\n" % (number, nops)
            if location != "":
                head += "# " + location + "\n"
        else:
            head = "# Loop %d (%s) : %s with %d ops\n" % (number, location, kind, nops)
        if not text.endswith("\n"):
            text += "\n"
        self.write_section(section, head + text)

    def dump_code(self, address: int, size: int, objdump: str) -> None:
        """The `size` bytes of machine code at `address` into a .bin file, and the
        command that disassembles them into jit-backend-dump."""
        if not self.enabled("jit-backend-dump"):
            return
        base = self.filename if self.filename != "" else "kilnlog"
        path = base + "." + str(self.dumps) + ".bin"
        self.dumps += 1
        chars = [chr(raw_load_byte(address, i)) for i in range(size)]
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            write_all(fd, "".join(chars).encode("latin-1"))
            os.close(fd)
        except OSError:
            self.write_section("jit-backend-dump", "cannot write " + path + "\n")
            return
        self.write_section("jit-backend-dump",
                           "CODE_DUMP @%x +0 %d bytes in %s\n" % (address, size, path)
                           + objdump + " --adjust-vma=0x%x " % address + path + "\n")

    # -- the summary --------------------------------------------------------------------

    def summary(self) -> str:
        """The body of the jit-summary section, laid out as RPython's."""
        self._switch()
        total = time.time() - self.start_time
        c = self.counters
        text = _time_line("Tracing", self.timer_counts[TRACING], self.times[TRACING])
        text += _time_line("Backend", self.timer_counts[BACKEND], self.times[BACKEND])
        text += "TOTAL:      \t\t%f\n" % total
        text += _int_line("ops", c[OPS])
        text += _int_line("recorded ops", c[RECORDED_OPS])
        text += _int_line("  calls", c[CALLS])
        text += _int_line("guards", c[GUARDS])
        text += _int_line("opt ops", c[OPT_OPS])
        text += _int_line("opt guards", c[OPT_GUARDS])
        text += _int_line("forcings", c[OPT_FORCINGS])
        for i in range(len(self.abort_names)):
            text += _int_line("abort: " + self.abort_names[i], self.abort_counts[i])
        text += _int_line("nvirtuals", c[NVIRTUALS])
        text += _int_line("Total # of loops", c[TOTAL_COMPILED_LOOPS])
        text += _int_line("Total # of bridges", c[TOTAL_COMPILED_BRIDGES])
        text += _int_line("Freed # of loops", c[TOTAL_FREED_LOOPS])
        text += _int_line("Freed # of bridges", c[TOTAL_FREED_BRIDGES])
        return text

    def finish(self) -> None:
        """At exit: the jit-summary section, then the file is closed."""
        self.ensure_configured()
        if self.enabled("jit-summary"):
            self.write_section("jit-summary", self.summary())
        if self.fd > STDERR:
            try:
                os.close(self.fd)
            except OSError:
                pass
        self.fd = DISABLED


def write_all(fd: int, data: bytes) -> None:
    """Writes everything (a pipe may take less at once); a failing log is dropped
    rather than stopping the interpreter."""
    try:
        while len(data) > 0:
            written = os.write(fd, data)
            if written <= 0:
                return
            data = data[written:]
    except OSError:
        pass


def _time_line(name: str, count: int, seconds: float) -> str:
    return name + ":" + " " * max(0, 13 - len(name)) + "\t%d\t%f\n" % (count, seconds)


def _int_line(name: str, value: int) -> str:
    return name + ":" + " " * max(0, 16 - len(name)) + "\t" + str(value) + "\n"


JITLOG = JitLog()


def start_jitlog() -> None:
    """At start-up: reads KILNLOG and starts the TOTAL clock (otherwise done lazily at
    the log's first use)."""
    JITLOG.reset()
    JITLOG.configure(os.getenv("KILNLOG"))


def finish_jitlog() -> None:
    JITLOG.finish()
