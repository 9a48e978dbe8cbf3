import CBLAS

/// Thin, typed wrappers over the BLAS and LAPACK calls mk makes. Buffers are row-major unless
/// a routine says otherwise; symmetric matrices need no transposition.
public enum BLAS {
  /// The kernel family OpenBLAS chose for this CPU at load time (a DYNAMIC_ARCH build picks
  /// it from cpuid, or from `OPENBLAS_CORETYPE`), e.g. "Zen", "Haswell", "Prescott".
  public static var coreName: String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
  }

  /// C ← alpha · Aᵀ A + beta · C, with A (n × k, row-major) and C (k × k, rows `ldc` floats
  /// apart, `k` by default), only its upper triangle (row-major: c ≥ r) written.
  @inline(__always)
  public static func syrkAtA(_ a: UnsafePointer<Float>, n: Int, k: Int, lda: Int,
                              alpha: Float, beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int? = nil) {
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(k), Int32(n), alpha, a, Int32(lda), beta, c,
                Int32(ldc ?? k))
  }

  /// C ← alpha · A Aᵀ + beta · C, with A (n × k, row-major) and C (n × n, rows `ldc` floats
  /// apart), only its upper triangle (row-major: c ≥ r) written.
  @inline(__always)
  public static func syrkAAt(_ a: UnsafePointer<Float>, n: Int, k: Int, lda: Int,
                             alpha: Float, beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
  }

  /// y ← alpha · Aᵀ x + beta · y, A (n × k, row-major).
  @inline(__always)
  public static func gemvT(_ a: UnsafePointer<Float>, n: Int, k: Int, lda: Int, x: UnsafePointer<Float>,
                           alpha: Float, beta: Float, _ y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(k), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }

  /// C (m × n) ← alpha · A (m × k) · B (k × n) + beta · C, all row-major.
  public static func gemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                          m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
                          transA: Bool = false, transB: Bool = false) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(transA ? m : k), b, Int32(transB ? k : n),
                beta, c, Int32(n))
  }

  /// Double-precision gemm, for measuring the machine's dense rate.
  public static func dgemm(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                           n: Int) {
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b,
                Int32(n), 0, c, Int32(n))
  }

  /// Solves A x = b in place for symmetric positive definite A (k × k) by Cholesky (LAPACK
  /// `sposv`). `a` is overwritten by its factor, `b` by the solution. Only the triangle that
  /// `syrkAtA` fills is read (upper in row-major = lower in LAPACK's column-major view).
  /// - Returns: false when A is not positive definite.
  @inline(__always)
  public static func posv(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, k: Int) -> Bool {
    var uplo = CChar(UInt8(ascii: "L")), n = Int32(k), nrhs: Int32 = 1, lda = Int32(k), ldb = Int32(k), info: Int32 = 0
    sposv_(&uplo, &n, &nrhs, a, &lda, b, &ldb, &info)
    return info == 0
  }

  /// Double-precision Cholesky solve (for samplers and tests that need it).
  public static func posv(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, k: Int, nrhs: Int = 1) -> Bool {
    var uplo = CChar(UInt8(ascii: "L")), n = Int32(k), r = Int32(nrhs), lda = Int32(k), ldb = Int32(k), info: Int32 = 0
    dposv_(&uplo, &n, &r, a, &lda, b, &ldb, &info)
    return info == 0
  }

  /// All eigenvalues (ascending) and eigenvectors of a symmetric k × k matrix (LAPACK `dsyevr`).
  /// - Returns: eigenvalues, and eigenvectors as columns of a column-major k × k buffer
  ///   (equivalently, row j of the returned row-major array is eigenvector j).
  public static func symmetricEigen(_ matrix: [Double], k: Int) -> (values: [Double], vectors: [Double])? {
    var a = matrix
    var jobz = CChar(UInt8(ascii: "V")), range = CChar(UInt8(ascii: "A")), uplo = CChar(UInt8(ascii: "L"))
    var n = Int32(k), lda = Int32(k), vl = 0.0, vu = 0.0, il: Int32 = 0, iu: Int32 = 0, abstol = 0.0
    var m: Int32 = 0, ldz = Int32(k), info: Int32 = 0
    var w = [Double](repeating: 0, count: k), z = [Double](repeating: 0, count: k * k)
    var isuppz = [Int32](repeating: 0, count: 2 * k)
    var lwork: Int32 = -1, liwork: Int32 = -1
    var wq = 0.0, iwq: Int32 = 0
    dsyevr_(&jobz, &range, &uplo, &n, &a, &lda, &vl, &vu, &il, &iu, &abstol, &m, &w, &z, &ldz, &isuppz,
            &wq, &lwork, &iwq, &liwork, &info)
    guard info == 0 else { return nil }
    lwork = Int32(wq); liwork = iwq
    var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
    dsyevr_(&jobz, &range, &uplo, &n, &a, &lda, &vl, &vu, &il, &iu, &abstol, &m, &w, &z, &ldz, &isuppz,
            &work, &lwork, &iwork, &liwork, &info)
    guard info == 0 else { return nil }
    return (w, z)
  }
}
