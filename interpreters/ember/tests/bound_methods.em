# Methods are values: bound to their object, or taken from the class.
class Greeter
  fn init(greeting) self.greeting = greeting end
  fn greet(who) return self.greeting + ", " + who end
end
g = Greeter("Hi")
f = g.greet
print(f("Ann"), Greeter.greet(Greeter("Yo"), "Bob"))
handlers = [g.greet, Greeter("Hey").greet]
for h in handlers do print(h("you")) end
