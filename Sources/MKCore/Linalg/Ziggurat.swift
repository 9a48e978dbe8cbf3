import Foundation

/// Standard normal draws by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for
/// Generating Random Variables", J. Stat. Software 2000), 128 layers.
///
/// Box–Muller (`normal()`) costs a logarithm and a cosine per draw; the Gibbs sampler of
/// `bayesfm` draws one normal per column per factor per sweep and one or more per binary row,
/// and spent a sixth of its time there. The ziggurat returns from a table lookup and a multiply
/// 99% of the time. It draws a different sequence than `normal()`, so it is used where speed
/// matters and the stream is the sampler's own.
extension RandomStream {
  /// A standard normal: the layer from the low 7 bits of one 64-bit draw, the signed abscissa
  /// from its high 32 bits.
  @inline(__always) public mutating func gaussian() -> Double {
    let t = Ziggurat.table
    let u = next()
    let layer = Int(u & 127)
    let h = Double(Int32(truncatingIfNeeded: u >> 32))
    if abs(h) < t[layer] { return h * t[128 + layer] }
    return gaussianSlow(h, layer)
  }

  /// The rare case: the base layer's tail, or a point in a layer's wedge.
  @inline(never) mutating func gaussianSlow(_ start: Double, _ startLayer: Int) -> Double {
    let t = Ziggurat.table, r = Ziggurat.r
    let w = t + 128, f = t + 256
    var h = start, layer = startLayer
    while true {
      let x = h * w[layer]
      if layer == 0 {  // the tail beyond r, by Marsaglia's exponential method
        var a: Double, b: Double
        repeat {
          a = -Foundation.log(positiveUniform()) / r
          b = -Foundation.log(positiveUniform())
        } while b + b < a * a
        return h > 0 ? r + a : -r - a
      }
      if f[layer] + uniform() * (f[layer - 1] - f[layer]) < Foundation.exp(-0.5 * x * x) { return x }
      let u = next()
      layer = Int(u & 127)
      h = Double(Int32(truncatingIfNeeded: u >> 32))
      if abs(h) < t[layer] { return h * w[layer] }
    }
  }

  @inline(__always) private mutating func positiveUniform() -> Double {
    var u = uniform()
    while u <= 0 { u = uniform() }
    return u
  }
}

/// The ziggurat's layer tables, computed once.
enum Ziggurat {
  /// The base layer's right edge and the common area of every layer, for 128 layers.
  static let r = 3.442619855899
  static let area = 9.91256303526217e-3

  /// 384 numbers: k[i] (accept h·w[i] at once when |h| < k[i], h a signed 32-bit integer), then
  /// w[i] (scale from h to the layer's abscissa), then f[i] (exp(−x²/2) at the layer's right
  /// edge). A pointer, not arrays: the fast path reads it without retains or bounds checks.
  nonisolated(unsafe) static let table: UnsafeMutablePointer<Double> = {
    let t = UnsafeMutablePointer<Double>.allocate(capacity: 384)
    t.initialize(repeating: 0, count: 384)
    let k = t, w = t + 128, f = t + 256
    let m = 2147483648.0  // 2³¹
    var d = r, previous = r
    let q = area / Foundation.exp(-0.5 * d * d)
    k[0] = ((d / q) * m).rounded(.down)
    k[1] = 0
    w[0] = q / m
    w[127] = d / m
    f[0] = 1
    f[127] = Foundation.exp(-0.5 * d * d)
    for i in stride(from: 126, through: 1, by: -1) {
      d = (-2 * Foundation.log(area / d + Foundation.exp(-0.5 * d * d))).squareRoot()
      k[i + 1] = ((d / previous) * m).rounded(.down)
      previous = d
      f[i] = Foundation.exp(-0.5 * d * d)
      w[i] = d / m
    }
    return t
  }()
}
