# A syntax error stops the whole notebook before anything runs: no output.
print 1
x = 2
fitt als x
# error: 4:1: unknown verb 'fitt' (did you mean 'fit'?)
