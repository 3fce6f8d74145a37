# status: 2
class C
  x = 1
end
