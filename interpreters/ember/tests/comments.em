# Comments run to the end of the line.
x = 1 # after code
# print("commented out")
print(x) # done
print("# not a comment inside a string")
