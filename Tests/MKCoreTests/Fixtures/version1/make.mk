# Made by the mk of model file version 1 (before feature groups): `mk run make.mk` here.
r = load "ratings.csv" features=[hour]
works = items "items.csv"
fm = fit fm r rank=2 iters=3 side=works seed=1
save fm "fm.mkm"
bayesfm = fit bayesfm r rank=2 iters=12 burnin=2 keep=5 side=works seed=1
save bayesfm "bayesfm.mkm"
rmse fm r
rmse bayesfm r
