d = generate users=10 items=10 ratings=50
m = fit mean d
none = subset d d which=cold
ndcg m none
# error: 4:8: cold of generated is empty: no ratings to score
