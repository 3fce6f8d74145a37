# Comparisons between ints, floats and strings.
print(1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 1 == 1.0, 1 != 2)
print(1 < 1.5, 2.5 > 2, "abc" < "abd", "b" > "abc", "x" == "x")
print([1, 2] == [1, 2], [1, 2] == [2, 1], nil == nil, nil == false)
print("1" == 1, true == true)
