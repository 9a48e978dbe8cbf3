# load keeps numeric columns with features=; fm, deepfm and bayesfm read them as a features group.
r = load "Tests/MKLangTests/Cases/data/features.csv" features=[hour, age]
train, test = split r 0.75 seed=0
m = fit fm train rank=2 iters=3
d = fit deepfm train rank=2 iters=2 layers=[4] standardize=false
print m.kind
# All three below the mean model's 1.53 on these 10 test ratings, give or take.
print (rmse m test) < 1.6
print (rmse d test) < 1.6
b = fit bayesfm train rank=2 iters=3 burnin=1
print (rmse b test) < 1.6
by_number = load "Tests/MKLangTests/Cases/data/features.csv" features=[4, 5]
# Columns by number are the same columns: the same predictions.
print (rmse m by_number) == (rmse m r)
# Output:
# expect: fm
# expect: true
# expect: true
# expect: true
# expect: true
