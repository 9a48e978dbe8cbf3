# # Cold start: ALS, LASSO on tags, and BALSE
#
# The experiment of the Mangaki paper (Vie, Laïly & Pauwels 2017, "Using posters to recommend
# anime and mangas in a cold-start scenario") on the tagged sample data, whose genre tags carry
# part of each work's quality as posters do in the paper (`mk sample Samples/anime-tagged
# --tagged`). ALS cannot place a work nobody rated; a per-user LASSO on the work's genre tags
# can; BALSE blends the two with a gate learned from the work's rating count.
ratings = load "../Samples/anime-tagged/ratings.csv"
works = items "../Samples/anime-tagged/works.csv"

# First 15% of the works move, with all their ratings, to test (cold items); the rest of the
# ratings are split 80/20.
train, test = split ratings 0.8 cold=0.15 seed=0

als = fit als train rank=8 lambda=0.1 iters=5
lasso = fit lasso train side=works alpha=0.01

# BALSE refits both kinds with their own options on 70% of train (10% of its works held out
# whole, so the gate sees works with no rating), learns the gate σ(β(R_j − γ)) on the other
# 30%, then refits both on all of train. The gate leans on LASSO for rarely rated works and on
# ALS for popular ones.
balse = blend als lasso train holdout=0.3 seed=0
balse.gate
plot balse.gate

# The paper's table: all test ratings, the ratings of the 1000 least-rated works, cold works.
# LASSO places the cold works better than ALS; BALSE is below both in every column.
compare [als, lasso, balse] test subsets=[all, least=1000, cold]

# Why LASSO recommends what it does: the tags a user likes and dislikes most.
explain lasso 2 labels=works n=3
