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

// Exact powers of ten: every one up to 1e15 is a double.
static const double pow10_exact[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Eight ASCII digits at s as their number in *v (SWAR, as fast_float reads them); 0 when one
// of the bytes is not a digit. Little-endian only.
static inline int eight_digits(const unsigned char *s, unsigned long long *v) {
  unsigned long long x;
  memcpy(&x, s, 8);
  if (((x & 0xF0F0F0F0F0F0F0F0ULL) | (((x + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) !=
      0x3333333333333333ULL)
    return 0;
  x -= 0x3030303030303030ULL;
  x = x * 10 + (x >> 8);
  x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
  *v = x & 0xFFFFFFFFULL;
  return 1;
}

// Reads digits from text[*p] on (before end) into *mantissa (times ten a digit, wrapping as
// the Swift loop did), eight at a time where it can; returns how many.
static inline int read_digits(const unsigned char *text, long *p, long end, unsigned long long *mantissa) {
  int digits = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  unsigned long long v;
  while (end - *p >= 8 && eight_digits(text + *p, &v)) {
    *mantissa = *mantissa * 100000000ULL + v;
    *p += 8;
    digits += 8;
  }
#endif
  for (; *p < end && text[*p] >= '0' && text[*p] <= '9'; (*p)++, digits++)
    *mantissa = *mantissa * 10 + (text[*p] - '0');
  return digits;
}

int mk_parse_plain_decimal(const unsigned char *text, long start, long end, double *out) {
  long p = start;
  int negative = 0;
  if (text[p] == '-' || text[p] == '+') {
    negative = text[p] == '-';
    p++;
  }
  unsigned long long mantissa = 0;
  int digits = read_digits(text, &p, end, &mantissa), fraction = 0;
  if (p < end && text[p] == '.') {
    p++;
    fraction = read_digits(text, &p, end, &mantissa);
    digits += fraction;
  }
  if (p != end || digits == 0 || digits > 15) return 0;
  const double x = fraction == 0 ? (double)mantissa : (double)mantissa / pow10_exact[fraction];
  *out = negative ? -x : x;
  return 1;
}
