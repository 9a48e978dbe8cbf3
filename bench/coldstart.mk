# Cold-start timings (issue #5): `fit lasso` and `blend` on 1M generated ratings, 20k items and
# 500 tags. Run with a release build: bench/coldstart.sh
r = generate users=10000 items=20000 ratings=1000000 rank=10 tags=500 seed=0
als = fit als r rank=20 iters=10
print als.seconds
lasso = fit lasso r side=r.items alpha=0.03
print lasso.seconds
lasso.history
# blend refits als and lasso on 70% (learns the gate on 30%), then on 100%.
balse = blend als lasso r
print balse.seconds
balse.gate
