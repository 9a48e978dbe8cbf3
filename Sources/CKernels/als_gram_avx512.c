#include "mk_als_gram_avx512.h"
#include "mk_kernels.h"

// Rows of a chunk: gathered once, they stay in L1 (20 KiB at rank 64) while every tile sums
// over them, as in mk_als_gram_avx2.
#define MK_ALS512_CHUNK 64

static inline long round_up(long x, long m) { return (x + m - 1) / m * m; }

// The layout of the scratch: a gathered row is the k factors, then 1 (with a bias) and the
// target at lane w, zeros to gs = round_up(k + 2, 16) floats; the Gram's factor block sums in
// s, round_up(k, 8) rows of kq = round_up(k, 16) floats (the 8-row tiles), followed by the sums
// over whole rows Σ g̃ⱼ and Σ tⱼ g̃ⱼ (gs floats each), which give columns k and w.
long mk_als_gram_avx512_scratch(int k, int which) {
  const long gs = round_up(k + 2, 16), kq = round_up(k, 16);
  return which == 0 ? MK_ALS512_CHUNK * gs : round_up(k, 8) * kq + 2 * gs;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>

int mk_cpu_has_avx512(void) {
  if (!mk_cpu_has_avx2_fma()) return 0;
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !((b >> 16) & 1)) return 0;  // AVX-512F
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (lo & 0xe6) == 0xe6;  // the OS saves XMM, YMM, the opmasks and all of ZMM
}

// Rows r0 … r0+7 of the factor block, vectors v … v+NV−1 (16 lanes): s[r0 + i, 16v …] (+)=
// Σⱼ g[j, r0 + i] · g[j, 16v …] over the chunk's len rows, each entry one chain of fused
// multiply-adds in rating order (so mk_als_gram_avx2's bits: its tiles are other shapes of the
// same chains). 16 accumulators at NV = 2, the broadcasts read from L1.
__attribute__((target("avx512f"), always_inline))
static inline void tile(const float *g, int len, long gs, int r0, int v, float *s, long kq, int first, const int NV) {
  __m512 acc[8][2];
  for (int i = 0; i < 8; i++) {
    for (int q = 0; q < NV; q++) acc[i][q] = first ? _mm512_setzero_ps() : _mm512_load_ps(s + (r0 + i) * kq + 16 * (v + q));
  }
  for (int j = 0; j < len; j++) {
    const float *row = g + j * gs;
    __m512 col[2];
    for (int q = 0; q < NV; q++) col[q] = _mm512_load_ps(row + 16 * (v + q));
    for (int i = 0; i < 8; i++) {
      const __m512 f = _mm512_set1_ps(row[r0 + i]);
      for (int q = 0; q < NV; q++) acc[i][q] = _mm512_fmadd_ps(f, col[q], acc[i][q]);
    }
  }
  for (int i = 0; i < 8; i++) {
    for (int q = 0; q < NV; q++) _mm512_store_ps(s + (r0 + i) * kq + 16 * (v + q), acc[i][q]);
  }
}

// Vectors v … v+NV−1 of the whole rows' sums: Σ g̃ⱼ (with a bias: lanes c < k are the bias
// column's g_c · 1, lane k the count, lane w Σ tⱼ) and Σ tⱼ g̃ⱼ (lanes c < k the right side).
// An add is the fused g_c · 1 + acc's rounding, and tⱼ g_c = g_c tⱼ: mk_als_gram_avx2's bits.
__attribute__((target("avx512f"), always_inline))
static inline void side_sums(const float *g, int len, long gs, int w, int v, float *cs, float *rs, int bias, int first,
                             const int NV) {
  __m512 c[4], r[4];
  for (int q = 0; q < NV; q++) {
    c[q] = first ? _mm512_setzero_ps() : _mm512_load_ps(cs + 16 * (v + q));
    r[q] = first ? _mm512_setzero_ps() : _mm512_load_ps(rs + 16 * (v + q));
  }
  for (int j = 0; j < len; j++) {
    const float *row = g + j * gs;
    const __m512 t = _mm512_set1_ps(row[w]);
    for (int q = 0; q < NV; q++) {
      const __m512 x = _mm512_load_ps(row + 16 * (v + q));
      if (bias) c[q] = _mm512_add_ps(c[q], x);
      r[q] = _mm512_fmadd_ps(t, x, r[q]);
    }
  }
  for (int q = 0; q < NV; q++) {
    if (bias) _mm512_store_ps(cs + 16 * (v + q), c[q]);
    _mm512_store_ps(rs + 16 * (v + q), r[q]);
  }
}

// The fixed rows a later gather copies, prefetched a few rows at a time between the tiles so
// that the misses overlap the arithmetic (issued at once they would stall on the few misses a
// core keeps in flight): each row's lines from its start, then its last byte (a row need not
// start on a line), then its bias's line when the bias is not in the row.
typedef struct {
  const float *src, *biases;
  long src_stride, bias_stride;  // floats
  const int *rows;
  int count, row_bytes, row;  // row: the cursor
} ahead_rows;

static inline void prefetch_rows(ahead_rows *p, int rows) {
  for (; rows > 0 && p->row < p->count; rows--, p->row++) {
    const long r = p->rows[p->row];
    const char *line = (const char *)(p->src + r * p->src_stride);
    for (int o = 0; o < p->row_bytes; o += 64) __builtin_prefetch(line + o);
    __builtin_prefetch(line + p->row_bytes - 1);
    if (p->biases) __builtin_prefetch(p->biases + r * p->bias_stride);
  }
}

