// ALS's training error in AVX2 (ALSModel.trainingRMSE, whose Swift loop is the fallback and the
// reference). Not API; see mk_kernels.h for how the AVX2 kernels are called.
#ifndef MK_TRAINING_ERROR_H
#define MK_TRAINING_ERROR_H

// Σ over users u in [begin, end), and over u's ratings p in offsets[u] ..< offsets[u+1], of
// (clip(μ (+ users[u][k] + items[i][k] when bias) + Σ_c users[u][c] · items[i][c]) − vals[p])²
// with i = cols[p] (rows `w` floats apart), in double, clipped to [lo, hi] as Swift's
// min(max(·, lo), hi). An item outside 0 ..< item_rows scores μ (+ the user's bias). The bits of
// ALSModel.trainingRMSE's Swift loop: each dot product in float, c ascending, multiply then add
// (never fused), eight ratings a user at a time in the lanes (an 8 × 8 transpose of their rows),
// the squares added in rating order; a user's ratings after an unknown item one at a time. Only
// call it when mk_cpu_has_avx2_fma() is 1.
double mk_als_training_squares_avx2(const float *users, const float *items, int w, int k, int bias, float mu,
                                    float lo, float hi, const long *offsets, const int *cols, const float *vals,
                                    int item_rows, int begin, int end);

#endif
