import Foundation

/// What `fm` and `deepfm` learn: FM parameters over a feature layout, plus for DeepFM an MLP
/// over the field embeddings (Guo, Tang, Ye, Li & He, "DeepFM", IJCAI 2017):
///
///   ŷ(x) = FM(x) + MLP([e_user, e_item, e_tags]),   e_g = Σ_{j ∈ group g} xⱼ vⱼ,
///
/// the fields sharing the FM's factors vⱼ. On ratings ŷ is the rating; on binary data it is a
/// logit and the prediction is σ(ŷ).
public struct FMNet {
  public var fm: FMParameters
  public var mlp: MLP?
  public let layout: FeatureLayout

  public init(fm: FMParameters, mlp: MLP?, layout: FeatureLayout) {
    self.fm = fm
    self.mlp = mlp
    self.layout = layout
  }

  /// Width of the MLP's input: k floats per field (user, item, and tags with side features).
  public var fieldWidth: Int { layout.groups.count * fm.rank }
}

/// The minibatch objective both learners minimize, for a batch B of design rows:
///
///   J_B = (1/|B|) Σ_{r∈B} [ ℓ(ŷ_r, y_r) + ½ Σ_{j active in r} λ_{g(j)} (wⱼ² + ‖vⱼ‖²) ] + ½ λ_mlp ‖W‖²
///
/// with ℓ = ½(ŷ − y)² on ratings and ℓ = log(1 + e^ŷ) − y ŷ (the logistic loss on the logit)
/// on 0/1 outcomes. The L2 penalty of a feature is paid each time it is active, so a user
/// with many ratings is shrunk as much per rating as one with few (the regularization libFM's
/// SGD applies); λ is per group: user, item, tags.
public struct FMObjective {
  public enum Loss { case squared, logistic }
  public var loss: Loss
  /// λ of each group of the layout, in order (user, item, tags).
  public var groupLambda: [Float]
  public var mlpLambda: Float
  /// Share of hidden units dropped while training (DeepFM).
  public var dropout: Float

  public init(loss: Loss, groupLambda: [Float], mlpLambda: Float = 0, dropout: Float = 0) {
    self.loss = loss
    self.groupLambda = groupLambda
    self.mlpLambda = mlpLambda
    self.dropout = dropout
  }

  /// ℓ(ŷ, y) and ∂ℓ/∂ŷ.
  @inline(__always) func loss(_ yhat: Float, _ y: Float) -> (Double, Float) {
    switch loss {
    case .squared:
      let e = yhat - y
      return (0.5 * Double(e) * Double(e), e)
    case .logistic:
      let z = Double(yhat)
      let l = max(z, 0) - Double(y) * z + Foundation.log1p(Foundation.exp(-abs(z)))
      return (l, Float(1 / (1 + Foundation.exp(-z))) - y)
    }
  }
}

/// ∂J_B/∂θ: dense buffers with the FM columns a batch touched listed, so clearing and sparse
/// optimizer steps cost O(touched), not O(columns).
public struct FMGradient {
  public var w: [Float]
  public var v: [Float]
  public var mlp: [Float]
  public private(set) var touched: [Int32] = []
  private var mark: [Bool]

  public init(_ net: FMNet) {
    w = [Float](repeating: 0, count: net.fm.columnCount)
    v = [Float](repeating: 0, count: net.fm.columnCount * net.fm.rank)
    mlp = [Float](repeating: 0, count: net.mlp?.weights.count ?? 0)
    mark = [Bool](repeating: false, count: net.fm.columnCount)
  }

  @inline(__always) mutating func touch(_ j: Int32) {
    if !mark[Int(j)] { mark[Int(j)] = true; touched.append(j) }
  }

  /// Zeros what the last batch wrote.
  public mutating func clear(rank k: Int) {
    for j in touched {
      let c = Int(j)
      w[c] = 0
      for f in 0..<k { v[c * k + f] = 0 }
      mark[c] = false
    }
    touched.removeAll(keepingCapacity: true)
    for t in 0..<mlp.count { mlp[t] = 0 }
  }
}

