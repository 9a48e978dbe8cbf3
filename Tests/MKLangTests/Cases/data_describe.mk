d = generate users=6 items=4 ratings=12 seed=5
describe d
# Output:
# expect: generated: 12 ratings, 6 users, 4 items (density 50.00%)
# expect: values: numbers
# expect:   [1.17, 1.58)  #################### 2
# expect:   [1.58, 1.98)  ########## 1
# expect:   [1.98, 2.39)   0
# expect:    [2.39, 2.8)  ############################## 3
# expect:    [2.8, 3.21)  ########## 1
# expect:   [3.21, 3.62)  ########## 1
# expect:   [3.62, 4.02)  ############################## 3
# expect:   [4.02, 4.43)   0
# expect:   [4.43, 4.84)   0
# expect:   [4.84, 5.25]  ########## 1
# expect: ratings per user: min 1, median 2, mean 2.0, max 3
# expect: ratings per item: min 1, median 3, mean 3.0, max 5
