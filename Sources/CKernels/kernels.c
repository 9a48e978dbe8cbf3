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
#endif
