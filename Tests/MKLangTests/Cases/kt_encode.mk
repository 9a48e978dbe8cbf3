# encode: each attempt's earlier wins and fails on its skills, from a skill column or a
# Q-matrix (the same counts either way), in file order for data without time.
d = load "Tests/MKLangTests/Cases/data/kt_attempts.csv" fields=[skill]
e = encode d as=pfa skills=skill
e
q = items "Tests/MKLangTests/Cases/data/q_attempts.csv"
eq = encode d as=pfa skills=q
eq
# The same features give the same model: user 1's third attempt (2 wins before) scores
# above user 2's first (none).
m = fit fm e rank=1 iters=50 lr=0.05
mq = fit fm eq rank=1 iters=50 lr=0.05
assert (auc m e) == (auc mq eq)
train, test = split e 0.5 seed=1 group=user
print test.users
# Output:
# expect: ratings kt_attempts.csv as pfa: 8 ratings, 3 users, 2 items, binary; encoded as pfa: skills + wins + fails, 2 skills of column skill
# expect: mean 0.6250, range 0…1
# expect: ratings kt_attempts.csv as pfa: 8 ratings, 3 users, 2 items, binary; encoded as pfa: skills + wins + fails, 2 skills of q_attempts.csv
# expect: mean 0.6250, range 0…1
# expect: 1
