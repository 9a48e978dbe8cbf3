ratings = load "Samples/anime/ratings.csv"
works = items "Samples/anime/works.csv"
m = fit baseline ratings
me = profile ["Rhythm Diaries"=favorite, "Lost Mirror Zero"=like] labels=works
recommend m me n=3 labels=works
print (predict m 3 "Rhythm Diaries" labels=works) > ratings.mean   # a pearl
# Output:
# expect: recommended for the profile (2 ratings)
# expect: #  item  title                           score
# expect: -  ----  -----------------------------  ------
# expect: 1  505   Melody of the Paper Melody     2.5856
# expect: 2  584   Velvet Moon Gears              2.5704
# expect: 3  677   Spiral of the Twilight Harbor  2.5447
# expect: true
