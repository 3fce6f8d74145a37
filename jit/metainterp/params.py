"""The JIT's tunable parameters, with RPython's names, defaults and meanings, and the
`--jit ...` command-line option that sets them.  Subset code: it runs inside the
translated binary, before the interpreter's own `entry_point` sees argv.

`JIT_PARAMS` is the one prebuilt instance every driver reads (`--jit` applies to all of
them, as in PyPy).  Interpreters change it at run time through
`toolchain.rlib.jit.set_param(driver, name, value)`, which becomes `set_param` here.

Values are whole numbers of at least 1 (`decay`: 0 to 1000, per mille), written with
digits only: RPython reads them with `int()`, whose translated and untranslated forms
differ on signs, underscores and spaces, and whose negative thresholds mean "never"; a
plain rule is easier to explain in an error message.  `enable_opts` is the optimizer's
colon-separated pass list, checked by the optimizer's own parser.
"""

from __future__ import annotations

import os

from jit.optimizer.optimizer import DEFAULT_ENABLE_OPTS, BadEnableOpts, parse_enable_opts

# One row per integer parameter: name, default, smallest and largest value, meaning.
INT_PARAM_NAMES = ["threshold", "function_threshold", "trace_eagerness", "trace_limit",
                   "decay"]
INT_PARAM_DEFAULTS = [1039, 1619, 200, 6000, 40]
INT_PARAM_MIN = [1, 1, 1, 1, 0]
INT_PARAM_MAX = [999999999, 999999999, 999999999, 999999999, 1000]
INT_PARAM_DOCS = [
    "number of times a loop has to run for it to become hot",
    "number of times a function must run for it to become traced from start",
    "number of times a guard has to fail before we start compiling a bridge",
    "number of recorded operations before we abort tracing with ABORT_TOO_LONG",
    "amount to regularly decay counters by (0=none, 1000=max)",
]
ENABLE_OPTS_DOC = "optimizations to enable, separated by colons"
# Nine digits fit a 32-bit word, so no value can overflow on any target.
MAX_DIGITS = 9


class JitParams:
    """The current values; `enabled` is False after `--jit off`."""

    def __init__(self) -> None:
        self.threshold = 0
        self.function_threshold = 0
        self.trace_eagerness = 0
        self.trace_limit = 0
        self.decay = 0
        self.enable_opts = DEFAULT_ENABLE_OPTS
        self.enabled = True
        reset_params(self)


def reset_params(params: JitParams) -> None:
    """Every parameter back to its default, and the JIT on (`--jit default`)."""
    for i in range(len(INT_PARAM_NAMES)):
        _store(params, i, INT_PARAM_DEFAULTS[i])
    params.enable_opts = DEFAULT_ENABLE_OPTS
    params.enabled = True


def copy_params(source: JitParams, dest: JitParams) -> None:
    for i in range(len(INT_PARAM_NAMES)):
        _store(dest, i, get_param(source, INT_PARAM_NAMES[i]))
    dest.enable_opts = source.enable_opts
    dest.enabled = source.enabled


def _store(params: JitParams, index: int, value: int) -> None:
    if index == 0:
        params.threshold = value
    elif index == 1:
        params.function_threshold = value
    elif index == 2:
        params.trace_eagerness = value
    elif index == 3:
        params.trace_limit = value
    else:
        params.decay = value


def get_param(params: JitParams, name: str) -> int:
    """An integer parameter's value by name; -1 for an unknown name."""
    if name == "threshold":
        return params.threshold
    if name == "function_threshold":
        return params.function_threshold
    if name == "trace_eagerness":
        return params.trace_eagerness
    if name == "trace_limit":
        return params.trace_limit
    if name == "decay":
        return params.decay
    return -1


def valid_names() -> str:
    return ", ".join(INT_PARAM_NAMES) + ", enable_opts, off, default, help"


def _int_index(name: str) -> int:
    for i in range(len(INT_PARAM_NAMES)):
        if INT_PARAM_NAMES[i] == name:
            return i
    return -1


def _range_error(index: int, shown: str) -> str:
    name = INT_PARAM_NAMES[index]
    low = INT_PARAM_MIN[index]
    high = INT_PARAM_MAX[index]
    return (name + "=" + shown + ": the value must be a whole number from " + str(low)
            + " to " + str(high))


def set_param(params: JitParams, name: str, value: int) -> str:
    """RPython's `set_param(driver, name, value)` for an integer parameter: "" when done,
    else the reason (nothing changes)."""
    index = _int_index(name)
    if index < 0:
        return ("unknown JIT parameter '" + name + "' (valid: " + valid_names() + ")")
    if value < INT_PARAM_MIN[index] or value > INT_PARAM_MAX[index]:
        return _range_error(index, str(value))
    _store(params, index, value)
    return ""