/// Per-run scratch for minibatches of up to `capacity` rows.
public final class FMScratch {
  let capacity: Int
  var sums: [Float]
  var yhat: [Float]
  let mlp: MLPWorkspace?

  public init(_ net: FMNet, capacity: Int) {
    self.capacity = capacity
    sums = [Float](repeating: 0, count: capacity * net.fm.rank)
    yhat = [Float](repeating: 0, count: capacity)
    mlp = net.mlp.map { MLPWorkspace(sizes: $0.sizes, capacity: capacity) }
  }
}

extension FMNet {
  /// Writes the field embeddings of design row `r` to `out` (fieldWidth floats).
  @inline(__always)
  func fields(row r: Int, of design: DesignMatrix, factors v: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
    let k = fm.rank
    for t in 0..<fieldWidth { out[t] = 0 }
    for p in design.rows.range(r) {
      let j = Int(design.rows.columns[p]), x = design.rows.values[p]
      let o = out + layout.group(of: j) * k, vj = v + j * k
      for f in 0..<k { o[f] += x * vj[f] }
    }
  }

  /// ŷ (rating or logit) of the design rows `batch` into `scratch.yhat`, keeping what the
  /// backward pass needs (FM sums, MLP activations).
  func forward(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, scratch s: FMScratch,
               dropout: Float, rng: inout RandomStream?) {
    let k = fm.rank, n = batch.count
    fm.factors.storage.withUnsafeBufferPointer { vb in
      design.rows.columns.withUnsafeBufferPointer { cb in
        design.rows.values.withUnsafeBufferPointer { xb in
          s.sums.withUnsafeMutableBufferPointer { sb in
            for b in 0..<n {
              let span = design.rows.range(Int(batch[b]))
              s.yhat[b] = fm.predict(columns: UnsafeBufferPointer(rebasing: cb[span]),
                                     values: UnsafeBufferPointer(rebasing: xb[span]), sums: sb.baseAddress! + b * k)
            }
          }
        }
      }
      if let mlp, let ws = s.mlp {
        let width = fieldWidth
        for b in 0..<n { fields(row: Int(batch[b]), of: design, factors: vb.baseAddress!, into: ws.input + b * width) }
        mlp.forward(ws, rows: n, dropout: dropout, rng: &rng)
        for b in 0..<n { s.yhat[b] += ws.output[b] }
      }
    }
  }

  /// Adds ∂J_B/∂θ (see `FMObjective`) for the design rows `batch` to `g`, and returns J_B and
  /// the batch's summed loss Σ ℓ. Dropout is drawn from `rng` when it is given.
  @discardableResult
  public func gradient(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, objective o: FMObjective,
                       into g: inout FMGradient, scratch s: FMScratch, rng: inout RandomStream?)
    -> (objective: Double, loss: Double) {
    let k = fm.rank, n = batch.count
    guard n > 0 else { return (0, 0) }
    forward(batch, of: design, scratch: s, dropout: o.dropout, rng: &rng)
    let scale = 1 / Float(n)
    var loss = 0.0, penalty = 0.0
    let ws = s.mlp
    fm.factors.storage.withUnsafeBufferPointer { vb in
      fm.weights.withUnsafeBufferPointer { wb in
        design.rows.columns.withUnsafeBufferPointer { cb in
          design.rows.values.withUnsafeBufferPointer { xb in
            for b in 0..<n {
              let (l, dl) = o.loss(s.yhat[b], design.target[Int(batch[b])])
              loss += l
              s.yhat[b] = scale * dl  // now d_b = ∂J/∂ŷ_b
              ws?.outputGradient[b] = s.yhat[b]
            }
            g.w.withUnsafeMutableBufferPointer { gw in
              g.v.withUnsafeMutableBufferPointer { gv in
                s.sums.withUnsafeBufferPointer { sb in
                  for b in 0..<n {
                    let span = design.rows.range(Int(batch[b]))
                    FMParameters.addGradient(columns: UnsafeBufferPointer(rebasing: cb[span]),
                                             values: UnsafeBufferPointer(rebasing: xb[span]),
                                             sums: sb.baseAddress! + b * k, d: s.yhat[b], factors: vb.baseAddress!,
                                             rank: k, gw: gw.baseAddress!, gv: gv.baseAddress!)
                    for p in span {
                      let j = Int(cb[p]), lambda = o.groupLambda[layout.group(of: j)]
                      let sl = scale * lambda
                      var sq = Double(wb[j]) * Double(wb[j])
                      gw[j] += sl * wb[j]
                      for f in 0..<k {
                        let vjf = vb[j * k + f]
                        gv[j * k + f] += sl * vjf
                        sq += Double(vjf) * Double(vjf)
                      }
                      penalty += 0.5 * Double(sl) * sq
                    }
                  }
                }
              }
            }
            for b in 0..<n { for p in design.rows.range(Int(batch[b])) { g.touch(cb[p]) } }
            guard let mlp, let ws else { return }
            g.mlp.withUnsafeMutableBufferPointer { gm in
              mlp.backward(ws, rows: n, gw: gm.baseAddress!)
              if o.mlpLambda > 0 {
                var sq = 0.0
                for t in 0..<mlp.weights.count {
                  gm[t] += o.mlpLambda * mlp.weights[t]
                  sq += Double(mlp.weights[t]) * Double(mlp.weights[t])
                }
                penalty += 0.5 * Double(o.mlpLambda) * sq
              }
            }
            // The fields' gradient flows into the shared factors: ∂e_g/∂vⱼ = xⱼ.
            let width = fieldWidth
            g.v.withUnsafeMutableBufferPointer { gv in
              for b in 0..<n {
                let din = ws.inputGradient + b * width
                for p in design.rows.range(Int(batch[b])) {
                  let j = Int(cb[p]), x = xb[p]
                  let d = din + layout.group(of: j) * k
                  for f in 0..<k { gv[j * k + f] += x * d[f] }
                }
              }
            }
          }
        }
      }
    }
    return (penalty + Double(scale) * loss, loss)
  }

