#include "mk_kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <math.h>

int mk_cpu_has_avx2_fma(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!fma || !osxsave || !avx) return 0;
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 6) != 6) return 0;  // the OS saves XMM and YMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b >> 5) & 1;  // AVX2
}

// Σ_{c > i} ri[c] · x[c], for the back substitution R x = z from the last row up: in 8-lane
// vectors from the one holding column i + 1 (its lanes up to i masked off), not one serial
// chain of FMAs. Both Cholesky kernels solve through it.
__attribute__((target("avx2,fma"), always_inline))
static inline float back_dot(const float *ri, const float *x, int i, int vectors) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int v0 = (i + 1) / 8;
  __m256 acc = _mm256_setzero_ps();
  if (v0 < vectors) {
    const __m256i after = _mm256_cmpgt_epi32(_mm256_add_epi32(lanes, _mm256_set1_epi32(8 * v0)), _mm256_set1_epi32(i));
    const __m256 first = _mm256_mul_ps(_mm256_loadu_ps(ri + 8 * v0), _mm256_loadu_ps(x + 8 * v0));
    acc = _mm256_and_ps(first, _mm256_castsi256_ps(after));
    for (int v = v0 + 1; v < vectors; v++) acc = _mm256_fmadd_ps(_mm256_loadu_ps(ri + 8 * v), _mm256_loadu_ps(x + 8 * v), acc);
  }
  const __m128 half = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  const __m128 pair = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(pair, _mm_shuffle_ps(pair, pair, 1)));
}

// Right-looking, row by row of R: after row j is scaled, every later row r loses
// R[j, r] · R[j, c] for c ≥ r, in whole 8-lane vectors from the one holding column r.
__attribute__((target("avx2,fma")))
int mk_cholesky_solve_avx2(float *a, float *b, int w, int stride) {
  const int vectors = stride / 8;
  for (int j = 0; j < w; j++) {
    float *rj = a + (long)j * stride;
    const float d = rj[j];
    if (!(d > 0) || !isfinite(d)) return 0;
    const float rjj = sqrtf(d), inv = 1 / rjj;
    rj[j] = rjj;
    for (int c = j + 1; c < w; c++) rj[c] *= inv;
    int r = j + 1;
    // Two rows at a time share the loads of row j.
    for (; r + 1 < w; r += 2) {
      float *r0 = a + (long)r * stride, *r1 = r0 + stride;
      const __m256 f0 = _mm256_set1_ps(rj[r]), f1 = _mm256_set1_ps(rj[r + 1]);
      const int v0 = r / 8, v1 = (r + 1) / 8;
      if (v0 < v1) {
        __m256 x = _mm256_loadu_ps(r0 + 8 * v0);
        _mm256_storeu_ps(r0 + 8 * v0, _mm256_fnmadd_ps(f0, _mm256_loadu_ps(rj + 8 * v0), x));
      }
      for (int v = v1; v < vectors; v++) {
        const __m256 y = _mm256_loadu_ps(rj + 8 * v);
        _mm256_storeu_ps(r0 + 8 * v, _mm256_fnmadd_ps(f0, y, _mm256_loadu_ps(r0 + 8 * v)));
        _mm256_storeu_ps(r1 + 8 * v, _mm256_fnmadd_ps(f1, y, _mm256_loadu_ps(r1 + 8 * v)));
      }
    }
    for (; r < w; r++) {
      float *r0 = a + (long)r * stride;
      const __m256 f0 = _mm256_set1_ps(rj[r]);
      for (int v = r / 8; v < vectors; v++) {
        _mm256_storeu_ps(r0 + 8 * v, _mm256_fnmadd_ps(f0, _mm256_loadu_ps(rj + 8 * v), _mm256_loadu_ps(r0 + 8 * v)));
      }
    }
  }
  // Rᵀ z = b: b[c] −= R[i, c] z[i] along row i.
  for (int i = 0; i < w; i++) {
    const float *ri = a + (long)i * stride;
    const float z = b[i] / ri[i];
    b[i] = z;
    for (int c = i + 1; c < w; c++) b[c] -= ri[c] * z;
  }
  // R x = z from the last row up.
  for (int i = w - 1; i >= 0; i--) b[i] = (b[i] - back_dot(a + (long)i * stride, b, i, vectors)) / a[(long)i * stride + i];
  return 1;
}

