# # Factorization machines: fm, deepfm and bayesfm over one sparse design
#
# Part II and IV of the talk: a factorization machine (Rendle 2010) reads one sparse row per
# rating — the user, the work, and with `side=` the work's genres (each row's genres sum to 1)
# — and models every pair of active columns by a dot product of their factors. DeepFM (Guo et
# al. 2017) adds a small neural network over the same embeddings. Run it with
# `mk run Notebooks/factorization.mk` (paths are relative to this folder).

ratings = load "../Samples/anime/ratings.csv"
works = items "../Samples/anime/works.csv"
train, test = split ratings 0.8 seed=42

# ## FM with and without genres
#
# The same FM twice: once over users and works, once with the works' genres as a third group
# of columns. Genres can only help where a work's own factors have little to learn from: on
# the least rated works (the `least` column); on all ratings they change little.

fm = fit fm train rank=8 iters=12
fm_genres = fit fm train rank=8 iters=12 side=works
compare [fm, fm_genres] test subsets=[all, least=1000]

# ## fm, deepfm, bayesfm
#
# DeepFM's MLP (`layers=[16,8]`, ReLU, dropout) reads the concatenated user, work and genre
# embeddings that the FM part shares; its output is added to the FM's.

deepfm = fit deepfm train rank=8 iters=6 layers=[16,8] side=works

# Bayesian FM (Freudenthaler, Rendle & Schmidt-Thieme 2011; libFM's MCMC) samples the same
# model's parameters by Gibbs sampling under hierarchical priors, one group of columns at a
# time, and averages the predictions of the samples: no learning rate, no λ to tune.

bayesfm = fit bayesfm train rank=8 iters=60 burnin=10 side=works seed=1
compare [fm_genres, deepfm, bayesfm] test subsets=[all, least=1000]

# The per-epoch history of the FM with genres: training loss and RMSE.

print fm_genres.history

# ## The Bayesian model's embeddings
#
# Its works' factors (the mean over the kept samples) place similar works together, and PCA
# draws them.

similar bayesfm "Cipher Symphony" labels=works n=5
plot bayesfm what=items labels=works n=30
