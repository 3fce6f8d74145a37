# Towers of Hanoi: recursion with a shared move list.
moves = []
fn hanoi(n, src, dst, via)
  if n == 0 then return end
  hanoi(n - 1, src, via, dst)
  moves.append(src + dst)
  hanoi(n - 1, via, dst, src)
end
hanoi(4, "A", "C", "B")
print(len(moves), moves.slice(0, 7))
hanoi(10, "A", "C", "B")
print(len(moves))
