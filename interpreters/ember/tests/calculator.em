# A tiny expression evaluator written in Ember: tokens, recursive descent, errors.
class Calc
  fn init(text)
    self.tokens = []
    num = ""
    for c in text + " " do
      if c.isdigit() then
        num += c
      else
        if num != "" then
          self.tokens.append(int(num))
          num = ""
        end
        if not c.isspace() then self.tokens.append(c) end
      end
    end
    self.pos = 0
  end
  fn peek()
    if self.pos < len(self.tokens) then return self.tokens[self.pos] end
    return nil
  end
  fn take()
    t = self.peek()
    self.pos += 1
    return t
  end
  fn expr()
    v = self.term()
    while self.peek() == "+" or self.peek() == "-" do
      if self.take() == "+" then v += self.term() else v -= self.term() end
    end
    return v
  end
  fn term()
    v = self.atom()
    while self.peek() == "*" or self.peek() == "/" do
      if self.take() == "*" then v *= self.atom() else v = v // self.atom() end
    end
    return v
  end
  fn atom()
    t = self.take()
    if t == "(" then
      v = self.expr()
      if self.take() != ")" then throw ValueError("expected )") end
      return v
    end
    if type(t) != "int" then throw ValueError("unexpected " + str(t)) end
    return t
  end
end
for text in ["1 + 2 * 3", "(1 + 2) * 3", "100 / 7 / 2", "2 * (3 + 4) - 5", "(1 + ", "8 / (4 - 4)"] do
  try
    print(text, "=", Calc(text).expr())
  catch e
    print(text, "->", e)
  end
end