// Rows r0 … r0+3 of the chunk's Gram, columns 0–15, kept in registers over the chunk's rows
// (16 floats a row in hs, zero past m), then stored into gf (16 floats a row).
__attribute__((target("avx2"), always_inline))
static inline void gibbs_gram_rows4(const float *hs, int len, int r0, float *gf) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
  for (int j = 0; j < len; j++) {
    const float *h = hs + j * 16;
    const __m256 lo = _mm256_load_ps(h), hi = _mm256_load_ps(h + 8);
    const __m256 f0 = _mm256_set1_ps(h[r0]), f1 = _mm256_set1_ps(h[r0 + 1]);
    const __m256 f2 = _mm256_set1_ps(h[r0 + 2]), f3 = _mm256_set1_ps(h[r0 + 3]);
    a0 = _mm256_add_ps(a0, _mm256_mul_ps(f0, lo));
    a1 = _mm256_add_ps(a1, _mm256_mul_ps(f0, hi));
    b0 = _mm256_add_ps(b0, _mm256_mul_ps(f1, lo));
    b1 = _mm256_add_ps(b1, _mm256_mul_ps(f1, hi));
    c0 = _mm256_add_ps(c0, _mm256_mul_ps(f2, lo));
    c1 = _mm256_add_ps(c1, _mm256_mul_ps(f2, hi));
    d0 = _mm256_add_ps(d0, _mm256_mul_ps(f3, lo));
    d1 = _mm256_add_ps(d1, _mm256_mul_ps(f3, hi));
  }
  float *g = gf + r0 * 16;
  _mm256_store_ps(g, a0);
  _mm256_store_ps(g + 8, a1);
  _mm256_store_ps(g + 16, b0);
  _mm256_store_ps(g + 24, b1);
  _mm256_store_ps(g + 32, c0);
  _mm256_store_ps(g + 40, c1);
  _mm256_store_ps(g + 48, d0);
  _mm256_store_ps(g + 56, d1);
}

