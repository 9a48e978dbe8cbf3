# # Knowledge tracing: pick the features, get a model
#
# Part III and the closing results of the talk "Deep Recommender Systems" (Vie et al.): the
# outcome is binary (did the student answer correctly?) and the message is "just pick the
# features (user, item, skill, wins, fails…) and you get a model". Item response theory is a
# logistic regression on users and items; performance factor analysis (PFA) one on skills and
# each student's earlier wins and fails on them; Knowledge Tracing Machines (KTM, Vie &
# Kashima 2019) put items, skills, wins and fails (`iswf`) into a factorization machine.
#
# The data live in `../shared/data` (see its INDEX.md): Tatsuoka's fraction subtraction (536
# students × 20 items, with a Q-matrix of 8 skills) and ASSISTments 2009 (problems and their
# skills, split by student).
#
# ## Fraction subtraction
fs = load "../../shared/data/fraction-subtraction/needed.csv"
q = items "../../shared/data/fraction-subtraction/q_matrix.derived.csv"
describe fs

# `encode` counts, for every attempt, the student's earlier wins and fails on each skill the
# Q-matrix gives its item: only attempts strictly before it, so a model never sees the future.
pfa = encode fs as=pfa skills=q
iswf = encode fs as=iswf skills=q

# A random 80/20 split of the attempts: the models of part III side by side. IRT (1PL and
# 2PL), logistic matrix factorization, the MLP alone (`deep`), DeepFM and Bayesian FM on users
# and items, and PFA as a logistic regression.
train, test = split fs 0.8 seed=0
irt = fit irt train
irt2 = fit irt train params=2
logmf = fit logmf train rank=5 iters=30 seed=0
deep = fit deep train rank=8 iters=30 seed=0
deepfm = fit deepfm train rank=8 iters=30 seed=0
bayesfm = fit bayesfm train rank=5 iters=200 seed=0
compare [irt, irt2, logmf, deep, deepfm, bayesfm] test metric=auc

# The same split of the encoded attempts (the same seed chooses the same rows).
ptrain, ptest = split pfa 0.8 seed=0
lr_pfa = fit lr ptrain
auc lr_pfa ptest

# Strong generalization: five folds of whole students (`group=user`), so every test student
# is new to the model and only their own earlier attempts speak for them. The user column of
# IRT is then useless for the test students; PFA's and KTM's counts are not.
cv lr (encode fs as=irt) folds=5 group=user seed=0
cv lr pfa folds=5 group=user seed=0
cv lr iswf folds=5 group=user seed=0
cv fm iswf folds=5 group=user seed=0 rank=[5] iters=30

# Elo's K factor is its learning rate: each attempt moves the student's rating and the item's
# difficulty by k(r − p), in time order. Small k learns slowly, large k forgets; offline IRT
# is the reference it approaches.
cv elo fs folds=5 seed=0 k=[0.05, 0.2, 0.4, 0.8, 1.6]
cv irt fs folds=5 seed=0

# What a student has mastered: PFA's probability of success on each skill, from the wins and
# fails of all their attempts.
lr_all = fit lr pfa
mastery lr_all pfa 10

# ## ASSISTments 2009, test students unseen
#
# The first fold of the AKT split: 2,491 students to train, 830 others to test. A problem is
# an item; its skill is given per attempt. The results table of the talk, on this data: IRT,
# PFA and KTM as logistic regressions (d = 0), the MLP alone and DeepFM on the same iswf
# features, and KTM at d = 20 by Gibbs sampling (libFM's MCMC, the talk's best on Duolingo).
atrain = load "../../shared/data/assist2009/assist2009_pid_train1.csv" format=sequences
atest = load "../../shared/data/assist2009/assist2009_pid_test1.csv" format=sequences
train_iswf = encode atrain as=iswf
test_iswf = encode atest as=iswf
irt_a = fit lr (encode atrain as=irt)
pfa_a = fit lr (encode atrain as=pfa)
ktm0 = fit lr train_iswf
ktm20 = fit bayesfm train_iswf rank=20 iters=100 burnin=10 keep=90 seed=1
deepfm_a = fit deepfm train_iswf rank=20 iters=5 seed=0
deep_a = fit deep train_iswf rank=20 iters=5 seed=0
# Every model here reads the iswf features of the test attempts (IRT's users and items are
# the pairs' own; PFA's groups are iswf's without the items).
compare [irt_a, pfa_a, ktm0, deep_a, deepfm_a, ktm20] test_iswf metric=auc

# Each feature set adds: the skills' wins and fails (PFA) lift IRT's 0.67 to 0.70, the items
# on top (iswf) to 0.73. Here, unlike on Duolingo, the pairwise interactions of d = 20 and the
# neural models add nothing to the logistic regression on iswf: the KTM paper found the same on
# ASSISTments, where the counts carry most of the signal. `bench/kt.sh` runs these fits beside
# scikit-learn and myFM on the same designs.
