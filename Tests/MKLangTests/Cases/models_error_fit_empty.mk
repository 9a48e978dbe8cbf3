d = generate users=10 items=10 ratings=50
none = subset d d which=cold
m = fit als none
# error: 3:5: cannot fit als on an empty data set
