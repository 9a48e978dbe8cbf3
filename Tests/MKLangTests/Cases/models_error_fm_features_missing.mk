r = load "Tests/MKLangTests/Cases/data/features.csv" features=[hour, age]
m = fit fm r rank=2 iters=1
plain = load "Tests/MKLangTests/Cases/data/features.csv" features=[age]
eval m plain
# error: 4:1: the model was fitted with features [hour, age]; 'features.csv' lacks 'hour'
