// ALS's fused Gram (mk_als_gram_avx2 in mk_kernels.h) in 16-lane AVX-512 vectors: half the
// fused multiply-adds a rating, the same sums in the same order, so the same bits. Not API; see
// mk_kernels.h for how the vector kernels are called.
#ifndef MK_ALS_GRAM_AVX512_H
#define MK_ALS_GRAM_AVX512_H

// 1 when the CPU has AVX2, FMA and AVX-512F and the OS saves the ZMM registers and the mask
// registers, else 0.
int mk_cpu_has_avx512(void);

// mk_als_gram_avx2's result, bit for bit: row j of the fixed side is g̃ⱼ = (src[rows[j]][0 … k),
// 1 when bias, tⱼ) with tⱼ = values[j] − μ (− biases[rows[j] · bias_stride] when bias: the
// fixed row's bias, which may sit in its row, biases = src + k and bias_stride = src_stride, or
// in an array of its own), and rows 0 … w−1 of `a` (w = k + bias; `stride` floats apart, a
// multiple of 8 and > w) get Σ g̃ⱼ g̃ⱼᵀ: the Gram on and right of the diagonal, the right side
// Σ gⱼ tⱼ in column w, zeros past it (entries left of the diagonal are to be ignored). Every
// entry is summed in float in rating order with fused multiply-adds, as mk_als_gram_avx2 sums
// it. Scratch, 64-byte aligned: `g` of mk_als_gram_avx512_scratch(k, 0) floats, `s` of
// mk_als_gram_avx512_scratch(k, 1). Prefetches the rows the next chunk gathers, or in the last
// chunk the first 64 of next_rows (next_n of them, NULL and 0 when there is none). Only call it
// when mk_cpu_has_avx512() is 1.
void mk_als_gram_avx512(const float *src, long src_stride, const float *biases, long bias_stride, int k, int bias,
                        const int *rows, const float *values, float mu, int n, const int *next_rows, int next_n,
                        float *g, float *s, float *a, int stride);

// Floats of mk_als_gram_avx512's scratch at rank k: which = 0 for `g` (the gathered chunk),
// 1 for `s` (the Gram's sums).
long mk_als_gram_avx512_scratch(int k, int which);

#endif
