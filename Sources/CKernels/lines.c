#include "mk_lines.h"

#include <string.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

// Ends the field that started at *start at the separator (or line end) at s; 0 when the line is
// not plain after all.
static inline int end_field(const unsigned char *text, long *start, long s, int *count, int max_fields,
                            long max_field, long *bounds) {
  const long a = *start;
  if (*count == max_fields || s - a > max_field) return 0;
  if (s > a && (text[a] == ' ' || text[s - 1] == ' ')) return 0;
  bounds[2 * *count] = a;
  bounds[2 * *count + 1] = s;
  *count += 1;
  *start = s + 1;
  return 1;
}

int mk_split_plain_line(const unsigned char *text, long n, long pos, unsigned char sep, int max_fields,
                        long max_field, long max_line, long *bounds, long *next) {
  if (pos >= n) return -1;
  const unsigned char first = text[pos];
  if (first == '\n' || first == '\r' || first == ' ' || first == '\t') return -1;
  const long reach = n - pos < max_line ? n - pos : max_line;
  const unsigned char *lf = memchr(text + pos, '\n', (size_t)reach);
  if (!lf) return -1;
  long end = lf - text;
  if (text[end - 1] == '\r') end--;
  int count = 0;
  long start = pos, p = pos;
#if defined(__x86_64__)
  const __m128i vsep = _mm_set1_epi8((char)sep), vquote = _mm_set1_epi8('"'), vcr = _mm_set1_epi8('\r');
  for (; p + 16 <= end; p += 16) {
    const __m128i x = _mm_loadu_si128((const __m128i *)(text + p));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, vquote), _mm_cmpeq_epi8(x, vcr)))) return -1;
    unsigned seps = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vsep));
    while (seps) {
      if (!end_field(text, &start, p + __builtin_ctz(seps), &count, max_fields, max_field, bounds)) return -1;
      seps &= seps - 1;
    }
  }
#endif
  for (; p < end; p++) {
    const unsigned char b = text[p];
    if (b == '"' || b == '\r') return -1;
    if (b == sep && !end_field(text, &start, p, &count, max_fields, max_field, bounds)) return -1;
  }
  if (!end_field(text, &start, end, &count, max_fields, max_field, bounds)) return -1;
  *next = (lf - text) + 1;
  return count;
}
