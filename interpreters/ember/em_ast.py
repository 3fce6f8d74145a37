"""Ember's syntax tree, and how each node becomes bytecode.

Each node knows how to emit itself into an `em_compiler.CodeBuilder` (a virtual
`emit`), which keeps the compiler free of type dispatch and every variable of one type
when translated.  Expressions leave exactly one value on the stack; statements leave
the stack as they found it.
"""

from em_objects import NIL, TRUE, FALSE, W_Int, W_Float, W_Str
import em_opcodes as op


class Node:
    def __init__(self, line):
        self.line = line

    def emit(self, c):
        raise NotImplementedError


# ---------------------------------------------------------------- expressions

class Expr(Node):
    def emit_store(self, c, value):
        """Emits `self = value`; only names, indexing and attributes are targets."""
        raise c.error(self.line, "cannot assign to this expression")


class IntLit(Expr):
    def __init__(self, line, value):
        Node.__init__(self, line)
        self.value = value

    def emit(self, c):
        c.emit_const(W_Int(self.value))


class FloatLit(Expr):
    def __init__(self, line, value):
        Node.__init__(self, line)
        self.value = value

    def emit(self, c):
        c.emit_const(W_Float(self.value))


class StrLit(Expr):
    def __init__(self, line, value):
        Node.__init__(self, line)
        self.value = value

    def emit(self, c):
        c.emit_const(W_Str(self.value))


class Keyword(Expr):
    """`true`, `false` or `nil`."""

    def __init__(self, line, word):
        Node.__init__(self, line)
        self.word = word

    def emit(self, c):
        if self.word == "true":
            c.emit_const(TRUE)
        elif self.word == "false":
            c.emit_const(FALSE)
        else:
            c.emit_const(NIL)


class Name(Expr):
    def __init__(self, line, name):
        Node.__init__(self, line)
        self.name = name

    def emit(self, c):
        c.emit_load(self.name)

    def emit_store(self, c, value):
        value.emit(c)
        c.emit_store(self.name)


class ListLit(Expr):
    def __init__(self, line, items):
        Node.__init__(self, line)
        self.items = items

    def emit(self, c):
        for item in self.items:
            item.emit(c)
        c.emit(op.BUILD_LIST, len(self.items), 1 - len(self.items))


class DictLit(Expr):
    def __init__(self, line, keys, values):
        Node.__init__(self, line)
        self.keys = keys
        self.values = values

    def emit(self, c):
        for i in range(len(self.keys)):
            self.keys[i].emit(c)
            self.values[i].emit(c)
        c.emit(op.BUILD_DICT, len(self.keys), 1 - 2 * len(self.keys))


class BinOp(Expr):
    def __init__(self, line, opcode, left, right):
        Node.__init__(self, line)
        self.opcode = opcode
        self.left = left
        self.right = right

    def emit(self, c):
        self.left.emit(c)
        self.right.emit(c)
        c.line = self.line
        c.emit(self.opcode, 0, -1)


class UnaryOp(Expr):
    def __init__(self, line, opcode, operand):
        Node.__init__(self, line)
        self.opcode = opcode
        self.operand = operand

    def emit(self, c):
        self.operand.emit(c)
        c.line = self.line
        c.emit(self.opcode, 0, 0)


class Logical(Expr):
    """`and` / `or`: the right side runs only when the left does not decide."""

    def __init__(self, line, is_and, left, right):
        Node.__init__(self, line)
        self.is_and = is_and
        self.left = left
        self.right = right

    def emit(self, c):
        self.left.emit(c)
        if self.is_and:
            jump = c.emit_jump(op.JUMP_IF_FALSE_KEEP, -1)
        else:
            jump = c.emit_jump(op.JUMP_IF_TRUE_KEEP, -1)
        self.right.emit(c)
        c.patch(jump)


class Call(Expr):
    def __init__(self, line, callee, args):
        Node.__init__(self, line)
        self.callee = callee
        self.args = args

    def emit(self, c):
        self.callee.emit(c)
        for arg in self.args:
            arg.emit(c)
        c.line = self.line
        c.emit(op.CALL, len(self.args), -len(self.args))


class MethodCall(Expr):
    def __init__(self, line, receiver, name, args):
        Node.__init__(self, line)
        self.receiver = receiver
        self.name = name
        self.args = args

    def emit(self, c):
        self.receiver.emit(c)
        for arg in self.args:
            arg.emit(c)
        c.line = self.line
        c.emit(op.CALL_METHOD, c.name_index(self.name) * 256 + len(self.args),
               -len(self.args))


class Index(Expr):
    def __init__(self, line, container, index):
        Node.__init__(self, line)
        self.container = container
        self.index = index

    def emit(self, c):
        self.container.emit(c)
        self.index.emit(c)
        c.line = self.line
        c.emit(op.GET_INDEX, 0, -1)

    def emit_store(self, c, value):
        self.container.emit(c)
        self.index.emit(c)
        value.emit(c)
        c.line = self.line
        c.emit(op.SET_INDEX, 0, -3)


class Attr(Expr):
    def __init__(self, line, obj, name):
        Node.__init__(self, line)
        self.obj = obj
        self.name = name

    def emit(self, c):
        self.obj.emit(c)
        c.line = self.line
        c.emit(op.GET_ATTR, c.name_index(self.name), 0)

    def emit_store(self, c, value):
        self.obj.emit(c)
        value.emit(c)
        c.line = self.line
        c.emit(op.SET_ATTR, c.name_index(self.name), -2)


