# The smallest program.
print("hello, world")
