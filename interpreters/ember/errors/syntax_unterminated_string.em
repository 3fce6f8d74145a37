# status: 2
print("never closed)
