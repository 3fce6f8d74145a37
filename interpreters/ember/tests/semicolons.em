# Statements may share a line; ';' separates them where it helps.
a = 1; b = 2; print(a + b)
c = [1, 2] print(c)
fn f() return 7 end print(f())
x = 3
(print)("parenthesised callee")
