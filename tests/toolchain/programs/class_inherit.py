"""Single inheritance three levels deep: inherited fields, methods and overrides."""

from support import line, say


class Animal:
    def __init__(self, name, legs):
        self.name = name
        self.legs = legs

    def sound(self):
        return b"..."

    def describe(self):
        line(self.name + b" says " + self.sound())
        say(b"legs", self.legs)


class Dog(Animal):
    def __init__(self, name):
        Animal.__init__(self, name, 4)
        self.tricks = 0

    def sound(self):
        return b"woof"

    def learn(self):
        self.tricks += 1


class Puppy(Dog):
    def sound(self):
        return Dog.sound(self) + b"?"


class Bird(Animal):
    def __init__(self, name):
        Animal.__init__(self, name, 2)


def entry_point(argv):
    zoo = [Animal(b"thing", 0), Dog(b"rex"), Puppy(b"bit"), Bird(b"tweety")]
    for a in zoo:
        a.describe()
    p = Puppy(b"pip")
    p.learn()
    p.learn()
    say(b"tricks", p.tricks)
    return 0
