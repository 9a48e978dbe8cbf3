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
  // R x = z from the last row up: a dot product along row i, in 8-lane vectors from the one
  // holding column i + 1 (its lanes up to i masked off), not one serial chain of FMAs.
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (int i = w - 1; i >= 0; i--) {
    const float *ri = a + (long)i * stride;
    const int v0 = (i + 1) / 8;
    __m256 acc = _mm256_setzero_ps();
    if (v0 < vectors) {
      const __m256i after = _mm256_cmpgt_epi32(_mm256_add_epi32(lanes, _mm256_set1_epi32(8 * v0)), _mm256_set1_epi32(i));
      const __m256 first = _mm256_mul_ps(_mm256_loadu_ps(ri + 8 * v0), _mm256_loadu_ps(b + 8 * v0));
      acc = _mm256_and_ps(first, _mm256_castsi256_ps(after));
      for (int v = v0 + 1; v < vectors; v++) acc = _mm256_fmadd_ps(_mm256_loadu_ps(ri + 8 * v), _mm256_loadu_ps(b + 8 * v), acc);
    }
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    const __m128 pair = _mm_add_ps(half, _mm_movehl_ps(half, half));
    const float dot = _mm_cvtss_f32(_mm_add_ss(pair, _mm_shuffle_ps(pair, pair, 1)));
    b[i] = (b[i] - dot) / ri[i];
  }
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
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the Swift kernel runs.
void mk_gibbs_block_gram_avx2(const float *cache, int m, const int *rows, const float *values, long count,
                              const float *theta, int chunk, double *gram, double *c) {
  (void)cache; (void)m; (void)rows; (void)values; (void)count; (void)theta; (void)chunk; (void)gram; (void)c;
}
#endif
