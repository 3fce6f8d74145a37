# Any value can be thrown; user classes can extend Error.
class AppError < Error
  fn init(message, code)
    Error.init(self, message)
    self.code = code
  end
end
fn risky(kind)
  if kind == 1 then throw "a string" end
  if kind == 2 then throw 42 end
  if kind == 3 then throw AppError("app failed", 7) end
  if kind == 4 then throw [1, 2] end
  return "no error"
end
for kind in range(5) do
  try
    print(risky(kind))
  catch e
    if isinstance(e, AppError) then
      print("AppError", e.message, e.code, e)
    else
      print("caught", type(e), e)
    end
  end
end
print(isinstance(AppError("x", 1), Error), isinstance(ValueError("v"), Error))
