d = load "Tests/MKLangTests/Cases/data/kt_attempts.csv"
q = items "Tests/MKLangTests/Cases/data/q_unknown.csv"
e = encode d as=iswf skills=q
# error: 3:22: q_unknown.csv, line 4: item zz of the Q-matrix is not attempted in 'kt_attempts.csv'
