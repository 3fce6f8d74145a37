# List operations.
l = [3, 1, 2]
l.append(5)
print(l, len(l), l[0], l[-1])
l[1] = 10
print(l, l.pop(), l, l.pop(0), l)
l.insert(1, 7)
l.insert(-100, 0)
l.insert(100, 99)
print(l)
l.extend([4, 4])
print(l, l.index(4), 4 in l, 8 in l)
l.reverse()
print(l)
l.sort()
print(l, l.slice(1, 3), l.slice(-2, 10))
w = ["pear", "apple", "fig"]
w.sort()
print(w, [1, 2] + [3], [0] * 4, [] * 3)
c = l.copy()
c.append(1000)
print(len(l), len(c))
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0], nested)