// No FMA in the target: every product is rounded before its sum, as in Swift's kernel. Rows 0–7
// keep only columns 0–7 (8 registers); their columns 8–15 are rows 8–15's columns 0–7, the same
// products in the same order (multiplication commutes bit for bit).
__attribute__((target("avx2")))
void mk_gibbs_block_gram_avx2(const float *cache, int m, const int *rows, const float *values, long count,
                              const float *theta, int chunk, double *gram, double *c) {
  float hs[64 * 16] __attribute__((aligned(32)));
  float gf[16 * 16] __attribute__((aligned(32)));
  float cf[16] __attribute__((aligned(32)));
  float es[64];
  if (chunk > 64) chunk = 64;
  if (chunk < 1) chunk = 1;
  for (int j = 0; j < m * m; j++) gram[j] = 0;
  for (int j = 0; j < m; j++) c[j] = 0;
  const long ahead = 16;  // rows: about a memory latency of this loop's work
  for (long start = 0; start < count; start += chunk) {
    const int len = (int)(count - start < chunk ? count - start : chunk);
    for (int j = 0; j < len; j++) {
      const long t = start + j;
      if (t + ahead < count) {
        const float *next = cache + (long)rows[t + ahead] * m;
        __builtin_prefetch(next);
        __builtin_prefetch(next + m - 1);
      }
      const float *rec = cache + (long)rows[t] * m;
      const float x = values ? values[t] : 1.0f;
      float *h = hs + j * 16;
      h[0] = x;
      for (int f = 1; f < m; f++) h[f] = x * (rec[f] - theta[f] * x);
      for (int f = m; f < 16; f++) h[f] = 0;
      es[j] = rec[0];
    }
    __m256 g0 = _mm256_setzero_ps(), g1 = g0, g2 = g0, g3 = g0, g4 = g0, g5 = g0, g6 = g0, g7 = g0;
    __m256 clo = g0, chi = g0;
    for (int j = 0; j < len; j++) {
      const float *h = hs + j * 16;
      const __m256 lo = _mm256_load_ps(h), hi = _mm256_load_ps(h + 8), e = _mm256_set1_ps(es[j]);
      clo = _mm256_add_ps(clo, _mm256_mul_ps(lo, e));
      chi = _mm256_add_ps(chi, _mm256_mul_ps(hi, e));
      g0 = _mm256_add_ps(g0, _mm256_mul_ps(_mm256_set1_ps(h[0]), lo));
      g1 = _mm256_add_ps(g1, _mm256_mul_ps(_mm256_set1_ps(h[1]), lo));
      g2 = _mm256_add_ps(g2, _mm256_mul_ps(_mm256_set1_ps(h[2]), lo));
      g3 = _mm256_add_ps(g3, _mm256_mul_ps(_mm256_set1_ps(h[3]), lo));
      g4 = _mm256_add_ps(g4, _mm256_mul_ps(_mm256_set1_ps(h[4]), lo));
      g5 = _mm256_add_ps(g5, _mm256_mul_ps(_mm256_set1_ps(h[5]), lo));
      g6 = _mm256_add_ps(g6, _mm256_mul_ps(_mm256_set1_ps(h[6]), lo));
      g7 = _mm256_add_ps(g7, _mm256_mul_ps(_mm256_set1_ps(h[7]), lo));
    }
    _mm256_store_ps(gf, g0);
    _mm256_store_ps(gf + 16, g1);
    _mm256_store_ps(gf + 32, g2);
    _mm256_store_ps(gf + 48, g3);
    _mm256_store_ps(gf + 64, g4);
    _mm256_store_ps(gf + 80, g5);
    _mm256_store_ps(gf + 96, g6);
    _mm256_store_ps(gf + 112, g7);
    _mm256_store_ps(cf, clo);
    _mm256_store_ps(cf + 8, chi);
    if (m > 8) gibbs_gram_rows4(hs, len, 8, gf);
    if (m > 12) gibbs_gram_rows4(hs, len, 12, gf);
    for (int r = 0; r < m; r++) {
      for (int s = 0; s < m; s++) {
        const float g = (r < 8 && s >= 8) ? gf[s * 16 + r] : gf[r * 16 + s];
        gram[r * m + s] += (double)g;
      }
      c[r] += (double)cf[r];
    }
  }
}

// The rows' update after a block draw in rows t … t+n−1, one by one: the Swift kernel's loop.
static inline void gibbs_update_rows(float *cache, int m, const int *rows, const float *values, long t, long n,
                                     const float *theta, const float *delta) {
  const int k = m - 1;
  for (; t < n; t++) {
    float *rec = cache + (long)rows[t] * m;
    const float x = values ? values[t] : 1.0f;
    float dot = delta[0] * x;
    for (int f = 0; f < k; f++) dot += delta[1 + f] * (x * (rec[1 + f] - theta[1 + f] * x));
    rec[0] -= dot;
    for (int f = 0; f < k; f++) rec[1 + f] += delta[1 + f] * x;
  }
}

