// CKernels: the few hot loops Swift cannot write as fast. Swift code compiled for baseline
// x86-64 (SSE2) cannot emit AVX2 and FMA: the AVX2 kernels are compiled for those alone and
// called only after mk_cpu_has_avx2_fma() says the CPU and OS support them, the Swift kernels
// being the fallback. Swift has no prefetch: the gather, for any CPU, prefetches its rows.
// Not API: only MKCore/Linalg calls these (bench/README.md, "ALS at wide ranks", says why).
#ifndef MK_KERNELS_H
#define MK_KERNELS_H

// 1 when the CPU has AVX2 and FMA and the OS saves the YMM registers, else 0.
int mk_cpu_has_avx2_fma(void);

// Solves A x = b in place by Cholesky, A symmetric positive definite with its upper triangle
// filled (row-major, w × w, rows `stride` floats apart, stride a multiple of 8, columns past w
// zero). The same contract as SmallSystems.choleskySolve: `a` becomes R with A = RᵀR (entries
// left of the diagonal are overwritten), `b` becomes x. Returns 0 when A is not positive
// definite. `b` holds `stride` floats, zero past w. Only call it when mk_cpu_has_avx2_fma() is 1.
int mk_cholesky_solve_avx2(float *a, float *b, int w, int stride);

// Solves A x = b by Cholesky with b in column w of `a` (row-major, upper triangle and column w
// filled, rows `stride` floats apart, stride a multiple of 8 and > w, columns past w zero), as
// mk_als_gram_avx2 leaves it once the ridge is added: `a` becomes R with A = RᵀR (column w
// becomes Rᵀ⁻¹b; entries left of the diagonal are overwritten), `x` (stride floats) the
// solution, zero past w. Returns 0 when A is not positive definite. Only call it when
// mk_cpu_has_avx2_fma() is 1.
int mk_cholesky_solve_augmented_avx2(float *a, int w, int stride, float *x);

// The Gibbs sampler's block Gram (BayesFMSampler.blockGram): G = Σ h hᵀ (m × m doubles, both
// triangles, row-major) and c = Σ h e over `count` rows, each a record of m floats (e, q_1 …
// q_{m−1}) at cache + rows[t]·m, with h = (x, x(q_f − θ_f x)) and x = values[t] (1 when values is
// NULL). Sums in float over chunks of `chunk` rows (at most 64), each chunk added into the doubles:
// the Swift kernel's operations in its order, 8 lanes at a time and never fused, so its bits.
// m ≤ 16. Prefetches the records ahead (the rows of a user are spread over the whole array).
// Only call it when mk_cpu_has_avx2_fma() is 1.
void mk_gibbs_block_gram_avx2(const float *cache, int m, const int *rows, const float *values, long count,
                              const float *theta, int chunk, double *gram, double *c);

// The Gibbs sampler's row update after a block draw (BayesFMSampler.blockUpdate): for each of
// `count` distinct rows, with its record at cache + rows[t]·m and x = values[t] (1 when values is
// NULL), e −= Δ·h (h = (x, x(q_f − θ_f x)) at the old θ) and q_f += Δ_f x. The Swift kernel's
// operations in its order, never fused, so its bits. m ≤ 16, and every rows[t]·m + m − 1 must fit
// in an int (the records are gathered by 32-bit offsets). Only call it when mk_cpu_has_avx2_fma()
// is 1.
void mk_gibbs_block_update_avx2(float *cache, int m, const int *rows, const float *values, long count,
                                const float *theta, const float *delta);

// The Gibbs sampler's refresh (BayesFMSampler.refreshRows) of rows first … end−1: for row r,
// with its nonzeros t in row_offsets[r] … row_offsets[r+1] (column columns[t], value values[t],
// 1 when values is NULL), q_f = Σ vt[c·k + f] x and ŷ = bias + Σ w[c] x + ½ Σ_f (q_f² − Σ (v x)²);
// writes the record at cache + r·(k+1) as (target[r] − ŷ, q_1 … q_k) and adds e and e² (in
// double, row by row) to *sum_e and *sum_e2. The Swift kernel's operations in its order, never
// fused, so its bits. k ≤ 16; reads and writes no float past a record or a factor row (masked loads,
// past it). Only call it when mk_cpu_has_avx2_fma() is 1.
void mk_gibbs_refresh_avx2(const unsigned *row_offsets, const int *columns, const float *values, const float *vt,
                           const float *w, int k, float bias, const float *target, float *cache, long first,
                           long end, double *sum_e, double *sum_e2);

