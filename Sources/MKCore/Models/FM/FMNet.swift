import CKernels
import Foundation

/// What `fm` and `deepfm` learn: FM parameters over a feature layout, plus for DeepFM an MLP
/// over the field embeddings (Guo, Tang, Ye, Li & He, "DeepFM", IJCAI 2017):
///
///   ŷ(x) = FM(x) + MLP([e_user, e_item, e_tags, …]),   e_g = Σ_{j ∈ group g} xⱼ vⱼ,
///
/// one field per group of the layout, the fields sharing the FM's factors vⱼ. On ratings ŷ is
/// the rating; on binary data it is a logit and the prediction is σ(ŷ). Without `fmTerms`
/// (`deep`: the MLP alone on the field embeddings) ŷ = w₀ + MLP(…): the FM's linear and
/// pairwise terms are left out and its weights stay zero, its factors serving only as the
/// embeddings.
public struct FMNet {
  public var fm: FMParameters
  public var mlp: MLP?
  public let layout: FeatureLayout
  /// Whether ŷ has the FM's linear and pairwise terms (false: `deep`).
  public let fmTerms: Bool

  public init(fm: FMParameters, mlp: MLP?, layout: FeatureLayout, fmTerms: Bool = true) {
    precondition(fmTerms || mlp != nil, "a net without FM terms needs an MLP")
    self.fm = fm
    self.mlp = mlp
    self.layout = layout
    self.fmTerms = fmTerms
  }

  /// Width of the MLP's input: k floats per field, one field per group of the layout.
  public var fieldWidth: Int { layout.groups.count * fm.rank }
}

/// The minibatch objective both learners minimize, for a batch B of design rows:
///
///   J_B = (1/|B|) Σ_{r∈B} [ ℓ(ŷ_r, y_r) + ½ Σ_{j active in r} λ_{g(j)} (wⱼ² + ‖vⱼ‖²) ] + ½ λ_mlp ‖W‖²
///
/// with ℓ = ½(ŷ − y)² on ratings and ℓ = log(1 + e^ŷ) − y ŷ (the logistic loss on the logit)
/// on 0/1 outcomes. The L2 penalty of a feature is paid each time it is active, so a user
/// with many ratings is shrunk as much per rating as one with few (the regularization libFM's
/// SGD applies); λ is per group of the layout.
public struct FMObjective {
  public enum Loss { case squared, logistic }
  public var loss: Loss
  /// λ of each group of the layout, in group order (`FMOptions.groupLambdas`).
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

/// Per-run scratch for minibatches of up to `capacity` rows: raw buffers, so that the chunks
/// of a batch write their own rows from several threads.
public final class FMScratch {
  let capacity: Int
  /// Σᵢ v_{i,f} xᵢ of each row (k floats a row).
  let sums: UnsafeMutablePointer<Float>
  /// ŷ of each row, then ∂J/∂ŷ.
  let yhat: UnsafeMutablePointer<Float>
  /// ℓ of each row, summed in row order after the parallel part.
  let loss: UnsafeMutablePointer<Double>
  let mlp: MLPWorkspace?
  /// ∂J/∂W of the MLP, one buffer per chunk (`FMNet.chunkRows`), added in chunk order.
  let mlpGrads: UnsafeMutablePointer<Float>
  let mlpWeights: Int
  /// The batch of `FMNet.gradient` and `step` when given design rows (the learner gathers its
  /// own, ahead: `FMBatchStream`).
  let batch: FMBatch

  public init(_ net: FMNet, capacity: Int) {
    let capacity = max(1, capacity)
    self.capacity = capacity
    func buffer<T: Numeric>(_ n: Int, _: T.Type) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, n))
      p.initialize(repeating: 0, count: max(1, n))
      return p
    }
    sums = buffer(capacity * net.fm.rank, Float.self)
    yhat = buffer(capacity, Float.self)
    loss = buffer(capacity, Double.self)
    mlp = net.mlp.map { MLPWorkspace(sizes: $0.sizes, capacity: capacity) }
    let weights = net.mlp?.weights.count ?? 0
    mlpWeights = weights
    mlpGrads = buffer(FMNet.chunks(capacity) * weights, Float.self)
    batch = FMBatch(rows: capacity, nonzeros: 2 * capacity)
  }

  deinit {
    sums.deallocate(); yhat.deallocate(); loss.deallocate(); mlpGrads.deallocate()
  }
}

extension FMNet {
  /// Rows per chunk of a minibatch, the unit of parallel work. Fixed (not the core count), so
  /// the chunks, their dropout streams and the order their gradients are added in are the
  /// same on any machine: a seed gives the same model everywhere.
  public static let chunkRows = 64

