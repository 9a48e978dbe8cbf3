# Seeds of fuzz-model: one small model file of each kind, in the current format.
# Remake from this folder with `mk run make.mk` when the format changes.
r = load "../../../Tests/MKCoreTests/Fixtures/version1/ratings.csv" features=[hour]
works = items "../../../Tests/MKCoreTests/Fixtures/version1/items.csv"
save (fit mean r) "mean.mkm"
save (fit baseline r) "baseline.mkm"
save (fit als r rank=2 iters=2) "als.mkm"
save (fit sgd r rank=2 iters=2) "sgd.mkm"
save (fit fm r rank=2 iters=2 side=works seed=1) "fm.mkm"
save (fit deepfm r rank=2 iters=2 layers=[4] seed=1) "deepfm.mkm"
save (fit bayesfm r rank=2 iters=4 burnin=1 keep=2 side=works seed=1) "bayesfm.mkm"
save (fit lasso r side=works) "lasso.mkm"
a = fit als r rank=2 iters=2
l = fit lasso r side=works
save (blend a l r) "blend.mkm"
# 0/1 outcomes: the binary kinds, and models of encoded attempts (per-attempt groups) and of a
# categorical column (fields=).
kt = load "../../../Tests/MKLangTests/Cases/data/kt_attempts.csv" fields=[skill]
save (fit lr kt) "lr.mkm"
save (fit irt kt params=2 iters=5) "irt.mkm"
save (fit elo kt) "elo.mkm"
save (fit logmf kt rank=2 iters=2) "logmf.mkm"
save (fit deep kt rank=2 iters=2 layers=[4]) "deep.mkm"
save (fit fm (encode kt as=iswf skills=skill) rank=2 iters=2) "fm-iswf.mkm"
save (fit bayesfm (encode kt as=pfa skills=skill) rank=2 iters=4 burnin=1 keep=2) "bayesfm-pfa.mkm"
