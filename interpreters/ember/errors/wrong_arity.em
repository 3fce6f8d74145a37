# status: 1
class P
  fn init(x) self.x = x end
end
P(1, 2)
