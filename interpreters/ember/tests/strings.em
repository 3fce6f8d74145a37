# String operations.
s = "Hello, World"
print(len(s), s[0], s[-1], s.upper(), s.lower())
print(s.find("World"), s.find("xyz"), s.replace("l", "L"))
print(s.startswith("Hell"), s.endswith("World"), s.endswith("x"))
print(s.slice(0, 5), s.slice(-5, 100), s.slice(3, 1))
print("  padded \t".strip() + "|")
print("a,b,,c".split(","), "  many   spaces here ".split())
print("-".join(["x", "y", "z"]), "ab" * 3, "" * 5)
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), " \n".isspace(), "".isdigit())
print(ord("A"), chr(97), "tab\there", "quote\"inside", 'single \'quoted\'')
print(["with \"quotes\" and \\ backslash\n"])
print("e" in "hello", "z" in "hello")
