"""Ember: a small dynamic language, and its bytecode VM written in Kiln's subset.

This module owns the VM: frames, the dispatch loop (shaped for the JIT), calls,
guest exceptions and the program's entry point.  The language is described in
README.md; the pieces before the VM are em_lexer -> em_parser -> em_compiler.

    python -m targets.untranslated interpreters/ember/ember.py PROGRAM.em [ARGS...]
    scons target=x86_64 interp=ember
"""

import os
import sys

from toolchain.rlib.jit import JitDriver, elidable, promote

from em_builtins import BUILTIN_NAMES, ExitProgram, call_builtin, call_type_method, read_all
from em_compiler import GlobalTable, compile_program
from em_lexer import SyntaxProblem
from em_objects import (
    NIL, UNBOUND, ClassTemplate, GlobalCell, GuestError, VersionTag, W_BoundMethod, W_Builtin,
    W_Class, W_Dict, W_Function, W_Instance, W_Iterator, W_List, W_Str, error, wrap_bool,
)
import em_opcodes as op
import em_ops

# Guest calls nest host calls (execute -> call -> execute), so the guest limit sits
# well below the host's: the guest gets a RecursionError it can catch, never a crash.
MAX_DEPTH = 1000
# Three host frames per guest call, plus a margin for the compiler's recursion.
sys.setrecursionlimit(MAX_DEPTH * 4 + 2000)

FLUSH_AT = 8192
NO_ARGS = []        # never changed: the arguments of a frame filled from a stack

# The guest's own error classes.  Runtime errors are instances of these, so guest code
# catches and inspects them like its own exceptions.
PRELUDE = """
class Error
  fn init(message) self.message = message end
  fn tostring() return type(self) + ": " + str(self.message) end
end
class TypeError < Error end
class ValueError < Error end
class ZeroDivisionError < Error end
class IndexError < Error end
class KeyError < Error end
class NameError < Error end
class AttributeError < Error end
class AssertionError < Error end
class RecursionError < Error end
"""
ERROR_KINDS = ["Error", "TypeError", "ValueError", "ZeroDivisionError", "IndexError",
               "KeyError", "NameError", "AttributeError", "AssertionError",
               "RecursionError"]


def get_printable_location(pc, code):
    return code.name + " @" + str(pc) + " " + op.NAMES[code.ops[pc]]


jitdriver = JitDriver(greens=['pc', 'code'], reds=['frame', 'vm'],
                      get_printable_location=get_printable_location)


class Frame:
    """One activation: its locals, its operand stack and its open try blocks.

    Locals and stack share one list (locals first, the stack above them from
    `code.nlocals` up): a call allocates as little as possible, because allocation
    dominates the translated interpreter's time."""

    # The list never changes (its items do): the JIT keeps reads of these fields
    # across calls.
    _immutable_fields_ = ["code", "values"]

    def __init__(self, code, args):
        self.code = code
        values = [UNBOUND] * (code.nlocals + code.stack_size)
        for i in range(len(args)):
            values[i] = args[i]
        self.values = values
        self.sp = code.nlocals
        # Pairs of ints: handler pc, stack depth to restore.  Made by the first try:
        # most calls never need one, and allocation dominates a call's cost.
        self.handlers = None

    def push(self, w_value):
        self.values[self.sp] = w_value
        self.sp += 1

    def pop(self):
        self.sp -= 1
        w_value = self.values[self.sp]
        self.values[self.sp] = NIL   # no stale reference keeps garbage alive
        return w_value

    def top(self):
        return self.values[self.sp - 1]

    def push_handler(self, pc):
        if self.handlers is None:
            self.handlers = []
        self.handlers.append(pc)
        self.handlers.append(self.sp)

    def pop_handler(self):
        """The innermost try's handler pc, after restoring its stack depth; -1 if there
        is none."""
        handlers = self.handlers
        if handlers is None or len(handlers) == 0:
            return -1
        depth = handlers.pop()
        handler = handlers.pop()
        while self.sp > depth:
            self.pop()
        return handler

    def pop_args(self, count):
        args = [NIL] * count
        i = count
        while i > 0:
            i -= 1
            args[i] = self.pop()
        return args