  /// ŷ (rating or logit, before clipping or σ) of every row of `design`, in parallel blocks.
  public func raw(_ design: DesignMatrix) -> [Float] {
    Parallel.configureBLAS()
    var out = [Float](repeating: 0, count: design.count)
    out.withUnsafeMutableBufferPointer { buf in
      let p = buf.baseAddress!  // each block writes only its own rows
      Parallel.forEachBlock(design.count) { range, _ in self.raw(design, rows: range, into: p + range.lowerBound) }
    }
    return out
  }

  /// ŷ of the design rows `range` into `out`, in chunks of at most 256 rows.
  public func raw(_ design: DesignMatrix, rows range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
    guard mlp != nil else {
      for r in range { out[r - range.lowerBound] = fm.predict(row: r, of: design) }
      return
    }
    let chunk = 256
    let scratch = FMScratch(self, capacity: min(chunk, range.count))
    var rows = [Int32](repeating: 0, count: min(chunk, range.count))
    var none: RandomStream? = nil
    var lo = range.lowerBound
    while lo < range.upperBound {
      let hi = min(lo + chunk, range.upperBound)
      for r in lo..<hi { rows[r - lo] = Int32(r) }
      rows.withUnsafeBufferPointer { rb in
        forward(UnsafeBufferPointer(rebasing: rb[0..<(hi - lo)]), of: design, scratch: scratch, dropout: 0, rng: &none)
      }
      for r in lo..<hi { out[r - range.lowerBound] = scratch.yhat[r - lo] }
      lo = hi
    }
  }

  /// Predictions for pairs of model indices (-1 unknown): the rating, or σ(ŷ) on binary data.
  public func score(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                    into out: UnsafeMutableBufferPointer<Float>, binary: Bool) {
    let design = DesignMatrix(layout: layout, users: Array(users), items: Array(items))
    raw(design, rows: 0..<design.count, into: out.baseAddress!)
    if binary { for j in 0..<out.count { out[j] = 1 / (1 + expf(-out[j])) } }
  }

  /// Factor rows `range` of the FM as a matrix (user or item embeddings).
  func factorRows(_ range: Range<Int>) -> Matrix {
    let k = fm.rank
    return Matrix(rows: range.count, columns: k,
                  storage: Array(fm.factors.storage[(range.lowerBound * k)..<(range.upperBound * k)]))
  }
}
