import Foundation

/// Adam (Kingma & Ba, ICLR 2015) as the minibatch learner applies it, to the FM's rows
/// (`FMColumnTable`) and to the MLP's weights (`AdamMoments`):
///   m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,  θ ← θ − rate · m / (√s + ε),
/// with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and the bias corrections folded into the rate.
enum Adam {
  static let beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8

  /// lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ) at step t (from 1).
  static func rate(lr: Float, step t: Int) -> Float {
    lr * Float((1 - Foundation.pow(Double(beta2), Double(t))).squareRoot() / (1 - Foundation.pow(Double(beta1), Double(t))))
  }

  /// One parameter's step. Moments and parameters below 1e-30 are flushed to zero: a unit whose
  /// gradient vanishes would otherwise decay into subnormal floats, which slow every gemm a
  /// hundredfold.
  @inline(__always)
  static func update(_ theta: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ s: UnsafeMutablePointer<Float>,
                     _ grad: Float, rate: Float) {
    let mt = beta1 * m.pointee + (1 - beta1) * grad, st = beta2 * s.pointee + (1 - beta2) * grad * grad
    m.pointee = abs(mt) < 1e-30 ? 0 : mt
    s.pointee = st < 1e-30 ? 0 : st
    let t = theta.pointee - rate * m.pointee / (s.pointee.squareRoot() + eps)
    theta.pointee = abs(t) < 1e-30 ? 0 : t
  }
}

/// Adam's moments of dense weights (the MLP's), every weight stepped every batch.
struct AdamMoments {
  var m, s: [Float]

  init(count: Int) {
    m = [Float](repeating: 0, count: count)
    s = m
  }

  /// Steps `weights` along `gradient` and zeros the gradient for the next batch.
  mutating func step(_ weights: inout [Float], _ gradient: inout [Float], rate: Float) {
    weights.withUnsafeMutableBufferPointer { w in
      m.withUnsafeMutableBufferPointer { m in s.withUnsafeMutableBufferPointer { s in
        gradient.withUnsafeMutableBufferPointer { g in
          for q in 0..<g.count {
            Adam.update(w.baseAddress! + q, m.baseAddress! + q, s.baseAddress! + q, g[q], rate: rate)
            g[q] = 0
          }
        }
      } }
    }
  }
}
