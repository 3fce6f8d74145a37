"""JSON-like values (a small class tree) pretty-printed with indentation and escaping."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class JValue:
    def dump(self, indent, parts):
        pass


class JNull(JValue):
    def dump(self, indent, parts):
        parts.append("null")


class JBool(JValue):
    def __init__(self, value):
        self.value = value

    def dump(self, indent, parts):
        parts.append("true" if self.value else "false")


class JNum(JValue):
    def __init__(self, value):
        self.value = value

    def dump(self, indent, parts):
        parts.append(repr(self.value))


class JStr(JValue):
    def __init__(self, value):
        self.value = value

    def dump(self, indent, parts):
        parts.append(quote(self.value))


class JList(JValue):
    def __init__(self, items):
        self.items = items

    def dump(self, indent, parts):
        if len(self.items) == 0:
            parts.append("[]")
            return
        parts.append("[\n")
        for i in range(len(self.items)):
            parts.append("  " * (indent + 1))
            self.items[i].dump(indent + 1, parts)
            parts.append(",\n" if i < len(self.items) - 1 else "\n")
        parts.append("  " * indent + "]")


class JObject(JValue):
    def __init__(self):
        self.fields = {}

    def dump(self, indent, parts):
        parts.append("{\n")
        n = 0
        for key, value in self.fields.items():
            parts.append("  " * (indent + 1) + quote(key) + ": ")
            value.dump(indent + 1, parts)
            n += 1
            parts.append(",\n" if n < len(self.fields) else "\n")
        parts.append("  " * indent + "}")


def quote(s):
    result = ['"']
    for c in s:
        if c == '"':
            result.append('\\"')
        elif c == "\\":
            result.append("\\\\")
        elif c == "\n":
            result.append("\\n")
        else:
            result.append(c)
    result.append('"')
    return "".join(result)


def entry_point(argv):
    doc = JObject()
    doc.fields["name"] = JStr("kiln")
    doc.fields["version"] = JNum(0.1)
    doc.fields["targets"] = JList([JStr("x86_64"), JStr("armel"), JNum(6.0)])
    doc.fields["stable"] = JBool(False)
    doc.fields["parent"] = JNull()
    inner = JObject()
    inner.fields["quote"] = JStr('say "hi"\nback\\slash')
    inner.fields["empty"] = JList([])
    doc.fields["nested"] = inner
    parts = []
    doc.dump(0, parts)
    out("".join(parts))
    return 0
