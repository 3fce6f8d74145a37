# status: 2
x = (1 + )