// See mk_kernels.h. Eight rows at a time, one row a lane: each lane sums its row's Δ·h in the
// Swift loop's order (so its bits), and the eight chains of additions overlap, where row by row
// each waited on the one before (the whole cost of the Swift loop once the Gram has brought the
// records into L1). No FMA in the target.
__attribute__((target("avx2")))
void mk_gibbs_block_update_avx2(float *cache, int m, const int *rows, const float *values, long count,
                                const float *theta, const float *delta) {
  const int k = m - 1;
  const __m256i stride = _mm256_set1_epi32(m);
  float dots[8] __attribute__((aligned(32))), xs[8] __attribute__((aligned(32)));
  long t = 0;
  for (; t + 8 <= count; t += 8) {
    const __m256i base = _mm256_mullo_epi32(_mm256_loadu_si256((const __m256i *)(rows + t)), stride);
    const __m256 x = values ? _mm256_loadu_ps(values + t) : _mm256_set1_ps(1.0f);
    __m256 dot = _mm256_mul_ps(_mm256_set1_ps(delta[0]), x);
    for (int f = 1; f < m; f++) {
      const __m256 q = _mm256_i32gather_ps(cache + f, base, 4);
      const __m256 h = _mm256_mul_ps(x, _mm256_sub_ps(q, _mm256_mul_ps(_mm256_set1_ps(theta[f]), x)));
      dot = _mm256_add_ps(dot, _mm256_mul_ps(_mm256_set1_ps(delta[f]), h));
    }
    _mm256_store_ps(dots, dot);
    _mm256_store_ps(xs, x);
    for (int j = 0; j < 8; j++) {
      float *rec = cache + (long)rows[t + j] * m;
      const float xj = xs[j];
      rec[0] -= dots[j];
      int f = 0;
      if (k >= 8) {  // q_1 … q_8 in one vector (no masked store: microcoded on AMD)
        const __m256 d = _mm256_mul_ps(_mm256_loadu_ps(delta + 1), _mm256_set1_ps(xj));
        _mm256_storeu_ps(rec + 1, _mm256_add_ps(_mm256_loadu_ps(rec + 1), d));
        f = 8;
      }
      for (; f < k; f++) rec[1 + f] += delta[1 + f] * xj;
    }
  }
  gibbs_update_rows(cache, m, rows, values, t, count, theta, delta);
}

// Row j of R, vectors v … v+NV−1: a[j, ·] − Σ_{i<j} R[i, j] R[i, ·], in registers over i (two
// chains of accumulators when NV ≤ 4, so the FMA latency is hidden on short rows), stored back.
__attribute__((target("avx2,fma"), always_inline))
static inline void chol_row_part(float *a, int stride, int j, int v, const int NV) {
  float *rj = a + (long)j * stride + 8 * v;
  __m256 s[8], t[8];
  for (int q = 0; q < NV; q++) { s[q] = _mm256_loadu_ps(rj + 8 * q); t[q] = _mm256_setzero_ps(); }
  int i = 0;
  if (NV <= 4) {
    for (; i + 1 < j; i += 2) {
      const float *ri = a + (long)i * stride + 8 * v, *rk = ri + stride;
      const __m256 f = _mm256_broadcast_ss(ri - 8 * v + j), g = _mm256_broadcast_ss(rk - 8 * v + j);
      for (int q = 0; q < NV; q++) {
        s[q] = _mm256_fnmadd_ps(f, _mm256_loadu_ps(ri + 8 * q), s[q]);
        t[q] = _mm256_fnmadd_ps(g, _mm256_loadu_ps(rk + 8 * q), t[q]);
      }
    }
  }
  for (; i < j; i++) {
    const float *ri = a + (long)i * stride + 8 * v;
    const __m256 f = _mm256_broadcast_ss(ri - 8 * v + j);
    for (int q = 0; q < NV; q++) s[q] = _mm256_fnmadd_ps(f, _mm256_loadu_ps(ri + 8 * q), s[q]);
  }
  for (int q = 0; q < NV; q++) _mm256_storeu_ps(rj + 8 * q, NV <= 4 ? _mm256_add_ps(s[q], t[q]) : s[q]);
}