class VM:
    """Everything a running program mutates: globals, output buffer, stdin, depth.

    Globals are looked up as the JIT likes it: a slot holds its value until the global
    is assigned a second time, then a GlobalCell that later stores update.  A slot
    changes (and `globals_version` with it) at most twice, so a compiled load folds to
    its value (or cell) under a promoted version, as PyPy's module dicts do."""

    _immutable_fields_ = ["globals_table", "globals"]

    def __init__(self, args):
        self.args = args
        self.globals_table = GlobalTable()
        self.globals = []
        self.globals_version = VersionTag()
        self.out = []
        self.out_size = 0
        self.input = ""
        self.input_pos = 0
        self.input_read = False
        self.depth = 0
        self.error_classes = {}
        for i in range(len(BUILTIN_NAMES)):
            self.set_global(BUILTIN_NAMES[i], W_Builtin(i, BUILTIN_NAMES[i]))

    def set_global(self, name, w_value):
        slot = self.globals_table.slot(name)
        self.grow_globals()
        self.store_global(slot, w_value)

    def load_global(self, slot):
        """The global's value (UNBOUND if it has none)."""
        vm = promote(self)
        w_value = vm.global_binding(promote(vm.globals_version), slot)
        if isinstance(w_value, GlobalCell):
            return w_value.w_value
        return w_value

    @elidable
    def global_binding(self, version, slot):
        """What the slot holds while `version` is current: a value or a GlobalCell."""
        return self.globals[slot]

    def store_global(self, slot, w_value):
        w_old = self.globals[slot]
        if isinstance(w_old, GlobalCell):
            w_old.w_value = w_value
            return
        if w_old is not UNBOUND:
            w_value = GlobalCell(w_value)
        self.globals[slot] = w_value
        self.globals_version = VersionTag()

    def grow_globals(self):
        while len(self.globals) < len(self.globals_table.names):
            self.globals.append(UNBOUND)

    # ------------------------------------------------------------ output and input

    def write(self, text):
        self.out.append(text)
        self.out_size += len(text)
        if self.out_size >= FLUSH_AT:
            self.flush()

    def flush(self):
        if self.out_size > 0:
            os.write(1, "".join(self.out).encode("latin-1"))
        self.out = []
        self.out_size = 0

    def readline(self):
        """The next line of stdin without its newline, or nil at the end."""
        if not self.input_read:
            self.flush()
            self.input = read_all(0).decode("latin-1")
            self.input_read = True
        if self.input_pos >= len(self.input):
            return NIL
        end = self.input.find("\n", self.input_pos)
        if end < 0:
            end = len(self.input)
        line = self.input[self.input_pos:end]
        self.input_pos = end + 1
        return W_Str(line)

    # ------------------------------------------------------------ errors

    def make_error(self, kind, message):
        w_class = self.error_classes.get(kind, None)
        if w_class is None:
            w_class = self.error_classes["Error"]
        w_error = W_Instance(w_class)
        w_error.set_field("message", W_Str(message))
        return w_error

    def materialize(self, err):
        if err.w_value is None:
            err.w_value = self.make_error(err.kind, err.message)
        return err.w_value

    def instance_to_str(self, w_instance):
        w_method = promote(w_instance.w_class).lookup("tostring")
        if w_method is None:
            return "<" + w_instance.w_class.name + " instance>"
        w_result = self.call_function(w_method, [w_instance])
        if not isinstance(w_result, W_Str):
            raise error("TypeError", "tostring() returned " + w_result.type_name() +
                        ", not str")
        return w_result.value

    # ------------------------------------------------------------ calls

    def call_function(self, w_function, args):
        code = w_function.code
        self.check_call(code, len(args))
        return self.run_frame(Frame(code, args))

    def call_function_on_stack(self, w_function, frame, count):
        """call_function with the `count` arguments on top of `frame`'s stack, popped
        straight into the new frame: no argument list is allocated."""
        code = w_function.code
        self.check_call(code, count)
        callee = Frame(code, NO_ARGS)
        i = count
        while i > 0:
            i -= 1
            callee.values[i] = frame.pop()
        return self.run_frame(callee)

    def check_call(self, code, count):
        if count != code.nparams:
            raise error("TypeError", code.name + "() takes " + str(code.nparams) +
                        " arguments (" + str(count) + " given)")
        if self.depth >= MAX_DEPTH:
            raise error("RecursionError", "maximum recursion depth exceeded")

    def run_frame(self, frame):
        self.depth += 1
        try:
            w_result = execute(self, frame)
        except GuestError as err:
            self.depth -= 1
            raise err
        self.depth -= 1
        return w_result

    def call(self, w_callee, args):
        if isinstance(w_callee, W_Function):
            return self.call_function(w_callee, args)
        if isinstance(w_callee, W_Builtin):
            return call_builtin(self, w_callee.index, args)
        if isinstance(w_callee, W_Class):
            w_callee = promote(w_callee)
            w_instance = W_Instance(w_callee)
            w_init = w_callee.lookup("init")
            if w_init is not None:
                self.call_function(w_init, [w_instance] + args)
            elif len(args) > 0:
                raise error("TypeError", w_callee.name + "() takes no arguments")
            return w_instance
        if isinstance(w_callee, W_BoundMethod):
            return self.call_function(w_callee.w_function, [w_callee.w_self] + args)
        raise error("TypeError", w_callee.type_name() + " is not callable")

    def find_method(self, w_receiver, name):
        """The method `w_receiver.name(...)` calls when the receiver is an instance whose
        class has one, else None (call_method does the rest)."""
        if isinstance(w_receiver, W_Instance):
            return promote(w_receiver.w_class).lookup(name)
        return None

    def call_method(self, name, args):
        """`args[0].name(args[1:])`: the receiver comes first, so that a method of an
        instance gets its arguments, self included, without a copy."""
        w_receiver = args[0]
        if isinstance(w_receiver, W_Instance):
            w_method = promote(w_receiver.w_class).lookup(name)
            if w_method is not None:
                return self.call_function(w_method, args)
            w_field = w_receiver.get_field(name)
            if w_field is not None:
                return self.call(w_field, args[1:])
            raise error("AttributeError", w_receiver.w_class.name + " has no method '" +
                        name + "'")
        if isinstance(w_receiver, W_Class):
            w_method = promote(w_receiver).lookup(name)
            if w_method is None:
                raise error("AttributeError", "class " + w_receiver.name +
                            " has no method '" + name + "'")
            return self.call_function(w_method, args[1:])
        return call_type_method(self, w_receiver, name, args[1:])

    # ------------------------------------------------------------ attributes and classes

    def get_attr(self, w_obj, name):
        if isinstance(w_obj, W_Instance):
            w_value = w_obj.get_field(name)
            if w_value is not None:
                return w_value
            w_method = promote(w_obj.w_class).lookup(name)
            if w_method is not None:
                return W_BoundMethod(w_obj, w_method)
            raise error("AttributeError", w_obj.w_class.name + " has no attribute '" +
                        name + "'")
        if isinstance(w_obj, W_Class):
            w_method = promote(w_obj).lookup(name)
            if w_method is not None:
                return w_method
            raise error("AttributeError", "class " + w_obj.name + " has no method '" +
                        name + "'")
        raise error("AttributeError", w_obj.type_name() + " has no attribute '" + name + "'")

    def set_attr(self, w_obj, name, w_value):
        if not isinstance(w_obj, W_Instance):
            raise error("AttributeError", "cannot set attribute '" + name + "' on " +
                        w_obj.type_name())
        w_obj.set_field(name, w_value)

    def make_class(self, template, w_super):
        super_class = None
        if isinstance(w_super, W_Class):
            super_class = w_super
        elif w_super is not NIL:
            raise error("TypeError", "class " + template.name + " cannot inherit from " +
                        w_super.type_name())
        w_class = W_Class(template.name, super_class)
        if super_class is not None:
            for name in super_class.methods:
                w_class.methods[name] = super_class.methods[name]
        for i in range(len(template.method_names)):
            w_class.methods[template.method_names[i]] = template.methods[i]
        return w_class

    # ------------------------------------------------------------ running programs

    def load(self, source):
        """Compiles a program; raises SyntaxProblem."""
        code = compile_program(source, self.globals_table)
        self.grow_globals()
        return code

    def run_prelude(self):
        execute(self, Frame(self.load(PRELUDE), []))
        for kind in ERROR_KINDS:
            w_class = self.load_global(self.globals_table.slot(kind))
            if isinstance(w_class, W_Class):
                self.error_classes[kind] = w_class

    def report(self, err):
        """The message for an exception that reached the top level."""
        w_value = self.materialize(err)
        try:
            text = w_value.to_str(self)
        except GuestError:
            text = "<" + w_value.type_name() + " whose tostring() failed>"
        if not isinstance(w_value, W_Instance):
            text = w_value.type_name() + " " + w_value.repr(self)
        return "uncaught " + text + "\n  at line " + str(err.line) + ", in " + err.where


