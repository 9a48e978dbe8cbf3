# mk's side of bench/kt.sh: the peers' designs on ASSISTments 2009 fold 1 (train1 → test1),
# each line [test AUC, fit seconds] in the order kt_peers.py prints them.
# lr with penalize_intercept=true is liblinear's objective (λ = 1/C = 1, intercept penalized).
atrain = load "../../shared/data/assist2009/assist2009_pid_train1.csv" format=sequences
atest = load "../../shared/data/assist2009/assist2009_pid_test1.csv" format=sequences
test = encode atest as=iswf
irt = fit lr (encode atrain as=irt) lambda=1 penalize_intercept=true
print [(auc irt test), irt.seconds]
pfa = fit lr (encode atrain as=pfa) lambda=1 penalize_intercept=true
print [(auc pfa test), pfa.seconds]
train = encode atrain as=iswf
iswf = fit lr train lambda=1 penalize_intercept=true
print [(auc iswf test), iswf.seconds]
ktm = fit bayesfm train rank=20 iters=100 burnin=10 keep=90 seed=1
print [(auc ktm test), ktm.seconds]
