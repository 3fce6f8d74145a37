# status: 2
f() = 3
