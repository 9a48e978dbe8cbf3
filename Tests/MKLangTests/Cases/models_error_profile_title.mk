works = items "Samples/anime/works.csv"
me = profile ["Rhythm Diarys"=like] labels=works
# error: 2:14: no item titled 'Rhythm Diarys' in works.csv (did you mean 'Rhythm Diaries'?)
