# A round-robin scheduler over a list used as a queue.
class Task
  fn init(name, work) self.name = name self.work = work end
end
queue = [Task("a", 3), Task("b", 1), Task("c", 2)]
order = []
while len(queue) > 0 do
  t = queue.pop(0)
  t.work -= 1
  order.append(t.name)
  if t.work > 0 then queue.append(t) end
end
print(" ".join(order))
