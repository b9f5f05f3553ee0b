def bank(balance):
    def deposit(n):
        nonlocal balance
        balance += n
        return balance
    def withdraw(n):
        nonlocal balance
        if n > balance:
            raise ValueError("insufficient funds")
        balance -= n
        return balance
    return deposit, withdraw
d, w = bank(100)
print(d(50), w(30))
try:
    w(1000)
except ValueError as e:
    print("error:", e)
def a():
    x = 1
    def b():
        def c():
            nonlocal x
            x = 3
        c()
        return x
    return b()
print(a())
