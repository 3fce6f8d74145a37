# Classes, fields, methods, inheritance and overriding.
class Animal
  fn init(name) self.name = name end
  fn speak() return self.name + " makes a sound" end
  fn describe() return "I am " + self.name + ": " + self.speak() end
end
class Dog < Animal
  fn speak() return self.name + " barks" end
end
class Puppy < Dog
  fn init(name, age)
    Dog.init(self, name)
    self.age = age
  end
  fn speak() return Dog.speak(self) + " softly" end
end
for a in [Animal("generic"), Dog("Rex"), Puppy("Bit", 1)] do
  print(a.describe())
end
p = Puppy("Bit", 1)
print(p.age, isinstance(p, Animal), isinstance(p, Dog), isinstance(Dog("x"), Puppy))
print(type(p), Animal, p.speak)
