# status: 3
print("leaving with 3")
exit(3)