def set_param_hint(driver: object, name: str, value: int) -> None:
    """What `toolchain.rlib.jit.set_param` becomes in a binary with the JIT."""
    set_param(JIT_PARAMS, name, value)


def set_enable_opts(params: JitParams, text: str) -> str:
    """`set_param(driver, "enable_opts", text)`: "" when done, else the reason."""
    try:
        parse_enable_opts(text)
    except BadEnableOpts as err:
        return err.message
    params.enable_opts = text
    return ""


def parse_number(text: str) -> int:
    """The value of a string of 1 to MAX_DIGITS decimal digits, else -1."""
    if len(text) == 0 or len(text) > MAX_DIGITS:
        return -1
    value = 0
    for c in text:
        digit = ord(c) - ord("0")
        if digit < 0 or digit > 9:
            return -1
        value = value * 10 + digit
    return value


def parse_jit_option(params: JitParams, text: str) -> str:
    """Applies one `--jit` value (`threshold=N,trace_limit=N,...`, `off`, `default`,
    items applied left to right): "" when done, else a message naming the bad item.
    Nothing changes when any item is bad."""
    items = text.split(",")
    # Checked on a copy first, so a bad item leaves `params` as it was.
    trial = JitParams()
    copy_params(params, trial)
    for item in items:
        error = _apply_item(trial, item.strip())   # RPython allows "a=1, b=2"
        if error != "":
            return error
    copy_params(trial, params)
    return ""


def _apply_item(params: JitParams, item: str) -> str:
    if item == "off":
        params.enabled = False
        return ""
    if item == "default":
        reset_params(params)
        return ""
    if item == "":
        return "empty item in the JIT options (valid: " + valid_names() + ")"
    equals = item.find("=")
    if equals < 0:
        return ("'" + item + "' is not NAME=VALUE, 'off' or 'default' (valid names: "
                + valid_names() + ")")
    name = item[:equals]
    value = item[equals + 1:]
    if name == "enable_opts":
        return set_enable_opts(params, value)
    index = _int_index(name)
    if index < 0:
        return "unknown JIT parameter '" + name + "' (valid: " + valid_names() + ")"
    number = parse_number(value)
    if number < 0:
        return _range_error(index, value)
    return set_param(params, name, number)


def help_text() -> str:
    """What `--jit help` prints, laid out like PyPy's."""
    lines = ["Advanced JIT options: a comma-separated list of OPTION=VALUE:"]
    for i in range(len(INT_PARAM_NAMES)):
        lines.append("")
        lines.append(" " + INT_PARAM_NAMES[i] + "=N")
        lines.append("    " + INT_PARAM_DOCS[i] + " (default "
                     + str(INT_PARAM_DEFAULTS[i]) + ")")
    lines.append("")
    lines.append(" enable_opts=NAME:NAME:...")
    lines.append("    " + ENABLE_OPTS_DOC + " (default " + DEFAULT_ENABLE_OPTS + ")")
    lines.append("")
    lines.append(" off")
    lines.append("    turn off the JIT")
    lines.append(" default")
    lines.append("    every parameter back to its default, and the JIT on")
    lines.append(" help")
    lines.append("    print this page")
    return "\n".join(lines) + "\n"


JIT_PARAMS = JitParams()


def strip_jit_args(argv: list[str], params: JitParams) -> tuple[list[str], int]:
    """Removes the `--jit X` / `--jit=X` arguments right after argv[0] (up to the first
    other argument; a `--` there ends them and is removed too) and applies them.
    Returns the remaining argv and -1 to go on, or an exit status: 0 after `--jit help`
    (printed on stdout), 2 after an error (printed on stderr)."""
    i = 1
    while i < len(argv):
        arg = argv[i]
        value = ""
        if arg == "--":
            i += 1
            break
        if arg == "--jit":
            if i + 1 >= len(argv):
                return argv, _fail("--jit needs a value (try --jit help)")
            value = argv[i + 1]
            i += 2
        elif arg.startswith("--jit="):
            value = arg[len("--jit="):]
            i += 1
        else:
            break
        if value == "help":
            os.write(1, help_text().encode("latin-1"))
            return argv, 0
        error = parse_jit_option(params, value)
        if error != "":
            return argv, _fail("--jit " + value + ": " + error)
    rest = [argv[0]]
    for j in range(i, len(argv)):
        rest.append(argv[j])
    return rest, -1


def _fail(message: str) -> int:
    os.write(2, ("error: " + message + "\n").encode("latin-1"))
    return 2