class FunctionExpr(Expr):
    """A function body: `fn name(params) ... end`, anonymous or not.  `local_names`
    are the parameters first, then every other name assigned in the body."""

    def __init__(self, line, name, params, local_names, body):
        Node.__init__(self, line)
        self.name = name
        self.params = params
        self.local_names = local_names
        self.body = body

    def emit(self, c):
        c.emit_const(c.compile_function(self))


# ---------------------------------------------------------------- statements

class ExprStmt(Node):
    def __init__(self, line, expr):
        Node.__init__(self, line)
        self.expr = expr

    def emit(self, c):
        c.line = self.line
        self.expr.emit(c)
        c.emit(op.POP, 0, -1)


class Assign(Node):
    def __init__(self, line, target, value):
        Node.__init__(self, line)
        self.target = target
        self.value = value

    def emit(self, c):
        c.line = self.line
        self.target.emit_store(c, self.value)


class Block(Node):
    def __init__(self, line, statements):
        Node.__init__(self, line)
        self.statements = statements

    def emit(self, c):
        for statement in self.statements:
            statement.emit(c)


class If(Node):
    """`if`/`elif` chains are nested Ifs in an else Block (empty when absent)."""

    def __init__(self, line, test, body, orelse):
        Node.__init__(self, line)
        self.test = test
        self.body = body
        self.orelse = orelse

    def emit(self, c):
        c.line = self.line
        self.test.emit(c)
        skip = c.emit_jump(op.JUMP_IF_FALSE, -1)
        self.body.emit(c)
        if len(self.orelse.statements) == 0:
            c.patch(skip)
            return
        done = c.emit_jump(op.JUMP, 0)
        c.patch(skip)
        self.orelse.emit(c)
        c.patch(done)


class While(Node):
    def __init__(self, line, test, body):
        Node.__init__(self, line)
        self.test = test
        self.body = body

    def emit(self, c):
        c.line = self.line
        head = c.here()
        self.test.emit(c)
        exit_jump = c.emit_jump(op.JUMP_IF_FALSE, -1)
        c.push_loop(head, False)
        self.body.emit(c)
        c.line = self.line
        c.emit(op.JUMP_BACK, head, 0)
        c.patch(exit_jump)
        c.pop_loop()


class ForIn(Node):
    def __init__(self, line, var, iterable, body):
        Node.__init__(self, line)
        self.var = var
        self.iterable = iterable
        self.body = body

    def emit(self, c):
        c.line = self.line
        self.iterable.emit(c)
        c.emit(op.GET_ITER, 0, 0)
        head = c.here()
        # FOR_ITER pushes the item (+1) or, at the end, pops the iterator and jumps.
        exit_jump = c.emit_jump(op.FOR_ITER, 1)
        c.emit_store(self.var)
        c.push_loop(head, True)
        self.body.emit(c)
        c.line = self.line
        c.emit(op.JUMP_BACK, head, 0)
        c.adjust_depth(-1)   # the iterator is gone on the exit path
        c.patch(exit_jump)
        c.pop_loop()


class Return(Node):
    """A bare `return` returns the expression `nil`."""

    def __init__(self, line, value):
        Node.__init__(self, line)
        self.value = value

    def emit(self, c):
        c.line = self.line
        self.value.emit(c)
        c.emit(op.RETURN, 0, -1)


class Break(Node):
    def emit(self, c):
        c.line = self.line
        c.emit_break()


class Continue(Node):
    def emit(self, c):
        c.line = self.line
        c.emit_continue()


class FunctionDef(Node):
    def __init__(self, line, function):
        Node.__init__(self, line)
        self.function = function

    def emit(self, c):
        c.line = self.line
        self.function.emit(c)
        c.emit_store(self.function.name)


class ClassDef(Node):
    """`class Name [< Super] fn ... end ... end`; methods get `self` as parameter 0.
    Without `< Super` the superclass expression is `nil`."""

    def __init__(self, line, name, superclass, methods):
        Node.__init__(self, line)
        self.name = name
        self.superclass = superclass
        self.methods = methods

    def emit(self, c):
        c.line = self.line
        self.superclass.emit(c)
        c.line = self.line
        c.emit(op.MAKE_CLASS, c.class_template(self), 0)
        c.emit_store(self.name)


class Try(Node):
    def __init__(self, line, body, var, handler):
        Node.__init__(self, line)
        self.body = body
        self.var = var
        self.handler = handler

    def emit(self, c):
        c.line = self.line
        setup = c.emit_jump(op.SETUP_TRY, 0)
        c.try_depth += 1
        self.body.emit(c)
        c.try_depth -= 1
        c.emit(op.POP_TRY, 0, 0)
        done = c.emit_jump(op.JUMP, 0)
        c.patch(setup)
        c.adjust_depth(1)   # the handler starts with the exception on the stack
        c.emit_store(self.var)
        self.handler.emit(c)
        c.patch(done)


class Throw(Node):
    def __init__(self, line, value):
        Node.__init__(self, line)
        self.value = value

    def emit(self, c):
        c.line = self.line
        self.value.emit(c)
        c.emit(op.THROW, 0, -1)
