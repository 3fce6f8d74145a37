"""The text form of backend test cases, and its parser (Kiln's subset: the parser runs in
the translated trace runner, on the target). `runner/qemu_suite.py` writes it.

A file is a sequence of cases; every line is space-separated tokens:

    case <name...>                      starts a case (a fresh CPU, no buffers)
    buffer <b> <size> <hex bytes>       raw memory named <b>; later lines refill it
    pointer <b> <offset> <b2>           the word at <b> + offset holds <b2>'s address
    trace <t> <input kinds|->           a trace: its operation lines follow, then `end`
    loop <t> ok|raises <message...>     compile trace <t> as a loop (token <t>)
    bridge <t> <loop t> <exit> ok|raises <message...>
                                        compile trace <t> on exit <exit> of that loop
    run <loop t> <inputs...> [expect <exit> <values...>]
                                        execute; `expect` is checked when the
                                        reference executor cannot run the case
    free <loop t>

An operation line is `<opname> <descr> <args...> [| <fail args...>]`. Values are `v<n>`
(the trace's n-th value: inputs first, then operations in order, as format_trace numbers
them) or constants: `i<int>`, `p<int>`, `f<16 hex digits>` (a double's bytes in memory
order), and `i@<name>`/`p@<name>` for an address only the runner knows: a buffer's or a
call target's (`sub3`, `labs`, `pow`, ...: see calltargets.c). Descrs: `-`,
`exit:<k>:<name>`, `target:<k>`, `field:<offset>:<size>:<signed>:<kind>`,
`array:<base>:<item size>:<length offset>:<signed>:<kind>`, `size:<size>:<vtable>`,
`call:<arg kinds>:<result kind>:<elidable>` (kinds as `i`, `r`, `f`, `v`).
"""

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (AbstractDescr, AbstractValue,
                                         ArrayDescr, CallDescr, ConstFloat, ConstInt,
                                         ConstPtr, FieldDescr, InputArg, ResOperation,
                                         SizeDescr, TargetToken)
from toolchain.rlib.rawmem import raw_load_double, raw_malloc, raw_store_byte


class ParseError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


class Exit(AbstractDescr):
    """A guard's or FINISH's descr, named for messages."""

    def __init__(self, name: str) -> None:
        self.name = name

    def repr_of_descr(self) -> str:
        return self.name


class ParsedTrace:
    def __init__(self) -> None:
        self.inputargs: list[InputArg] = []
        self.ops: list[ResOperation] = []
        self.values: list[AbstractValue] = []


_OPNUM_OF: dict[str, int] = {}


def opnum_of(name: str) -> int:
    if len(_OPNUM_OF) == 0:
        for i in range(rop.NUM_OPCODES):
            _OPNUM_OF[rop.OPNAMES[i]] = i
    if name not in _OPNUM_OF:
        raise ParseError("unknown operation " + name)
    return _OPNUM_OF[name]


def kind_of(char: str) -> int:
    for i in range(len(rop.KIND_NAMES)):
        if rop.KIND_NAMES[i] == char:
            return i
    raise ParseError("unknown kind " + char)


def _hex_digit(c: str) -> int:
    n = ord(c)
    if 48 <= n <= 57:
        return n - 48
    if 97 <= n <= 102:
        return n - 87
    raise ParseError("not a hex digit: " + c)


def hex_byte(text: str, i: int) -> int:
    return _hex_digit(text[2 * i]) * 16 + _hex_digit(text[2 * i + 1])


