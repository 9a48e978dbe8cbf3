d = generate users=40 items=20 ratings=500 rank=2 seed=3
m = fit als d rank=2 iters=3
s = similar m "i1" n=4
print s.rows
print s.columns
# Output:
# expect: 4
# expect: ["#", "item", "cosine"]