__attribute__((target("avx512f")))
void mk_als_gram_avx512(const float *src, long src_stride, const float *biases, long bias_stride, int k, int bias,
                        const int *rows, const float *values, float mu, int n, const int *next_rows, int next_n,
                        float *g, float *s, float *a, int stride) {
  const int w = k + (bias ? 1 : 0);
  const long gs = round_up(k + 2, 16), kq = round_up(k, 16);
  const int kv = (int)(kq / 16), gv = (int)(gs / 16);
  float *cs = s + round_up(k, 8) * kq, *rs = cs + gs;
  // A bias in the fixed row is fetched with it; one in an array of its own on its own line.
  const int in_row = bias && biases == src + k && bias_stride == src_stride;
  const float *bias_lines = bias && !in_row ? biases : 0;
  int tiles = 0;  // a chunk's tile calls, over which the next chunk's prefetches are spread
  for (int r0 = 0; r0 < k; r0 += 8) tiles += (kv - r0 / 16 + 1) / 2;
  tiles += (gv + 3) / 4;
  const int row_bytes = (k + in_row) * 4;
  const __mmask16 tail = k % 16 ? (__mmask16)((1u << (k % 16)) - 1) : (__mmask16)0xffff;
  const int ahead = 16;  // rows: about a memory latency of the gather
  for (int start = 0; start < n; start += MK_ALS512_CHUNK) {
    const int len = n - start < MK_ALS512_CHUNK ? n - start : MK_ALS512_CHUNK;
    for (int j = 0; j < len; j++) {
      // A row ahead of the copy: in the first chunk of the first row, nothing prefetched it.
      if (start + j + ahead < n) {
        ahead_rows one = {src, bias_lines, src_stride, bias_stride, rows + start + j + ahead, 1, row_bytes, 0};
        prefetch_rows(&one, 1);
      }
      const long r = rows[start + j];
      const float *from = src + r * src_stride;
      float *to = g + j * gs;
      for (int q = 0; q + 1 < kv; q++) _mm512_store_ps(to + 16 * q, _mm512_loadu_ps(from + 16 * q));
      _mm512_store_ps(to + 16 * (kv - 1), _mm512_maskz_loadu_ps(tail, from + 16 * (kv - 1)));
      for (int q = kv; q < gv; q++) _mm512_store_ps(to + 16 * q, _mm512_setzero_ps());
      if (bias) {
        to[k] = 1;
        to[w] = values[start + j] - mu - biases[r * bias_stride];
      } else {
        to[w] = values[start + j] - mu;
      }
    }
    const int first = start == 0;
    // The rows the next chunk gathers: this row's next 64, or the next row's first 64.
    const int more = start + MK_ALS512_CHUNK < n;
    const int coming = more ? n - start - MK_ALS512_CHUNK : next_n;
    ahead_rows fetch = {src,      bias_lines, src_stride, bias_stride, more ? rows + start + MK_ALS512_CHUNK : next_rows,
                        coming < MK_ALS512_CHUNK ? coming : MK_ALS512_CHUNK, row_bytes, 0};
    const int per_tile = (fetch.count + tiles - 1) / tiles;
    for (int v = 0; v < gv; v += 4) {
      prefetch_rows(&fetch, per_tile);
      switch (gv - v < 4 ? gv - v : 4) {
        case 1: side_sums(g, len, gs, w, v, cs, rs, bias, first, 1); break;
        case 2: side_sums(g, len, gs, w, v, cs, rs, bias, first, 2); break;
        case 3: side_sums(g, len, gs, w, v, cs, rs, bias, first, 3); break;
        default: side_sums(g, len, gs, w, v, cs, rs, bias, first, 4); break;
      }
    }
    for (int r0 = 0; r0 < k; r0 += 8) {
      int v = r0 / 16;
      for (; v + 2 <= kv; v += 2) {
        prefetch_rows(&fetch, per_tile);
        tile(g, len, gs, r0, v, s, kq, first, 2);
      }
      if (v < kv) {
        prefetch_rows(&fetch, per_tile);
        tile(g, len, gs, r0, v, s, kq, first, 1);
      }
    }
  }
  // Into a's layout: row r's factor block, then (with a bias) Σ g_r in column k, the right side
  // in column w, zeros to the stride; with a bias, row k holds the count and Σ tⱼ.
  for (int r = 0; r < k; r++) {
    float *to = a + (long)r * stride;
    const float *from = s + r * kq;
    for (int c = 0; c < k; c++) to[c] = from[c];
    if (bias) to[k] = cs[r];
    to[w] = rs[r];
    for (int c = w + 1; c < stride; c++) to[c] = 0;
  }
  if (bias) {
    float *to = a + (long)k * stride;
    for (int c = 0; c < k; c++) to[c] = 0;
    to[k] = cs[k];
    to[w] = rs[k];
    for (int c = w + 1; c < stride; c++) to[c] = 0;
  }
}

#else
int mk_cpu_has_avx512(void) { return 0; }
// Never called: mk_cpu_has_avx512() is 0 here.
void mk_als_gram_avx512(const float *src, long src_stride, const float *biases, long bias_stride, int k, int bias,
                        const int *rows, const float *values, float mu, int n, const int *next_rows, int next_n,
                        float *g, float *s, float *a, int stride) {
  (void)src; (void)src_stride; (void)biases; (void)bias_stride; (void)k; (void)bias; (void)rows; (void)values;
  (void)mu; (void)n; (void)next_rows; (void)next_n; (void)g; (void)s; (void)a; (void)stride;
}
#endif
