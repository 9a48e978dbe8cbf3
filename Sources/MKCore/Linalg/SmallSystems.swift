/// Kernels for the many small symmetric systems of ALS and of profile fold-in.
///
/// Why not BLAS/LAPACK here: ALS solves one (k+1)×(k+1) system per user and per item, a few
/// thousand tiny problems per sweep. Measured on this project's 2-core machine (OpenBLAS
/// 0.3.21, pthread build, one BLAS thread), each `ssyrk`/`sposv` call on a 21×21 system costs
/// 2–3 µs and two threads calling them at once run no faster than one: OpenBLAS takes a
/// global lock to hand out its work buffers on every call. These loops do the same
/// arithmetic with no call overhead and scale with the cores. Larger systems (k > 64) still go
/// to OpenBLAS and LAPACK, where the per-call cost is amortized; tests check both paths against
/// each other and against an independent solve.
public enum SmallSystems {
  /// The largest width solved by these kernels; wider systems use BLAS/LAPACK.
  public static let maxWidth = 64

  /// Row length of the scratch matrices: `width` rounded up to whole SIMD vectors.
  @inline(__always) public static func paddedWidth(_ width: Int) -> Int { (width + 7) / 8 * 8 }

  /// a[r, c] += y[r] · y[c] for r ≤ c (at least: whole 8-lane vectors from each diagonal's
  /// vector on, so a few entries left of the diagonal are touched too and must be ignored).
  /// `a` is row-major with rows of `stride` = `paddedWidth(w)` floats; `y` holds `stride`
  /// floats, zero past `w`. Also b += y · t.
  @inline(__always)
  public static func addOuterProduct(_ y: UnsafePointer<Float>, count w: Int, times t: Float,
                                     to a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, stride: Int) {
    let vectors = stride / 8
    let yRaw = UnsafeRawPointer(y), bRaw = UnsafeMutableRawPointer(b)
    let tv = SIMD8<Float>(repeating: t)
    for v in 0..<vectors {
      let yv = yRaw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
      let bv = bRaw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
      bRaw.storeBytes(of: bv + yv * tv, toByteOffset: v * 32, as: SIMD8<Float>.self)
    }
    for r in 0..<w {
      let yr = SIMD8<Float>(repeating: y[r])
      let row = UnsafeMutableRawPointer(a + r * stride)
      for v in (r / 8)..<vectors {
        let yv = yRaw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
        let av = row.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
        row.storeBytes(of: av + yr * yv, toByteOffset: v * 32, as: SIMD8<Float>.self)
      }
    }
  }

  /// `addOuterProduct` for four vectors at once: a += Σₘ yₘ yₘᵀ, b += Σₘ yₘ tₘ. The four
  /// vectors lie one after another in `y` (each `stride` floats, zero-padded). Loading and
  /// storing each vector of `a` once for four updates is what makes this faster than four calls.
  @inline(__always)
  public static func addOuterProducts4(_ y: UnsafePointer<Float>, count w: Int, times t: SIMD4<Float>,
                                       to a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, stride: Int) {
    let vectors = stride / 8
    let y0 = UnsafeRawPointer(y), y1 = UnsafeRawPointer(y + stride)
    let y2 = UnsafeRawPointer(y + 2 * stride), y3 = UnsafeRawPointer(y + 3 * stride)
    let bRaw = UnsafeMutableRawPointer(b)
    for v in 0..<vectors {
      let o = v * 32
      var bv = bRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      bv += y0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * t[0]
      bv += y1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * t[1]
      bv += y2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * t[2]
      bv += y3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * t[3]
      bRaw.storeBytes(of: bv, toByteOffset: o, as: SIMD8<Float>.self)
    }
    for r in 0..<w {
      let c0 = y[r], c1 = y[stride + r], c2 = y[2 * stride + r], c3 = y[3 * stride + r]
      let row = UnsafeMutableRawPointer(a + r * stride)
      for v in (r / 8)..<vectors {
        let o = v * 32
        var av = row.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        av += y0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * c0
        av += y1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * c1
        av += y2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * c2
        av += y3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * c3
        row.storeBytes(of: av, toByteOffset: o, as: SIMD8<Float>.self)
      }
    }
  }

  /// Solves A x = b in place by Cholesky, A symmetric positive definite with its upper
  /// triangle filled (row-major, w × w, rows `stride` floats apart, `stride` a multiple of 8;
  /// entries left of the diagonal are ignored and overwritten). `a` becomes R with A = RᵀR,
  /// `b` becomes x. Right-looking, so every inner loop runs along a row in 8-lane vectors.
  /// Returns false when A is not positive definite.
  @inline(__always)
  public static func choleskySolve(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, count w: Int,
                                   stride: Int) -> Bool {
    let vectors = stride / 8
    for j in 0..<w {
      let rowJ = a + j * stride
      let d = rowJ[j]
      guard d > 0, d.isFinite else { return false }
      let rjj = d.squareRoot(), inv = 1 / rjj
      rowJ[j] = rjj
      for c in (j + 1)..<max(j + 1, w) { rowJ[c] *= inv }
      // A[r, c] −= R[j, r] R[j, c] for j < r ≤ c, whole vectors from r's.
      let rawJ = UnsafeRawPointer(rowJ)
      for r in (j + 1)..<max(j + 1, w) {
        let f = SIMD8<Float>(repeating: rowJ[r])
        let rowR = UnsafeMutableRawPointer(a + r * stride)
        for v in (r / 8)..<vectors {
          let o = v * 32
          let x = rowR.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
          rowR.storeBytes(of: x - f * rawJ.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
                          toByteOffset: o, as: SIMD8<Float>.self)
        }
      }
    }
    // Rᵀ z = b, column by column (b[c] −= R[i, c] z[i] runs along row i).
    for i in 0..<w {
      let rowI = a + i * stride
      let z = b[i] / rowI[i]
      b[i] = z
      for c in (i + 1)..<max(i + 1, w) { b[c] -= rowI[c] * z }
    }
    // R x = z, from the last row up (a dot product along row i).
    for i in Swift.stride(from: w - 1, through: 0, by: -1) {
      let rowI = a + i * stride
      var s = b[i]
      for c in (i + 1)..<max(i + 1, w) { s -= rowI[c] * b[c] }
      b[i] = s / rowI[i]
    }
    return true
  }
}

import CKernels

extension SmallSystems {
  /// Whether this CPU runs the AVX2/FMA kernels of CKernels (checked once).
  public static let hasAVX2FMA: Bool = mk_cpu_has_avx2_fma() != 0
  /// Whether this CPU (and OS) also runs CKernels' AVX-512 kernels (checked once).
  public static let hasAVX512: Bool = mk_cpu_has_avx512() != 0

  /// `choleskySolve` with 8-lane FMA vectors where the CPU has them (CKernels), else the
  /// Swift kernel above: Swift compiled for baseline x86-64 does a multiply and an add on four
  /// lanes where AVX2 does a fused multiply-add on eight, and at widths above 64 the solve
  /// costs about as much as the Gram. The two round differently (fused), so only the wide
  /// path, which has no earlier results to keep, uses this.
  @inline(__always)
  public static func choleskySolveFast(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, count w: Int,
                                       stride: Int) -> Bool {
    guard hasAVX2FMA else { return choleskySolve(a, b, count: w, stride: stride) }
    return mk_cholesky_solve_avx2(a, b, Int32(w), Int32(stride)) != 0
  }
}
