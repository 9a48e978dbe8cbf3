me = profile []
# error: 1:14: a profile needs at least one rating
