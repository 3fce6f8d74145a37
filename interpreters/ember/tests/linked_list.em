# A linked list built from objects, with nil as the end.
class Cell
  fn init(value, next) self.value = value self.next = next end
end
fn from_list(items)
  head = nil
  i = len(items) - 1
  while i >= 0 do
    head = Cell(items[i], head)
    i -= 1
  end
  return head
end
fn reverse(cell)
  prev = nil
  while cell != nil do
    nxt = cell.next
    cell.next = prev
    prev = cell
    cell = nxt
  end
  return prev
end
fn to_list(cell)
  out = []
  while cell != nil do
    out.append(cell.value)
    cell = cell.next
  end
  return out
end
print(to_list(reverse(from_list([1, 2, 3, 4, 5]))))
print(to_list(reverse(nil)))
