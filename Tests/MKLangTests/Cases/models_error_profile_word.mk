me = profile ["50"=favourite]
# error: 1:20: unknown variable 'favourite' (did you mean 'favorite'?)
