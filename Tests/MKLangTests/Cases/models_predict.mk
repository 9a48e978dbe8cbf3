d = generate users=20 items=15 ratings=200 seed=1
m = fit mean d
# A mean model predicts the mean (a 32-bit float, so up to rounding).
p = predict m "u1" "i1"
assert (p - d.mean) < 0.0001
assert (d.mean - p) < 0.0001
# Unknown users and items fall back, with a note that says how.
predict m "u999" "i1"
predict m 1 2
# Output:
# expect: note: unknown user 'u999': fell back to the item's mean (global mean + item bias)
# expect: 3.0909
# expect: note: unknown user '1' and unknown item '2': fell back to the global mean
# expect: 3.0909
