# ?VERB and VERB? are help VERB.
?vars
vars?
# expect: usage: vars
# expect:
# expect: list the variables: name, type and a one-line summary
# expect:
# expect: examples:
# expect:   vars
# expect: usage: vars
# expect:
# expect: list the variables: name, type and a one-line summary
# expect:
# expect: examples:
# expect:   vars
