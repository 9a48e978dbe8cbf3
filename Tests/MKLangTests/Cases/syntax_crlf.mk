# Windows line ends read like Unix ones.
x = 1 + 1
print x
fit alss x
# Output:
# expect: 2
# error: 4:5: unknown model kind 'alss' (did you mean 'als'?)