def handle(vm, frame, err, pc):
    """The pc of the innermost try handler of `frame`, with the exception pushed;
    re-raises when the frame has none."""
    if err.line == 0:
        code = frame.code
        err.line = code.lines[(pc - 2) // 2]
        err.where = code.name
    handler = frame.pop_handler()
    if handler < 0:
        raise err
    frame.push(vm.materialize(err))
    return handler


def execute(vm, frame):
    code = frame.code
    pc = 0
    while True:
        jitdriver.jit_merge_point(pc=pc, code=code, frame=frame, vm=vm)
        opcode = code.ops[pc]
        arg = code.ops[pc + 1]
        pc += 2
        try:
            if opcode == op.LOAD_LOCAL:
                w_value = frame.values[arg]
                if w_value is UNBOUND:
                    raise error("NameError", "local '" + code.local_names[arg] +
                                "' used before assignment")
                frame.push(w_value)
            elif opcode == op.LOAD_CONST:
                frame.push(code.consts[arg])
            elif opcode == op.STORE_LOCAL:
                frame.values[arg] = frame.pop()
            elif opcode == op.LOAD_GLOBAL:
                w_value = vm.load_global(arg)
                if w_value is UNBOUND:
                    raise error("NameError", "name '" + vm.globals_table.names[arg] +
                                "' is not defined")
                frame.push(w_value)
            elif opcode == op.STORE_GLOBAL:
                vm.store_global(arg, frame.pop())
            elif opcode == op.POP:
                frame.pop()
            elif opcode == op.DUP:
                frame.push(frame.top())
            elif opcode == op.ADD:
                w_b = frame.pop()
                frame.push(em_ops.add(frame.pop(), w_b))
            elif opcode == op.SUB:
                w_b = frame.pop()
                frame.push(em_ops.sub(frame.pop(), w_b))
            elif opcode == op.MUL:
                w_b = frame.pop()
                frame.push(em_ops.mul(frame.pop(), w_b))
            elif opcode == op.DIV:
                w_b = frame.pop()
                frame.push(em_ops.div(frame.pop(), w_b))
            elif opcode == op.FLOORDIV:
                w_b = frame.pop()
                frame.push(em_ops.floordiv(frame.pop(), w_b))
            elif opcode == op.MOD:
                w_b = frame.pop()
                frame.push(em_ops.mod(frame.pop(), w_b))
            elif opcode == op.EQ:
                w_b = frame.pop()
                frame.push(wrap_bool(em_ops.equals(frame.pop(), w_b)))
            elif opcode == op.NE:
                w_b = frame.pop()
                frame.push(wrap_bool(not em_ops.equals(frame.pop(), w_b)))
            elif opcode == op.LT:
                w_b = frame.pop()
                frame.push(em_ops.lt(frame.pop(), w_b))
            elif opcode == op.LE:
                w_b = frame.pop()
                frame.push(em_ops.le(frame.pop(), w_b))
            elif opcode == op.GT:
                w_b = frame.pop()
                frame.push(em_ops.gt(frame.pop(), w_b))
            elif opcode == op.GE:
                w_b = frame.pop()
                frame.push(em_ops.ge(frame.pop(), w_b))
            elif opcode == op.IN:
                w_container = frame.pop()
                frame.push(wrap_bool(em_ops.contains(w_container, frame.pop())))
            elif opcode == op.NEG:
                frame.push(em_ops.neg(frame.pop()))
            elif opcode == op.NOT:
                frame.push(wrap_bool(not frame.pop().is_true()))
            elif opcode == op.JUMP:
                pc = arg
            elif opcode == op.JUMP_BACK:
                pc = arg
                jitdriver.can_enter_jit(pc=pc, code=code, frame=frame, vm=vm)
            elif opcode == op.JUMP_IF_FALSE:
                if not frame.pop().is_true():
                    pc = arg
            elif opcode == op.JUMP_IF_FALSE_KEEP:
                if not frame.top().is_true():
                    pc = arg
                else:
                    frame.pop()
            elif opcode == op.JUMP_IF_TRUE_KEEP:
                if frame.top().is_true():
                    pc = arg
                else:
                    frame.pop()
            elif opcode == op.CALL:
                # A guest function takes its arguments straight from this stack; the
                # callee is read first, while the JIT still knows what was pushed (a
                # residual call makes it forget the stack's items).
                w_callee = frame.values[frame.sp - arg - 1]
                if isinstance(w_callee, W_Function):
                    w_result = vm.call_function_on_stack(w_callee, frame, arg)
                else:
                    w_result = vm.call(w_callee, frame.pop_args(arg))
                frame.pop()
                frame.push(w_result)
            elif opcode == op.CALL_METHOD:
                count = (arg & 255) + 1
                name = code.names[arg >> 8]
                w_method = vm.find_method(frame.values[frame.sp - count], name)
                if w_method is not None:
                    frame.push(vm.call_function_on_stack(w_method, frame, count))
                else:
                    frame.push(vm.call_method(name, frame.pop_args(count)))
            elif opcode == op.RETURN:
                return frame.pop()
            elif opcode == op.BUILD_LIST:
                frame.push(W_List(frame.pop_args(arg)))
            elif opcode == op.BUILD_DICT:
                items = frame.pop_args(2 * arg)
                w_dict = W_Dict()
                for i in range(arg):
                    w_dict.set(items[2 * i], items[2 * i + 1])
                frame.push(w_dict)
            elif opcode == op.GET_INDEX:
                w_index = frame.pop()
                frame.push(em_ops.get_index(frame.pop(), w_index))
            elif opcode == op.SET_INDEX:
                w_value = frame.pop()
                w_index = frame.pop()
                em_ops.set_index(frame.pop(), w_index, w_value)
            elif opcode == op.GET_ATTR:
                frame.push(vm.get_attr(frame.pop(), code.names[arg]))
            elif opcode == op.SET_ATTR:
                w_value = frame.pop()
                vm.set_attr(frame.pop(), code.names[arg], w_value)
            elif opcode == op.MAKE_CLASS:
                w_super = frame.pop()
                template = code.consts[arg]
                assert isinstance(template, ClassTemplate)
                frame.push(vm.make_class(template, w_super))
            elif opcode == op.SETUP_TRY:
                frame.push_handler(arg)
            elif opcode == op.POP_TRY:
                frame.handlers.pop()     # a POP_TRY follows its SETUP_TRY
                frame.handlers.pop()
            elif opcode == op.THROW:
                raise GuestError(frame.pop(), "", "")
            elif opcode == op.GET_ITER:
                frame.push(em_ops.get_iter(frame.pop()))
            elif opcode == op.FOR_ITER:
                w_iterator = frame.top()
                assert isinstance(w_iterator, W_Iterator)
                w_item = w_iterator.next()
                if w_item is None:
                    frame.pop()
                    pc = arg
                else:
                    frame.push(w_item)
        except GuestError as err:
            pc = handle(vm, frame, err, pc)


def error_exit(message, status):
    os.write(2, ("ember: " + message + "\n").encode("latin-1"))
    return status


def entry_point(argv):
    if len(argv) < 2:
        return error_exit("usage: ember PROGRAM.em [ARGS...]", 2)
    path = argv[1]
    try:
        fd = os.open(path, os.O_RDONLY, 0)
    except OSError:
        return error_exit("cannot open " + path, 2)
    source = read_all(fd).decode("latin-1")
    os.close(fd)
    vm = VM(argv[2:])
    vm.run_prelude()
    try:
        code = vm.load(source)
    except SyntaxProblem as problem:
        return error_exit(path + ":" + str(problem.line) + ": syntax error: " +
                          problem.message, 2)
    try:
        execute(vm, Frame(code, []))
    except GuestError as err:
        vm.flush()
        return error_exit(vm.report(err), 1)
    except ExitProgram as done:
        vm.flush()
        return done.status
    vm.flush()
    return 0
