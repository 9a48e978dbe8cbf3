// The fast paths of the delimited-text reader (MKCore's DelimitedReader): one line of plain
// fields split 16 bytes at a time (any x86-64 CPU, SSE2; a byte loop elsewhere), a plain
// decimal field read as a number, and a prefetch hint for the loader's id tables. Not API.
#ifndef MK_LINES_H
#define MK_LINES_H

// Splits the line starting at text[pos] when it is plain, and returns its number of fields;
// returns -1, writing nothing, when it is not, for the general reader to read it. Plain: it
// ends in LF (CRLF: the CR is not part of the last field), holds no double quote and no other
// CR, does not start with a space, tab, CR or LF (blank lines and leading spaces are the
// general reader's), has at most max_fields fields split by `sep`, none of which begins or ends
// with a space or is longer than max_field bytes, and is at most max_line bytes long. Such a
// line gives what the general reader gives: field k is text[bounds[2k] ..< bounds[2k+1]].
// *next is set to the start of the following line. `sep` is not LF, CR, space or '"'.
int mk_split_plain_line(const unsigned char *text, long n, long pos, unsigned char sep, int max_fields,
                        long max_field, long max_line, long *bounds, long *next);

// Reads text[start ..< end] (start < end) as a plain decimal: an optional sign, digits, and an
// optional '.' with more digits, 1 to 15 digits in all; stores its value in *out and returns
// 1, or returns 0, storing nothing, for any other text (the reader's slower path decides).
// The value is the digits as an integer, exactly, divided by 10^(digits after the '.'): the
// same double the Swift reader computed.
int mk_parse_plain_decimal(const unsigned char *text, long start, long end, double *out);

// Asks for the cache line at p to be loaded, without waiting for it (a hint: nothing changes).
static inline void mk_prefetch(const void *p) { __builtin_prefetch(p); }

#endif
