import CKernels

extension HalfStepRows {
  /// `solver=cg`: a few conjugate-gradient steps on each row's system, started from the row's
  /// value after the previous sweep (Takács, Pilászy & Tikk 2011 for ALS; the `implicit`
  /// library does the same for implicit feedback). The system matrix is never formed:
  /// A v = Gᵀ(G v) + ridge ⊙ v costs 4nk flops against the Gram's nk² and the Cholesky's k³/3,
  /// so at rank 64 a sweep of 3 steps does about a sixth of the exact solve's arithmetic.
  /// Jacobi-preconditioned: the bias coordinate's diagonal (n + λ_b) is far larger than a
  /// factor's (Σ q² + λ(n + n₀)), which would otherwise slow plain CG down.
  /// The result is not the exact solution; bench/README.md measures the accuracy it costs.
  func conjugateGradient(_ block: Range<Int>, steps: Int) {
    let k = rank, width = self.width, stride = SmallSystems.paddedWidth(width), vectors = stride / 8
    // Gathered rows yⱼ = [qⱼ, 1?], `stride` floats apart, zero past `width`; their targets.
    let g = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength) * stride)
    g.update(repeating: 0, count: max(1, maxLength) * stride)
    let t = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength))
    // The iterate, residual, preconditioned residual, direction, A·direction, 1/diagonal.
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 6 * stride)
    scratch.update(repeating: 0, count: 6 * stride)
    defer { g.deallocate(); t.deallocate(); scratch.deallocate() }
    let xv = scratch, res = scratch + stride, z = scratch + 2 * stride
    let dir = scratch + 3 * stride, ad = scratch + 4 * stride, invDiag = scratch + 5 * stride
    let gRaw = UnsafeRawPointer(g)

    @inline(__always) func load(_ p: UnsafePointer<Float>, _ v: Int) -> SIMD8<Float> {
      UnsafeRawPointer(p).loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
    }
    @inline(__always) func put(_ p: UnsafeMutablePointer<Float>, _ v: Int, _ value: SIMD8<Float>) {
      UnsafeMutableRawPointer(p).storeBytes(of: value, toByteOffset: v * 32, as: SIMD8<Float>.self)
    }
    @inline(__always) func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> Float {
      var s = SIMD8<Float>()
      for v in 0..<vectors { s += load(a, v) * load(b, v) }
      return s.sum()
    }
    /// out = A v for the row's n gathered ratings and ridge `reg`.
    @inline(__always) func apply(_ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, n: Int, reg: Float) {
      out.update(repeating: 0, count: stride)
      for j in 0..<n {
        let row = gRaw + j * stride * 4
        var d = SIMD8<Float>()
        for c in 0..<vectors { d += row.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self) * load(v, c) }
        let s = SIMD8<Float>(repeating: d.sum())
        for c in 0..<vectors { put(out, c, load(out, c) + row.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self) * s) }
      }
      for c in 0..<k { out[c] += reg * v[c] }
      if bias { out[k] += biasLambda * v[k] }
    }

    for r in block {
      let span = self.span(r), n = span.count
      guard n > 0 else { store(r, nil); continue }
      mk_gather_rows(g, Int32(stride), y, Int32(width), columns + span.lowerBound, Int32(n), Int32(width))
      for (row, p) in span.enumerated() {
        let dst = g + row * stride
        t[row] = target(p, dst)  // reads the fixed side's bias, in column k, before it becomes 1
        if bias { dst[k] = 1 }
      }
      let reg = ridge(n)
      // b = Gᵀt (into res) and the diagonal Σ yⱼ² + ridge (into invDiag), in one pass.
      res.update(repeating: 0, count: stride)
      invDiag.update(repeating: 0, count: stride)
      for j in 0..<n {
        let tv = SIMD8<Float>(repeating: t[j])
        for c in 0..<vectors {
          let gv = gRaw.loadUnaligned(fromByteOffset: (j * stride + c * 8) * 4, as: SIMD8<Float>.self)
          put(res, c, load(res, c) + gv * tv)
          put(invDiag, c, load(invDiag, c) + gv * gv)
        }
      }
      for c in 0..<width {
        let d = invDiag[c] + (c < k ? reg : biasLambda)
        invDiag[c] = d > 0 ? 1 / d : 0
      }
      // res = b − A x₀ from the previous sweep's row.
      let start = x + r * width
      xv.update(from: start, count: width)
      apply(xv, ad, n: n, reg: reg)
      for c in 0..<vectors { put(res, c, load(res, c) - load(ad, c)) }
      for c in 0..<vectors { put(z, c, load(res, c) * load(invDiag, c)) }
      dir.update(from: z, count: stride)
      var rz = dot(res, z)
      for _ in 0..<steps {
        guard rz > 0, rz.isFinite else { break }
        apply(dir, ad, n: n, reg: reg)
        let curvature = dot(dir, ad)
        guard curvature > 0, curvature.isFinite else { break }
        let alpha = SIMD8<Float>(repeating: rz / curvature)
        for c in 0..<vectors {
          put(xv, c, load(xv, c) + alpha * load(dir, c))
          put(res, c, load(res, c) - alpha * load(ad, c))
          put(z, c, load(res, c) * load(invDiag, c))
        }
        let next = dot(res, z)
        let beta = SIMD8<Float>(repeating: next / rz)
        for c in 0..<vectors { put(dir, c, load(z, c) + beta * load(dir, c)) }
        rz = next
      }
      store(r, xv)
    }
  }
}
