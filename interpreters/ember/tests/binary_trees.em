# Allocation-heavy binary trees.
class Node
  fn init(left, right) self.left = left self.right = right end
  fn check()
    if self.left == nil then return 1 end
    return 1 + self.left.check() + self.right.check()
  end
end
fn make(depth)
  if depth == 0 then return Node(nil, nil) end
  return Node(make(depth - 1), make(depth - 1))
end
for d in [0, 1, 4, 8] do
  print("depth", d, "nodes", make(d).check())
end
