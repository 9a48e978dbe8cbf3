help split
# Output:
# expect: usage: split DATA [FRACTION] [seed=N] [by=random|user|item|time] [cold=F] [group=user|item]
# expect:
# expect: split ratings into train and test (random, per user, by item, by time)
# expect:
# expect: arguments:
# expect:   DATA      the ratings (ratings)
# expect:   FRACTION  the share kept for training (default 0.8) (a number in 0...1, optional)
# expect:
# expect: options:
# expect:   seed=N                    random seed (a whole number in 0...2147483647; default 0)
# expect:   by=random|user|item|time  random ratings; each user's; whole items (cold start); earliest by time (random|user|item|time; default random)
# expect:   cold=F                    first move this share of the items, with all their ratings, to test (a number in 0...1)
# expect:   group=user|item           keep each user's (item's) ratings together: FRACTION of the users train, the others test (test users are new) (user|item)
# expect:
# expect: examples:
# expect:   train, test = split ratings 0.8 seed=42
# expect:   train, test = split ratings by=item
# expect:   train, test = split ratings 0.8 cold=0.15 seed=0
# expect:   train, test = split attempts 0.8 group=user seed=0
