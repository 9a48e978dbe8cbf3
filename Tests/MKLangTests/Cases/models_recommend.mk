d = generate users=30 items=20 ratings=300 seed=2
m = fit als d rank=2 iters=3
print (recommend m "u1" n=3).rows
print (recommend m "u1" n=100000).rows > 3
me = profile ["i1"=5, "i2"=like, "i3"=1]
print (recommend m me n=4).rows
# A profile item the model does not know is left out, with a note.
ghost = profile ["i1"=5, "i999"=4]
print (recommend m ghost n=2).rows
# Output:
# expect: 3
# expect: true
# expect: 4
# expect: note: the model does not know 'i999'; left out of the profile
# expect: 2
