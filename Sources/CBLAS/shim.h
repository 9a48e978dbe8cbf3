// CBLAS: OpenBLAS's C interface plus the few LAPACK routines mk calls.
// Not API: only MKCore/Linalg imports this module.
#ifndef MK_CBLAS_SHIM_H
#define MK_CBLAS_SHIM_H
#include <cblas.h>

// LAPACK (Fortran calling convention, column-major), exported by libopenblas.
// Cholesky solve of a symmetric positive definite system: A X = B.
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda,
            float *b, const int *ldb, int *info);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info);
// Selected eigenvalues and eigenvectors of a symmetric matrix (MRRR).
void ssyevr_(const char *jobz, const char *range, const char *uplo, const int *n, float *a,
             const int *lda, const float *vl, const float *vu, const int *il, const int *iu,
             const float *abstol, int *m, float *w, float *z, const int *ldz, int *isuppz,
             float *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
             const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
             const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
#endif