// See mk_kernels.h. Up-looking (row j of R from the finished rows above it, summed in registers
// and stored once) where mk_cholesky_solve_avx2 is right-looking (every later row loaded and
// stored at each step: bound by the stores); the right side rides along as column w, so the
// forward substitution costs nothing more.
__attribute__((target("avx2,fma")))
int mk_cholesky_solve_augmented_avx2(float *a, int w, int stride, float *x) {
  const int vectors = stride / 8;
  for (int j = 0; j < w; j++) {
    for (int v = j / 8; v < vectors; v += 8) {
      switch (vectors - v < 8 ? vectors - v : 8) {
        case 1: chol_row_part(a, stride, j, v, 1); break;
        case 2: chol_row_part(a, stride, j, v, 2); break;
        case 3: chol_row_part(a, stride, j, v, 3); break;
        case 4: chol_row_part(a, stride, j, v, 4); break;
        case 5: chol_row_part(a, stride, j, v, 5); break;
        case 6: chol_row_part(a, stride, j, v, 6); break;
        case 7: chol_row_part(a, stride, j, v, 7); break;
        default: chol_row_part(a, stride, j, v, 8); break;
      }
    }
    float *rj = a + (long)j * stride;
    const float d = rj[j];
    if (!(d > 0) || !isfinite(d)) return 0;
    const float rjj = sqrtf(d);
    const __m256 inv = _mm256_set1_ps(1 / rjj);
    for (int v = j / 8; v < vectors; v++) _mm256_storeu_ps(rj + 8 * v, _mm256_mul_ps(_mm256_loadu_ps(rj + 8 * v), inv));
    rj[j] = rjj;
  }
  // R x = z (column w) from the last row up, as in mk_cholesky_solve_avx2.
  for (int c = 0; c < stride; c++) x[c] = 0;
  for (int i = w - 1; i >= 0; i--) {
    const float *ri = a + (long)i * stride;
    x[i] = (ri[w] - back_dot(ri, x, i, vectors)) / ri[i];
  }
  return 1;
}

// Rows r0 … r0+5 of a, NV vectors from vector v: a[r0 + i, 8v …] (+)= Σⱼ g[j, r0 + i] · g[j, 8v …]
// over the chunk's len rows (stride floats apart), the 6 × NV accumulators in registers (12 of
// the 16 at NV = 2, with 2 for the columns and 1 for the broadcast: no spills), the chunk's rows
// read from L1. `first`: the chunk is the row's first (no earlier sums to load).
__attribute__((target("avx2,fma"), always_inline))
static inline void als_gram_tile(const float *g, int len, int stride, int r0, int v, float *a, int first, const int NV) {
  __m256 acc[6][2];
  for (int i = 0; i < 6; i++) {
    for (int q = 0; q < NV; q++) {
      acc[i][q] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(a + (long)(r0 + i) * stride + 8 * (v + q));
    }
  }
  for (int j = 0; j < len; j++) {
    const float *row = g + (long)j * stride;
    __m256 col[2];
    for (int q = 0; q < NV; q++) col[q] = _mm256_load_ps(row + 8 * (v + q));
    for (int i = 0; i < 6; i++) {
      const __m256 f = _mm256_broadcast_ss(row + r0 + i);
      for (int q = 0; q < NV; q++) acc[i][q] = _mm256_fmadd_ps(f, col[q], acc[i][q]);
    }
  }
  for (int i = 0; i < 6; i++) {
    for (int q = 0; q < NV; q++) _mm256_storeu_ps(a + (long)(r0 + i) * stride + 8 * (v + q), acc[i][q]);
  }
}

// The fixed rows a later gather will copy, prefetched a few lines at a time between the Gram's
// tiles, so that the misses overlap the arithmetic: the rows are read at random from a matrix
// larger than L2 (the users' 26 MB at rank 64 on 100k users), and issued all at once the
// prefetches would stall on the few misses a core keeps in flight. Each row's lines from its
// start, then its last byte (a row need not start on a line).
typedef struct {
  const char *src;
  long row_stride;  // bytes
  const int *rows;
  int count, row_bytes;
  int row, offset;  // the cursor
} ahead_rows;

static inline void prefetch_lines(ahead_rows *p, int lines) {
  for (; lines > 0 && p->row < p->count; lines--) {
    const char *r = p->src + (long)p->rows[p->row] * p->row_stride;
    __builtin_prefetch(r + (p->offset < p->row_bytes ? p->offset : p->row_bytes - 1));
    if (p->offset >= p->row_bytes) {
      p->row++;
      p->offset = 0;
    } else {
      p->offset += 64;
    }
  }
}

