# fields= keeps categorical columns with each rating; fm reads each as a one-hot group.
d = load "Tests/MKLangTests/Cases/data/countries.csv" fields=[country]
print d.count
m = fit fm d rank=2 iters=2
plain = load "Tests/MKLangTests/Cases/data/countries.csv"
eval m plain
# Output:
# expect: 6
# error: 6:1: the model was fitted with fields [country]; 'countries.csv' lacks 'country'
