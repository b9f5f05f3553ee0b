class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(amount, self.balance)
        self.balance -= amount
        self.history.append(("withdraw", amount))
    def __repr__(self):
        return f"Account({self.owner!r}, {self.balance})"
acct = Account("ann", 100)
acct.deposit(50)
acct.withdraw(30)
for op in [lambda: acct.withdraw(500), lambda: acct.deposit(-1)]:
    try:
        op()
    except (InsufficientFunds, ValueError) as e:
        print(type(e).__name__, e)
print(acct, acct.history)