// See mk_kernels.h. Chunks of MK_ALS_CHUNK gathered rows (18 KiB at stride 72) stay in L1 while
// every 6-row × 16-column tile of the upper triangle sums over them.
#define MK_ALS_CHUNK 64
__attribute__((target("avx2,fma")))
void mk_als_gram_avx2(const float *src, int src_stride, int k, int bias, const int *rows, const float *values,
                      float mu, int n, const int *next_rows, int next_n, float *g, float *a, int stride) {
  const int width = k + (bias ? 1 : 0), vectors = stride / 8;
  int tiles = 0;  // a chunk's tile calls, over which the next chunk's prefetches are spread
  for (int r0 = 0; r0 < width; r0 += 6) tiles += (vectors - r0 / 8 + 1) / 2;
  const long ahead = 16;  // rows: about a memory latency of the gather
  const int row_bytes = (bias ? k + 1 : k) * 4;
  for (int start = 0; start < n; start += MK_ALS_CHUNK) {
    const int len = n - start < MK_ALS_CHUNK ? n - start : MK_ALS_CHUNK;
    for (int j = 0; j < len; j++) {
      const long t = start + j;
      if (t + ahead < n) {
        const char *next = (const char *)(src + (long)rows[t + ahead] * src_stride);
        for (int o = 0; o < row_bytes; o += 64) __builtin_prefetch(next + o);
        __builtin_prefetch(next + row_bytes - 1);
      }
      const float *from = src + (long)rows[t] * src_stride;
      float *to = g + (long)j * stride;
      for (int c = 0; c < k; c++) to[c] = from[c];
      if (bias) {
        to[k] = 1;
        to[width] = values[t] - mu - from[k];
      } else {
        to[width] = values[t] - mu;
      }
      for (int c = width + 1; c < stride; c++) to[c] = 0;
    }
    const int first = start == 0;
    // The rows the next chunk gathers: this row's next 64, or the next row's first 64.
    const int more = start + MK_ALS_CHUNK < n;
    const int coming = more ? n - start - MK_ALS_CHUNK : next_n;
    ahead_rows fetch = {(const char *)src, (long)src_stride * 4, more ? rows + start + MK_ALS_CHUNK : next_rows,
                        coming < MK_ALS_CHUNK ? coming : MK_ALS_CHUNK, row_bytes, 0, 0};
    const int per_tile = (fetch.count * (row_bytes / 64 + 2) + tiles - 1) / tiles;
    for (int r0 = 0; r0 < width; r0 += 6) {
      int v = r0 / 8;
      for (; v + 2 <= vectors; v += 2) {
        prefetch_lines(&fetch, per_tile);
        als_gram_tile(g, len, stride, r0, v, a, first, 2);
      }
      if (v < vectors) {
        prefetch_lines(&fetch, per_tile);
        als_gram_tile(g, len, stride, r0, v, a, first, 1);
      }
    }
  }
}

void mk_gather_rows(float *dst, int dst_stride, const float *src, int src_stride, const int *rows, int n, int count) {
  // Eight rows ahead: the fixed side's factors are read in rating order, at random, from a
  // matrix larger than the L2 cache, so each row's fetch would otherwise stall the copy.
  for (int j = 0; j < n; j++) {
    if (j + 8 < n) __builtin_prefetch(src + (long)rows[j + 8] * src_stride);
    const float *from = src + (long)rows[j] * src_stride;
    float *to = dst + (long)j * dst_stride;
    for (int c = 0; c < count; c++) to[c] = from[c];
  }
}

// Lanes 0 … n−1 of an 8-lane mask (n clamped to 0 … 8), for the masked loads and stores of a
// record's q_f or a factor row, which are not multiples of 8 floats long.
__attribute__((target("avx2"), always_inline))
static inline __m256i gibbs_lanes(int n) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n < 0 ? 0 : n > 8 ? 8 : n), lanes);
}

