d = load "Tests/MKLangTests/Cases/data/kt_attempts.csv"
q = items "Tests/MKLangTests/Cases/data/q_empty_skill.csv"
e = encode d as=pfa skills=q
# error: 3:21: skill mul (skills of q_empty_skill.csv) names no item attempted in 'kt_attempts.csv'