  /// Chunks of a batch of `n` rows: ⌈n / chunkRows⌉, the rows split evenly among them.
  @inline(__always) static func chunks(_ n: Int) -> Int { max(1, (n + chunkRows - 1) / chunkRows) }

  /// Writes the field embeddings of row b of `rows` to `out` (fieldWidth floats).
  @inline(__always)
  func fields(_ rows: FMBatchRows, row b: Int, params: FMColumnView, into out: UnsafeMutablePointer<Float>) {
    let k = fm.rank
    for t in 0..<fieldWidth { out[t] = 0 }
    for p in rows.span(b) {
      let j = Int(rows.columns[p]), x = rows.values[p]
      let o = out + layout.group(of: j) * k, vj = params.factors(j)
      for f in 0..<k { o[f] += x * vj[f] }
    }
  }

  /// ŷ (rating or logit) of the gathered rows `part` of `rows` into `scratch.yhat[part]`,
  /// keeping what the backward pass needs (FM sums, MLP activations) at the same positions; the
  /// FM's weights and factors are read through `params` (the model's own, or the learner's table).
  func forward(_ rows: FMBatchRows, part: Range<Int>, params: FMColumnView, scratch s: FMScratch, dropout: Float,
               rng: inout RandomStream?) {
    let k = fm.rank, bias = fm.bias
    for b in part {
      guard fmTerms else { s.yhat[b] = bias; continue }
      s.yhat[b] = params.predict(bias: bias, columns: rows.columns(b), values: rows.values(b), rank: k, sums: s.sums + b * k)
    }
    if let mlp, let ws = s.mlp {
      let width = fieldWidth
      for b in part { fields(rows, row: b, params: params, into: ws.input + b * width) }
      mlp.forward(ws, rows: part, dropout: dropout, rng: &rng)
      for b in part { s.yhat[b] += ws.output[b] }
    }
  }

  /// Adds ∂J_B/∂θ (see `FMObjective`) for the design rows `batch` to `g`, and returns J_B and
  /// the batch's summed loss Σ ℓ. Dropout masks are drawn when `rng` is given.
  ///
  /// In two parallel passes, each giving the same numbers on any number of cores: the rows'
  /// forward pass in chunks (`forwardPass`), then the sparse gradient by owner of FM columns
  /// (`addGradientByOwner`); then, on the calling thread, the chunks' MLP gradients are added
  /// in chunk order. The learner runs the same passes on its own table of the columns
  /// (`step`), so this is the gradient it follows (checked against finite differences).
  @discardableResult
  public func gradient(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, objective o: FMObjective,
                       into g: inout FMGradient, scratch s: FMScratch, rng: inout RandomStream?)
    -> (objective: Double, loss: Double) {
    let n = batch.count
    guard n > 0 else { return (0, 0) }
    var penalty = 0.0
    s.batch.gather(batch, of: design, owners: g.owners, prefetch: nil)
    let rows = s.batch.rows
    let loss = fm.withColumnView { params in
      let loss = forwardPass(rows, objective: o, params: params, scratch: s, rng: &rng)
      penalty = g.withBuffers { gb in
        addGradientByOwner(rows, objective: o, params: params, gradient: gb.grad, lists: gb.lists, scratch: s)
      }
      return loss
    }
    penalty += g.mlp.withUnsafeMutableBufferPointer { addMLPGradient(rows: n, objective: o, scratch: s, into: $0) }
    return (penalty + Double(1 / Float(n)) * loss, loss)
  }

