# A wide table item,col1,col2,… (a Q-matrix) loads as weighted tags named by its header.
q = items "Tests/MKLangTests/Cases/data/qmatrix.csv"
print q.count
print q.tags.count
t = items "Tests/MKLangTests/Cases/data/titles.csv"
print t.count
print t.tags.count
# Output:
# expect: 2
# expect: 3
# expect: 2
# expect: 0