class Names:
    """What the names in a case's text stand for: buffers, call targets, descrs."""

    def __init__(self, symbols: dict[str, int]) -> None:
        self.symbols = symbols                     # call targets, for every case
        self.buffers: dict[str, int] = {}
        self.sizes: dict[str, int] = {}
        self.exits: dict[int, AbstractDescr] = {}
        self.targets: dict[int, TargetToken] = {}
        self.scratch = raw_malloc(8)

    def address(self, name: str) -> int:
        if name in self.buffers:
            return self.buffers[name]
        if name in self.symbols:
            return self.symbols[name]
        raise ParseError("unknown address @" + name)

    def double(self, text: str) -> float:
        if len(text) != 16:
            raise ParseError("a double is 16 hex digits: " + text)
        for i in range(8):
            raw_store_byte(self.scratch, i, hex_byte(text, i))
        return raw_load_double(self.scratch, 0)

    def exit(self, number: int, name: str) -> AbstractDescr:
        if number not in self.exits:
            self.exits[number] = Exit(name)
        return self.exits[number]

    # -- values --------------------------------------------------------------------------

    def const_int(self, text: str) -> int:
        if text.startswith("@"):
            return self.address(text[1:])
        return int(text)

    def constant(self, token: str) -> AbstractValue:
        if token.startswith("i"):
            return ConstInt(self.const_int(token[1:]))
        if token.startswith("p"):
            return ConstPtr(self.const_int(token[1:]))
        if token.startswith("f"):
            return ConstFloat(self.double(token[1:]))
        raise ParseError("not a constant: " + token)

    def value(self, token: str, trace: ParsedTrace) -> AbstractValue:
        if token.startswith("v"):
            n = int(token[1:])
            if not 0 <= n < len(trace.values):
                raise ParseError("no value " + token + " yet")
            return trace.values[n]
        return self.constant(token)

    # -- descrs --------------------------------------------------------------------------

    def descr(self, token: str) -> AbstractDescr | None:
        if token == "-":
            return None
        parts = token.split(":")
        what = parts[0]
        if what == "exit" and len(parts) == 3:
            return self.exit(int(parts[1]), parts[2])
        if what == "target" and len(parts) == 2:
            number = int(parts[1])
            if number not in self.targets:
                self.targets[number] = TargetToken(number)
            return self.targets[number]
        if what == "field" and len(parts) == 5:
            return FieldDescr("f", int(parts[1]), int(parts[2]), parts[3] == "1",
                              kind_of(parts[4]), False)
        if what == "array" and len(parts) == 6:
            return ArrayDescr(int(parts[1]), int(parts[2]), int(parts[3]), parts[4] == "1",
                              kind_of(parts[5]))
        if what == "size" and len(parts) == 3:
            return SizeDescr(int(parts[1]), self.const_int(parts[2]))
        if what == "call" and len(parts) == 4:
            kinds: list[int] = []
            for i in range(len(parts[1])):
                kinds.append(kind_of(parts[1][i]))
            return CallDescr(kinds, kind_of(parts[2]), False, parts[3] == "1")
        raise ParseError("bad descr " + token)

    # -- traces --------------------------------------------------------------------------

    def start_trace(self, kinds: str) -> ParsedTrace:
        trace = ParsedTrace()
        if kinds != "-":
            for i in range(len(kinds)):
                arg = InputArg(kind_of(kinds[i]), i)
                trace.inputargs.append(arg)
                trace.values.append(arg)
        return trace

    def add_operation(self, trace: ParsedTrace, words: list[str]) -> None:
        if len(words) < 2:
            raise ParseError("an operation needs a name and a descr")
        opnum = opnum_of(words[0])
        descr = self.descr(words[1])
        args: list[AbstractValue] = []
        fail_args: list[AbstractValue] = []
        in_fail = False
        for token in words[2:]:
            if token == "|":
                in_fail = True
            elif in_fail:
                fail_args.append(self.value(token, trace))
            else:
                args.append(self.value(token, trace))
        if rop.ARITY[opnum] >= 0 and rop.ARITY[opnum] != len(args):
            raise ParseError(words[0] + " takes " + str(rop.ARITY[opnum]) + " arguments")
        op = ResOperation(opnum, args, descr)
        op.fail_args = fail_args
        trace.ops.append(op)
        trace.values.append(op)


class Inputs:
    """Constants split by kind, as execute_token and execute_trace take them."""

    def __init__(self) -> None:
        self.ints: list[int] = []
        self.refs: list[int] = []
        self.floats: list[float] = []
        self.kinds: list[int] = []

    def add(self, value: AbstractValue) -> None:
        self.kinds.append(value.kind)
        if isinstance(value, ConstFloat):
            self.floats.append(value.value)
        elif isinstance(value, ConstPtr):
            self.refs.append(value.value)
        elif isinstance(value, ConstInt):
            self.ints.append(value.value)


def parse_inputs(names: Names, tokens: list[str]) -> Inputs:
    inputs = Inputs()
    for token in tokens:
        inputs.add(names.constant(token))
    return inputs

