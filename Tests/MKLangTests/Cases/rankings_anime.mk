ratings = load "Samples/anime/ratings.csv"
works = items "Samples/anime/works.csv"
popular ratings n=3 labels=works
top ratings n=3 min=80 labels=works
pearls ratings n=2 labels=works
controversial ratings n=2 min=50
# Output:
# expect: popular of ratings.csv
# expect: #  item  title                       ratings    mean
# expect: -  ----  --------------------------  -------  ------
# expect: 1  43    Frozen Feather Frontier         995  1.3070
# expect: 2  526   Garden of the Frozen River      981  1.1125
# expect: 3  205   Little Another World Saga       957  0.6399
# expect: top of ratings.csv
# expect: #  item  title               ratings    mean
# expect: -  ----  ------------------  -------  ------
# expect: 1  92    Gunframe Overdrive       87  2.2690
# expect: 2  781   Ronin Nocturne           94  2.2436
# expect: 3  696   Cipher Symphony         911  2.2413
# expect: pearls of ratings.csv
# expect: #  item  title             ratings    mean  likes  dislikes
# expect: -  ----  ----------------  -------  ------  -----  --------
# expect: 1  463   Rhythm Diaries         67  2.5463     61         0
# expect: 2  440   Lost Mirror Zero       61  2.4623     54         1
# expect: controversial of ratings.csv
# expect: #  item  ratings    mean     std
# expect: -  ----  -------  ------  ------
# expect: 1  290       137  1.0912  2.0042
# expect: 2  593       124  1.3073  1.8805
