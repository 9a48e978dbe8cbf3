# load keeps numeric columns with features=; fm, deepfm and bayesfm read them as a features group.
r = load "Tests/MKLangTests/Cases/data/features.csv" features=[hour, age]
train, test = split r 0.75 seed=0
m = fit fm train rank=2 iters=3
d = fit deepfm train rank=2 iters=2 layers=[4] standardize=false
print m.kind
print (rmse m test) > 0
print (rmse d test) > 0
b = fit bayesfm train rank=2 iters=3 burnin=1
print (rmse b test) > 0
by_number = load "Tests/MKLangTests/Cases/data/features.csv" features=[4, 5]
print (rmse m by_number) > 0
# Output:
# expect: fm
# expect: true
# expect: true
# expect: true
# expect: true
