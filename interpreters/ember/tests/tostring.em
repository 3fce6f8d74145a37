# A class's tostring() is used by print and str().
class Vec
  fn init(x, y) self.x = x self.y = y end
  fn add(o) return Vec(self.x + o.x, self.y + o.y) end
  fn tostring() return "Vec(" + str(self.x) + ", " + str(self.y) + ")" end
end
v = Vec(1, 2).add(Vec(0.5, -3))
print(v, [v, v], "as str: " + str(v))
class Plain end
print(Plain())
