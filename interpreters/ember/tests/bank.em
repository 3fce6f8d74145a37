# Objects and guest exceptions together.
class InsufficientFunds < Error
  fn init(needed) Error.init(self, "short by " + str(needed)) end
end
class Account
  fn init(owner, balance)
    self.owner = owner
    self.balance = balance
    self.log = []
  end
  fn withdraw(amount)
    if amount > self.balance then throw InsufficientFunds(amount - self.balance) end
    self.balance -= amount
    self.log.append(-amount)
  end
  fn deposit(amount)
    if amount <= 0 then throw ValueError("deposit must be positive") end
    self.balance += amount
    self.log.append(amount)
  end
end
acct = Account("ann", 100)
for step in [["w", 30], ["d", 50], ["w", 500], ["d", -5], ["w", 120]] do
  try
    if step[0] == "w" then acct.withdraw(step[1]) else acct.deposit(step[1]) end
    print("ok", step, acct.balance)
  catch e
    print("refused", step, e)
  end
end
print(acct.owner, acct.balance, acct.log)