  /// Pass (1) of a batch, per chunk of `chunkRows` rows (fixed, not the core count, so the
  /// chunks, their dropout streams and the order their MLP gradients are added in are the same
  /// on any machine): the forward pass, d_b = ∂J/∂ŷ_b into `scratch.yhat`, and for DeepFM the MLP's backward pass,
  /// its ∂J/∂W into the chunk's own buffer and ∂J/∂(fields) per row; each chunk draws its
  /// dropout from its own stream, seeded by one draw of `rng` per batch. A batch of fewer
  /// than two chunks of a plain FM runs on the calling thread (its work is about what a
  /// dispatch costs). Returns Σ ℓ, added in row order.
  func forwardPass(_ rows: FMBatchRows, objective o: FMObjective, params: FMColumnView, scratch s: FMScratch,
                   rng: inout RandomStream?) -> Double {
    let n = rows.count
    precondition(n <= s.capacity)
    let scale = 1 / Float(n)
    let chunks = FMNet.chunks(n)
    let dropoutSeed: UInt64? = o.dropout > 0 && rng != nil ? rng!.next() : nil
    let ws = s.mlp, mlpCount = s.mlpWeights
    func eachChunk(_ body: (Range<Int>, Int) -> Void) {
      if mlp != nil || chunks > 1 { Parallel.forEachBlock(n, blocks: chunks, body) } else { body(0..<n, 0) }
    }
    eachChunk { part, c in
      var stream: RandomStream? = dropoutSeed.map { RandomStream(seed: $0, stream: UInt64(c)) }
      forward(rows, part: part, params: params, scratch: s, dropout: o.dropout, rng: &stream)
      for b in part {
        let (l, dl) = o.loss(s.yhat[b], rows.target[b])
        s.loss[b] = l
        s.yhat[b] = scale * dl  // now d_b = ∂J/∂ŷ_b
        ws?.outputGradient[b] = s.yhat[b]
      }
      if let mlp, let ws {
        let gm = s.mlpGrads + c * mlpCount
        for t in 0..<mlpCount { gm[t] = 0 }
        mlp.backward(ws, rows: part, gw: gm)
      }
    }
    var loss = 0.0
    for b in 0..<n { loss += s.loss[b] }
    return loss
  }

