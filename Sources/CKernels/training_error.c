#include "mk_training_error.h"

// Swift never fuses a multiply and an add; neither may this file (clang would, in `t += e * e`).
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

// Swift's max(v, lo) then min(·, hi): `y >= x ? y : x` and `y < x ? y : x`, NaN kept.
static inline float clip(float v, float lo, float hi) {
  const float m = lo >= v ? lo : v;
  return hi < m ? hi : m;
}

static inline double square(float s, float value) {
  const double e = (double)s - (double)value;
  return e * e;
}

// Rows r[0 … 7] at column c0, 8 columns: out[c] holds column c0 + c of the eight rows, lane l
// from row l.
__attribute__((target("avx2,fma"), always_inline))
static inline void transpose8(const float *const *r, int c0, __m256 out[8]) {
  __m256 a0 = _mm256_loadu_ps(r[0] + c0), a1 = _mm256_loadu_ps(r[1] + c0), a2 = _mm256_loadu_ps(r[2] + c0),
         a3 = _mm256_loadu_ps(r[3] + c0), a4 = _mm256_loadu_ps(r[4] + c0), a5 = _mm256_loadu_ps(r[5] + c0),
         a6 = _mm256_loadu_ps(r[6] + c0), a7 = _mm256_loadu_ps(r[7] + c0);
  __m256 t0 = _mm256_unpacklo_ps(a0, a1), t1 = _mm256_unpackhi_ps(a0, a1), t2 = _mm256_unpacklo_ps(a2, a3),
         t3 = _mm256_unpackhi_ps(a2, a3), t4 = _mm256_unpacklo_ps(a4, a5), t5 = _mm256_unpackhi_ps(a4, a5),
         t6 = _mm256_unpacklo_ps(a6, a7), t7 = _mm256_unpackhi_ps(a6, a7);
  __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE),
         u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE),
         u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE),
         u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  out[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  out[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  out[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  out[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  out[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  out[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  out[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  out[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

__attribute__((target("avx2,fma")))
double mk_als_training_squares_avx2(const float *users, const float *items, int w, int k, int bias, float mu,
                                    float lo, float hi, const long *offsets, const int *cols, const float *vals,
                                    int item_rows, int begin, int end) {
  double total = 0;
  for (int u = begin; u < end; u++) {
    const float *pu = users + (long)u * w;
    const long last = offsets[u + 1];
    long p = offsets[u];
    while (p + 8 <= last) {
      const float *q[8];
      int known = 1;
      for (int l = 0; l < 8; l++) {
        const int i = cols[p + l];
        known = known && i >= 0 && i < item_rows;
        q[l] = items + (long)(i < 0 ? 0 : i >= item_rows ? item_rows - 1 : i) * w;
      }
      if (!known) break;
      // The next eight rows, while these are summed: the item rows are read at random from a
      // matrix larger than L2 (5 MB at rank 64 on 20k items), and the sums wait on them.
      if (p + 16 <= last) {
        for (int l = 0; l < 8; l++) {
          const int i = cols[p + 8 + l];
          const char *next = (const char *)(items + (long)(i < 0 ? 0 : i >= item_rows ? item_rows - 1 : i) * w);
          for (int o = 0; o < w * 4; o += 64) _mm_prefetch(next + o, _MM_HINT_T0);
          _mm_prefetch(next + w * 4 - 1, _MM_HINT_T0);
        }
      }
      __m256 s = _mm256_setzero_ps();
      int c = 0;
      for (; c + 8 <= k; c += 8) {
        __m256 column[8];
        transpose8(q, c, column);
        for (int j = 0; j < 8; j++) s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(pu[c + j]), column[j]));
      }
      for (; c < k; c++) {
        const __m256 column = _mm256_setr_ps(q[0][c], q[1][c], q[2][c], q[3][c], q[4][c], q[5][c], q[6][c], q[7][c]);
        s = _mm256_add_ps(s, _mm256_mul_ps(_mm256_set1_ps(pu[c]), column));
      }
      float dot[8];
      _mm256_storeu_ps(dot, s);
      for (int l = 0; l < 8; l++) {
        float t = mu;
        if (bias) { t += pu[k]; t += q[l][k]; }
        total += square(clip(t + dot[l], lo, hi), vals[p + l]);
      }
      p += 8;
    }
    for (; p < last; p++) {
      const int i = cols[p];
      float t = mu;
      if (i >= 0 && i < item_rows) {
        const float *qi = items + (long)i * w;
        if (bias) { t += pu[k]; t += qi[k]; }
        float d = 0;
        for (int c = 0; c < k; c++) d += pu[c] * qi[c];
        t += d;
      } else if (bias) {
        t += pu[k];
      }
      total += square(clip(t, lo, hi), vals[p]);
    }
  }
  return total;
}

#else
// Never called: mk_cpu_has_avx2_fma() is 0 here, and the Swift loop runs.
double mk_als_training_squares_avx2(const float *users, const float *items, int w, int k, int bias, float mu,
                                    float lo, float hi, const long *offsets, const int *cols, const float *vals,
                                    int item_rows, int begin, int end) {
  (void)users; (void)items; (void)w; (void)k; (void)bias; (void)mu; (void)lo; (void)hi; (void)offsets; (void)cols;
  (void)vals; (void)item_rows; (void)begin; (void)end;
  return 0;
}
#endif