// The ALS normal equations of one row with n ratings, gathered and summed in one pass: row j of
// the fixed side is g̃ⱼ = (src[rows[j]][0 … k), 1 when bias, tⱼ) with tⱼ = values[j] − μ (− the
// fixed row's bias src[rows[j]][k] when bias), so Σ g̃ⱼ g̃ⱼᵀ holds the Gram (w × w, w = k + bias)
// and, in column w, the right side Σ gⱼ tⱼ. Writes rows 0 … w−1 (rounded up to 6) of `a`
// (`stride` floats apart, stride a multiple of 8 and > w; a holds that many rows) from
// each row's 8-lane vector holding the diagonal to the end of the row: the upper triangle, some
// entries left of the diagonal (to ignore) and column w; columns past w are zero. Sums in float,
// in rating order, with fused multiply-adds. `g` is scratch of 64 · stride + 8 floats, 32-byte
// aligned (the tiles read the last row's entries in sixes, up to 5 floats past its end). Only call it when mk_cpu_has_avx2_fma() is 1.
// While it sums, it prefetches the rows its next chunk gathers, or, in its last chunk, the first
// 64 of `next_rows` (next_n of them: the next row's ratings, NULL and 0 when there is none).
void mk_als_gram_avx2(const float *src, int src_stride, int k, int bias, const int *rows, const float *values,
                      float mu, int n, const int *next_rows, int next_n, float *g, float *a, int stride);

// dst row j (dst_stride floats apart) ← the first `count` floats of src row rows[j]
// (src_stride apart), for j < n, prefetching ahead. Any CPU.
void mk_gather_rows(float *dst, int dst_stride, const float *src, int src_stride, const int *rows, int n, int count);

// An FM minibatch's design rows gathered into contiguous buffers (FMBatch.gather): for b < n,
// design row rows[b] (CSR: offsets, columns, values, and its target) is copied to positions
// start[b] ..< start[b + 1] of out_columns and out_values (start[0] = 0), each nonzero with its
// owner (column / block % owners) in out_owner, the target in out_target[b]. When `table` is
// not NULL, the `row_bytes` bytes of each gathered column's row (table + column · row_bytes) are
// prefetched for writing: the batch's step reads and writes them next. The outputs must hold
// the batch's nonzeros (start: n + 1). Any CPU.
void mk_fm_gather(const long *offsets, const int *columns, const float *values, const float *target, const int *rows,
                  int n, int block, int owners, int *start, int *out_columns, float *out_values, int *out_owner,
                  float *out_target, const void *table, long row_bytes);

// Prefetches what mk_fm_gather will read of the design rows rows[0 ..< n], in two stages, each
// run a batch ahead of the next: stage 0 their offsets and targets; stage 1 (their offsets
// cached by an earlier stage 0) the first line of their columns and values. Any CPU.
void mk_fm_prefetch_rows(const long *offsets, const int *columns, const float *values, const float *target,
                         const int *rows, int n, int stage);

// Prefetches, for each nonzero columns[lo ..< hi], the first and last byte of its row
// (rows + column · row_bytes) and, when weights is not NULL, weights[column]: the parameters a
// scoring loop over the design's rows reads a block of rows later (FMNet.raw). Any CPU.
void mk_fm_prefetch_columns(const int *columns, long lo, long hi, const void *rows, long row_bytes,
                            const float *weights);

// Asks Linux to back the whole 2 MB pages inside [p, p + bytes) with huge pages: loops that
// read tens of megabytes at random (the FM learner's design rows and column table) take a TLB
// miss a read with 4 KB pages. `populated` 0: the pages are not yet touched (MADV_HUGEPAGE, so
// the first touch maps a huge page); 1: they hold data (MADV_COLLAPSE, Linux 6.1+, copies them
// into huge pages now). Advice only: the contents never change, and errors (an older kernel,
// huge pages off) are ignored. A no-op off Linux.
void mk_advise_huge_pages(const void *p, long bytes, int populated);

#endif
