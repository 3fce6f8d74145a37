"""Ember's tokenizer: source text to a list of `Token`s.

Keywords are recognised here, so the parser compares token kinds only.  Every token
keeps its line: the parser needs it to tell `f (x)` on one line from a call, and
errors name it.
"""

EOF_KIND = 0
NAME = 1
INT = 2
FLOAT = 3
STRING = 4
OP = 5        # punctuation and operators; the text says which
KEYWORD = 6

KEYWORDS = {"fn": True, "end": True, "if": True, "then": True, "elif": True,
            "else": True, "while": True, "do": True, "for": True, "in": True,
            "return": True, "break": True, "continue": True, "class": True,
            "try": True, "catch": True, "throw": True, "and": True, "or": True,
            "not": True, "true": True, "false": True, "nil": True}

# Longest first, so that "//=" wins over "//" and "/".
OPERATORS = ["//=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "//",
             "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", "{", "}",
             ",", ".", ":", ";"]


class Token:
    _immutable_fields_ = ["kind", "text", "line"]

    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = text
        self.line = line


class SyntaxProblem(Exception):
    """A lexing or parsing error at a line of the guest program."""

    def __init__(self, line, message):
        self.line = line
        self.message = message


def is_digit(c):
    return c >= "0" and c <= "9"


def is_name_start(c):
    return (c >= "a" and c <= "z") or (c >= "A" and c <= "Z") or c == "_"


def is_name_char(c):
    return is_name_start(c) or is_digit(c)


class Lexer:
    def __init__(self, source):
        self.source = source
        self.pos = 0
        self.line = 1
        self.tokens = []

    def peek(self, offset):
        index = self.pos + offset
        if index < len(self.source):
            return self.source[index]
        return ""

    def tokenize(self):
        while self.pos < len(self.source):
            c = self.source[self.pos]
            if c == "\n":
                self.line += 1
                self.pos += 1
            elif c == " " or c == "\t" or c == "\r":
                self.pos += 1
            elif c == "#":
                while self.pos < len(self.source) and self.source[self.pos] != "\n":
                    self.pos += 1
            elif is_digit(c):
                self.number()
            elif is_name_start(c):
                self.name()
            elif c == '"' or c == "'":
                self.string(c)
            else:
                self.operator()
        self.tokens.append(Token(EOF_KIND, "", self.line))
        return self.tokens

    def number(self):
        start = self.pos
        kind = INT
        while is_digit(self.peek(0)):
            self.pos += 1
        if self.peek(0) == "." and is_digit(self.peek(1)):
            kind = FLOAT
            self.pos += 1
            while is_digit(self.peek(0)):
                self.pos += 1
        if self.peek(0) == "e" or self.peek(0) == "E":
            sign = self.peek(1) == "+" or self.peek(1) == "-"
            after = 1
            if sign:
                after = 2
            if is_digit(self.peek(after)):
                kind = FLOAT
                self.pos += after
                while is_digit(self.peek(0)):
                    self.pos += 1
        if is_name_char(self.peek(0)):
            raise SyntaxProblem(self.line, "malformed number '" +
                                self.source[start:self.pos + 1] + "'")
        self.tokens.append(Token(kind, self.source[start:self.pos], self.line))

    def name(self):
        start = self.pos
        while is_name_char(self.peek(0)):
            self.pos += 1
        text = self.source[start:self.pos]
        kind = NAME
        if text in KEYWORDS:
            kind = KEYWORD
        self.tokens.append(Token(kind, text, self.line))

    def string(self, quote_char):
        start_line = self.line
        self.pos += 1
        parts = []
        while True:
            if self.pos >= len(self.source):
                raise SyntaxProblem(start_line, "unterminated string")
            c = self.source[self.pos]
            if c == quote_char:
                self.pos += 1
                break
            if c == "\n":
                raise SyntaxProblem(start_line, "unterminated string")
            if c == "\\":
                escaped = self.peek(1)
                if escaped == "n":
                    parts.append("\n")
                elif escaped == "t":
                    parts.append("\t")
                elif escaped == "\\" or escaped == '"' or escaped == "'":
                    parts.append(escaped)
                else:
                    raise SyntaxProblem(self.line, "unknown escape '\\" + escaped + "'")
                self.pos += 2
            else:
                parts.append(c)
                self.pos += 1
        self.tokens.append(Token(STRING, "".join(parts), start_line))

    def operator(self):
        for op in OPERATORS:
            if self.source[self.pos:self.pos + len(op)] == op:
                self.tokens.append(Token(OP, op, self.line))
                self.pos += len(op)
                return
        raise SyntaxProblem(self.line, "unexpected character '" + self.source[self.pos] + "'")


def tokenize(source):
    return Lexer(source).tokenize()
