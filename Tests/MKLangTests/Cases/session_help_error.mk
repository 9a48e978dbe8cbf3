help splt
# error: 1:6: unknown verb 'splt' (did you mean 'split'?)
