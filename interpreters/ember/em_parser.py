"""Ember's parser: tokens to an `em_ast` tree, by recursive descent.

It also decides scoping, because it sees every assignment: inside a function, a name
is local when it is a parameter or is assigned anywhere in the body (like Python);
every other name is global.  At the top level all names are global.
"""

from em_lexer import EOF_KIND, NAME, INT, FLOAT, STRING, OP, KEYWORD, SyntaxProblem
import em_ast as ast
import em_opcodes as op

COMPARISONS = {"==": op.EQ, "!=": op.NE, "<": op.LT, "<=": op.LE, ">": op.GT,
               ">=": op.GE}
ADDITIVE = {"+": op.ADD, "-": op.SUB}
MULTIPLICATIVE = {"*": op.MUL, "/": op.DIV, "//": op.FLOORDIV, "%": op.MOD}
AUGMENTED = {"+=": op.ADD, "-=": op.SUB, "*=": op.MUL, "/=": op.DIV,
             "//=": op.FLOORDIV, "%=": op.MOD}
# Tokens after which a bare `return` has no value.
BLOCK_ENDS = {"end": True, "else": True, "elif": True, "catch": True}


class Scope:
    """The names a function body assigns, in order of first assignment."""

    def __init__(self, is_module):
        self.is_module = is_module
        self.names = []
        self.seen = {}

    def declare(self, name):
        if self.is_module or name in self.seen:
            return
        self.seen[name] = True
        self.names.append(name)


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
        self.scope = Scope(True)

    # ------------------------------------------------------------ token helpers

    def peek(self):
        return self.tokens[self.pos]

    def advance(self):
        token = self.tokens[self.pos]
        if token.kind != EOF_KIND:
            self.pos += 1
        return token

    def at(self, kind, text):
        token = self.tokens[self.pos]
        return token.kind == kind and token.text == text

    def at_op(self, text):
        return self.at(OP, text)

    def at_keyword(self, text):
        return self.at(KEYWORD, text)

    def error(self, message):
        token = self.peek()
        found = "end of file"
        if token.kind != EOF_KIND:
            found = "'" + token.text + "'"
            if token.kind == STRING:
                found = "a string"
        return SyntaxProblem(token.line, message + ", found " + found)

    def expect(self, kind, text):
        if not self.at(kind, text):
            raise self.error("expected '" + text + "'")
        return self.advance()

    def expect_name(self, what):
        token = self.peek()
        if token.kind != NAME:
            raise self.error("expected " + what)
        self.advance()
        return token.text

    def on_same_line(self):
        """True when the next token is on the line of the previous one: `f (x)` on
        a new line starts a new statement instead of calling `f`."""
        return self.pos > 0 and self.tokens[self.pos - 1].line == self.peek().line

    # ------------------------------------------------------------ statements

    def parse_program(self):
        statements = []
        while self.peek().kind != EOF_KIND:
            statements.append(self.statement())
        return ast.Block(1, statements)

    def block(self, enders):
        """Statements up to (not including) a keyword in `enders`."""
        line = self.peek().line
        statements = []
        while True:
            token = self.peek()
            if token.kind == KEYWORD and token.text in enders:
                break
            if token.kind == EOF_KIND:
                raise self.error("expected '" + "' or '".join(enders_list(enders)) + "'")
            statements.append(self.statement())
        return ast.Block(line, statements)

    def statement(self):
        token = self.peek()
        line = token.line
        if token.kind == OP and token.text == ";":
            self.advance()
            return ast.Block(line, [])
        if token.kind == KEYWORD:
            word = token.text
            if word == "fn" and self.tokens[self.pos + 1].kind == NAME:
                self.advance()
                name = self.expect_name("a function name")
                self.scope.declare(name)
                return ast.FunctionDef(line, self.function_rest(line, name, False))
            if word == "class":
                return self.class_statement()
            if word == "if":
                self.advance()
                return self.if_rest(line)
            if word == "while":
                self.advance()
                test = self.expression()
                self.expect(KEYWORD, "do")
                body = self.block(END)
                self.expect(KEYWORD, "end")
                return ast.While(line, test, body)
            if word == "for":
                self.advance()
                var = self.expect_name("a loop variable")
                self.scope.declare(var)
                self.expect(KEYWORD, "in")
                iterable = self.expression()
                self.expect(KEYWORD, "do")
                body = self.block(END)
                self.expect(KEYWORD, "end")
                return ast.ForIn(line, var, iterable, body)
            if word == "return":
                self.advance()
                nxt = self.peek()
                if nxt.kind == EOF_KIND or (nxt.kind == KEYWORD and nxt.text in BLOCK_ENDS):
                    return ast.Return(line, ast.Keyword(line, "nil"))
                return ast.Return(line, self.expression())
            if word == "break":
                self.advance()
                return ast.Break(line)
            if word == "continue":
                self.advance()
                return ast.Continue(line)
            if word == "try":
                self.advance()
                body = self.block(CATCH)
                self.expect(KEYWORD, "catch")
                var = self.expect_name("a name for the caught value")
                self.scope.declare(var)
                handler = self.block(END)
                self.expect(KEYWORD, "end")
                return ast.Try(line, body, var, handler)
            if word == "throw":
                self.advance()
                return ast.Throw(line, self.expression())
        return self.simple_statement(line)

    def simple_statement(self, line):
        target = self.expression()
        if self.at_op("="):
            self.advance()
            self.check_target(target)
            return ast.Assign(line, target, self.expression())
        token = self.peek()
        if token.kind == OP and token.text in AUGMENTED:
            self.advance()
            self.check_target(target)
            # The target expression is evaluated twice (documented in the README).
            value = ast.BinOp(line, AUGMENTED[token.text], target, self.expression())
            return ast.Assign(line, target, value)
        return ast.ExprStmt(line, target)

    def check_target(self, target):
        if isinstance(target, ast.Name):
            self.scope.declare(target.name)
        elif not isinstance(target, ast.Index) and not isinstance(target, ast.Attr):
            raise SyntaxProblem(target.line, "cannot assign to this expression")

    def if_rest(self, line):
        test = self.expression()
        self.expect(KEYWORD, "then")
        body = self.block(IF_ENDS)
        orelse = ast.Block(line, [])
        if self.at_keyword("elif"):
            elif_line = self.advance().line
            orelse.statements.append(self.if_rest(elif_line))
            return ast.If(line, test, body, orelse)
        if self.at_keyword("else"):
            self.advance()
            orelse = self.block(END)
        self.expect(KEYWORD, "end")
        return ast.If(line, test, body, orelse)

    def class_statement(self):
        line = self.advance().line
        name = self.expect_name("a class name")
        self.scope.declare(name)
        superclass = ast.Keyword(line, "nil")
        if self.at_op("<"):
            self.advance()
            superclass = self.postfix()
        methods = []
        while not self.at_keyword("end"):
            if not self.at_keyword("fn"):
                raise self.error("expected 'fn' or 'end' in the body of class " + name)
            method_line = self.advance().line
            method_name = self.expect_name("a method name")
            methods.append(self.function_rest(method_line, method_name, True))
        self.advance()
        return ast.ClassDef(line, name, superclass, methods)

    def function_rest(self, line, name, is_method):
        """Parameters and body of a function whose `fn` and name are consumed."""
        outer = self.scope
        self.scope = Scope(False)
        if is_method:
            self.scope.declare("self")
        self.expect(OP, "(")
        while not self.at_op(")"):
            param = self.expect_name("a parameter name")
            if param in self.scope.seen:
                raise SyntaxProblem(line, "duplicate parameter '" + param + "'")
            self.scope.declare(param)
            if not self.at_op(")"):
                self.expect(OP, ",")
        self.advance()
        nparams = len(self.scope.names)
        body = self.block(END)
        self.expect(KEYWORD, "end")
        scope = self.scope
        self.scope = outer
        return ast.FunctionExpr(line, name, scope.names[:nparams], scope.names, body)

    # ------------------------------------------------------------ expressions

    def expression(self):
        left = self.and_expr()
        while self.at_keyword("or"):
            line = self.advance().line
            left = ast.Logical(line, False, left, self.and_expr())
        return left

    def and_expr(self):
        left = self.not_expr()
        while self.at_keyword("and"):
            line = self.advance().line
            left = ast.Logical(line, True, left, self.not_expr())
        return left

    def not_expr(self):
        if self.at_keyword("not"):
            line = self.advance().line
            return ast.UnaryOp(line, op.NOT, self.not_expr())
        return self.comparison()

    def comparison(self):
        left = self.additive()
        while True:
            token = self.peek()
            if token.kind == OP and token.text in COMPARISONS:
                self.advance()
                left = ast.BinOp(token.line, COMPARISONS[token.text], left, self.additive())
            elif token.kind == KEYWORD and token.text == "in":
                self.advance()
                left = ast.BinOp(token.line, op.IN, left, self.additive())
            else:
                return left

    def additive(self):
        left = self.multiplicative()
        while True:
            token = self.peek()
            if token.kind != OP or token.text not in ADDITIVE:
                return left
            self.advance()
            left = ast.BinOp(token.line, ADDITIVE[token.text], left, self.multiplicative())

    def multiplicative(self):
        left = self.unary()
        while True:
            token = self.peek()
            if token.kind != OP or token.text not in MULTIPLICATIVE:
                return left
            self.advance()
            left = ast.BinOp(token.line, MULTIPLICATIVE[token.text], left, self.unary())

    def unary(self):
        if self.at_op("-"):
            line = self.advance().line
            return ast.UnaryOp(line, op.NEG, self.unary())
        return self.postfix()

    def postfix(self):
        expr = self.primary()
        while True:
            token = self.peek()
            if token.kind != OP:
                return expr
            if token.text == "(" and self.on_same_line():
                self.advance()
                expr = ast.Call(token.line, expr, self.arguments(")"))
            elif token.text == "[" and self.on_same_line():
                self.advance()
                index = self.expression()
                self.expect(OP, "]")
                expr = ast.Index(token.line, expr, index)
            elif token.text == ".":
                self.advance()
                name = self.expect_name("an attribute name after '.'")
                if self.at_op("(") and self.on_same_line():
                    self.advance()
                    expr = ast.MethodCall(token.line, expr, name, self.arguments(")"))
                else:
                    expr = ast.Attr(token.line, expr, name)
            else:
                return expr

    def arguments(self, closer):
        args = []
        while not self.at_op(closer):
            args.append(self.expression())
            if not self.at_op(closer):
                self.expect(OP, ",")
        self.advance()
        if len(args) > 255:
            raise self.error("more than 255 arguments or items")
        return args

    def primary(self):
        token = self.peek()
        line = token.line
        if token.kind == INT:
            self.advance()
            return ast.IntLit(line, int(token.text))
        if token.kind == FLOAT:
            self.advance()
            return ast.FloatLit(line, float(token.text))
        if token.kind == STRING:
            self.advance()
            return ast.StrLit(line, token.text)
        if token.kind == NAME:
            self.advance()
            return ast.Name(line, token.text)
        if token.kind == KEYWORD:
            if token.text == "true" or token.text == "false" or token.text == "nil":
                self.advance()
                return ast.Keyword(line, token.text)
            if token.text == "fn":
                self.advance()
                return self.function_rest(line, "<anonymous>", False)
        if token.kind == OP:
            if token.text == "(":
                self.advance()
                expr = self.expression()
                self.expect(OP, ")")
                return expr
            if token.text == "[":
                self.advance()
                return ast.ListLit(line, self.arguments("]"))
            if token.text == "{":
                self.advance()
                return self.dict_literal(line)
        raise self.error("expected an expression")

    def dict_literal(self, line):
        keys = []
        values = []
        while not self.at_op("}"):
            keys.append(self.expression())
            self.expect(OP, ":")
            values.append(self.expression())
            if not self.at_op("}"):
                self.expect(OP, ",")
        self.advance()
        return ast.DictLit(line, keys, values)


END = {"end": True}
CATCH = {"catch": True}
IF_ENDS = {"end": True, "else": True, "elif": True}


def enders_list(enders):
    names = []
    for name in enders:
        names.append(name)
    return names


def parse(tokens):
    return Parser(tokens).parse_program()
