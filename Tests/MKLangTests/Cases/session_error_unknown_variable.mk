ratings = generate users=10 items=10 ratings=50
describe rating
# error: 2:10: unknown variable 'rating' (did you mean 'ratings'?)
