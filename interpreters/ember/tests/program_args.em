# args() gives the words after the program name.
a = args()
print(len(a), a)
for x in a do print(x.upper()) end
