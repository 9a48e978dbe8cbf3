/// The multilayer perceptron of DeepFM (Guo et al., IJCAI 2017): hidden layers with ReLU and
/// (while training) inverted dropout, then one linear output,
///   a₀ = input,  aₗ = mₗ ⊙ ReLU(aₗ₋₁ Wₗ)  (l = 1…L),  out = a_L W_{L+1},
/// with mₗ = 0 or 1/(1 − p) drawn per unit and row while training, 1 otherwise.
///
/// The layers have no bias terms: the network is then zero at a zero input, so a pair whose
/// user and item are both unknown (every field embedding zero) falls back to the FM's w₀ like
/// every other kind. A minibatch goes through each layer as one BLAS gemm, forward and back.
public struct MLP: Equatable {
  /// Widths: input, hidden layers, then 1.
  public let sizes: [Int]
  /// All weights, layer after layer; layer l (from 0) is a row-major sizes[l] × sizes[l+1] matrix.
  public var weights: [Float]

  public init(sizes: [Int], weights: [Float]) {
    self.sizes = sizes
    self.weights = weights
  }

  /// He initialization: N(0, 2 / fan-in) per weight; the output layer N(0, 1 / fan-in) scaled
  /// by `outputScale` so the network starts close to the plain FM.
  public init(input: Int, hidden: [Int], rng: inout RandomStream, outputScale: Float = 0.1) {
    sizes = [input] + hidden + [1]
    var w: [Float] = []
    for l in 0..<(sizes.count - 1) {
      let last = l == sizes.count - 2
      let std = (Double(last ? 1 : 2) / Double(sizes[l])).squareRoot() * Double(last ? outputScale : 1)
      for _ in 0..<(sizes[l] * sizes[l + 1]) { w.append(Float(std * rng.normal())) }
    }
    weights = w
  }

  public var layerCount: Int { sizes.count - 1 }
  /// Offset of layer l's matrix in `weights`.
  public func offset(_ l: Int) -> Int {
    var o = 0
    for i in 0..<l { o += sizes[i] * sizes[i + 1] }
    return o
  }
}

/// Activations, dropout factors and backward buffers for minibatches of up to `capacity` rows.
/// One per training run or per scoring call (never shared across threads).
public final class MLPWorkspace {
  let sizes: [Int]
  let capacity: Int
  /// acts[l]: capacity × sizes[l]; acts[0] is the input, acts[L] the output.
  let acts: [UnsafeMutablePointer<Float>]
  /// masks[l]: the dropout factor of each hidden unit (l = 1..<L).
  let masks: [UnsafeMutablePointer<Float>]
  /// deltas[l]: ∂J/∂acts[l].
  let deltas: [UnsafeMutablePointer<Float>]

  public init(sizes: [Int], capacity: Int) {
    self.sizes = sizes
    self.capacity = capacity
    func buffer(_ n: Int) -> UnsafeMutablePointer<Float> {
      let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n))
      p.initialize(repeating: 0, count: max(1, n))
      return p
    }
    acts = sizes.map { buffer(capacity * $0) }
    masks = sizes.map { buffer(capacity * $0) }
    deltas = sizes.map { buffer(capacity * $0) }
  }

  deinit {
    for p in acts + masks + deltas { p.deallocate() }
  }

  public var input: UnsafeMutablePointer<Float> { acts[0] }
  public var output: UnsafeMutablePointer<Float> { acts[sizes.count - 1] }
  public var inputGradient: UnsafeMutablePointer<Float> { deltas[0] }
  public var outputGradient: UnsafeMutablePointer<Float> { deltas[sizes.count - 1] }
}

extension MLP {
  /// Forward pass of the rows `part` of the workspace, already written to `ws.input`; the
  /// outputs land in `ws.output`. With `dropout` > 0 and an `rng`, hidden units are dropped
  /// (training). Disjoint parts may run on different threads.
  public func forward(_ ws: MLPWorkspace, rows part: Range<Int>, dropout: Float = 0, rng: inout RandomStream?) {
    let L = layerCount, n = part.count, r0 = part.lowerBound
    guard n > 0 else { return }
    let keep = 1 - dropout, scale = 1 / keep
    weights.withUnsafeBufferPointer { wb in
      let w = wb.baseAddress!
      for l in 0..<L {
        let din = sizes[l], dout = sizes[l + 1]
        let a = ws.acts[l] + r0 * din, z = ws.acts[l + 1] + r0 * dout
        BLAS.gemm(a, w + offset(l), z, m: n, n: dout, k: din)
        guard l < L - 1 else { continue }
        let m = ws.masks[l + 1] + r0 * dout
        let count = n * dout
        if dropout > 0, rng != nil {
          for t in 0..<count { m[t] = rng!.uniform() < Double(keep) ? scale : 0 }
        } else {
          for t in 0..<count { m[t] = 1 }
        }
        // Activations below 1e-30 are flushed to zero: subnormal floats slow gemm a hundredfold.
        for t in 0..<count { z[t] = z[t] > 1e-30 ? z[t] * m[t] : 0 }
      }
    }
  }

  /// Backward pass after `forward` of the rows `part` on the same workspace: reads ∂J/∂out
  /// from `ws.outputGradient`, adds these rows' ∂J/∂W to `gw` (laid out like `weights`) and
  /// leaves ∂J/∂input in `ws.inputGradient`. Disjoint parts may run on different threads,
  /// each with its own `gw`.
  public func backward(_ ws: MLPWorkspace, rows part: Range<Int>, gw: UnsafeMutablePointer<Float>) {
    let L = layerCount, n = part.count, r0 = part.lowerBound
    guard n > 0 else { return }
    weights.withUnsafeBufferPointer { wb in
      let w = wb.baseAddress!
      for l in stride(from: L - 1, through: 0, by: -1) {
        let din = sizes[l], dout = sizes[l + 1]
        let dz = ws.deltas[l + 1] + r0 * dout
        if l < L - 1 {
          // Through ReLU and dropout: aₗ = m ⊙ ReLU(z) is positive exactly where z > 0 and m > 0.
          let a = ws.acts[l + 1] + r0 * dout, m = ws.masks[l + 1] + r0 * dout
          for t in 0..<(n * dout) { dz[t] = a[t] > 0 ? dz[t] * m[t] : 0 }
        }
        BLAS.gemm(ws.acts[l] + r0 * din, dz, gw + offset(l), m: din, n: dout, k: n, beta: 1, transA: true)
        BLAS.gemm(dz, w + offset(l), ws.deltas[l] + r0 * din, m: n, n: din, k: dout, transB: true)
      }
    }
  }
}

extension ModelWriter {
  public mutating func mlp(_ m: MLP) {
    int(m.sizes.count)
    for s in m.sizes { int(s) }
    floats(m.weights)
  }
}

extension ModelReader {
  public mutating func mlp() throws -> MLP {
    let n = try count()
    var sizes: [Int] = []
    for _ in 0..<n { sizes.append(try int()) }
    let w = try floats()
    let bad = MKError(.io, "'\(path)': DeepFM layers do not match their weights")
    guard n >= 2, sizes.allSatisfy({ $0 > 0 && $0 < 1_000_000 }), sizes.last == 1 else { throw bad }
    var expected = 0
    for l in 0..<(n - 1) { expected += sizes[l] * sizes[l + 1] }
    guard w.count == expected else {
      throw bad
    }
    return MLP(sizes: sizes, weights: w)
  }
}
