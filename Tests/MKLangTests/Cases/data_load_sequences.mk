# Knowledge-tracing sequence files: 3 lines a student (count / skill ids / answers), whose
# students are FILE#N, or 4 (index,user / problems / skills / answers); auto recognizes them.
s3 = load "Tests/MKLangTests/Cases/data/seq3.csv" format=sequences
print s3.count
print s3.users
print s3.binary
s4 = load "Tests/MKLangTests/Cases/data/seq4.csv"
print s4.count
print s4.users
print s4.itemCount
# Every attempt is kept, and the two unnamed students stay apart: #1 answered 2 of 3,
# #2 none of 2, so a baseline rates #1 above #2 on the same skill.
m = fit baseline s3
a = predict m "seq3.csv#1" 7
b = predict m "seq3.csv#2" 7
print (a > b)
# Output:
# expect: 5
# expect: 2
# expect: true
# expect: 4
# expect: 2
# expect: 2
# expect: true