// q_1 … q_k (lo: lanes 0–7, hi: 8–15) stored to dst without a masked store: AMD's VMASKMOVPS
// store is microcoded and slow, so the first 8 go as one store when k ≥ 8 and the rest one by one.
__attribute__((target("avx2"), always_inline))
static inline void gibbs_store_q(float *dst, __m256 lo, __m256 hi, int k) {
  float tmp[16] __attribute__((aligned(32)));
  int f = 0;
  if (k >= 8) {
    _mm256_storeu_ps(dst, lo);
    f = 8;
  } else {
    _mm256_store_ps(tmp, lo);
  }
  _mm256_store_ps(tmp + 8, hi);
  for (; f < k; f++) dst[f] = tmp[f];
}

// No FMA in the target: every product is rounded before its sum, as in the Swift refresh.
__attribute__((target("avx2")))
void mk_gibbs_refresh_avx2(const unsigned *row_offsets, const int *columns, const float *values, const float *vt,
                           const float *w, int k, float bias, const float *target, float *cache, long first,
                           long end, double *sum_e, double *sum_e2) {
  const int m = k + 1;
  const __m256i mask0 = gibbs_lanes(k), mask1 = gibbs_lanes(k - 8);
  float s[16] __attribute__((aligned(32))), d[16] __attribute__((aligned(32)));
  double se = *sum_e, se2 = *sum_e2;
  const long last = row_offsets[end];
  const long ahead = 16;  // nonzeros: the factor rows are gathered from all over vt
  for (long r = first; r < end; r++) {
    float linear = bias;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, q0 = s0, q1 = s0;
    for (long t = row_offsets[r]; t < row_offsets[r + 1]; t++) {
      if (t + ahead < last) __builtin_prefetch(vt + (long)columns[t + ahead] * k);
      const long c = columns[t];
      const float x = values ? values[t] : 1.0f;
      linear += w[c] * x;
      const float *vc = vt + c * k;
      const __m256 xs = _mm256_set1_ps(x);
      const __m256 a0 = _mm256_mul_ps(_mm256_maskload_ps(vc, mask0), xs);
      s0 = _mm256_add_ps(s0, a0);
      q0 = _mm256_add_ps(q0, _mm256_mul_ps(a0, a0));
      if (k > 8) {
        const __m256 a1 = _mm256_mul_ps(_mm256_maskload_ps(vc + 8, mask1), xs);
        s1 = _mm256_add_ps(s1, a1);
        q1 = _mm256_add_ps(q1, _mm256_mul_ps(a1, a1));
      }
    }
    _mm256_store_ps(s, s0);
    _mm256_store_ps(s + 8, s1);
    _mm256_store_ps(d, _mm256_sub_ps(_mm256_mul_ps(s0, s0), q0));
    _mm256_store_ps(d + 8, _mm256_sub_ps(_mm256_mul_ps(s1, s1), q1));
    float pair = 0;
    for (int f = 0; f < k; f++) pair += d[f];  // in factor order, as the Swift loop adds
    float *rec = cache + r * m;
    gibbs_store_q(rec + 1, s0, s1, k);
    const float e = target[r] - (linear + 0.5f * pair);
    rec[0] = e;
    se += (double)e;
    se2 += (double)e * (double)e;
  }
  *sum_e = se;
  *sum_e2 = se2;
}

