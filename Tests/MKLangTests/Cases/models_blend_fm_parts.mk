# blend refits each part as it was fitted: an fm without side= needs no items
r = load "Samples/anime/ratings.csv"
w = items "Samples/anime/works.csv"
train, test = split r 0.5 seed=3
f = fit fm train rank=2 iters=1
g = fit fm train rank=2 iters=1 side=w
b = blend f g train seed=1
print b.kind
# expect: blend
