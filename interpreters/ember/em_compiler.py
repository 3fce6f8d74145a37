"""Ember's compiler: turns a parsed program into `Code` objects.

`CodeBuilder` holds what one function body is being compiled into (instructions, line
table, constants, local slots, stack depth, open loops); the nodes of `em_ast` drive
it.  Global names are numbered VM-wide by `GlobalTable`, so a global access at run
time is a list index, not a dict lookup.
"""

from em_lexer import SyntaxProblem, tokenize
from em_objects import NIL, ClassTemplate, Code, W_Function
from em_parser import parse
import em_opcodes as op


class GlobalTable:
    """Every global name any compiled code refers to, numbered in order of first use."""

    def __init__(self):
        self.names = []
        self.index = {}

    def slot(self, name):
        found = self.index.get(name, -1)
        if found >= 0:
            return found
        self.index[name] = len(self.names)
        self.names.append(name)
        return len(self.names) - 1


class Loop:
    def __init__(self, head, is_for, try_depth):
        self.head = head
        self.is_for = is_for
        self.try_depth = try_depth
        self.breaks = []


class CodeBuilder:
    def __init__(self, name, globals_table, local_names, nparams, is_module):
        self.name = name
        self.globals = globals_table
        self.is_module = is_module
        self.local_names = local_names
        self.nparams = nparams
        self.locals = {}
        for i in range(len(local_names)):
            self.locals[local_names[i]] = i
        self.ops = []
        self.lines = []
        self.consts = []
        self.names = []
        self.name_slots = {}
        self.line = 0
        self.depth = 0
        self.max_depth = 0
        self.try_depth = 0
        self.loops = []

    def error(self, line, message):
        return SyntaxProblem(line, message)

    def here(self):
        return len(self.ops)

    def adjust_depth(self, delta):
        self.depth += delta
        if self.depth > self.max_depth:
            self.max_depth = self.depth

    def emit(self, opcode, arg, delta):
        """Appends one instruction; `delta` is its effect on the stack depth."""
        self.ops.append(opcode)
        self.ops.append(arg)
        self.lines.append(self.line)
        self.adjust_depth(delta)

    def emit_jump(self, opcode, delta):
        """Emits a jump whose target is filled in later by `patch`."""
        position = self.here()
        self.emit(opcode, -1, delta)
        return position

    def patch(self, position):
        self.ops[position + 1] = self.here()

    def emit_const(self, w_value):
        self.consts.append(w_value)
        self.emit(op.LOAD_CONST, len(self.consts) - 1, 1)

    def name_index(self, name):
        found = self.name_slots.get(name, -1)
        if found >= 0:
            return found
        self.name_slots[name] = len(self.names)
        self.names.append(name)
        return len(self.names) - 1

    def emit_load(self, name):
        slot = self.locals.get(name, -1)
        if slot >= 0:
            self.emit(op.LOAD_LOCAL, slot, 1)
        else:
            self.emit(op.LOAD_GLOBAL, self.globals.slot(name), 1)

    def emit_store(self, name):
        slot = self.locals.get(name, -1)
        if slot >= 0:
            self.emit(op.STORE_LOCAL, slot, -1)
        else:
            self.emit(op.STORE_GLOBAL, self.globals.slot(name), -1)

    # ------------------------------------------------------------ loops

    def push_loop(self, head, is_for):
        self.loops.append(Loop(head, is_for, self.try_depth))

    def pop_loop(self):
        loop = self.loops.pop()
        for position in loop.breaks:
            self.patch(position)

    def innermost_loop(self, word):
        if len(self.loops) == 0:
            raise SyntaxProblem(self.line, "'" + word + "' outside a loop")
        return self.loops[len(self.loops) - 1]

    def leave_tries(self, loop):
        for _ in range(self.try_depth - loop.try_depth):
            self.emit(op.POP_TRY, 0, 0)

    def emit_break(self):
        loop = self.innermost_loop("break")
        self.leave_tries(loop)
        if loop.is_for:
            # The exit path of FOR_ITER has already dropped the iterator, so a break
            # drops it itself; the depth is restored because the code after the
            # jump is unreachable.
            self.emit(op.POP, 0, -1)
            loop.breaks.append(self.emit_jump(op.JUMP, 1))
        else:
            loop.breaks.append(self.emit_jump(op.JUMP, 0))

    def emit_continue(self):
        loop = self.innermost_loop("continue")
        self.leave_tries(loop)
        self.emit(op.JUMP_BACK, loop.head, 0)

    # ------------------------------------------------------------ functions and classes

    def compile_function(self, function):
        builder = CodeBuilder(function.name, self.globals, function.local_names,
                              len(function.params), False)
        builder.line = function.line
        function.body.emit(builder)
        builder.emit_const_nil_return()
        return W_Function(builder.finish())

    def class_template(self, classdef):
        names = []
        methods = []
        for method in classdef.methods:
            names.append(method.name)
            methods.append(self.compile_function(method))
        self.consts.append(ClassTemplate(classdef.name, names, methods))
        return len(self.consts) - 1

    def emit_const_nil_return(self):
        self.emit_const(NIL)
        self.emit(op.RETURN, 0, -1)

    def finish(self):
        return Code(self.name, self.ops[:], self.lines[:], self.consts[:], self.names[:],
                    self.nparams, len(self.local_names), self.local_names[:],
                    self.max_depth + 1)


def compile_program(source, globals_table):
    """Compiles a whole program into the Code of its top level; raises
    SyntaxProblem."""
    tree = parse(tokenize(source))
    builder = CodeBuilder("<program>", globals_table, [], 0, True)
    tree.emit(builder)
    builder.emit_const_nil_return()
    return builder.finish()
