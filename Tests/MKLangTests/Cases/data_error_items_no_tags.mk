t = items "Tests/MKLangTests/Cases/data/titles.csv"
d = load "Tests/MKLangTests/Cases/data/attempts.csv"
m = fit fm d side=t
# error: 3:5: fm side= needs item tags, but 'Tests/MKLangTests/Cases/data/titles.csv' has none: it lists titles only
