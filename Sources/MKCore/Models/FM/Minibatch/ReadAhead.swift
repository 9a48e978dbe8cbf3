/// Reading ahead what a minibatch step will touch. The batch's rows come in random order from a
/// design far larger than the caches, and each row's loads depend on the one before (row →
/// its span → its columns → their parameters), so the forward pass and the optimizer step, one
/// row or column after another, would wait on each cache miss in turn. These loops read the
/// same lines with loads that do not depend on each other, so the memory system fetches many
/// at once; what they read is summed into a value the caller stores (so the loads are kept).
/// On 2.7M generated ratings at rank 10, about 90% of the forward pass's samples sat on loads of
/// the design and the factors (perf annotate; bench/README.md, "fm at scale"); the gain of these
/// loops alone has not been measured apart from the parallel split.
enum ReadAhead {
  /// The first and last float of row j (of `width` floats) of `base`, for each j listed.
  @inline(__always)
  static func rows(_ columns: UnsafeBufferPointer<Int32>, of base: UnsafePointer<Float>, width: Int) -> Float {
    guard width > 0 else { return 0 }
    var sink: Float = 0
    for j in columns { let o = Int(j) * width; sink += base[o] + base[o + width - 1] }
    return sink
  }
}

extension FMNet {
  /// Reads ahead the design rows `batch[part]` (their spans, columns, values and targets) and
  /// the weights and factors of their columns: what `forward` and the gradient will read.
  /// `reach` floats from each column's factors are read, one a cache line (the factors alone,
  /// or the whole row of an `FMColumnTable`, which the optimizer step reads next).
  func readAhead(_ batch: UnsafeBufferPointer<Int32>, part: Range<Int>, of design: DesignMatrix, params: FMColumnView,
                 reach: Int) -> Float {
    var ends = 0
    var sink: Float = 0
    design.rows.offsets.withUnsafeBufferPointer { ob in
      design.rows.columns.withUnsafeBufferPointer { cb in
        design.rows.values.withUnsafeBufferPointer { xb in
          design.target.withUnsafeBufferPointer { tb in
            for b in part { ends &+= ob[Int(batch[b]) + 1] }
            for b in part {
              let r = Int(batch[b]), p = ob[r]
              if p < ob[r + 1] { ends &+= Int(cb[p]); sink += xb[p] }
              sink += tb[r]
            }
            for b in part {
              let r = Int(batch[b])
              for p in ob[r]..<ob[r + 1] {
                let j = Int(cb[p])
                sink += params.weight(j).pointee
                guard reach > 0 else { continue }
                let vj = params.factors(j)
                var o = 16
                while o < reach { sink += vj[o]; o += 16 }
                sink += vj[0] + vj[reach - 1]
              }
            }
          }
        }
      }
    }
    return sink + Float(ends & 1)
  }
}