  /// Pass (2) of a batch, one task per owner of FM columns (`FMTouchedColumns`): each owner
  /// goes through the gathered rows in order and adds, for the nonzeros it owns, the FM's sparse
  /// gradient and penalty, then (DeepFM) the fields' gradient, so each column sees the same
  /// additions in the same order as on one core; then `step` (the learner's optimizer step
  /// of the owner's columns, if given) on the same core. The gathered nonzeros are read once
  /// per owner, sequentially (each with its owner, found once at the gather); what a nonzero
  /// costs its owner (2k + 2 multiply-adds) is what makes splitting pay. Returns the penalty's
  /// part of J_B, the owners' parts added in owner order.
  func addGradientByOwner(_ rows: FMBatchRows, objective o: FMObjective, params: FMColumnView, gradient: FMColumnView,
                          lists: FMTouchedColumns, scratch s: FMScratch, step: ((Int) -> Void)? = nil) -> Double {
    let owners = lists.owners, k = fm.rank
    let scale = 1 / Float(rows.count)
    let lambdas = o.groupLambda, fmTerms = fmTerms, layout = layout, width = fieldWidth
    let din = s.mlp?.inputGradient
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: owners) { penalties in
      let pen = penalties.baseAddress!  // each owner writes only its own entry
      Parallel.forEachBlock(owners, blocks: owners) { range, _ in
        for t in range {
          pen[t] = FMNet.addOwnedGradient(owner: t, rows: rows, params: params, rank: k, sums: s.sums, d: s.yhat,
                                          scale: scale, lambdas: lambdas, layout: layout, fmTerms: fmTerms,
                                          fieldGradient: din, fieldWidth: width, gradient: gradient, lists: lists)
          step?(t)
        }
      }
      var penalty = 0.0
      for t in 0..<owners { penalty += pen[t] }
      return penalty
    }
  }

  /// Adds the chunks' MLP gradients of the last `forwardPass` (of `rows` rows) to `gm` in
  /// chunk order, and λ_mlp W; returns the MLP penalty's part of J_B (0 without an MLP).
  func addMLPGradient(rows n: Int, objective o: FMObjective, scratch s: FMScratch, into gm: UnsafeMutableBufferPointer<Float>)
    -> Double {
    guard let mlp else { return 0 }
    let mlpCount = s.mlpWeights
    for c in 0..<FMNet.chunks(n) {
      let part = s.mlpGrads + c * mlpCount
      for t in 0..<mlpCount { gm[t] += part[t] }
    }
    guard o.mlpLambda > 0 else { return 0 }
    var sq = 0.0
    for t in 0..<mlp.weights.count {
      gm[t] += o.mlpLambda * mlp.weights[t]
      sq += Double(mlp.weights[t]) * Double(mlp.weights[t])
    }
    return 0.5 * Double(o.mlpLambda) * sq
  }

  /// Pass (2) of a batch for owner t: for each row of the batch in order, the FM's
  /// d_b · ∂ŷ/∂θ (`FMParameters.addGradient`, one nonzero at a time) and the penalty
  /// (scale · λ) θ of its columns that t owns; then, with an MLP, xⱼ · ∂J/∂e_g (the fields'
  /// gradient flowing into the shared factors). Returns the penalty's part of J_B.
  @inline(__always)
  static func addOwnedGradient(owner t: Int, rows: FMBatchRows, params: FMColumnView, rank k: Int,
                               sums: UnsafeMutablePointer<Float>, d: UnsafeMutablePointer<Float>, scale: Float,
                               lambdas: [Float], layout: FeatureLayout, fmTerms: Bool,
                               fieldGradient din: UnsafeMutablePointer<Float>?, fieldWidth width: Int,
                               gradient g: FMColumnView, lists: FMTouchedColumns) -> Double {
    var penalty = 0.0
    let cb = rows.columns, xb = rows.values, owner = rows.owner, t32 = Int32(t)
    for b in 0..<rows.count {
      let span = rows.span(b)
      if fmTerms {
        let db = d[b], sb = sums + b * k
        for p in span {
          guard owner[p] == t32 else { continue }
          let j = Int(cb[p])
          let x = xb[p], dx = db * x
          g.weight(j).pointee += dx
          let gj = g.factors(j), vj = params.factors(j)
          for f in 0..<k { gj[f] += dx * (sb[f] - vj[f] * x) }
        }
      }
      for p in span {
        guard owner[p] == t32 else { continue }
        let j = Int(cb[p])
        lists.touch(j, owner: t)
        let sl = scale * lambdas[layout.group(of: j)]
        let wj = params.weight(j).pointee, vj = params.factors(j), gj = g.factors(j)
        var sq = Double(wj) * Double(wj)
        g.weight(j).pointee += sl * wj
        for f in 0..<k {
          let vjf = vj[f]
          gj[f] += sl * vjf
          sq += Double(vjf) * Double(vjf)
        }
        penalty += 0.5 * Double(sl) * sq
      }
    }
    // The fields' gradient flows into the shared factors: ∂e_g/∂vⱼ = xⱼ.
    if let din {
      for b in 0..<rows.count {
        let db = din + b * width
        for p in rows.span(b) {
          guard owner[p] == t32 else { continue }
          let j = Int(cb[p])
          let x = xb[p], dg = db + layout.group(of: j) * k, gj = g.factors(j)
          for f in 0..<k { gj[f] += x * dg[f] }
        }
      }
    }
    return penalty
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
      // `FMParameters.predict(row:of:)`'s arithmetic, with the buffers opened once a range.
      let k = fm.rank, bias = fm.bias
      fm.withColumnView { params in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, k)) { sums in
          design.rows.offsets.withUnsafeBufferPointer { ob in
            design.rows.columns.withUnsafeBufferPointer { cb in
              design.rows.values.withUnsafeBufferPointer { xb in
                // The rows are read in order, their columns' parameters at random: prefetched a
                // block of rows ahead, so the misses of a block overlap instead of stalling each row.
                let block = 32, end = range.upperBound
                for r in range {
                  if (r - range.lowerBound) % block == 0 {
                    mk_fm_prefetch_columns(cb.baseAddress, ob[min(r + block, end)], ob[min(r + 2 * block, end)],
                                           UnsafeRawPointer(params.v), k * MemoryLayout<Float>.stride, params.w)
                  }
                  let span = ob[r]..<ob[r + 1]
                  out[r - range.lowerBound] = params.predict(bias: bias, columns: UnsafeBufferPointer(rebasing: cb[span]),
                                                             values: UnsafeBufferPointer(rebasing: xb[span]), rank: k,
                                                             sums: sums.baseAddress!)
                }
              }
            }
          }
        }
      }
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
      rows.withUnsafeBufferPointer { rb in scratch.batch.gather(UnsafeBufferPointer(rebasing: rb[0..<(hi - lo)]), of: design,
                                                                owners: 1, prefetch: nil) }
      fm.withColumnView { params in
        forward(scratch.batch.rows, part: 0..<(hi - lo), params: params, scratch: scratch, dropout: 0, rng: &none)
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

  /// The predictions the metrics see (clipped ratings, or σ(ŷ) on 0/1 outcomes) for the
  /// ratings of `data` at model indices `pairs`, each with its own columns when the layout's
  /// per-row groups read some (a pair's defaults where `data` lacks them: see `checkPredictable`).
  func predict(_ data: Ratings, pairs: (users: [Int32], items: [Int32]), binary: Bool, range: ClosedRange<Float>) -> [Float] {
    let design = DesignMatrix(layout: layout, ratings: data, pairs: pairs)
    return FMLearner.predictions(self, design, binary: binary, range: range)
  }

  /// Factor rows `range` of the FM as a matrix (user or item embeddings).
  func factorRows(_ range: Range<Int>) -> Matrix {
    let k = fm.rank
    return Matrix(rows: range.count, columns: k,
                  storage: Array(fm.factors.storage[(range.lowerBound * k)..<(range.upperBound * k)]))
  }
}
