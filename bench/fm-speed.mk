# fm's fit time on MovieLens 100k u1.base (bench/README.md, "what safety cost"):
# rank 10, 20 epochs, default options otherwise. Run: mk run bench/fm-speed.mk (paths from bench/)
base = load "../../shared/data/ml-100k/u1.base"
test = load "../../shared/data/ml-100k/u1.test"
f = fit fm base iters=20 seed=0
print f.seconds
rmse f test