#else
void mk_gather_rows(float *dst, int dst_stride, const float *src, int src_stride, const int *rows, int n, int count) {
  for (int j = 0; j < n; j++) {
    for (int c = 0; c < count; c++) dst[(long)j * dst_stride + c] = src[(long)rows[j] * src_stride + c];
  }
}
int mk_cpu_has_avx2_fma(void) { return 0; }
int mk_cholesky_solve_avx2(float *a, float *b, int w, int stride) {
  (void)a; (void)b; (void)w; (void)stride;
  return 0;
}
int mk_cholesky_solve_augmented_avx2(float *a, int w, int stride, float *x) {
  (void)a; (void)w; (void)stride; (void)x;
  return 0;
}
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the OpenBLAS path runs.
void mk_als_gram_avx2(const float *src, int src_stride, int k, int bias, const int *rows, const float *values,
                      float mu, int n, const int *next_rows, int next_n, float *g, float *a, int stride) {
  (void)src; (void)src_stride; (void)k; (void)bias; (void)rows; (void)values; (void)mu; (void)n; (void)next_rows;
  (void)next_n; (void)g; (void)a; (void)stride;
}
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the Swift kernel runs.
void mk_gibbs_block_gram_avx2(const float *cache, int m, const int *rows, const float *values, long count,
                              const float *theta, int chunk, double *gram, double *c) {
  (void)cache; (void)m; (void)rows; (void)values; (void)count; (void)theta; (void)chunk; (void)gram; (void)c;
}
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the Swift kernel runs.
void mk_gibbs_block_update_avx2(float *cache, int m, const int *rows, const float *values, long count,
                                const float *theta, const float *delta) {
  (void)cache; (void)m; (void)rows; (void)values; (void)count; (void)theta; (void)delta;
}
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the Swift kernels run.
void mk_gibbs_refresh_avx2(const unsigned *row_offsets, const int *columns, const float *values, const float *vt,
                           const float *w, int k, float bias, const float *target, float *cache, long first,
                           long end, double *sum_e, double *sum_e2) {
  (void)row_offsets; (void)columns; (void)values; (void)vt; (void)w; (void)k; (void)bias; (void)target; (void)cache;
  (void)first; (void)end; (void)sum_e; (void)sum_e2;
}
#endif

// See mk_kernels.h. Any CPU: __builtin_prefetch is a no-op where the target has no prefetch.
void mk_fm_gather(const long *offsets, const int *columns, const float *values, const float *target, const int *rows,
                  int n, int block, int owners, int *start, int *out_columns, float *out_values, int *out_owner,
                  float *out_target, const void *table, long row_bytes) {
  int q = 0;
  start[0] = 0;
  for (int b = 0; b < n; b++) {
    const long r = rows[b];
    for (long p = offsets[r]; p < offsets[r + 1]; p++, q++) {
      const int j = columns[p];
      out_columns[q] = j;
      out_values[q] = values[p];
      out_owner[q] = (j / block) % owners;
      if (table) {
        const char *row = (const char *)table + (long)j * row_bytes;
        for (long o = 0; o < row_bytes; o += 64) __builtin_prefetch(row + o, 1);
      }
    }
    start[b + 1] = q;
    out_target[b] = target[r];
  }
}

void mk_fm_prefetch_rows(const long *offsets, const int *columns, const float *values, const float *target,
                         const int *rows, int n, int stage) {
  for (int b = 0; b < n; b++) {
    const long r = rows[b];
    if (stage == 0) {
      __builtin_prefetch(offsets + r);
      __builtin_prefetch(offsets + r + 1);
      __builtin_prefetch(target + r);
    } else {
      const long p = offsets[r];
      __builtin_prefetch(columns + p);
      __builtin_prefetch(values + p);
    }
  }
}

void mk_fm_prefetch_columns(const int *columns, long lo, long hi, const void *rows, long row_bytes,
                            const float *weights) {
  for (long p = lo; p < hi; p++) {
    const char *row = (const char *)rows + (long)columns[p] * row_bytes;
    __builtin_prefetch(row);
    __builtin_prefetch(row + row_bytes - 1);
    if (weights) __builtin_prefetch(weights + columns[p]);
  }
}

#if defined(__linux__)
#include <stdint.h>
#include <sys/mman.h>
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#endif

void mk_advise_huge_pages(const void *p, long bytes, int populated) {
#if defined(__linux__)
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1), hi = ((uintptr_t)p + (uintptr_t)bytes) & ~(huge - 1);
  if (bytes <= 0 || hi <= lo) return;
  (void)madvise((void *)lo, hi - lo, populated ? MADV_COLLAPSE : MADV_HUGEPAGE);
#else
  (void)p; (void)bytes; (void)populated;
#endif
}
