# Ratings near the ends of Float's range still bin (hi - lo overflowed Float, then Int(nan) trapped).
r = load "Tests/MKLangTests/Cases/data/extreme.csv"
describe r
# expect: extreme.csv: 26 ratings, 26 users, 26 items (density 3.85%)
# expect: values: numbers
# expect:     [-3e+38, -2.4e+38)  # 1
# expect:   [-2.4e+38, -1.8e+38)   0
# expect:   [-1.8e+38, -1.2e+38)   0
# expect:     [-1.2e+38, -6e+37)   0
# expect:            [-6e+37, 0)   0
# expect:             [0, 6e+37)  ############################## 24
# expect:       [6e+37, 1.2e+38)   0
# expect:     [1.2e+38, 1.8e+38)   0
# expect:     [1.8e+38, 2.4e+38)   0
# expect:       [2.4e+38, 3e+38]  # 1
# expect: ratings per user: min 1, median 1, mean 1.0, max 1
# expect: ratings per item: min 1, median 1, mean 1.0, max 1
