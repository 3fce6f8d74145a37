# status: 2
x = 12abc
